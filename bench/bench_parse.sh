#!/usr/bin/env bash
# bench_parse.sh — tag+parse speed (sentences/s, one thread, CPU time,
# excluding model load) and model load time (wall and CPU) on UD English
# EWT test, with the non-ASan build.  Best of 3 runs.
# Reproduce: make && bash bench/bench_parse.sh
set -u
EWT=${SHARED:-../shared}/ud/en_ewt/en_ewt-ud-test.conllu
[ -f "$EWT" ] || { echo "bench_parse: no $EWT"; exit 0; }
best=0 load=999999 loadcpu=999999
for i in 1 2 3; do
  out=$(build/orrery eval parse "$EWT") || exit 1
  s=$(echo "$out" | awk '$1=="speed"{print $2}')
  l=$(echo "$out" | awk '$1=="load"{print $2}')
  c=$(echo "$out" | awk '$1=="load"{print $5}')
  best=$(awk -v a="$best" -v b="$s" 'BEGIN{print (b>a)?b:a}')
  load=$(awk -v a="$load" -v b="$l" 'BEGIN{print (b<a)?b:a}')
  loadcpu=$(awk -v a="$loadcpu" -v b="$c" 'BEGIN{print (b<a)?b:a}')
done
echo "$out" | sed -n '/^UPOS/,/^LAS-base/p'
echo "parse speed: $best sentences/s (tag+parse, CPU time of one thread, best of 3, EWT test)"
echo "model load:  $load ms wall, $loadcpu ms CPU (best of 3)"
echo "model size:  $(stat -c %s data/models/en.model) bytes"
echo "command:     build/orrery eval parse $EWT"
