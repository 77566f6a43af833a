#!/usr/bin/env bash
# code_json.sh — `orrery code` writes JSON-lines events itself (not through
# jansson's tree): the bytes must be what json_dumps(JSON_COMPACT) gives —
# '"', '\' and control characters escaped as jansson does ("\u0007"),
# other UTF-8 as it is, reals with ".0", null for no date or plover.
source tests/e2e/lib.sh.inc
if [ ! -f data/models/en.model ]; then
  echo "ok - # SKIP no parser model (data/models/en.model) yet"; exit 0
fi
printf '%s\n' \
  '{"id":"q\"1\\x","date":"1987-03-01","text":"Iran \"attacked\" Iraq \\ on Monday.\tIraq\u00e9 said Iran'"'"'s army attacked Kuwait. \u00ff Syria condemned Israel\u0007 yesterday."}' \
  '{"id":"u/\u00e9","text":"The United States accused Russia of \u0001 spying."}' > "$TMP/t.jsonl"
"$ORRERY" code "$TMP/t.jsonl" > "$TMP/out" 2> "$TMP/err"
check_eq "four events" 4 "$(wc -l < "$TMP/out")"
attack_line=$(grep -n '^ATTACK ' data/dict/CAMEO.2.0.txt | head -1 | cut -d: -f1)
check_eq "quotes and backslashes escaped, goldstein real, the verb's dictionary line" \
  '{"doc":"q\"1\\x","sentence":0,"date":"1987-02-23","date_how":"relative","source":"IRN","target":"IRQ","code":"190","root":19,"quad":4,"goldstein":-10.0,"plover":"ASSAULT","source_text":"Iran","source_span":[0,4],"target_text":"Iraq","target_span":[16,20],"verb_text":"attacked","verb_span":[6,14],"rule":"CAMEO.2.0.txt:'"$attack_line"'","issues":null,"text":"Iran \"attacked\" Iraq \\ on Monday."}' \
  "$(sed -n 1p "$TMP/out")"
check_contains "a control character as jansson writes it, UTF-8 as it is" \
  '"text":"ÿ Syria condemned Israel\u0007 yesterday."}' "$(sed -n 3p "$TMP/out")"
check_contains "null date, UTF-8 id" '{"doc":"u/é","sentence":0,"date":null,"date_how":"none"' "$(sed -n 4p "$TMP/out")"
check "every line is JSON" jq -e . "$TMP/out"
check_eq "the text field decodes to the sentence" "The United States accused Russia of $(printf '\001') spying." \
  "$(jq -r 'select(.doc=="u/é") | .text' "$TMP/out")"
