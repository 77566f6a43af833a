#!/usr/bin/env bash
# fuzz/run.sh TARGETS... — run each libFuzzer target for $FUZZ_SECONDS
# (default 60) with its seed corpus fuzz/corpus/<name>/ if present, and
# report execs and crashes.  Crashes are saved under build/fuzz/crashes/.
set -u
secs=${FUZZ_SECONDS:-60}
mkdir -p build/fuzz/crashes
status=0
for t in "$@"; do
  name=$(basename "$t")
  corpus=build/fuzz/corpus/$name
  mkdir -p "$corpus"
  seeds=fuzz/corpus/${name#fuzz_}
  [ -d "$seeds" ] || seeds=
  log=build/fuzz/$name.log
  "$t" -max_total_time="$secs" -rss_limit_mb=4096 -artifact_prefix=build/fuzz/crashes/$name- \
       "$corpus" $seeds >"$log" 2>&1
  rc=$?
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  [ -n "$execs" ] || execs=$(grep -oE '#[0-9]+' "$log" | tail -1 | tr -d '#')
  echo "$name: ${secs}s, ${execs:-?} execs, exit $rc$( [ $rc -ne 0 ] && echo ' (CRASH: see '"$log"')')"
  [ $rc -eq 0 ] || status=1
done
exit $status
