#!/usr/bin/env bash
# store_ab.sh — server CPU per event of two versions of the store, loaded
# side by side so both see the same machine load (on a shared machine a
# run alone moves by ±20% with the load; a pair moves together).  Not run
# by `make bench`: it is the before/after tool of docs/scaling.md §4.
#
#   bash bench/store_ab.sh REV_A REV_B [N [LOADERS [HOOK_SQL_B]]]
#
# REV_A, REV_B: git revisions (or "." for the working tree) whose library
# is built in a scratch directory; the loader is this tree's
# bench/store_load.c for both.  N events (default 300,000), ordered dates,
# ORRERY_PG_LOADERS=LOADERS (default 1).  Each database is made first by a
# 10-event load (migrations, and the partitions of all ten years, so the
# figure is the loading alone) and emptied; HOOK_SQL_B, if given, then runs
# on B's database (e.g. "DROP INDEX events_dyad" to price an index).  The
# pair runs twice, A first then B first.  Server: $ORRERY_BENCH_PG, else a
# throwaway cluster (scripts/pg-cluster.sh start --durable).
set -eu
cd "$(dirname "$0")/.."
rev_a=${1:?usage: store_ab.sh REV_A REV_B [N [LOADERS [HOOK_SQL_B]]]}
rev_b=${2:?usage: store_ab.sh REV_A REV_B [N [LOADERS [HOOK_SQL_B]]]}
n=${3:-300000} loaders=${4:-1} hook_b=${5:-}
tmp=$(mktemp -d)
admin=${ORRERY_BENCH_PG:-}
started=""
cleanup() {
  [ -z "$started" ] || bash scripts/pg-cluster.sh stop "$admin" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
libs=$(pkg-config --libs sqlite3 libpq libmicrohttpd jansson libxml-2.0 gumbo libutf8proc igraph zlib nettle)
build() {  # build REV NAME — $tmp/NAME, a store_load linked with REV's library
  local src=$tmp/src_$2
  if [ "$1" = . ]; then
    make --no-print-directory build/liborrery.a >/dev/null
    mkdir -p "$src/build" && cp -r include "$src/" && cp build/liborrery.a "$src/build/"
  else
    mkdir -p "$src" && git archive "$1" | tar -x -C "$src"
    ln -s "$PWD/../shared" "$tmp/shared" 2>/dev/null || true
    nice make --no-print-directory -C "$src" build/liborrery.a >/dev/null
  fi
  # shellcheck disable=SC2086
  cc -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -I"$src/include" -o "$tmp/$2" bench/store_load.c \
    "$src/build/liborrery.a" $libs -lm -lpthread
}
build "$rev_a" a
build "$rev_b" b
if [ -z "$admin" ]; then
  admin=$(bash scripts/pg-cluster.sh start --durable 2>/dev/null)
  started=1
fi
with_db() { case "$admin" in *\?*) echo "$admin&dbname=$1" ;; *) echo "$admin?dbname=$1" ;; esac; }

pair() {  # pair FIRST SECOND — both loads at once; a line per version
  local x db
  for x in a b; do
    db=store_ab_$$_$x
    psql "$admin" -XAtqc "CREATE DATABASE $db" >/dev/null
    ORRERY_PG_LOADERS=$loaders "$tmp/$x" "$(with_db "$db")" 10 ordered >/dev/null
    psql "$(with_db "$db")" -XAtqc "TRUNCATE events, event_keys" >/dev/null
    if [ "$x" = b ] && [ -n "$hook_b" ]; then psql "$(with_db "$db")" -XAtqc "$hook_b" >/dev/null; fi
  done
  : >"$tmp/samples"
  rm -f "$tmp/a.out" "$tmp/b.out"
  local pids=()
  for x in "$@"; do
    STORE_LOAD_HOLD=4 ORRERY_PG_LOADERS=$loaders nice "$tmp/$x" "$(with_db "store_ab_$$_$x")" "$n" ordered \
      >"$tmp/$x.out" &
    pids+=($!)
  done
  sample() {  # one database's loading sessions' CPU ticks, read while its loader holds them idle
    psql "$admin" -XAtqc "SELECT pid, datname FROM pg_stat_activity WHERE application_name = 'orrery' AND datname = '$1'" -F' ' |
      while read -r pid name; do awk -v p="$pid" -v d="$name" '{print d, p, $14 + $15}' "/proc/$pid/stat" 2>/dev/null; done >>"$tmp/samples"
  }
  # Each load's sessions are read once, when its line appears (not sampled
  # all along: a psql and a new backend per sample cost CPU the loads share).
  local seen=""
  while [ ${#seen} -lt 2 ] && { kill -0 "${pids[0]}" || kill -0 "${pids[1]}"; } 2>/dev/null; do
    for x in a b; do
      case "$seen" in *$x*) continue ;; esac
      if [ -s "$tmp/$x.out" ]; then sample "store_ab_$$_$x"; seen="$seen$x"; fi
    done
    sleep 0.1
  done
  wait
  for x in a b; do
    db=store_ab_$$_$x
    awk -v d="$db" -v n="$n" -v k="$(getconf CLK_TCK)" -v rev="$([ $x = a ] && echo "$rev_a" || echo "$rev_b")" \
        -v out="$(cat "$tmp/$x.out")" '$1 == d {last[$2] = $3} END {
      for (p in last) t += last[p]
      printf "  %-12s server %.2f us/event   (%s)\n", rev, 1e6 * t / k / n, out }' "$tmp/samples"
    psql "$admin" -XAtqc "DROP DATABASE $db WITH (FORCE)" >/dev/null
  done
}
echo "store_ab: $n ordered events, $loaders loading session(s), side by side (load $(cut -d' ' -f1 /proc/loadavg))"
echo " A first:"
pair a b
echo " B first:"
pair b a
# shellcheck disable=SC2016  # the quotes are literal, inside double quotes
echo "  reproduce: bash bench/store_ab.sh $rev_a $rev_b $n $loaders${hook_b:+ '$hook_b'}"
