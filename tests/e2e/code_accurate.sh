#!/usr/bin/env bash
# code_accurate.sh — the coder with every parser model: the greedy default
# (data/models/en.model), the accurate one (--model accurate) and any
# other model named in CODE_MODELS attach phrases differently, and the
# coder's rules read each attachment (docs/coder.md, "Both parser models"
# and "The distilled parser").  The seed's Feb 13 phone calls (issue #5)
# and the same 13 events come from every model; records, one per rule,
# fail with some model without that rule; and each model's figures on the
# PETRARCH records have a floor.
#
# CODE_MODELS: the models to check, space-separated names or paths
# (default "fast accurate", the two shipped ones); e.g. with the 96-unit
# distilled network (`make model-distilled DISTILL_LSTM=96`):
#   CODE_MODELS="fast accurate build/en-distilled.model" bash tests/e2e/code_accurate.sh
source tests/e2e/lib.sh.inc
SHARED=${SHARED:-../shared}
if [ ! -f data/models/en.model ] || [ ! -f data/models/en-accurate.model ]; then
  echo "ok - # SKIP a parser model is missing"; exit 0
fi
models=${CODE_MODELS:-fast accurate}
events() {  # events BINARY MODEL FILE [OPTION...]: "date source target code" per event, sorted
  local bin=$1 model=$2 file=$3; shift 3
  "$bin" code --model "$model" --format tsv "$@" "$file" 2>/dev/null | awk -F'\t' '{print $1, $2, $3, $4}' | sort
}
fast=$(events "$FAST" fast examples/seed-article.txt)
for m in $models; do
  if [ "$m" != fast ] && [ "$m" != accurate ] && [ ! -f "$m" ]; then
    echo "ok - # SKIP model $m not found"; continue
  fi
  ev=$(events "$FAST" "$m" examples/seed-article.txt)
  check_eq "seed, $m model: 13 events" 13 "$(printf '%s\n' "$ev" | grep -c .)"
  for pair in "USAGOV RUSGOV" "RUSGOV USAGOV" "USAGOV UKRGOV" "UKRGOV USAGOV"; do
    check_contains "seed, $m model: the Feb 13 phone call $pair 041" "2025-02-13 $pair 041" "$ev"
  done
  check_contains "seed, $m model: the Feb 18 meeting USAGOV -> RUSGOV 046" "2025-02-18 USAGOV RUSGOV 046" "$ev"
  check_eq "seed, $m model: the same events as the default model" "$fast" "$ev"
done
# the ASan build with the accurate model on the call's sentence (whose
# parse hangs "with Putin" on "discussion", not on "Phone")
printf 'Trump had a back to back discussion on Phone with Putin and Zelensky on Feb 13 and US Secretary of Defence Pete Hegseth made a statement that US does not think NATO membership and full restoration of territory is feasible for Ukraine.\n' > "$TMP/call.txt"
out=$(events "$ORRERY" accurate "$TMP/call.txt" --date 2025-02-18)
check_contains "the call, accurate model (ASan): USAGOV -> RUSGOV 041" "2025-02-13 USAGOV RUSGOV 041" "$out"
check_contains "the call, accurate model (ASan): USAGOV -> UKRGOV 041" "2025-02-13 USAGOV UKRGOV 041" "$out"
REC=$SHARED/eval/petrarch-unit-tests/PETR.UnitTest.records.xml
DICTS=$SHARED/dictionaries/petrarch2
if [ ! -f "$REC" ]; then echo "ok - # SKIP no PETRARCH records"; exit $n_fail; fi
# one record per rule, each failing with the accurate model before it:
# a "to" infinitive after a predicate adjective (A-1), have + participle
# (A-2), an actor joined by "and" to an agent's composed actor (A-3),
# conjuncts sharing one role (A-4), a participle before an object-less
# verb's noun (A-5), no guessed subject from the saying verb's fronted
# phrase (A-6); and each failing with the distilled 96-unit model
# (docs/coder.md, "The distilled parser") before its rule: a group noun
# through a compound (D-1), a possessive hung on an adjective (D-2), an
# adjective with a subject (D-3), a reduced relative deep in a root noun
# with no predicate (D-4), a bare passive in a full sentence (D-5), a
# possessive conjoined with the name it owns (D-6); the seed's Feb 18
# meeting above is the actor in apposition to a date
cat > "$TMP/rules.xml" <<'XML'
<Validation><Environment><Verbfile>PETR.Validate.verbs.txt</Verbfile><Actorfile>PETR.Validate.actors.txt</Actorfile><Agentfile>PETR.Validate.agents.txt</Agentfile><Discardfile>PETR.Validate.discards.txt</Discardfile></Environment>
<Sentences>
<Sentence date="19950101" id="A-1" category="AGENT"><EventCoding sourcecode="BREGOV" targetcode="ERICOP" eventcode="064"></EventCoding>
<Text>Bree security officials are about to restore full diplomatic ties with Eriador police.</Text></Sentence>
<Sentence date="19950101" id="A-2" category="VERB"><EventCoding sourcecode="ERI" targetcode="BRE" eventcode="1717"></EventCoding>
<Text>Eriador has broken relations with Bree almost five years after crowds trashed its embassy.</Text></Sentence>
<Sentence date="19950101" id="A-3" category="COMPOUND"><EventCoding sourcecode="BRELEG" targetcode="OSG" eventcode="041"></EventCoding><EventCoding sourcecode="ERILEG" targetcode="OSG" eventcode="041"></EventCoding><EventCoding sourcecode="BREGOV" targetcode="OSG" eventcode="041"></EventCoding><EventCoding sourcecode="ERIGOV" targetcode="OSG" eventcode="041"></EventCoding>
<Text>Lawmakers and officials in Bree and Eriador welcomed a resumption of formal diplomatic ties with Osgiliath.</Text></Sentence>
<Sentence date="19950101" id="A-4" category="DEMO"><EventCoding sourcecode="ARNGOV" targetcode="ERI" eventcode="031"></EventCoding><EventCoding sourcecode="ERI" targetcode="ARNGOV" eventcode="031"></EventCoding><EventCoding sourcecode="ARNGOV" targetcode="CAL" eventcode="031"></EventCoding><EventCoding sourcecode="CAL" targetcode="ARNGOV" eventcode="031"></EventCoding>
<Text>Arnor Prime Minister Romendacil will meet Eriadori and Calenardhon leaders during a brief private visit to Eriador starting on Sunday.</Text></Sentence>
<Sentence date="19950101" id="A-5" category="SYNSET"><EventCoding sourcecode="BRE" targetcode="GON" eventcode="904"></EventCoding>
<Text>Bree will abandon improved global economic relations with Gondor almost five years after crowds trashed its embassy, a senior official said on Saturday.</Text></Sentence>
<Sentence date="19950101" id="A-6" category="PARSING"><EventCoding noevents="True"></EventCoding>
<Text>On improvement of primary health and Eriador's health centres, he said government proposed to take up the issue with the World Bank in a phased manner.</Text></Sentence>
<Sentence date="19950101" id="D-1" category="ACTOR"><EventCoding sourcecode="USAEDU" targetcode="LBY" eventcode="064"></EventCoding>
<Text>The K.U. basketball team is about to restore full diplomatic ties with Libya almost crowds trashed its embassy.</Text></Sentence>
<Sentence date="19990809" id="D-2" category="COMPOUND"><EventCoding sourcecode="ITHGOV" targetcode="DOL" eventcode="160"></EventCoding>
<Text>Ithilen's awful and cool minister Calimehtar warned of the Prince of Dol Amroth.</Text></Sentence>
<Sentence date="19950101" id="D-3" category="COMPOUND"><EventCoding sourcecode="FOR" targetcode="OSG" eventcode="041"></EventCoding><EventCoding sourcecode="GON" targetcode="OSG" eventcode="041"></EventCoding>
<Text>Fornost and the evil awful Gondor welcomed a resumption of formal diplomatic ties with Osgiliath.</Text></Sentence>
<Sentence date="19950101" id="D-4" category="PATTERN"><EventCoding sourcecode="HOB" targetcode="GON" eventcode="095"></EventCoding>
<Text>Gollum centre of a diplomatic row between Radagast the Brown called on Gondor late Sunday to be allowed to leave Lorien.</Text></Sentence>
<Sentence date="19950101" id="D-5" category="DEMO"><EventCoding sourcecode="ITH" targetcode="ROH" eventcode="173"></EventCoding>
<Text>Ithilen's militia vowed on Thursday to wage war on the Rohans until that group yielded ground seized in six days of fighting.</Text></Sentence>
<Sentence date="19950101" id="D-6" category="COMPOUND"><EventCoding sourcecode="HOB" targetcode="GON" eventcode="023"></EventCoding><EventCoding sourcecode="HOB" targetcode="ARN" eventcode="023"></EventCoding>
<Text>Frodo said he has deep satisfaction toward Gondor and Arnor's Elrond, and Gondor's dramatic cooperation and its eye-catching development are of great significance to the region and even the entire world, he noted.</Text></Sentence>
</Sentences></Validation>
XML
# A-5 with the accurate model: since retag.c reads "after crowds trashed"
# as a past tense, the networks parse the sentence another wrong way
# ("abandon" an adverb of "improved", no ccomp for the repair to undo);
# the repair itself stays pinned by test_code_repair's
# test_participle_object, and the record by the other models.
for m in $models; do
  [ "$m" != fast ] && [ "$m" != accurate ] && [ ! -f "$m" ] && continue
  out=$("$FAST" validate --model "$m" --dict-dir "$DICTS" "$TMP/rules.xml" 2>&1)
  if [ "$m" = accurate ]; then
    check_contains "rule records, accurate model: all but A-5 pass" "11 passed, 1 failed" "$out"
    check_contains "rule records, accurate model: the one failing is A-5" "FAIL A-5" "$out"
  else
    check_contains "rule records, $m model: all twelve pass" "12 passed, 0 failed" "$out"
  fi
done
out=$("$ORRERY" validate --model accurate --dict-dir "$DICTS" "$TMP/rules.xml" 2>&1)
check_contains "rule records, accurate model (ASan): all but A-5 pass" "11 passed, 1 failed" "$out"
# the PETRARCH records with every model (docs/coder.md): at least 306 of
# the 359 triples and at most 14 extra events, the default model's
# figures; the accurate model 307 / 13 (291 / 14 before the rules; 308
# before retag.c, whose past tense moves one badly parsed record, SYNSET-22d)
for m in $models; do
  [ "$m" != fast ] && [ "$m" != accurate ] && [ ! -f "$m" ] && continue
  out=$("$FAST" validate --model "$m" --dict-dir "$DICTS" "$REC" 2>&1)
  found=$(printf '%s\n' "$out" | grep -oE 'triples found: [0-9]+ of 359' | grep -oE '[0-9]+' | head -1)
  extra=$(printf '%s\n' "$out" | grep -oE 'extra events: [0-9]+' | grep -oE '[0-9]+' | head -1)
  min_found=306 max_extra=14
  [ "$m" = accurate ] && min_found=307 max_extra=13
  check "$m model: at least $min_found of the 359 triples are found (${found:-?})" test "${found:-0}" -ge $min_found
  check "$m model: at most $max_extra extra events (${extra:-?})" test "${extra:-999}" -le $max_extra
done
exit $n_fail
