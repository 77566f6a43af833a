#!/usr/bin/env bash
# bench_dict.sh — compiled-dictionary load time and lookup throughput.
# Load: 15 opens of data/dict/default.orrdict (map + CRC + validation),
# median.  Lookup: the Reuters-21578 bodies (../shared, not shipped)
# tokenized once, then folded, mapped to word ids and scanned for
# longest actor/agent matches in 64-token chunks, repeated for 2 s of CPU
# time on one thread; tokens per CPU-second is the one-core figure.
set -u
ORRERY=${ORRERY:-build/orrery}
SHARED=${SHARED:-$(cd .. && pwd)/shared}
text=build/bench/reuters.txt
mkdir -p build/bench
if [ ! -s "$text" ]; then
  if [ -d "$SHARED/corpus/reuters21578" ]; then
    cat "$SHARED"/corpus/reuters21578/reut2-00[0-2].xml | sed -n 's/<[^>]*>/ /g; p' | grep -v '^\s*$' > "$text"
  else
    echo "bench_dict: $SHARED/corpus/reuters21578 missing; using the seed article"
    text=examples/seed-article.txt
  fi
fi
echo "command: $ORRERY dict bench --text $text"
"$ORRERY" dict bench --text "$text"
