#!/usr/bin/env bash
# bench_biaffine.sh — the BiLSTM + biaffine parser against the shipped
# greedy model on UD English EWT test: accuracy (UPOS, UAS, LAS) and
# tag+parse speed (sentences/s, one thread, CPU time, excluding model
# load), the two models run alternately ROUNDS times (default 5) on the
# same busy machine.  Reported: the best of each and their ratio, and the
# median of the ROUNDS ratios of a run to the greedy run next to it (the
# steadier figure on a shared machine, where one round can be slowed
# by half).
# MODEL=<path> (default data/models/en-accurate.model, the shipped accurate
# model, `--model accurate`; or e.g. build/bi.model, one network trained as in
# docs/parser.md); skipped when there is no such model.
# Reproduce: make && bash bench/bench_biaffine.sh
set -u
cd "$(dirname "$0")/.." || exit 1
EWT=${SHARED:-../shared}/ud/en_ewt/en_ewt-ud-test.conllu
MODEL=${MODEL:-data/models/en-accurate.model}
[ -f "$EWT" ] || { echo "bench_biaffine: no $EWT"; exit 0; }
[ -f "$MODEL" ] || { echo "bench_biaffine: no $MODEL (train it: docs/parser.md)"; exit 0; }
speed() { awk '$1=="speed"{print $2}'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN{print (b>a)?b:a}'; }
g=0 b=0 ratios=""
for _ in $(seq "${ROUNDS:-5}"); do
  gi=$(build/orrery eval parse "$EWT" --model data/models/en.model | speed)
  out=$(build/orrery eval parse "$EWT" --model "$MODEL") || exit 1
  bi=$(echo "$out" | speed)
  g=$(max "$g" "$gi") b=$(max "$b" "$bi")
  ratios="$ratios $(awk -v a="$gi" -v b="$bi" 'BEGIN{printf "%.3f", b/a}')"
done
median=$(echo $ratios | tr ' ' '\n' | sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}')
echo "$out" | sed -n '/^model/p;/^UPOS/,/^LAS-base/p'
echo "biaffine: $b sentences/s, greedy (data/models/en.model): $g sentences/s, ratio $(awk -v a="$g" -v b="$b" 'BEGIN{printf "%.3f", b/a}') (best of ${ROUNDS:-5} each, alternately)"
echo "median ratio of neighbouring runs: $median (all: $ratios)"
echo "model size: $(stat -c %s "$MODEL") bytes"
echo "command:    build/orrery eval parse $EWT --model $MODEL"
