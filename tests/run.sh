#!/usr/bin/env bash
# tests/run.sh BUILD_DIR UNIT_BINARIES... — run every cmocka program and
# every end-to-end script (tests/e2e/*.sh, TAP-style "ok"/"not ok" lines),
# then print the one closing line CI reads: "N passed, N failed".
set -u
build=$1; shift
export ORRERY="$PWD/$build/orrery"
export ORRERY_DATA="$PWD/data"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export SHARED="${SHARED:-$(cd .. && pwd)/shared}"
passed=0 failed=0
failures=()
log=$(mktemp)
for bin in "$@"; do
  name=$(basename "$bin")
  "$bin" >"$log" 2>&1
  rc=$?
  p=$(grep -E '^\[  PASSED  \] [0-9]+ test' "$log" | grep -oE '[0-9]+' | head -1)
  f=$(grep -E '^\[  FAILED  \] [0-9]+ test' "$log" | grep -oE '[0-9]+' | head -1)
  p=${p:-0} f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or sanitizer report
  passed=$((passed + p)) failed=$((failed + f))
  if [ "$f" -ne 0 ]; then failures+=("$name"); cat "$log"; fi
  echo "unit $name: $p passed, $f failed"
done
for script in tests/e2e/*.sh; do
  [ -e "$script" ] || continue
  name=$(basename "$script")
  bash "$script" >"$log" 2>&1
  rc=$?
  p=$(grep -cE '^ok ' "$log")
  f=$(grep -cE '^not ok ' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)) failed=$((failed + f))
  if [ "$f" -ne 0 ]; then failures+=("$name"); cat "$log"; fi
  echo "e2e $name: $p passed, $f failed"
done
rm -f "$log"
[ ${#failures[@]} -eq 0 ] || echo "failing: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
