#!/usr/bin/env bash
# ingest.sh — orrery ingest end to end: the seed, re-ingest as a no-op,
# gzip and stdin input, bad files reported, and the kill -9 crash test.
. "$(dirname "$0")/lib.sh.inc"
db=$TMP/t.db

out=$("$ORRERY" ingest examples/seed-article.txt --db "$db" 2>&1)
check_contains "seed ingested as one new document" "1 new document" "$out"
out=$("$ORRERY" ingest examples/seed-article.txt --db "$db" 2>&1)
check_contains "re-ingesting the seed is a no-op" "0 new documents (0 sentences), 1 already stored" "$out"
check_eq "one document stored" 1 "$("$ORRERY" docs --db "$db" | wc -l)"

gzip -c examples/seed-article.txt > "$TMP/seed.txt.gz"
out=$("$ORRERY" ingest "$TMP/seed.txt.gz" --db "$db" 2>&1)
check_contains "gzip input is the same document" "1 already stored" "$out"
out=$(printf 'Putin spoke with Trump.\n' | "$ORRERY" ingest - --db "$db" 2>&1)
check_contains "stdin input" "1 new document" "$out"

"$ORRERY" ingest /nonexistent.txt --db "$db" > "$TMP/out" 2>&1
check_eq "missing file: exit 3 (bad input), others still processed" 3 $?
check_contains "missing file named in the error" "/nonexistent.txt: cannot open" "$(cat "$TMP/out")"
"$ORRERY" ingest --bogus --db "$db" >/dev/null 2>&1
check_eq "unknown option: exit 2" 2 $?

# A batch's documents are coded together before it commits: the events
# stored are those `orrery code` gives document by document, with both
# models, for batches of 2 over five documents
mkdir -p "$TMP/five"
cp examples/seed-article.txt "$TMP/five/a.txt"
printf 'Russia released US citizen Kalob Byers on February 18, 2025.\n' > "$TMP/five/b.txt"
printf 'Nothing happened here.\n' > "$TMP/five/c.txt"
printf 'On March 3, 2025, France accused Germany of lying. Ukraine was attacked by Russia.\n' > "$TMP/five/d.txt"
printf 'On March 4, 2025, Trump met Putin in Riyadh.\n' > "$TMP/five/e.txt"
for model in fast accurate; do
  "$ORRERY" ingest --model $model --batch 2 --db "$TMP/five-$model.db" "$TMP"/five/*.txt > /dev/null 2>&1
  stored=$(sqlite3 "$TMP/five-$model.db" "SELECT source_code, target_code, code, sentence_idx FROM events ORDER BY id" | tr '|' '\t')
  coded=$("$ORRERY" code --model $model --format tsv "$TMP"/five/*.txt 2>/dev/null | awk -F'\t' '$1 != "" {print $2"\t"$3"\t"$4"\t"$9}')
  check_eq "$model: stored events are the coded ones" "$coded" "$stored"
  check "$model: and there are some" test "$(echo "$stored" | wc -l)" -ge 15
  rules=$("$ORRERY" code --model $model "$TMP"/five/*.txt 2>/dev/null | jq -r '.rule')
  check_eq "$model: each stored event keeps its dictionary line" "$rules" \
    "$(sqlite3 "$TMP/five-$model.db" "SELECT origin FROM events ORDER BY id")"
done

# Crash test: kill -9 during a large ingest leaves a valid database with
# whole batches only; a rerun completes with no duplicates.
mkdir -p "$TMP/many"
for i in $(seq 1 3000); do echo "Document $i reports that delegation $i met in Geneva." > "$TMP/many/d$i.txt"; done
cdb=$TMP/crash.db
"$ORRERY" ingest "$TMP"/many/*.txt --db "$cdb" --batch 50 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  n=$(sqlite3 "$cdb" 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)
  [ "${n:-0}" -ge 100 ] && break
  sleep 0.05
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
n=$(sqlite3 "$cdb" 'SELECT count(*) FROM documents')
check_eq "database valid after kill -9" ok "$(sqlite3 "$cdb" 'PRAGMA integrity_check')"
check "killed mid-run: only whole batches committed ($n docs)" test $((n % 50)) -eq 0 -a "$n" -lt 3000
check_eq "every stored document has its sentence" "$n" "$(sqlite3 "$cdb" 'SELECT count(DISTINCT doc_id) FROM sentences')"
"$ORRERY" ingest "$TMP"/many/*.txt --db "$cdb" --batch 50 >/dev/null 2>&1
check_eq "rerun completes: exactly 3000 documents" 3000 "$(sqlite3 "$cdb" 'SELECT count(*) FROM documents')"
check_eq "no duplicate hashes" 3000 "$(sqlite3 "$cdb" 'SELECT count(DISTINCT hash) FROM documents')"
exit 0
