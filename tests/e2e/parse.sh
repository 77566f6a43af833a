#!/usr/bin/env bash
# parse.sh — `orrery parse` and `orrery eval parse` end to end: the shipped
# model loads and reproduces its reported EWT test scores (within 0.1),
# --from conllu keeps the file's tokens, raw text (the seed article) parses,
# and a corrupt model gives a clear error.
source tests/e2e/lib.sh.inc
# Scores reported for data/models/en.model (make model; orrery eval parse).
WANT_UPOS=95.52 WANT_UAS=85.47 WANT_LAS=82.51
# The same parser given the gold tags (--gold-tags; docs/parser.md, "Where
# the accuracy gap is").
WANT_GOLD_UAS=87.91 WANT_GOLD_LAS=86.02

# Evaluating 2077 sentences is slow under ASan: $FAST is the plain build.
out=$("$FAST" eval parse "$EWT/en_ewt-ud-test.conllu" 2>&1)
check "eval parse runs on EWT test" test -n "$(echo "$out" | grep '^LAS ')"
check_near UPOS "$WANT_UPOS" "$(echo "$out" | awk '$1=="UPOS"{print $2}')"
check_near UAS "$WANT_UAS" "$(echo "$out" | awk '$1=="UAS"{print $2}')"
check_near LAS "$WANT_LAS" "$(echo "$out" | awk '$1=="LAS"{print $2}')"
gold=$("$FAST" eval parse "$EWT/en_ewt-ud-test.conllu" --gold-tags 2>&1)
check "eval parse --gold-tags says so" test -n "$(echo "$gold" | grep '^tags *gold')"
check_near "UPOS with --gold-tags" 99.98 "$(echo "$gold" | awk '$1=="UPOS"{print $2}')"
check_near "UAS with --gold-tags" "$WANT_GOLD_UAS" "$(echo "$gold" | awk '$1=="UAS"{print $2}')"
check_near "LAS with --gold-tags" "$WANT_GOLD_LAS" "$(echo "$gold" | awk '$1=="LAS"{print $2}')"

# --from conllu: same sentences, same tokens (ids and forms, ranges kept).
awk 'BEGIN{RS="";ORS="\n\n"} NR<=40 {print} NR>40 {exit}' "$EWT/en_ewt-ud-test.conllu" > "$TMP/in.conllu"
"$ORRERY" parse --from conllu "$TMP/in.conllu" > "$TMP/out.conllu"
check "parse --from conllu exits 0" test $? -eq 0
check_eq "same ids and forms" "$(grep -v '^#' "$TMP/in.conllu" | cut -f1,2 | md5sum)" \
  "$(grep -v '^#' "$TMP/out.conllu" | cut -f1,2 | md5sum)"
check_eq "one root per sentence" "$(grep -c '^# text' "$TMP/in.conllu")" \
  "$(awk -F'\t' '$7=="0"' "$TMP/out.conllu" | wc -l | tr -d ' ')"

# raw text: the seed article
seed=$(ls "$SHARED"/seed/*.txt | head -1)
"$ORRERY" parse "$seed" > "$TMP/seed.conllu" 2> "$TMP/seed.err"
check "seed article parses" test $? -eq 0
check "seed output has words" test "$(grep -c $'^1\t' "$TMP/seed.conllu")" -gt 10
bad=$(awk -F'\t' 'NF>0 && $1 !~ /^#/ && NF!=10' "$TMP/seed.conllu" | wc -l)
check_eq "seed output is 10-column CoNLL-U" 0 "$bad"

# corrupt and truncated models
head -c 5000 data/models/en.model > "$TMP/trunc.model"
err=$("$ORRERY" parse --model "$TMP/trunc.model" "$seed" 2>&1 >/dev/null); rc=$?
check_eq "truncated model exits 1" 1 "$rc"
check_contains "truncated model: clear error" "truncated model" "$err"
# a model of another format version (version field 1) is refused, naming both
{ head -c 8 data/models/en.model; printf '\001\000\000\000'; tail -c +13 data/models/en.model; } > "$TMP/v1.model"
err=$("$ORRERY" parse --model "$TMP/v1.model" "$seed" 2>&1 >/dev/null)
check_contains "other model format: clear error" "model version 1, this build reads 2" "$err"
printf 'junk' > "$TMP/junk.model"
err=$("$ORRERY" parse --model "$TMP/junk.model" "$seed" 2>&1 >/dev/null)
check_contains "junk model: clear error" "not an orrery model" "$err"
err=$("$ORRERY" parse --from conllu /dev/null/x 2>&1 >/dev/null)
check_contains "missing input: clear error" "/dev/null/x" "$err"
printf '1\tA\n' > "$TMP/bad.conllu"
err=$("$ORRERY" parse --from conllu "$TMP/bad.conllu" 2>&1 >/dev/null)
check_contains "bad CoNLL-U: file:line" "bad.conllu:1: expected 10 tab-separated columns" "$err"
exit $n_fail
