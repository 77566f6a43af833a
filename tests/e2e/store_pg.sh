#!/usr/bin/env bash
# store_pg.sh — the CLI on a PostgreSQL store: ingest and re-ingest as a
# no-op, $ORRERY_DB, the same listing as SQLite gives, the kill -9 crash
# test, a session killed mid-ingest (clear error, rerun completes), event
# files imported into both backends giving the same relations and HTTP
# answers, and
# an unreachable server (retries, then a clear error).
#
# Server: $ORRERY_TEST_PG (set by .ci/run), else a throwaway cluster from
# scripts/pg-cluster.sh.  No server: "not ok" under CI=true, a SKIP line
# elsewhere.
. "$(dirname "$0")/lib.sh.inc"

admin=${ORRERY_TEST_PG:-}
started=""
if [ -z "$admin" ]; then
  if admin=$(bash scripts/pg-cluster.sh start 2>"$TMP/pg.err"); then
    started=1
  elif [ "${CI:-}" = true ]; then
    echo "not ok - PostgreSQL could not be started under CI: $(tail -n 1 "$TMP/pg.err")"
    exit 1
  else
    echo "# SKIP store_pg.sh: no PostgreSQL server ($(tail -n 1 "$TMP/pg.err")); set ORRERY_TEST_PG"
    exit 0
  fi
fi
dbs=()
cleanup() {
  for d in "${dbs[@]}"; do psql "$admin" -XAtqc "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null; done
  [ -n "$started" ] && bash scripts/pg-cluster.sh stop "$admin" >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT

fresh_db() {  # fresh_db NAME — create database orrery_e2e_PID_NAME; its URI in $uri
  name=orrery_e2e_$$_$1
  psql "$admin" -XAtqc "CREATE DATABASE $name" >/dev/null
  dbs+=("$name")
  case "$admin" in *\?*) uri="$admin&dbname=$name" ;; *) uri="$admin?dbname=$name" ;; esac
}
count() { psql "$1" -XAtqc "$2" 2>/dev/null || echo 0; }

fresh_db seed; db=$uri
out=$("$ORRERY" ingest examples/seed-article.txt --db "$db" 2>&1)
check_contains "seed ingested into PostgreSQL as one new document" "1 new document" "$out"
out=$(ORRERY_DB=$db "$ORRERY" ingest examples/seed-article.txt 2>&1)
check_contains "re-ingest through \$ORRERY_DB is a no-op" "0 new documents (0 sentences), 1 already stored" "$out"
"$ORRERY" ingest examples/seed-article.txt --db "$TMP/seed.db" >/dev/null 2>&1
check_eq "sentences listed as from SQLite" "$("$ORRERY" sentences --db "$TMP/seed.db" --format json)" \
  "$("$ORRERY" sentences --db "$db" --format json)"
check_eq "documents listed as from SQLite" "$("$ORRERY" docs --db "$TMP/seed.db" --format json)" \
  "$(ORRERY_DB=$db "$ORRERY" docs --format json)"

# Crash test: kill -9 during a large ingest leaves whole batches only; a
# rerun completes with no duplicates.
mkdir -p "$TMP/many"
for i in $(seq 1 3000); do echo "Document $i reports that delegation $i met in Geneva." > "$TMP/many/d$i.txt"; done
fresh_db crash; cdb=$uri
"$ORRERY" ingest "$TMP"/many/*.txt --db "$cdb" --batch 50 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 400); do
  n=$(count "$cdb" 'SELECT count(*) FROM documents')
  [ "${n:-0}" -ge 100 ] && break
  sleep 0.05
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
sleep 0.2  # the server notices the dead client and rolls its open batch back
n=$(count "$cdb" 'SELECT count(*) FROM documents')
check "killed mid-run: only whole batches committed ($n docs)" test $((n % 50)) -eq 0 -a "$n" -gt 0 -a "$n" -lt 3000
check_eq "every stored document has its sentence" "$n" "$(count "$cdb" 'SELECT count(DISTINCT doc_id) FROM sentences')"
"$ORRERY" ingest "$TMP"/many/*.txt --db "$cdb" --batch 50 >/dev/null 2>&1
check_eq "rerun completes: exactly 3000 documents" 3000 "$(count "$cdb" 'SELECT count(*) FROM documents')"
check_eq "no duplicate hashes" 3000 "$(count "$cdb" 'SELECT count(DISTINCT hash) FROM documents')"
check_eq "one sentence each" 3000 "$(count "$cdb" 'SELECT count(*) FROM sentences')"

# The server ends the session mid-ingest: a clear error, whole batches kept, rerun completes.
fresh_db lost; ldb=$uri
"$ORRERY" ingest "$TMP"/many/*.txt --db "$ldb" --batch 50 >"$TMP/lost.out" 2>&1 &
pid=$!
for _ in $(seq 1 400); do
  n=$(count "$ldb" 'SELECT count(*) FROM documents')
  [ "${n:-0}" -ge 100 ] && break
  sleep 0.05
done
psql "$admin" -XAtqc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
  WHERE datname = '$name' AND application_name = 'orrery'" >/dev/null
wait $pid
rc=$?
n=$(count "$ldb" 'SELECT count(*) FROM documents')
# Almost always the session dies inside a batch: exit 1 and a clear error.
# If it died between two batches the next batch reconnected and the run
# finished, which is right too (test_store_pg checks both cases exactly).
if [ $rc -eq 0 ]; then
  check_eq "session killed between batches: reconnected, all stored" 3000 "$n"
else
  check_eq "session killed: ingest exits 1" 1 $rc
  # Killed inside a batch: "connection lost during a batch"; killed while
  # its COMMIT was in flight: "connection lost while committing a batch".
  check "session killed: the error says the batch was lost" \
    grep -q 'connection lost \(during\|while committing\) a batch' "$TMP/lost.out"
  check "session killed: only whole batches committed ($n docs)" test $((n % 50)) -eq 0 -a "$n" -lt 3000
fi
"$ORRERY" ingest "$TMP"/many/*.txt --db "$ldb" --batch 50 >/dev/null 2>&1
check_eq "after a lost session the rerun completes: 3000 documents" 3000 "$(count "$ldb" 'SELECT count(*) FROM documents')"

# Event files imported into both backends: every relations command answers the same.
events=("$SHARED/events/gdelt-sample/events2samps.csv" "$SHARED/events/icews/events.2018.sample.tab")
if [ -r "${events[0]}" ] && [ -r "${events[1]}" ] && "$ORRERY" help import >/dev/null 2>&1 &&
   ! "$ORRERY" import 2>&1 | grep -q "not built"; then
  fresh_db events; edb=$uri
  "$ORRERY" import "${events[@]}" --db "$TMP/events.db" >/dev/null 2>&1
  out=$("$ORRERY" import "${events[@]}" --db "$edb" 2>&1)
  check_contains "GDELT sample imported into PostgreSQL" "6090 rows, 6090 new events" "$out"
  out=$("$ORRERY" import "${events[1]}" --db "$edb" 2>&1)
  check_contains "re-import into PostgreSQL stores nothing" "3705 rows, 0 new events, 3705 already stored" "$out"
  for cmd in "dyad USA PRK" "actors" "top" "network" "blocs" "shifts"; do
    # shellcheck disable=SC2086
    a=$("$ORRERY" $cmd --db "$TMP/events.db" 2>&1); b=$("$ORRERY" $cmd --db "$edb" 2>&1)
    check "orrery $cmd: same answer from both backends ($(wc -l <<<"$b") lines)" test -n "$b" -a "$a" = "$b"
  done
  # orrery serve on each backend answers the same (event ids aside: each store numbers its own).
  serve_on() {  # serve_on DB LOG: start a server on a free port; sets spid and sbase
    ORRERY_TOKEN= "$ORRERY" serve --db "$1" --port 0 --threads 2 2>"$2" &
    spid=$! sbase=
    for _ in $(seq 1 100); do
      sbase=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$2" | head -n 1)
      [ -n "$sbase" ] && break
      sleep 0.1
    done
  }
  if "$ORRERY" help serve >/dev/null 2>&1 && command -v curl >/dev/null; then
    serve_on "$TMP/events.db" "$TMP/serve-sqlite.log"; p1=$spid b1=$sbase
    serve_on "$edb" "$TMP/serve-pg.log"; p2=$spid b2=$sbase
    for path in "/api/dyads/USA/PRK?by=month" "/api/actors" "/api/network" "/api/events?dyad=USA-PRK&limit=5"; do
      a=$(curl -s "$b1$path" | sed -E 's/"id":[0-9]+/"id":_/g')
      b=$(curl -s "$b2$path" | sed -E 's/"id":[0-9]+/"id":_/g')
      check "serve GET $path: same answer from both backends (${#b} bytes)" test -n "$b" -a "$a" = "$b"
    done
    kill -TERM "$p1" "$p2" 2>/dev/null
    wait "$p1" "$p2" 2>/dev/null
  fi
else
  echo "# SKIP relations on PostgreSQL: no event samples under \$SHARED or no import command"
fi

"$ORRERY" docs --db postgresql://orrery@127.0.0.1:1/none >"$TMP/down.out" 2>&1
check_eq "server down: exit 1" 1 $?
check_contains "server down: retried, then a clear error" "postgresql://orrery@127.0.0.1:1/none: cannot connect (6 attempts" "$(cat "$TMP/down.out")"
exit 0
