#!/usr/bin/env bash
# bench_code.sh — the coder end to end on the Reuters-21578 bodies
# (text -> sentences -> tokens -> parse -> actors/verbs -> events):
# sentences per second (wall clock) on one thread and with -j 2.
# The corpus is read from ../shared at run time (research use only, never
# copied into the repository); the JSON-lines form is written to build/bench.
# BENCH_CODE_FILES (default 4) sets how many reut2-NNN.xml files are used.
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
python3 - $files > "$in" <<'PY'
import json, re, sys, html
for path in sys.argv[1:]:
    raw = open(path, encoding="latin-1").read()
    for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', raw, re.S):
        body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
        if body:
            text = html.unescape(re.sub(r"\s+", " ", body.group(1))).strip()
            print(json.dumps({"id": "reuters-" + m.group(1), "date": "1987-03-01", "text": text}))
PY
echo "bench_code: $(wc -l < "$in") Reuters bodies from $n files"
# wall clock and CPU time (user+sys) of each run; the machine may be shared,
# so sentences per CPU-second is the per-core figure.
for j in 1 2; do
  TIMEFORMAT='%R %U %S'
  { t=$( { time "$orrery" code --in jsonl -j $j "$in" >/dev/null 2>"build/bench/code-j$j.err"; } 2>&1 ); } 
  summary=$(tail -1 "build/bench/code-j$j.err")
  sents=$(echo "$summary" | grep -oE '[0-9]+ sentences' | grep -oE '[0-9]+')
  echo "$t" | awk -v s="$sents" -v j="$j" -v sum="$summary" '{
    cpu = $2 + $3; printf "bench_code -j %d: %s; wall %.2f s (%.0f sentences/s), CPU %.2f s (%.0f sentences per CPU-second)\n", j, sum, $1, s / $1, cpu, s / cpu }'
done
