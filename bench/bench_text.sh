#!/usr/bin/env bash
# bench_text.sh — the text stage on UD English EWT: sentence and token F1
# and splitting+tokenising speed (CPU time, in-process), for the closing
# notes.  Needs ../shared (or $SHARED); skips without it.
set -u
shared=${SHARED:-../shared}
orrery=${ORRERY:-build/orrery}
for split in test train; do
  gold=$shared/ud/en_ewt/en_ewt-ud-$split.conllu
  [ -r "$gold" ] || { echo "bench_text: $gold not found, skipped"; continue; }
  echo "\$ $orrery eval segment $gold"
  "$orrery" eval segment "$gold"
done
gold=$shared/ud/en_ewt/en_ewt-ud-test.conllu
if [ -r "$gold" ]; then
  echo "\$ $orrery eval segment $gold --no-paragraphs"
  "$orrery" eval segment "$gold" --no-paragraphs
fi
