#!/usr/bin/env bash
# bench_http.sh — load on `orrery serve` over loopback with wrk (Debian).
#
#   1. throughput: a cached /api/dyads query, keep-alive, $BENCH_CONNS
#      connections (default 32),
#      $BENCH_SECS s (default 15): requests/s and p99 latency
#      (goal: >= 20,000 req/s with p99 < 10 ms on 2 cores);
#   2. soak: 256 connections for $SOAK_SECS s (default 30) over a mix of
#      cached API paths: zero socket errors and zero non-2xx answers;
#   3. memory: the server's RSS after warm-up, after the soak, and after a
#      second soak; growth between the soaks must stay under 4 bytes per
#      request (a per-request leak costs at least 32).
#
# Rerun: make bench-http   (or: bash bench/bench_http.sh)
# The server and wrk share the machine's 2 cores; loopback only.
set -eu
ORRERY=${ORRERY:-build/orrery}
secs=${BENCH_SECS:-10}
conns=${BENCH_CONNS:-16}
soak=${SOAK_SECS:-30}
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "bench_http: wrk not installed (scripts/deps.d/70-serve.list)"; exit 1; }

db=$tmp/fx.db
bash tests/browser/fixture.sh "$db" 2>/dev/null
"$ORRERY" serve --db "$db" --port 0 --threads 2 --no-web 2>"$tmp/log" &
pid=$!
base=
for _ in $(seq 1 100); do
  base=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$tmp/log" | head -1 || true)
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { echo "bench_http: server did not start"; cat "$tmp/log"; exit 1; }
# RSS once closed connections are cleaned up (MHD frees them shortly after)
rss() { sleep 2; awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }

url="$base/api/dyads/USA/RUS?by=month"
curl -sf "$url" >/dev/null
# a Lua script for the soak: rotate over cached API paths
cat > "$tmp/mix.lua" <<'EOF'
local paths = {"/api/dyads/USA/RUS?by=month", "/api/dyads/CHN/RUS?by=quarter",
  "/api/events?dyad=USA-RUS&limit=20", "/api/network?window=2024-01-01..2024-12-31",
  "/api/actors", "/api/blocs?window=2023-01-01..2024-12-31", "/healthz"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
EOF
for p in "/api/dyads/CHN/RUS?by=quarter" "/api/events?dyad=USA-RUS&limit=20" \
         "/api/network?window=2024-01-01..2024-12-31" "/api/actors" "/api/blocs?window=2023-01-01..2024-12-31"; do
  curl -sf "$base$p" >/dev/null
done
wrk -t2 -c64 -d3s "$url" >/dev/null   # warm-up
rss0=$(rss)

load=$(cut -d' ' -f1-3 /proc/loadavg)
runs=""
for k in 1 2 3; do
  wrk -t1 -c"$conns" -d"${secs}s" --latency "$url" > "$tmp/tput$k"
  runs="$runs$(awk '/^Requests\/sec/ {r=$2} $1 == "99%" {p=$2} END {print r, p}' "$tmp/tput$k")
"
done
# the median run by requests/s
read -r rps p99 <<< "$(printf '%s' "$runs" | sort -n | sed -n 2p)"
errs1=$(cat "$tmp"/tput? | grep -cE 'Socket errors|Non-2xx' || true)

wrk -t2 -c256 -d"${soak}s" --latency -s "$tmp/mix.lua" "$base" > "$tmp/soak1"
rss1=$(rss)
wrk -t2 -c256 -d"${soak}s" --latency -s "$tmp/mix.lua" "$base" > "$tmp/soak2"
rss2=$(rss)
soak_req=$(awk '/requests in/ {print $1}' "$tmp/soak1")
soak2_req=$(awk '/requests in/ {print $1}' "$tmp/soak2")
soak_p99=$(awk '$1 == "99%" {print $2}' "$tmp/soak1")
soak_errs=$(cat "$tmp/soak1" "$tmp/soak2" | grep -E 'Socket errors|Non-2xx' || true)

# p99 in ms from wrk's unit (us, ms or s)
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000; printf "%.2f", n }'; }
p99_ms=$(to_ms "$p99")
all_runs=$(printf '%s' "$runs" | while read -r r p; do printf '%s req/s p99 %s ms; ' "$r" "$(to_ms "$p")"; done)
echo "bench_http: cached /api/dyads/USA/RUS?by=month, $conns connections, ${secs}s, 2 server threads"
echo "  (machine load average before the run: $load on $(nproc) cores)"
echo "  median of 3 runs: ${rps} requests/s, p99 ${p99_ms} ms   (goal >= 20000 req/s, p99 < 10 ms)"
echo "  runs: ${all_runs}"
echo "  command: wrk -t1 -c$conns -d${secs}s --latency '$url'"
echo "bench_http: soak, 256 connections, ${soak}s twice, 7 API paths: ${soak_req} requests in the first, p99 $(to_ms "$soak_p99") ms"
echo "  errors: ${soak_errs:-none} (throughput run: $errs1 error lines)"
echo "  server RSS: ${rss0} kB after warm-up, ${rss1} kB after soak 1, ${rss2} kB after soak 2"
echo "  growth between soaks: $((rss2 - rss1)) kB over ${soak2_req} requests ($(awk -v g=$((rss2 - rss1)) -v n="$soak2_req" 'BEGIN { printf "%.2f", g * 1024 / n }') bytes/request; a leak of one allocation per request would be >= 32)"
status=0
awk -v r="$rps" -v p="$p99_ms" 'BEGIN { exit !(r >= 20000 && p < 10) }' || { echo "bench_http: throughput goal NOT met"; status=1; }
[ -z "$soak_errs" ] || { echo "bench_http: soak had errors"; status=1; }
# A leak of one allocation per request costs >= 32 bytes (glibc's smallest
# chunk); allocator noise is a few MB at most, whatever the request count.
# So: growth between the soaks under 4 bytes per request of the second soak.
awk -v g="$((rss2 - rss1))" -v n="$soak2_req" 'BEGIN { exit !(g * 1024 < 4 * n) }' ||
  { echo "bench_http: RSS grew by >= 4 bytes per request between soaks: a leak"; status=1; }
exit $status
