#!/usr/bin/env bash
# bench_tagger.sh — the POS tagger alone (token features + both passes) on
# UD English EWT test with gold tokens: UPOS, sentences/s and its share of
# tag+parse time (CPU time of one thread, best of 5, model load excluded).
# Reproduce: make && bash bench/bench_tagger.sh [MODEL]
set -eu
cd "$(dirname "$0")/.."
EWT=${SHARED:-../shared}/ud/en_ewt/en_ewt-ud-test.conllu
[ -f "$EWT" ] || { echo "bench_tagger: no $EWT"; exit 0; }
model=${1:-data/models/en.model}
mkdir -p build/bench
make --no-print-directory build/liborrery.a >/dev/null
# shellcheck disable=SC2046
cc -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Iinclude -Isrc -o build/bench/tag_speed \
  bench/tag_speed.c build/liborrery.a $(pkg-config --libs sqlite3 libpq libmicrohttpd jansson \
  libxml-2.0 gumbo libutf8proc igraph zlib nettle) -lm -lpthread
build/bench/tag_speed "$model" "$EWT"
echo "command:      bash bench/bench_tagger.sh $model"
