#!/usr/bin/env bash
# bench_relate.sh — import plus monthly dyad aggregation of a synthetic
# GDELT 2.0 file, orrery against the sqlite3 shell doing the same work on
# the same file in the same run.
#
#   bash bench/bench_relate.sh                 # 10 million events (~2 GB under build/bench/)
#   BENCH_EVENTS=1000000 bash bench/bench_relate.sh
#
# What is measured (each after one `cat FILE >/dev/null` to warm the page cache):
#   orrery:  build/orrery dyad --from FILE --by month --format csv
#            = parse and check every row of the file (the same importer as
#            `orrery import`), add each event with two actors straight into its
#            (source, target, month) group (streaming: no per-event table),
#            sort the groups, write every bin as CSV.
#            It does NOT write the SQLite store (that path is `orrery import`).
#   sqlite3: .import FILE into a 61-column table (journal off), then one
#            SELECT ... GROUP BY source, target, month with the same columns
#            (events, four QuadClass counts, Goldstein sum/mean, net coop),
#            written as CSV.
# Figures: wall seconds and CPU seconds (user+sys; on a shared machine CPU
# time is the fairer one; orrery's are each the best of BENCH_RUNS runs,
# default 3, sqlite3 runs once), events/s, the ratio, bytes per event held by
# orrery once loading is done (--stats: the group table) and peak RSS per
# event (everything: buffers, groups, the sort, the binary).  Both outputs
# are checked to hold the same (source, target, month, events) rows.
# The sqlite3 part runs under `nice` (it is the slow one; the machine is shared).
set -eu
n=${BENCH_EVENTS:-10000000}
dir=build/bench
mkdir -p "$dir"
cc -O2 -o "$dir/gen_gdelt" bench/gen_gdelt.c
file=$dir/gdelt-$n.tsv
if [ ! -s "$file" ]; then
  echo "generating $n synthetic GDELT 2.0 events -> $file"
  "$dir/gen_gdelt" "$n" > "$file.tmp" && mv "$file.tmp" "$file"
fi
make -s build/orrery   # the figures are of the current source
cat "$file" > /dev/null

T="/usr/bin/time -f %e:%U:%S:%M"
runs=${BENCH_RUNS:-3}
best_w="" best_c=""
for i in $(seq "$runs"); do
  $T -o "$dir/orrery.time" build/orrery dyad --from "$file" --by month --format csv --stats \
     > "$dir/orrery.csv" 2> "$dir/orrery.err"
  IFS=: read -r ow ou os om < "$dir/orrery.time"
  oc=$(awk -v u="$ou" -v s="$os" 'BEGIN { printf "%.2f", u + s }')
  echo "  orrery run $i: ${ow} s wall, ${oc} s CPU"
  best_w=$(awk -v a="$ow" -v b="$best_w" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
  best_c=$(awk -v a="$oc" -v b="$best_c" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
done
cat "$file" > /dev/null
rm -f "$dir/sqlite.db"
cols=$(seq 0 60 | sed 's/^/c/' | paste -sd, -)
cat > "$dir/sqlite.sql" <<SQL
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
CREATE TABLE ev($cols);
.mode tabs
.import $file ev
.mode csv
.headers on
.output $dir/sqlite.csv
SELECT c7 AS source, c17 AS target, substr(c1,1,4) || '-' || substr(c1,5,2) AS period,
       count(*) AS events, sum(c29='1'), sum(c29='2'), sum(c29='3'), sum(c29='4'),
       round(sum(c30),2), round(avg(c30),3),
       sum(c29 IN ('1','2')) - sum(c29 IN ('3','4')) AS net_coop
  FROM ev WHERE c7 <> '' AND c17 <> '' GROUP BY 1, 2, 3;
SQL
$T -o "$dir/sqlite.time" nice sqlite3 "$dir/sqlite.db" < "$dir/sqlite.sql" > /dev/null
rm -f "$dir/sqlite.db"

# same bins?
cut -d, -f1-4 "$dir/orrery.csv" | tail -n +2 | sort > "$dir/orrery.keys"
cut -d, -f1-4 "$dir/sqlite.csv" | tail -n +2 | sort > "$dir/sqlite.keys"
if cmp -s "$dir/orrery.keys" "$dir/sqlite.keys"; then same="yes"; else same="NO"; fi

IFS=: read -r sw su ss sm < "$dir/sqlite.time"
held=$(grep -oE '\(([0-9.]+) bytes/event\)' "$dir/orrery.err" | grep -oE '[0-9.]+' || echo '?')
bins=$(($(wc -l < "$dir/orrery.csv") - 1))
awk -v n="$n" -v ow="$best_w" -v oc="$best_c" -v om="$om" -v sw="$sw" -v su="$su" \
    -v ss="$ss" -v held="$held" -v bins="$bins" -v same="$same" -v runs="$runs" 'BEGIN {
  sc = su + ss;
  printf "relations bench: %d synthetic GDELT 2.0 events, %d monthly dyad bins (outputs identical: %s)\n", n, bins, same;
  printf "  orrery dyad --from (best of %d): %6.2f s wall %6.2f s CPU  -> %5.2f M events/s wall, %5.2f M events/s CPU\n", runs, ow, oc, n / ow / 1e6, n / oc / 1e6;
  printf "  sqlite3 .import+GROUP BY: %6.2f s wall %6.2f s CPU\n", sw, sc;
  printf "  speed-up over sqlite3: %.1fx wall, %.1fx CPU\n", sw / ow, sc / oc;
  printf "  memory: %s bytes/event held after loading; peak RSS %.0f MB = %.1f bytes/event\n", held, om / 1024, om * 1024 / n;
  printf "  goals: >= 2 M events/s, >= 5x sqlite3, <= 40 bytes/event\n";
}'
echo "  reproduce: BENCH_EVENTS=$n bash bench/bench_relate.sh"
