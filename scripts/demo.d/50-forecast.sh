#!/usr/bin/env bash
# 50-forecast.sh — the seed's question as one negotiation issue: how much of
# the occupied territory Ukraine concedes (examples/ukraine-2025.csv, every
# value an illustrative assumption), forecast under every model.
set -eu
echo
echo "== forecast: examples/ukraine-2025.csv (illustrative assumptions, see the file)"
for model in bdm compromise median; do
  "$ORRERY" forecast examples/ukraine-2025.csv --model "$model" | awk -v m="$model" '$1 == m'
done
