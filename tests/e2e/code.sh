#!/usr/bin/env bash
# code.sh — `orrery code` and `orrery ingest` on the seed article: the
# events the issue pins (the USA-RUS meeting on 2025-02-18, the Feb 13
# phone calls USA-RUS and USA-UKR, Russia's release of a US citizen, Saudi
# Arabia's hosting, nothing from page furniture), the Waltz role warning,
# output formats, -j determinism, bad input and ingest storing events.
source tests/e2e/lib.sh.inc
if [ ! -f data/models/en.model ]; then
  echo "ok - # SKIP no parser model (data/models/en.model) yet"; exit 0
fi
SEED=examples/seed-article.txt
"$ORRERY" code --check-roles "$SEED" > "$TMP/seed.jsonl" 2> "$TMP/seed.err"
check "code exits 0 on the seed" test $? -eq 0
ev() {  # ev SOURCE_COUNTRY TARGET_COUNTRY ROOT DATE -> count of matching events
  jq -c --arg s "$1" --arg t "$2" --argjson r "$3" --arg d "$4" \
    'select((.source|startswith($s)) and (.target|startswith($t)) and .root==$r and ($d=="" or .date==$d))' \
    "$TMP/seed.jsonl" | wc -l
}
check "USA-RUS meeting (04) on 2025-02-18" test "$(ev USA RUS 4 2025-02-18)" -ge 1
check "the meeting's date is explicit" test -n "$(jq -c 'select(.verb_text=="held" and .date_how=="explicit")' "$TMP/seed.jsonl")"
check "Feb 13 phone call USA-RUS (04)" test "$(ev USA RUS 4 2025-02-13)" -ge 1
check "Feb 13 phone call USA-UKR (04)" test "$(ev USA UKR 4 2025-02-13)" -ge 1
check "Russia releases a US citizen (08)" test "$(ev RUS USA 8 '')" -ge 1
check "Saudi Arabia hosts (04)" test "$(ev SAU USA 4 2025-02-18)" -ge 1
check "no events from page furniture" test -z "$(jq -c 'select(.text|test("Read News|Copyright|Gujarati|Western Times"))' "$TMP/seed.jsonl")"
check "every event has the required keys" test -z "$(jq -c 'select((has("doc") and has("sentence") and has("date") and has("source") and has("target") and has("code") and has("root") and has("quad") and has("goldstein") and has("plover") and has("source_text") and has("target_text") and has("verb_text") and has("issues") and has("text") and has("date_how"))|not)' "$TMP/seed.jsonl")"
# evidence: each event names the dictionary line its code came from, a
# verb entry or a pattern line of a shipped verbs file
rules_ok=1
while IFS=: read -r file line; do
  text=$(sed -n "${line}p" "data/dict/$file" 2>/dev/null)
  case "$file:$text" in
    CAMEO.2.0.txt:[A-Z+-]*|current.verbs.txt:[A-Z+-]*) ;;
    *) rules_ok=0; echo "# rule $file:$line is no verb or pattern line: $text" ;;
  esac
done < <(jq -r '.rule' "$TMP/seed.jsonl")
check "every event's rule is a verb or pattern line" test "$rules_ok" = 1
check "the Riyadh meeting's rule is the pattern '* MEETING'" test -n "$(jq -r 'select(.verb_text=="held" and .code=="046") | .rule' "$TMP/seed.jsonl" | while IFS=: read -r f l; do sed -n "${l}p" "data/dict/$f"; done | grep '^- \* MEETING ')"
check "Russia's release of a US citizen: RELEASE's entry" test -n "$(jq -r 'select(.code=="084") | .rule' "$TMP/seed.jsonl" | while IFS=: read -r f l; do sed -n "${l}p" "data/dict/$f"; done | grep '^RELEASE ')"
check "QuadClass follows the root" test -z "$(jq -c 'select(.quad != (if .root<=5 then 1 elif .root<=8 then 2 elif .root<=13 then 3 else 4 end))' "$TMP/seed.jsonl")"
check "evidence spans point at the text" test -z "$(jq -c 'select(.source_span[0] >= .source_span[1])' "$TMP/seed.jsonl")"
# precision: what the shallow fallbacks used to make of the seed
check "no self-dyad (same country root)" test -z "$(jq -c 'select(.source[0:3] == .target[0:3])' "$TMP/seed.jsonl")"
check "no 'tensions surrounding the war in Ukraine' 190" test "$(ev RUS UKR 19 '')" -eq 0
check "no 'Trump and Putin have taken efforts' 171" test -z "$(jq -c 'select(.code=="171")' "$TMP/seed.jsonl")"
check "no event from 'possibly leading to a summit'" test -z "$(jq -c 'select(.verb_text=="leading")' "$TMP/seed.jsonl")"
check "no 050 from 'a back to back discussion' (Putin belongs to 'Phone')" test -z "$(jq -c 'select(.verb_text=="back")' "$TMP/seed.jsonl")"
check "no RUS-TWN from 'impacting ... Taiwan'" test "$(ev RUS TWN 5 '')" -eq 0
check "no IRN-LBN from 'facing setbacks ... with Hezbollah'" test "$(ev IRN LBN 4 '')" -eq 0
check "no event from gerunds ('engaging', 'mending', 'supporting')" \
  test -z "$(jq -c 'select(.verb_text|test("^(engaging|mending|supporting|resolving|surrounding)$"))' "$TMP/seed.jsonl")"
err=$(cat "$TMP/seed.err")
check_contains "Waltz role warning" "Russian National Security Adviser Mike Waltz" "$err"
check_contains "the warning gives both codes" "title RUSGOV, dictionary USAGOV; used RUSGOV" "$err"
out=$("$ORRERY" code "$SEED" 2>&1 >/dev/null)
check_lacks "no role warnings without --check-roles" "role warning" "$out"

# formats, threads
"$ORRERY" code --format tsv "$SEED" > "$TMP/seed.tsv" 2>/dev/null
check_eq "tsv has one line per event" "$(wc -l < "$TMP/seed.jsonl")" "$(wc -l < "$TMP/seed.tsv")"
check "gdelt format" "$ORRERY" code --format gdelt "$SEED"
check "phoenix format" "$ORRERY" code --format phoenix "$SEED"
for i in 1 2 3 4 5 6; do jq -c --arg i "$i" '{id: ("d" + $i), date: "2025-02-18", text: "Russia released US citizen Kalob Byers. Trump met Putin in Riyadh."}' -n; done > "$TMP/docs.jsonl"
"$ORRERY" code "$TMP/docs.jsonl" > "$TMP/j1" 2>/dev/null
"$ORRERY" code -j 2 "$TMP/docs.jsonl" > "$TMP/j2" 2>/dev/null
check "-j 2 gives the same output as -j 1" cmp -s "$TMP/j1" "$TMP/j2"
check "jsonl input codes each record" test "$(jq -r .doc "$TMP/j1" | sort -u | wc -l)" -eq 6

# bad command lines and input
"$ORRERY" code --format xml "$SEED" >/dev/null 2>&1
check_eq "unknown format is a usage error" 2 $?
"$ORRERY" code -j 0 "$SEED" >/dev/null 2>&1
check_eq "-j 0 is a usage error" 2 $?
out=$("$ORRERY" code "$TMP/missing.txt" 2>&1)
check_eq "missing file exits 3" 3 $?
check_contains "missing file named" "missing.txt" "$out"
printf '{"id":"a","text":"Russia released US citizen Kalob Byers."}\n{broken\n' > "$TMP/bad.jsonl"
out=$("$ORRERY" code "$TMP/bad.jsonl" 2>&1 >/dev/null)
check_contains "bad record reported with its line" "bad.jsonl:2" "$out"

# ingest codes and stores
"$ORRERY" ingest --db "$TMP/t.db" "$SEED" 2> "$TMP/ingest.err"
check_contains "ingest reports coded events" "events coded and stored" "$(cat "$TMP/ingest.err")"
n=$(sqlite3 "$TMP/t.db" "select count(*) from events where dataset='orrery'")
check_eq "ingest stores the events code prints" "$(wc -l < "$TMP/seed.jsonl" | tr -d ' ')" "$n"
check_eq "stored meeting is dated 2025-02-18" "2025-02-18" \
  "$(sqlite3 "$TMP/t.db" "select date from events where verb_text='held' limit 1")"
"$ORRERY" ingest --no-code --db "$TMP/u.db" "$SEED" 2>/dev/null
check_eq "--no-code stores no events" 0 "$(sqlite3 "$TMP/u.db" "select count(*) from events")"
exit $n_fail
