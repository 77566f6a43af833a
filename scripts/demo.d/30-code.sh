#!/usr/bin/env bash
# 30-code.sh — the seed's CAMEO events: who did what to whom, when (and
# how the date was found), the words that justify it, and the role check
# (a title that contradicts the dictionary's dated role for the name).
set -eu
echo
echo "== orrery code --check-roles $SEED  (events: who, what, whom, evidence)"
"$ORRERY" code --check-roles "$SEED" > "${TMPDIR:-/tmp}/orrery-demo-events.jsonl" 2> "${TMPDIR:-/tmp}/orrery-demo-code.err"
jq -r '"\(.date) (\(.date_how))  \(.source) -> \(.target)  \(.code) \(.plover // "-") quad \(.quad) goldstein \(.goldstein)\n      who: \"\(.source_text)\"  did: \"\(.verb_text)\"  to: \"\(.target_text)\"\n      evidence (sentence \(.sentence)): \(.text[0:160])"' \
  "${TMPDIR:-/tmp}/orrery-demo-events.jsonl"
echo
echo "== role warnings"
grep "role warning" "${TMPDIR:-/tmp}/orrery-demo-code.err" | sed 's/^orrery code: role warning: /  /' || echo "  (none)"
tail -1 "${TMPDIR:-/tmp}/orrery-demo-code.err"
echo "== events stored by ingest"
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 -separator '  ' "$DB" "SELECT date, source_code, target_code, code FROM events WHERE dataset = 'orrery' ORDER BY sentence_idx, id" | sed 's/^/  /'
fi
