#!/usr/bin/env bash
# 10-ingest.sh — store the seed and show its title, date, author, sentences.
set -eu
echo "== orrery demo: $SEED -> $DB"
"$ORRERY" ingest "$SEED" --db "$DB"
echo
"$ORRERY" docs --db "$DB" --format json | head -1 | sed 's/^/document: /'
echo
echo "== sentences (## marks a heading)"
"$ORRERY" sentences --db "$DB" --doc 1 | cut -f2- | awk -F'\t' '{printf "%3d  %s\n", $1, $2}'
