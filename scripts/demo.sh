#!/usr/bin/env bash
# scripts/demo.sh — the main job on the founding document: ingest the
# seed article into ./orrery.db and show what orrery made of it.
set -eu
ORRERY=${ORRERY:-build/orrery}
DB=${ORRERY_DB:-orrery.db}
seed=examples/seed-article.txt

echo "== orrery demo: $seed -> $DB"
"$ORRERY" ingest "$seed" --db "$DB"
echo
"$ORRERY" docs --db "$DB" --format json | head -1 | sed 's/^/document: /'
echo
echo "== sentences (## marks a heading)"
"$ORRERY" sentences --db "$DB" --doc 1 | cut -f2- | awk -F'\t' '{printf "%3d  %s\n", $1, $2}'
