#!/usr/bin/env bash
# 60-serve.sh — start the server on the demo database for a moment to
# check it answers, then tell the user how to open the dashboard.
set -eu
echo
echo "== dashboard and API (orrery serve)"
log=$(mktemp)
"$ORRERY" serve --db "$DB" --port 0 2>"$log" &
pid=$!
base=
for _ in $(seq 1 50); do
  base=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1 || true)
  [ -n "$base" ] && break
  sleep 0.1
done
if [ -n "$base" ] && command -v curl >/dev/null; then
  echo "health:  $(curl -s "$base/healthz")"
  actors=$(curl -s "$base/api/actors?limit=5")
  echo "actors:  ${actors:0:300}"
  case "$actors" in *'"count":0'*)
    echo "note:    $DB holds no coded or imported events yet, so the map will be empty;"
    echo "         'orrery import' an event file, or try the dashboard's test history:"
    echo "         bash tests/browser/fixture.sh demo-events.db && $ORRERY serve --db demo-events.db";;
  esac
fi
grep -E 'dashboard' "$log" | sed 's/^orrery serve: /server:  /' || true
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
rm -f "$log"
cat <<MSG

To open the dashboard on the demo database:
    $ORRERY serve --db $DB            # listens on http://127.0.0.1:8080/
then browse to http://127.0.0.1:8080/ (map, network and blocs, dyad
timelines, events with their evidence sentences, what-if, forecasts).
Write endpoints (POST /api/ingest) need:  ORRERY_TOKEN=secret $ORRERY serve --db $DB
API reference: docs/api.md.  Stop the server with Ctrl-C.
MSG
