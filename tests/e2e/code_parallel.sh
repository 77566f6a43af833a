#!/usr/bin/env bash
# code_parallel.sh — `orrery code -j N` reads, splits and codes whole
# records on worker threads and prints them in input order: stdout and
# stderr must be byte-identical for every N, with several files of mixed
# formats (JSON lines with bad lines, gzip, plain text, a missing file,
# stdin) and role warnings.  --stats adds one line and changes nothing else.
# Records coded together give what each gives alone.
source tests/e2e/lib.sh.inc
if [ ! -f data/models/en.model ]; then
  echo "ok - # SKIP no parser model (data/models/en.model) yet"; exit 0
fi
SEED=examples/seed-article.txt
{
  for i in $(seq 1 40); do
    case $((i % 8)) in
      3) echo 'this line is not json' ;;
      5) echo '{"id":"nt","title":"no text"}' ;;
      6) echo ;;
      *) jq -cn --arg i "$i" '{id: ("d" + $i), date: "2025-02-18", text: ("Russia released US citizen Kalob Byers on day " + $i + ". Trump met Putin in Riyadh. Russian National Security Adviser Mike Waltz met Lavrov.")}' ;;
    esac
  done
} > "$TMP/a.jsonl"
gzip -c "$TMP/a.jsonl" > "$TMP/b.jsonl.gz"
run() {
  "$ORRERY" code --check-roles "$@" "$TMP/a.jsonl" "$TMP/b.jsonl.gz" "$SEED" "$TMP/missing.txt" - \
    < "$SEED" > "$TMP/out$1$2" 2> "$TMP/err$1$2"
  echo $? >> "$TMP/err$1$2"
}
run -j 1
run -j 2
run -j 5
check "events were coded" test "$(wc -l < "$TMP/out-j1")" -gt 80
check_contains "bad lines reported" "a.jsonl:3:" "$(cat "$TMP/err-j1")"
check_contains "gzip bad lines reported" "b.jsonl.gz:5:" "$(cat "$TMP/err-j1")"
check_contains "role warnings" "role warning: d1 sentence 2" "$(cat "$TMP/err-j1")"
check_contains "missing file reported" "missing.txt: cannot open" "$(cat "$TMP/err-j1")"
check_eq "exit 3 for bad input" 3 "$(tail -1 "$TMP/err-j1")"
check "-j 2 stdout is -j 1's" cmp -s "$TMP/out-j1" "$TMP/out-j2"
check "-j 5 stdout is -j 1's" cmp -s "$TMP/out-j1" "$TMP/out-j5"
check "-j 2 stderr is -j 1's" cmp -s "$TMP/err-j1" "$TMP/err-j2"
check "-j 5 stderr is -j 1's" cmp -s "$TMP/err-j1" "$TMP/err-j5"
# warnings come in input order: line 3's before line 5's, a.jsonl's before b.jsonl.gz's
order=$(grep -oE '(a|b)\.jsonl(\.gz)?:[0-9]+' "$TMP/err-j5" | tr '\n' ' ')
check_eq "warnings in input order" "a.jsonl:3 a.jsonl:5 a.jsonl:11 a.jsonl:13 a.jsonl:19 a.jsonl:21 a.jsonl:27 a.jsonl:29 a.jsonl:35 a.jsonl:37 b.jsonl.gz:3 b.jsonl.gz:5 b.jsonl.gz:11 b.jsonl.gz:13 b.jsonl.gz:19 b.jsonl.gz:21 b.jsonl.gz:27 b.jsonl.gz:29 b.jsonl.gz:35 b.jsonl.gz:37 " "$order"
# A job's records are coded together (their parses in shared batches of a
# network parser): the same events and role warnings as each record coded
# alone (one file per line: a job never spans files), with both models
mkdir -p "$TMP/lines"
split -l 1 -a 3 "$TMP/a.jsonl" "$TMP/lines/l"
for model in fast accurate; do
  "$ORRERY" code --check-roles --model $model "$TMP/a.jsonl" > "$TMP/grp.out" 2> "$TMP/grp.err"
  "$ORRERY" code --check-roles --model $model "$TMP"/lines/l* > "$TMP/one.out" 2> "$TMP/one.err"
  check "$model: events coded together are those coded one record at a time" cmp -s "$TMP/grp.out" "$TMP/one.out"
  check "$model: so are the role warnings" \
    cmp -s <(grep 'role warning' "$TMP/grp.err") <(grep 'role warning' "$TMP/one.err")
  check "$model: events and warnings there" test "$(wc -l < "$TMP/grp.out")" -gt 40 -a "$(grep -c 'role warning' "$TMP/grp.err")" -gt 20
done
# --stats: one more stderr line, the same events
"$ORRERY" code --stats -j 2 "$TMP/a.jsonl" > "$TMP/stats.out" 2> "$TMP/stats.err"
"$ORRERY" code "$TMP/a.jsonl" > "$TMP/plain.out" 2>/dev/null
check "--stats leaves the events alone" cmp -s "$TMP/stats.out" "$TMP/plain.out"
stats=$(grep 'stats:' "$TMP/stats.err")
check_contains "--stats counts parsed sentences" "sentences tagged and parsed" "$stats"
check_contains "--stats gives the tag+parse share" "tag+parse" "$stats"
exit $n_fail
