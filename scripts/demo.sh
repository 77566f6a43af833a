#!/usr/bin/env bash
# scripts/demo.sh — the main job on the founding document: ingest the
# seed article into ./orrery.db, then run each stage's demo step in
# scripts/demo.d/ in order (each prints what orrery made of it).
set -eu
export ORRERY=${ORRERY:-build/orrery}
export DB=${ORRERY_DB:-orrery.db}
export SEED=examples/seed-article.txt
for step in scripts/demo.d/*.sh; do
  bash "$step"
done
