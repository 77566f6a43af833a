#!/usr/bin/env bash
# code_accurate.sh — the coder with both parser models: the greedy default
# (data/models/en.model) and the accurate one (--model accurate) attach
# phrases differently, and the coder's rules read both attachments
# (docs/coder.md, "Both parser models").  The seed's Feb 13 phone calls
# (issue #5) and the same 13 events come from either model; six records,
# one per rule, fail with the accurate model without that rule; and the
# accurate model's figures on the PETRARCH records have a floor.
source tests/e2e/lib.sh.inc
SHARED=${SHARED:-../shared}
if [ ! -f data/models/en.model ] || [ ! -f data/models/en-accurate.model ]; then
  echo "ok - # SKIP a parser model is missing"; exit 0
fi
events() {  # events BINARY MODEL FILE [OPTION...]: "date source target code" per event, sorted
  local bin=$1 model=$2 file=$3; shift 3
  "$bin" code --model "$model" --format tsv "$@" "$file" 2>/dev/null | awk -F'\t' '{print $1, $2, $3, $4}' | sort
}
fast=$(events "$FAST" fast examples/seed-article.txt)
acc=$(events "$FAST" accurate examples/seed-article.txt)
for m in fast accurate; do
  ev=$fast; [ $m = accurate ] && ev=$acc
  check_eq "seed, $m model: 13 events" 13 "$(printf '%s\n' "$ev" | grep -c .)"
  for pair in "USAGOV RUSGOV" "RUSGOV USAGOV" "USAGOV UKRGOV" "UKRGOV USAGOV"; do
    check_contains "seed, $m model: the Feb 13 phone call $pair 041" "2025-02-13 $pair 041" "$ev"
  done
done
check_eq "seed: both models give the same events" "$fast" "$acc"
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
# phrase (A-6)
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
</Sentences></Validation>
XML
for m in fast accurate; do
  out=$("$FAST" validate --model $m --dict-dir "$DICTS" "$TMP/rules.xml" 2>&1)
  check_contains "rule records, $m model: all six pass" "6 passed, 0 failed" "$out"
done
out=$("$ORRERY" validate --model accurate --dict-dir "$DICTS" "$TMP/rules.xml" 2>&1)
check_contains "rule records, accurate model (ASan): all six pass" "6 passed, 0 failed" "$out"
# the PETRARCH records with the accurate model (docs/coder.md: 307 / 13;
# 291 / 14 before the rules above)
out=$("$FAST" validate --model accurate --dict-dir "$DICTS" "$REC" 2>&1)
found=$(printf '%s\n' "$out" | grep -oE 'triples found: [0-9]+ of 359' | grep -oE '[0-9]+' | head -1)
check "accurate model: at least 307 of the 359 triples are found" test "${found:-0}" -ge 307
extra=$(printf '%s\n' "$out" | grep -oE 'extra events: [0-9]+' | grep -oE '[0-9]+' | head -1)
check "accurate model: at most 13 extra events" test "${extra:-999}" -le 13
exit $n_fail
