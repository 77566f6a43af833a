#!/usr/bin/env bash
# 10-ingest.sh — store the seed and show what the text stage made of the
# page: headline, standfirst, byline, date, then the numbered sentences
# with section headings marked (site furniture is gone).
set -eu
echo "== orrery demo: $SEED -> $DB"
"$ORRERY" ingest "$SEED" --db "$DB"
echo
"$ORRERY" docs --db "$DB" --format json | head -1 | sed 's/^/document: /'
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 -separator ': ' "$DB" \
    "SELECT 'title', title FROM documents WHERE id = 1
     UNION ALL SELECT 'subtitle', subtitle FROM documents WHERE id = 1 AND subtitle IS NOT NULL
     UNION ALL SELECT 'author', author FROM documents WHERE id = 1 AND author IS NOT NULL
     UNION ALL SELECT 'date', date FROM documents WHERE id = 1 AND date IS NOT NULL"
fi
echo
echo "== sentences (## marks a heading)"
"$ORRERY" sentences --db "$DB" --doc 1 | cut -f2- | awk -F'\t' '{printf "%3d  %s\n", $1, $2}'
