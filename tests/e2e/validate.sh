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
out=$("$FAST" validate --dict-dir "$DICTS" "$REC" 2>&1)
check_contains "a per-category table" "category     records  passed" "$out"
check_contains "the DEMO category is in it" "DEMO" "$out"
check_contains "failures show expected vs produced" "    expected: " "$out"
last=$(printf '%s\n' "$out" | tail -1)
check "ends with 'N passed, N failed'" test -n "$(echo "$last" | grep -E '^[0-9]+ passed, [0-9]+ failed$')"
total=$(echo "$last" | awk '{print $1 + $3}')
check_eq "every record is run but the two that test PETRARCH's <Parse> reader" 282 "$total"
check_contains "those two are listed as skipped" "skipped: 2 records" "$out"
check_contains "ERROR-02 is one of them" "SKIP ERROR-02" "$out"
found=$(printf '%s\n' "$out" | grep -oE 'triples found: [0-9]+ of 359' | grep -oE '[0-9]+' | head -1)
check "at least 305 of the 359 triples are found (floor against regressions)" test "${found:-0}" -ge 305
extra=$(printf '%s\n' "$out" | grep -oE 'extra events: [0-9]+' | grep -oE '[0-9]+' | head -1)
check "at most 14 extra events (ceiling against precision regressions)" test "${extra:-999}" -le 14
# records_file FILE < SENTENCES: a validation file over the PETRARCH-2
# validation dictionaries holding the <Sentence> records read from stdin
records_file() {
  { echo '<Validation><Environment><Verbfile>PETR.Validate.verbs.txt</Verbfile><Actorfile>PETR.Validate.actors.txt</Actorfile><Agentfile>PETR.Validate.agents.txt</Agentfile><Discardfile>PETR.Validate.discards.txt</Discardfile></Environment>'
    echo '<Sentences>'; cat; echo '</Sentences></Validation>'; } > "$1"
}
# the sixth pass (docs/coder.md): rules that hold whichever of two equally
# accurate parser models reads these sentences (each model parses them
# its own way; src/code/repair.c's unit test pins the shapes)
records_file "$TMP/sixth.xml" <<XML
<Sentence date="19990809" id="S-1" category="COMPOUND"><EventCoding sourcecode="ARNGOV" targetcode="DOL" eventcode="160"></EventCoding>
<Text>Arnor's awful and evil minister Calimehtar warned of the Prince of Dol Amroth.</Text></Sentence>
<Sentence date="19950104" id="S-2" category="DATE"><EventCoding sourcecode="HOB" targetcode="SHR" eventcode="082"></EventCoding>
<Text>Hamfast Gamgee has rescheduled his annual mushroom hunting trip in the White Downs.</Text></Sentence>
<Sentence date="19950112" id="S-3" category="MODIFY"><EventCoding sourcecode="OSG" targetcode="ARN" eventcode="112"></EventCoding>
<Text>Arnor was opposed earlier by Osgiliath, the state's fiercest foe, in being drawn into the peace process by its resumption of diplomatic ties with Gondor.</Text></Sentence>
<Sentence date="19920102" id="S-4" category="PATTERN"><EventCoding sourcecode="HOB" targetcode="MOR" eventcode="080"></EventCoding>
<Text>Gollum allowed that Mordor isn't a real easy or pleasant place to visit.</Text></Sentence>
<Sentence date="19950105" id="S-5" category="COMPOUND"><EventCoding sourcecode="GON" targetcode="MORCOP" eventcode="023"></EventCoding>
<Text>The information ministry of Gondor said on Friday that an arms embargo against the Mordor police would not work.</Text></Sentence>
XML
out=$("$FAST" validate --dict-dir "$DICTS" "$TMP/sixth.xml" 2>&1)
check_contains "sixth pass: owned title, gerund compound, by-agent, clause, root relative" "5 passed, 0 failed" "$out"
# the ASan build on a small records file
records_file "$TMP/small.xml" <<XML
<Sentence date="19950101" id="T-1" category="DEMO"><EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds trashed its embassy.</Text></Sentence>
<Sentence date="19950101" id="T-2" category="DEMO"><EventCoding noevents="True"></EventCoding><Text>Nothing happened today.</Text></Sentence>
XML
out=$("$ORRERY" validate --dict-dir "$DICTS" "$TMP/small.xml" 2>&1)
check_contains "small file: both records pass" "2 passed, 0 failed" "$out"
# pattern features: "$"/"+" markers, negation only through a pattern that
# spells it, a synset inside an underscore word, a word glued to the verb
records_file "$TMP/feat.xml" <<XML
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
XML
out=$("$ORRERY" validate --dict-dir "$DICTS" -v "$TMP/feat.xml" 2>&1)
check_contains "pattern features: all five records pass" "5 passed, 0 failed" "$out"
# the accuracy pass: "^" skips a phrase and "$" may name a place; agent
# phrases share the actors of a conjoined one; a nationality distributes
# over conjoined agents; raising through "was seen to" (fail before it)
records_file "$TMP/feat2.xml" <<XML
<Sentence date="19950103" id="G-1" category="PATTERN"><EventCoding sourcecode="MORMIL" targetcode="MOR" eventcode="042"></EventCoding>
<Text>Mordor will be hosting Osgiliath to celebrate Tabaski with Eriador next week at Cirith Ungol.</Text></Sentence>
<Sentence date="19950103" id="G-2" category="COMPOUND"><EventCoding sourcecode="FORLEG" targetcode="ERI" eventcode="041"></EventCoding><EventCoding sourcecode="GONLEG" targetcode="ERI" eventcode="041"></EventCoding><EventCoding sourcecode="FORGOV" targetcode="ERI" eventcode="041"></EventCoding><EventCoding sourcecode="GONGOV" targetcode="ERI" eventcode="041"></EventCoding>
<Text>Lawmakers and officials in Fornost and Gondor welcomed a resumption of formal diplomatic ties with Eriador.</Text></Sentence>
<Sentence date="19990809" id="G-3" category="COMPOUND"><EventCoding sourcecode="DNKMED" targetcode="DOL" eventcode="162"></EventCoding><EventCoding sourcecode="DNKGOV" targetcode="DOL" eventcode="162"></EventCoding>
<Text>Danish media and government warned at the Gondor of the Prince of Dol Amroth.</Text></Sentence>
<Sentence date="19950103" id="G-4" category="PATTERN"><EventCoding sourcecode="HOB" targetcode="GON" eventcode="1717"></EventCoding>
<Text>Gollum was seen to break into an anti- Gondor parade on Saturday.</Text></Sentence>
XML
out=$("$ORRERY" validate --dict-dir "$DICTS" -v "$TMP/feat2.xml" 2>&1)
check_contains "accuracy-pass features: all four records pass" "4 passed, 0 failed" "$out"
# the third pass (each failed before it): "former" officials are elites
# (ELI); a "+" that names the verb's subject leaves the source to the
# pattern's verb before it; the actor compounded into an uncoded subject
# noun is its source; a verb conjoined to a noun shares the source of the
# verb governing that noun; nothing in a time phrase takes part; a 044
# makes no host event; a pre-compound verb ("wire tapped") is parsed as
# its verb word, and a gerund's oblique toward an actor is a target
records_file "$TMP/feat3.xml" <<XML
<Sentence date="19950101" id="H-1" category="AGENTS"><EventCoding sourcecode="BREELI" targetcode="ERIELI" eventcode="064"></EventCoding>
<Text>Bree former security officials are about to restore full diplomatic ties with former Eriador prosecutors.</Text></Sentence>
<Sentence date="19950101" id="H-2" category="PATTERN"><EventCoding sourcecode="BREGOV" targetcode="ERI" eventcode="115"></EventCoding>
<Text>Bree President Romendacil noted that Eriador regretted the refusal of Gondor to talk.</Text></Sentence>
<Sentence date="19950101" id="H-3" category="PATTERN"><EventCoding sourcecode="ERI" targetcode="GON" eventcode="095"></EventCoding>
<Text>Eriador centre of a quarrel between Radagast the Brown called on Gondor late Monday to be allowed to leave Lorien.</Text></Sentence>
<Sentence date="19950101" id="H-4" category="COMPOUND"><EventCoding sourcecode="ARNGOV" targetcode="ERIMIL" eventcode="132"></EventCoding><EventCoding sourcecode="ARNGOV" targetcode="GON" eventcode="173"></EventCoding>
<Text>The Arnor government issue condemned an attack by Eriador soldiers in south Ithilen on Monday and promised raids to the affected Gondor villages.</Text></Sentence>
<Sentence date="19950101" id="H-5" category="MODIFY"><EventCoding noevents="True"></EventCoding>
<Text>Arnor is about to restore full diplomatic ties with Gxndor, two years after Gondor crowds burned down its embassy.</Text></Sentence>
<Sentence date="19950101" id="H-6" category="PATTERN"><EventCoding sourcecode="FOR" targetcode="BRELEG" eventcode="044"></EventCoding>
<Text>Fornost celebrated Iftar at Osgiliath with the lawmakers of Bree on Friday.</Text></Sentence>
<Sentence date="19950101" id="H-7" category="DEMO"><EventCoding sourcecode="ERIMIL" targetcode="GON" eventcode="1711"></EventCoding>
<Text>Troops from Eriador wire tapped the telephone lines leading into Gondor last week.</Text></Sentence>
<Sentence date="19950101" id="H-8" category="DEMO"><EventCoding sourcecode="ERIMIL" targetcode="GON" eventcode="081"></EventCoding>
<Text>Troops from Eriador will not wire tap the telephone lines leading into Gondor.</Text></Sentence>
XML
out=$("$ORRERY" validate --dict-dir "$DICTS" -v "$TMP/feat3.xml" 2>&1)
check_contains "third-pass features: all eight records pass" "8 passed, 0 failed" "$out"
# the fourth pass (each failed before it): a group noun stands for the
# actor modifying it; a record that tests PETRARCH's reader of a broken
# <Parse> tree is skipped, not counted
records_file "$TMP/feat4.xml" <<XML
<Sentence date="19950101" id="K-1" category="ACTOR"><EventCoding sourcecode="USAEDU" targetcode="GON" eventcode="064"></EventCoding>
<Text>The K.U. chess squad is about to restore full diplomatic ties with Gondor.</Text></Sentence>
<Sentence date="19950101" id="K-2" category="ERROR"><EventCoding error="bad_input_parse"></EventCoding>
<Text>Arnor is about to restore full diplomatic ties with Gondor.</Text><Parse>(ROOT (S (NP (NNP Arnor)</Parse></Sentence>
XML
out=$("$ORRERY" validate --dict-dir "$DICTS" -v "$TMP/feat4.xml" 2>&1)
check_contains "fourth-pass features: the group noun record passes" "1 passed, 0 failed" "$out"
check_contains "fourth-pass features: the <Parse> record is skipped" "SKIP K-2" "$out"
# the fifth pass (each failed before it): pattern words before the verb
# that are its governing main verb ("begun to question") make one
# predicate with the shallow target; an uncoded "whether" clause does not
# end it; a pronoun-subject reported clause with no coded verb names the
# speaker's stance target through "toward(s)" — with another subject, none
records_file "$TMP/feat5.xml" <<XML
<Sentence date="19950101" id="L-1" category="DATE"><EventCoding sourcecode="HOB" targetcode="GON" eventcode="212"></EventCoding>
<Text>Gollum has begun to question whether he has a future with Gondor.</Text></Sentence>
<Sentence date="19950101" id="L-2" category="COMPOUND"><EventCoding sourcecode="HOB" targetcode="GON" eventcode="023"></EventCoding><EventCoding sourcecode="HOB" targetcode="ARN" eventcode="023"></EventCoding>
<Text>Gollum said he has deep satisfaction toward Gondor and Arnor.</Text></Sentence>
<Sentence date="19950101" id="L-3" category="COMPOUND"><EventCoding noevents="True"></EventCoding>
<Text>Gollum said the orcs have deep satisfaction toward Gondor.</Text></Sentence>
XML
out=$("$ORRERY" validate --dict-dir "$DICTS" -v "$TMP/feat5.xml" 2>&1)
check_contains "fifth-pass features: all three records pass" "3 passed, 0 failed" "$out"
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
