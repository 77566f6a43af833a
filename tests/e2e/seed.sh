#!/usr/bin/env bash
# seed.sh — the founding document through the text stage: furniture gone,
# headline/standfirst/byline in their fields, section headings kept as
# headings, exact first and last sentences and the sentence count, and
# sentence byte spans that point at their text in the stored document.
. "$(dirname "$0")/lib.sh.inc"
db=$TMP/seed.db
"$ORRERY" ingest examples/seed-article.txt --db "$db" >/dev/null 2>&1
check_eq "seed ingested" 0 $?
q() { sqlite3 "$db" "$1"; }

sentences=$(q "SELECT text FROM sentences ORDER BY idx")
for line in "Western Times News" "Gujarati News" "Read News In Hindi" "Read News in English" \
            "Copyright" "Aneri Developers" "Rakesh Shrivastawa" "Registrar, PDEU"; do
  check_lacks "no furniture or byline among sentences: $line" "$line" "$sentences"
done
check_eq "title" "Russia – US Proximity: Beginning of New Global order" "$(q 'SELECT title FROM documents')"
check_eq "subtitle" "Implications of the meeting between US Secretary of State Marco Rubio and Russian National Security Adviser Mike Waltz in Saudi Arabia" \
  "$(q 'SELECT subtitle FROM documents')"
check_contains "author" "Rakesh Shrivastawa" "$(q 'SELECT author FROM documents')"
check_eq "author is the name without the affiliation" "Colonel Dr Rakesh Shrivastawa" "$(q 'SELECT author FROM documents')"
check_eq "title not repeated as a sentence" 0 "$(q "SELECT count(*) FROM sentences WHERE text LIKE 'Russia – US Proximity%' OR text LIKE 'Implications of the meeting%'")"

headings=$(q "SELECT text FROM sentences WHERE is_heading = 1 ORDER BY idx")
check_eq "11 section headings" 11 "$(printf '%s\n' "$headings" | wc -l)"
for h in "Importance of the Meeting in Light of a Possible Trump-Putin Discussion" \
         "Future of US-Russia Relations" "Possibility of Ending the Ukraine War" \
         "Impact on Ukraine and the European Union" "Future of Ukraine’s NATO Membership and Territorial Integrity" \
         "US Interest in these negotiations" "Russia’s Interest in Better Relations with the US" \
         "Breaking the China-Russia Nexus" "Implications for China" \
         "Implications in West Asia Geopolitics" "Implications for India"; do
  check_eq "heading: $h" 1 "$(q "SELECT is_heading FROM sentences WHERE text = '$h'")"
done

check_eq "sentence count (57 sentences + 11 headings)" 68 "$(q 'SELECT count(*) FROM sentences')"
check_eq "first sentence" "On February 18, 2025, US Secretary of State Marco Rubio and Russian National Security Adviser Mike Waltz held a high-level meeting in Riyadh, Saudi Arabia." \
  "$(q 'SELECT text FROM sentences ORDER BY idx LIMIT 1')"
check_eq "last sentence" "Additionally, a reduction in US-Russia tensions may allow India to continue its defence and energy cooperation with Moscow without facing pressure from the West." \
  "$(q 'SELECT text FROM sentences ORDER BY idx DESC LIMIT 1')"
check_eq "i.e. does not split a sentence" 1 \
  "$(q "SELECT count(*) FROM sentences WHERE text = 'Russia is also likely to hold on to its Air base in Syria i.e. Khmeimim Air base on Mediterranean Sea coast.'")"
check_eq "byte spans point at the sentence text" 0 \
  "$(q 'SELECT count(*) FROM sentences s JOIN documents d ON d.id = s.doc_id
        WHERE CAST(substr(CAST(d.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT) <> s.text')"

# Plain text without page furniture keeps every line.
printf 'Putin spoke with Trump on Tuesday. They agreed to meet again.\n' > "$TMP/plain.txt"
"$ORRERY" ingest "$TMP/plain.txt" --db "$TMP/plain.db" >/dev/null 2>&1
check_eq "plain text: two sentences, no title" "2|" \
  "$(sqlite3 "$TMP/plain.db" 'SELECT count(*), (SELECT title FROM documents) FROM sentences')"

# eval segment on a tiny CoNLL-U file: perfect split and tokens.
cat > "$TMP/g.conllu" <<'CONLLU'
# newdoc id = d1
# newpar id = p1
# text = Mr. Smith didn't go.
1	Mr.	Mr.	PROPN	NNP	_	2	compound	_	_
2	Smith	Smith	PROPN	NNP	_	4	nsubj	_	_
3-4	didn't	_	_	_	_	_	_	_	_
3	did	do	AUX	VBD	_	5	aux	_	_
4	n't	not	PART	RB	_	5	advmod	_	_
5	go	go	VERB	VB	_	0	root	_	SpaceAfter=No
6	.	.	PUNCT	.	_	5	punct	_	_

# text = He stayed.
1	He	he	PRON	PRP	_	2	nsubj	_	_
2	stayed	stay	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

CONLLU
out=$("$ORRERY" eval segment "$TMP/g.conllu")
check_contains "eval segment: sentences all right" "F1 100.00  (2 matched, 2 system, 2 gold)" "$(printf '%s\n' "$out" | grep sentences)"
check_contains "eval segment: surface tokens all right" "F1 100.00  (8 matched, 8 system, 8 gold)" "$(printf '%s\n' "$out" | grep tokens)"
"$ORRERY" eval segment "$TMP/missing.conllu" >/dev/null 2>&1
check_eq "eval segment: missing file fails with exit 1" 1 $?
exit 0
