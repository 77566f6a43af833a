#!/usr/bin/env bash
# validate.sh — `orrery validate` on the PETRARCH unit-test records (from
# ../shared, with the dictionaries named in their <Environment>): it runs
# every record with our parses, prints failing records with expected vs
# produced, a per-category table and the closing "N passed, N failed";
# a floor on the triples found guards against regressions (the figures
# themselves are in docs/coder.md).  Also bad files give clear errors.
source tests/e2e/lib.sh.inc
SHARED=${SHARED:-../shared}
REC=$SHARED/eval/petrarch-unit-tests/PETR.UnitTest.records.xml
DICTS=$SHARED/dictionaries/petrarch2
if [ ! -f data/models/en.model ] || [ ! -f "$REC" ]; then
  echo "ok - # SKIP no parser model or no PETRARCH records"; exit 0
fi
FAST=build/orrery
[ -x "$FAST" ] || FAST=$ORRERY
out=$("$FAST" validate --dict-dir "$DICTS" "$REC" 2>&1)
check_contains "a per-category table" "category     records  passed" "$out"
check_contains "the DEMO category is in it" "DEMO" "$out"
check_contains "failures show expected vs produced" "    expected: " "$out"
last=$(printf '%s\n' "$out" | tail -1)
check "ends with 'N passed, N failed'" test -n "$(echo "$last" | grep -E '^[0-9]+ passed, [0-9]+ failed$')"
total=$(echo "$last" | awk '{print $1 + $3}')
check_eq "every record is run" 284 "$total"
found=$(printf '%s\n' "$out" | grep -oE 'triples found: [0-9]+ of 359' | grep -oE '[0-9]+' | head -1)
check "at least 230 of the 359 triples are found (floor against regressions)" test "${found:-0}" -ge 230
extra=$(printf '%s\n' "$out" | grep -oE 'extra events: [0-9]+' | grep -oE '[0-9]+' | head -1)
check "at most 45 extra events (ceiling against precision regressions)" test "${extra:-999}" -le 45
# the ASan build on a small records file
cat > "$TMP/small.xml" <<XML
<Validation><Environment><Verbfile>PETR.Validate.verbs.txt</Verbfile><Actorfile>PETR.Validate.actors.txt</Actorfile><Agentfile>PETR.Validate.agents.txt</Agentfile><Discardfile>PETR.Validate.discards.txt</Discardfile></Environment>
<Sentences>
<Sentence date="19950101" id="T-1" category="DEMO"><EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds trashed its embassy.</Text></Sentence>
<Sentence date="19950101" id="T-2" category="DEMO"><EventCoding noevents="True"></EventCoding><Text>Nothing happened today.</Text></Sentence>
</Sentences></Validation>
XML
out=$("$ORRERY" validate --dict-dir "$DICTS" "$TMP/small.xml" 2>&1)
check_contains "small file: both records pass" "2 passed, 0 failed" "$out"
# pattern features: "$"/"+" markers, negation only through a pattern that
# spells it, a synset inside an underscore word, a word glued to the verb
cat > "$TMP/feat.xml" <<XML
<Validation><Environment><Verbfile>PETR.Validate.verbs.txt</Verbfile><Actorfile>PETR.Validate.actors.txt</Actorfile><Agentfile>PETR.Validate.agents.txt</Agentfile><Discardfile>PETR.Validate.discards.txt</Discardfile></Environment>
<Sentences>
<Sentence date="19950101" id="F-1" category="PATTERN"><EventCoding sourcecode="GON" targetcode="ARN" eventcode="066"></EventCoding>
<Text>Arnor freed three prisoners from Gondor on Monday.</Text></Sentence>
<Sentence date="19950101" id="F-2" category="SYNSET"><EventCoding sourcecode="BREGOV" targetcode="ERI" eventcode="904"></EventCoding>
<Text>Bree Prime Minister Romendacil didn't clash over the efforts of Eriador to deal with the orcs.</Text></Sentence>
<Sentence date="19950101" id="F-3" category="SYNSET"><EventCoding sourcecode="CAL" targetcode="BRE" eventcode="911"></EventCoding>
<Text>Calenardhon welcomed military memos from Bree on Tuesday.</Text></Sentence>
<Sentence date="19950101" id="F-4" category="PATTERN"><EventCoding sourcecode="HOB" targetcode="MOR" eventcode="025"></EventCoding>
<Text>Gollum recently allowed that Mordor is a pleasant place.</Text></Sentence>
<Sentence date="19950101" id="F-5" category="PATTERN"><EventCoding sourcecode="HOB" targetcode="MOR" eventcode="080"></EventCoding>
<Text>Gollum recently did allow that Mordor is a pleasant place.</Text></Sentence>
</Sentences></Validation>
XML
out=$("$ORRERY" validate --dict-dir "$DICTS" -v "$TMP/feat.xml" 2>&1)
check_contains "pattern features: all five records pass" "5 passed, 0 failed" "$out"
echo "not xml" > "$TMP/bad.xml"
out=$("$ORRERY" validate "$TMP/bad.xml" 2>&1)
check_eq "bad XML exits 1" 1 $?
check_contains "bad XML is named" "bad.xml" "$out"
out=$("$ORRERY" validate --dict-dir "$TMP" "$TMP/small.xml" 2>&1)
check_eq "missing dictionaries exit 1" 1 $?
check_contains "the missing dictionary is named" "PETR.Validate" "$out"
"$ORRERY" validate >/dev/null 2>&1
check_eq "no file is a usage error" 2 $?
exit $n_fail
