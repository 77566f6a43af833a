#!/usr/bin/env bash
# serve.sh — `orrery serve` end to end: the CLI's errors and exit codes,
# the server under ASan on the fixture database (API, dashboard files,
# auth from $ORRERY_TOKEN, clean stop on SIGTERM with no sanitizer report),
# then the dashboard in headless chromium (tests/browser/dashboard.mjs;
# screenshots in build/browser/).  Nothing here is skipped: node, npm's
# playwright-core (web/node_modules), chromium and curl are build deps.
. "$(dirname "$0")/lib.sh.inc"
db=$TMP/fx.db

"$ORRERY" serve --db "$TMP/missing.db" >/dev/null 2>"$TMP/err"
check_eq "missing database: exit 1" 1 $?
check_contains "missing database named" "missing.db: no such database" "$(cat "$TMP/err")"
"$ORRERY" serve --db "$TMP/missing.db" --port 70000 >/dev/null 2>&1
check_eq "port out of range: exit 2" 2 $?
"$ORRERY" serve --bogus >/dev/null 2>&1
check_eq "unknown option: exit 2" 2 $?

bash tests/browser/fixture.sh "$db" 2>"$TMP/fixture.err"
check "fixture database built" test -s "$db"

# start SERVER_LOG [env...]: run the server on a free port; sets pid and base.
start() {
  local log=$1; shift
  env "$@" "$ORRERY" serve --db "$db" --port 0 --threads 2 2>"$log" &
  pid=$!
  base=
  for _ in $(seq 1 100); do
    base=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1)
    [ -n "$base" ] && break
    sleep 0.1
  done
}
stop() {  # stop: SIGTERM, wait, return the exit code
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
}

start "$TMP/server.log" ORRERY_TOKEN=
check "server listening on an ephemeral loopback port ($base)" test -n "$base"
check_contains "startup names the dashboard" "dashboard /" "$(cat "$TMP/server.log")"
check_eq "GET /healthz" '{"status":"ok","version":"0.1.0"}' "$(curl -s "$base/healthz")"
code=$(curl -s -o "$TMP/ev" -w '%{http_code}' "$base/api/events?dyad=USA-RUS&limit=2")
check_eq "GET /api/events: 200" 200 "$code"
check_contains "events carry their evidence fields" '"sentence"' "$(cat "$TMP/ev")"
code=$(curl -s -o "$TMP/bad" -w '%{http_code}' "$base/api/network?window=2024-13-01..2024-12-31")
check_eq "bad window: 400" 400 "$code"
check_contains "bad window: the error names the parameter" '"param":"window"' "$(cat "$TMP/bad")"
code=$(curl -s -o "$TMP/dy" -w '%{http_code}' "$base/api/dyads/USA/RUS?by=month")
check_eq "GET /api/dyads/USA/RUS: 200" 200 "$code"
check_contains "dyad series has change points" '"change_points":[{' "$(cat "$TMP/dy")"
check_contains "dashboard served" "<title>orrery" "$(curl -s "$base/")"
check_contains "bundle served as JavaScript" "text/javascript" "$(curl -sI "$base/app.js")"
code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$base/../../etc/passwd")
check_eq "path traversal refused" 404 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data 'Talks.' "$base/api/ingest")
check_eq "ingest without ORRERY_TOKEN: 403" 403 "$code"
check_eq "no CORS header by default" 0 "$(curl -sI "$base/healthz" | grep -ci access-control)"
check_contains "metrics in Prometheus text" 'orrery_http_requests_total{route="events",code="2xx"}' \
  "$(curl -s "$base/metrics")"
# One JSON form of the network: the API and `orrery network --format json`
# give the same object (numbers equal to 6 significant digits).
curl -s "$base/api/network?min_events=2" > "$TMP/net_api.json"
"$ORRERY" network --db "$db" --min-events 2 --format json > "$TMP/net_cli.json"
check_eq "network: API and CLI give the same JSON" same "$(node -e '
  const fs = require("fs");
  const [a, b] = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
  const eq = (x, y) => typeof x === "number" && typeof y === "number"
    ? Math.abs(x - y) <= 1e-5 * Math.max(1, Math.abs(x))
    : x && y && typeof x === "object" && typeof y === "object"
      ? Object.keys(x).length === Object.keys(y).length && Object.keys(x).every((k) => eq(x[k], y[k]))
      : x === y;
  console.log(a.nodes.length > 0 && eq(a, b) ? "same" : "differ");' "$TMP/net_api.json" "$TMP/net_cli.json")"

# The browser tests, against this server.
if node tests/browser/dashboard.mjs "$base/" build/browser > "$TMP/browser.out" 2>&1; then :; fi
cat "$TMP/browser.out"
grep -q '^ok - browser' "$TMP/browser.out" || echo "not ok - browser tests ran (see output above)"

stop
check_eq "SIGTERM: clean exit 0" 0 $?
check_lacks "no sanitizer report" "Sanitizer" "$(cat "$TMP/server.log")"

# With a token: writes need it, and work.
start "$TMP/server2.log" ORRERY_TOKEN=test-token
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data 'Talks.' "$base/api/ingest")
check_eq "ingest without the bearer token: 401" 401 "$code"
code=$(curl -s -o "$TMP/in" -w '%{http_code}' -X POST -H 'Authorization: Bearer test-token' \
  -H 'Content-Type: text/plain' --data-binary $'Summit\nPeru thanked Chile for the aid.\n' "$base/api/ingest")
check_eq "ingest with the bearer token: 201" 201 "$code"
check_contains "ingest reports the new document" '"documents_new":1' "$(cat "$TMP/in")"
stop
check_eq "second server: clean exit 0" 0 $?
check_lacks "second server: no sanitizer report" "Sanitizer" "$(cat "$TMP/server2.log")"
exit 0
