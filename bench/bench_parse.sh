#!/usr/bin/env bash
# bench_parse.sh — tag+parse speed (sentences/s, one thread, CPU time,
# excluding model load) and model load time (wall and CPU) on UD English
# EWT test, with the non-ASan build.  Best of 3 runs.
# With BASE=<git revision> (e.g. BASE=main), that revision is built in a
# scratch worktree (build/bench/base) and run with its own model,
# alternately with this one, 5 runs each, and the ratio of the best
# speeds is printed: a speed-up measured on the same busy machine at the
# same time.
# Reproduce: make && bash bench/bench_parse.sh   (or BASE=main bash ...)
set -u
cd "$(dirname "$0")/.." || exit 1
EWT=${SHARED:-../shared}/ud/en_ewt/en_ewt-ud-test.conllu
[ -f "$EWT" ] || { echo "bench_parse: no $EWT"; exit 0; }
speed() { "$@" | awk '$1=="speed"{print $2}'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN{print (b>a)?b:a}'; }
best=0 load=999999 loadcpu=999999
for _ in 1 2 3; do
  out=$(build/orrery eval parse "$EWT") || exit 1
  s=$(echo "$out" | awk '$1=="speed"{print $2}')
  l=$(echo "$out" | awk '$1=="load"{print $2}')
  c=$(echo "$out" | awk '$1=="load"{print $5}')
  best=$(max "$best" "$s")
  load=$(awk -v a="$load" -v b="$l" 'BEGIN{print (b<a)?b:a}')
  loadcpu=$(awk -v a="$loadcpu" -v b="$c" 'BEGIN{print (b<a)?b:a}')
done
echo "$out" | sed -n '/^UPOS/,/^LAS-base/p'
echo "parse speed: $best sentences/s (tag+parse, CPU time of one thread, best of 3, EWT test)"
echo "model load:  $load ms wall, $loadcpu ms CPU (best of 3)"
echo "model size:  $(stat -c %s data/models/en.model) bytes"
echo "command:     build/orrery eval parse $EWT"
if [ -n "${BASE:-}" ]; then
  dir=build/bench/base
  rm -rf "$dir"; git worktree prune
  git worktree add -q --detach "$dir" "$BASE" || exit 1
  ln -s "$(realpath "$(dirname "$EWT")/../..")" "$dir/../shared" 2>/dev/null
  make -C "$dir" --no-print-directory -s build/orrery >/dev/null 2>&1 || { echo "bench_parse: cannot build $BASE"; exit 1; }
  a=0 b=0
  for _ in 1 2 3 4 5; do
    a=$(max "$a" "$(speed "$dir/build/orrery" eval parse "$EWT" --model "$dir/data/models/en.model")")
    b=$(max "$b" "$(speed build/orrery eval parse "$EWT")")
  done
  echo "versus $BASE: $a -> $b sentences/s, $(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.2f", b/a}')x (best of 5 each, run alternately)"
  git worktree remove --force "$dir"
fi
