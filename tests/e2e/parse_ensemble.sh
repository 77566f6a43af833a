#!/usr/bin/env bash
# parse_ensemble.sh — `orrery parse --combine A,B -o OUT`: two tiny biaffine
# models trained with the same tagger (same seed and tagger options, a
# different batch size) combine into one model that names both and parses;
# a model combined with itself parses exactly as it does alone (the summed
# log-probabilities rank trees and labels as one network's scores do); a
# model with another tagger, a greedy model and a missing -o are refused.
source tests/e2e/lib.sh.inc
require_ewt
ewt_dev_slice 15 "$TMP/dev.conllu"
train() {  # train OUT SEED BATCH
  "$ORRERY" parse --train "$EWT/en_ewt-ud-train.conllu" --dev "$TMP/dev.conllu" -o "$1" \
    --parser biaffine --max-sentences 30 --lstm 8 --batch "$3" --epochs 2 --tagger-epochs 1 --jackknife 2 \
    --seed "$2" 2>/dev/null
}
train "$TMP/a.model" 3 4; check "model A trains" test $? -eq 0
train "$TMP/b.model" 3 5; check "model B trains" test $? -eq 0
train "$TMP/c.model" 4 4; check "model C (another seed, so another tagger) trains" test $? -eq 0
"$ORRERY" parse --combine "$TMP/a.model,$TMP/b.model" -o "$TMP/ab.model" 2>/dev/null
check "A and B combine" test $? -eq 0
out=$("$ORRERY" eval parse "$TMP/dev.conllu" --model "$TMP/ab.model" 2>&1)
check_contains "the ensemble's info names its members" "ensemble: a.model b.model" "$out"
check "the ensemble gives a LAS" test -n "$(echo "$out" | grep '^LAS ')"
"$ORRERY" parse --combine "$TMP/a.model,$TMP/a.model" -o "$TMP/aa.model" 2>/dev/null
"$ORRERY" parse --from conllu "$TMP/dev.conllu" --model "$TMP/a.model" > "$TMP/a.conllu"
"$ORRERY" parse --from conllu "$TMP/dev.conllu" --model "$TMP/aa.model" > "$TMP/aa.conllu"
check "A combined with itself parses as A alone" cmp -s "$TMP/a.conllu" "$TMP/aa.conllu"
check "and the parse is not empty" test "$(grep -c $'\t' "$TMP/a.conllu")" -gt 100
err=$("$ORRERY" parse --combine "$TMP/a.model,$TMP/c.model" -o "$TMP/ac.model" 2>&1)
check_eq "a model with another tagger is refused (exit 1)" 1 $?
check_contains "and the error names it and says why" "c.model: trained with another tagger" "$err"
check "and no file is left behind" test ! -e "$TMP/ac.model"
err=$("$ORRERY" parse --combine "$TMP/a.model,data/models/en.model" -o "$TMP/ax.model" 2>&1)
check_contains "a greedy model is refused" "en.model: not a biaffine model" "$err"
"$ORRERY" parse --combine "$TMP/a.model,$TMP/b.model" 2>/dev/null
check_eq "--combine without -o is a usage error" 2 $?
err=$("$ORRERY" parse --combine "$TMP/a.model" -o "$TMP/x.model" 2>&1)
check_contains "one model is not an ensemble" "give 2 to 4 models" "$err"
exit $n_fail
