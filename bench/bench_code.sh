#!/usr/bin/env bash
# bench_code.sh — the coder end to end on the Reuters-21578 bodies
# (text -> sentences -> tokens -> parse -> actors/verbs -> events):
# sentences per CPU-second on one thread, wall sentences/s with -j 1 and
# -j 2 and their ratio, and the share of the CPU spent in tag+parse.
# The corpus is read from ../shared at run time (research use only, never
# copied into the repository); the JSON-lines form is written to build/bench.
# BENCH_CODE_FILES (default 4) sets how many reut2-NNN.xml files are used.
# With BASE=<git revision> (e.g. BASE=main) that revision is built in a
# scratch worktree (build/bench/base) and the two binaries code the input
# alternately, -j 1, BENCH_CODE_AB (default 10) times each: the median and
# best CPU seconds of each, their ratio, and whether the outputs are
# identical — a before/after on the same busy machine.
set -u
shared=${SHARED:-../shared}
orrery=${ORRERY:-build/orrery}
dir=$shared/corpus/reuters21578
[ -d "$dir" ] || { echo "bench_code: $dir not found, skipped"; exit 0; }
[ -f data/models/en.model ] || { echo "bench_code: no parser model, skipped"; exit 0; }
mkdir -p build/bench
in=build/bench/reuters-bodies.jsonl
n=${BENCH_CODE_FILES:-4}
files=$(ls "$dir"/reut2-*.xml | head -n "$n")
python3 bench/reuters_jsonl.py $files > "$in"
echo "bench_code: $(wc -l < "$in") Reuters bodies from $n files"
# Each round runs -j 1 (with --stats: where the CPU time goes) and then
# -j 2 on the same input; BENCH_CODE_ROUNDS (default 3) rounds, best of
# each figure.  The machine may be shared: sentences per CPU-second of the
# -j 1 run is the per-core figure; wall figures depend on the load, so the
# -j 2 / -j 1 ratio is given per round (same load) and for the best walls.
rounds=${BENCH_CODE_ROUNDS:-3}
echo "bench_code: load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null), $(nproc) CPUs, $rounds rounds"
TIMEFORMAT='%R %U %S'
results=build/bench/code-rounds.txt
: > "$results"
for r in $(seq 1 "$rounds"); do
  line="round $r"
  for j in 1 2; do
    err=build/bench/code-j$j.err
    stats=; [ "$j" = 1 ] && stats=--stats
    t=$( { time "$orrery" code $stats -j $j "$in" > build/bench/code-j$j.out 2> "$err"; } 2>&1 )
    sents=$(grep -oE '[0-9]+ sentences,' "$err" | grep -oE '[0-9]+')
    line="$line j$j $sents $t"
  done
  share=$(grep -oE 'tag\+parse [0-9.]+% of the CPU after setup' build/bench/code-j1.err | grep -oE '[0-9.]+%')
  parsed=$(grep -oE '[0-9]+ of [0-9]+ sentences tagged and parsed' build/bench/code-j1.err)
  echo "$line share ${share%\%} parsed ${parsed%% of*}" >> "$results"
done
cmp -s build/bench/code-j1.out build/bench/code-j2.out || echo "bench_code: WARNING: -j 2 output differs from -j 1"
tail -1 build/bench/code-j1.err | grep -v stats: || true
grep -h 'orrery code: [0-9]* documents' build/bench/code-j1.err
# fields: round r j1 S real user sys j2 S real user sys share P parsed N
awk '{
  s = $4; w1 = $5; c1 = $6 + $7; w2 = $10; c2 = $11 + $12
  printf "bench_code round %d: -j 1 wall %.2f s, CPU %.2f s (%.0f sentences per CPU-second); -j 2 wall %.2f s, CPU %.2f s; wall ratio -j2/-j1 %.2f; tag+parse %s%% of CPU (%s sentences parsed)\n", $2, w1, c1, s / c1, w2, c2, w1 / w2, $14, $16
  if (NR == 1 || s / c1 > cps) cps = s / c1
  if (NR == 1 || s / w1 > ws1) ws1 = s / w1
  if (NR == 1 || s / w2 > ws2) ws2 = s / w2
  if (NR == 1 || s / c2 > cps2) cps2 = s / c2
  shares = shares (NR > 1 ? ", " : "") $14 "%"
  sents = s
} END {
  printf "bench_code: %d sentences; best of %d rounds:\n", sents, NR
  printf "bench_code:   one thread (-j 1): %.0f sentences per CPU-second (the per-core figure; goal 20000)\n", cps
  printf "bench_code:   wall -j 1: %.0f sentences/s; wall -j 2: %.0f sentences/s; ratio %.2f (2.00 = perfect scaling on 2 free cores)\n", ws1, ws2, ws2 / ws1
  printf "bench_code:   -j 2 CPU: %.0f sentences per CPU-second (threading overhead vs -j 1)\n", cps2
  printf "bench_code:   tag+parse share of the CPU after setup (-j 1 --stats): %s\n", shares
}' "$results"
if [ -n "${BASE:-}" ]; then
  basedir=build/bench/base
  rm -rf "$basedir"; git worktree prune
  git worktree add -q --detach "$basedir" "$BASE" || exit 1
  ln -s "$(realpath "$shared")" "$basedir/../shared" 2>/dev/null
  make -C "$basedir" --no-print-directory -s >/dev/null 2>&1 || { echo "bench_code: cannot build $BASE"; exit 1; }
  TIMEFORMAT='%U %S'
  for _ in $(seq 1 "${BENCH_CODE_AB:-10}"); do
    tb=$( { time ORRERY_DATA="$basedir/data" "$basedir/build/orrery" code -j 1 "$in" > build/bench/code-base.out 2>/dev/null; } 2>&1 )
    tn=$( { time "$orrery" code -j 1 "$in" > build/bench/code-new.out 2>/dev/null; } 2>&1 )
    echo "$tb $tn"
  done > build/bench/code-ab.txt
  python3 - "$BASE" build/bench/code-ab.txt <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
base = [r[0] + r[1] for r in rows]
new = [r[2] + r[3] for r in rows]
mb, mn = statistics.median(base), statistics.median(new)
print(f"bench_code: versus {sys.argv[1]} (alternate runs, -j 1, {len(rows)} each): CPU median "
      f"{mb:.2f} s -> {mn:.2f} s (ratio {mn / mb:.3f}), best {min(base):.2f} s -> {min(new):.2f} s "
      f"(ratio {min(new) / min(base):.3f})")
PY
  if cmp -s build/bench/code-base.out build/bench/code-new.out; then
    echo "bench_code: output identical to $BASE's"
  else
    echo "bench_code: output DIFFERS from $BASE's"
  fi
  git worktree remove --force "$basedir"
fi
