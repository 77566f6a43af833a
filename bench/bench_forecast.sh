#!/usr/bin/env bash
# bench_forecast.sh — forecast figures: every model scored on DEU III
# (accuracy) and how fast the expected-utility model runs over it (speed).
# Needs ../shared (the DEU III table has no licence and is never shipped).
# Rerun: bash bench/bench_forecast.sh
set -u
ORRERY=${ORRERY:-build/orrery}
deu=${SHARED:-../shared}/bdm/predictioneers_game/deu3.csv
if [ ! -r "$deu" ]; then echo "bench_forecast: skipped (no $deu)"; exit 0; fi
echo "command: $ORRERY eval forecast $deu"
"$ORRERY" eval forecast "$deu"
for v in risk-positions all-pairs; do
  echo; echo "command: $ORRERY eval forecast $deu --variant $v"
  "$ORRERY" eval forecast "$deu" --variant "$v" | sed -n '5,6p'
done
start=$(date +%s.%N)
"$ORRERY" eval forecast "$deu" --rounds 20 > /dev/null
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { t = e - s; printf "\nspeed: 353 issues x 20 rounds in %.2f s (%.0f issues/s, all models, default variant)\n", t, 353 / t }'
