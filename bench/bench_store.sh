#!/usr/bin/env bash
# bench_store.sh — events/s stored into PostgreSQL (COPY through the store
# API: staging COPY + deduplicating INSERT, monthly partitions made on the
# way) and into SQLite, the same synthetic GDELT-like events, same run.
#
#   make bench                      (all benchmarks)
#   bash bench/bench_store.sh [N]   (this one; N events, default 1,000,000)
#
# The server: $ORRERY_BENCH_PG if set (a URI whose user may create
# databases), else a throwaway cluster with fsync on (scripts/pg-cluster.sh
# start --durable).  Events go in 10,000 per put, 100,000 per batch
# (transaction), dates rising over ten years as a backfill of daily files
# arrives ("ordered"); a second PostgreSQL run draws every date at random
# over the ten years ("random": each batch touches all 120 partitions).
set -eu
cd "$(dirname "$0")/.."
n=${1:-${BENCH_EVENTS:-1000000}}
mkdir -p build/bench
loader=build/bench/store_load
make --no-print-directory -s build/liborrery.a
# shellcheck disable=SC2046
cc -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Iinclude -o "$loader" bench/store_load.c \
  build/liborrery.a $(pkg-config --libs sqlite3 libpq libmicrohttpd jansson libxml-2.0 gumbo \
  libutf8proc igraph zlib nettle) -lm -lpthread

admin=${ORRERY_BENCH_PG:-}
started=""
if [ -z "$admin" ]; then
  admin=$(bash scripts/pg-cluster.sh start --durable 2>/dev/null) || {
    echo "bench_store: no PostgreSQL server (install postgresql-15 or set ORRERY_BENCH_PG)" >&2
    exit 1
  }
  started=1
fi
tmp=$(mktemp -d)
dbs=()
cleanup() {
  for d in "${dbs[@]}"; do psql "$admin" -XAtqc "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
  [ -z "$started" ] || bash scripts/pg-cluster.sh stop "$admin" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
pg_db() {  # a fresh database; its URI in $uri
  local name=orrery_bench_$$_$1
  psql "$admin" -XAtqc "CREATE DATABASE $name" >/dev/null
  dbs+=("$name")
  case "$admin" in *\?*) uri="$admin&dbname=$name" ;; *) uri="$admin?dbname=$name" ;; esac
}
rate() { sed -n 's/.*: \([0-9]*\) events\/s$/\1/p' <<<"$1"; }

echo "store: $n synthetic events, 10000 per put, 100000 per batch ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
pg_db ordered
pg_ordered=$("$loader" "$uri" "$n" ordered)
echo "  postgresql ordered dates: $pg_ordered"
sq_ordered=$("$loader" "$tmp/bench.db" "$n" ordered)
echo "  sqlite     ordered dates: $sq_ordered"
pg_db random
pg_random=$("$loader" "$uri" "$n" random)
echo "  postgresql random dates:  $pg_random"
pg_db rerun
"$loader" "$uri" "$n" ordered >/dev/null
pg_rerun=$("$loader" "$uri" "$n" ordered)
echo "  postgresql re-import of the same events (all skipped): $pg_rerun"
p=$(rate "$pg_ordered") s=$(rate "$sq_ordered")
awk -v p="$p" -v s="$s" 'BEGIN { printf "  PostgreSQL/SQLite: %.2fx; goal >= 100000 events/s into PostgreSQL: %s\n", p / s, p >= 100000 ? "met" : "NOT met" }'
echo "  reproduce: bash bench/bench_store.sh $n"
