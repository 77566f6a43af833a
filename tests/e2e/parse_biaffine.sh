#!/usr/bin/env bash
# parse_biaffine.sh — the BiLSTM + biaffine parser through the CLI: a tiny
# model trained with `parse --train ... --parser biaffine` writes a model
# that `eval parse` (also with --gold-tags) and `parse --from conllu`
# use, its info line says so, and a bad --parser value is a usage error.
source tests/e2e/lib.sh.inc
require_ewt
ewt_dev_slice 15 "$TMP/dev.conllu"
"$ORRERY" parse --train "$EWT/en_ewt-ud-train.conllu" --dev "$TMP/dev.conllu" -o "$TMP/bi.model" \
  --parser biaffine --max-sentences 30 --lstm 8 --batch 4 --epochs 3 --tagger-epochs 1 --jackknife 2 \
  --seed 3 2> "$TMP/train.log"
check "biaffine training exits 0" test $? -eq 0
check_contains "training prints per-epoch dev UAS" "dev UPOS" "$(grep 'biaffine epoch 3' "$TMP/train.log")"
out=$("$ORRERY" eval parse "$TMP/dev.conllu" --model "$TMP/bi.model" 2>&1)
check_contains "eval parse names the biaffine parser" "BiLSTM-biaffine" "$out"
check "eval parse gives a LAS" test -n "$(echo "$out" | grep '^LAS ')"
gold=$("$ORRERY" eval parse "$TMP/dev.conllu" --model "$TMP/bi.model" --gold-tags 2>&1)
check_contains "eval parse --gold-tags works with it" "tags      gold" "$gold"
check "eval parse --gold-tags gives a LAS" test -n "$(echo "$gold" | grep "^LAS ")"
"$ORRERY" parse --from conllu "$TMP/dev.conllu" --model "$TMP/bi.model" > "$TMP/out.conllu"
check "parse --from conllu exits 0" test $? -eq 0
check_eq "one root per sentence" "$(grep -c '^# text' "$TMP/dev.conllu")" \
  "$(awk -F'\t' '$7=="0"' "$TMP/out.conllu" | wc -l | tr -d ' ')"
"$ORRERY" parse --train x --dev y -o z --parser neural 2>/dev/null
check_eq "--parser neural is a usage error" 2 $?
exit $n_fail
