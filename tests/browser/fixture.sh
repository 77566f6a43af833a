#!/usr/bin/env bash
# fixture.sh DB — build the dashboard's test database: the seed article and
# fixture.txt ingested by orrery, then a deterministic event history
# (fixture.mjs).  Used by the browser tests and by `make bench-http`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
db=$1
ORRERY=${ORRERY:-build/orrery}
rm -f "$db" "$db-wal" "$db-shm"
"$ORRERY" ingest "$here/../../examples/seed-article.txt" "$here/fixture.txt" --db "$db" >/dev/null
node "$here/fixture.mjs" "$db" | sqlite3 "$db"
