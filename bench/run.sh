#!/usr/bin/env bash
# bench/run.sh — run every benchmark script bench/bench_*.sh in turn.
# Each prints its own figures with the command that reproduces them.
set -u
status=0
for b in bench/bench_*.sh; do
  [ -e "$b" ] || continue
  echo "== $b"
  bash "$b" || status=1
done
exit $status
