#!/usr/bin/env bash
# parse_distill.sh — `orrery parse --train ... --parser biaffine --teacher
# MODEL [--distill ALPHA]`: a tiny network distilled from a tiny teacher
# trains and its model names the teacher; a teacher with another tagger
# (another seed), a greedy model, a missing file, --teacher without
# --parser biaffine and an ALPHA outside (0, 1] are refused with a clear
# error and leave no model behind.
source tests/e2e/lib.sh.inc
require_ewt
ewt_dev_slice 15 "$TMP/dev.conllu"
train() {  # train OUT SEED [options...]
  local out=$1 seed=$2; shift 2
  "$ORRERY" parse --train "$EWT/en_ewt-ud-train.conllu" --dev "$TMP/dev.conllu" -o "$out" \
    --max-sentences 30 --lstm 8 --batch 4 --epochs 2 --tagger-epochs 1 --jackknife 2 --seed "$seed" "$@"
}
train "$TMP/a.model" 3 --parser biaffine 2>/dev/null; check "teacher A trains" test $? -eq 0
train "$TMP/c.model" 4 --parser biaffine 2>/dev/null; check "model C (another seed, so another tagger) trains" test $? -eq 0
log=$(train "$TMP/s.model" 3 --parser biaffine --teacher "$TMP/a.model" --distill 0.8 2>&1)
check "a student of A trains" test $? -eq 0
check_contains "and says what it distils" "distilling 1 network of $TMP/a.model (alpha 0.80)" "$log"
out=$("$ORRERY" eval parse "$TMP/dev.conllu" --model "$TMP/s.model" 2>&1)
check_contains "the student's info names its teacher" "distilled from a.model" "$out"
check "and it gives a LAS" test -n "$(echo "$out" | grep '^LAS ')"
err=$(train "$TMP/x.model" 3 --parser biaffine --teacher "$TMP/c.model" 2>&1)
check_eq "a teacher with another tagger is refused (exit 1)" 1 $?
check_contains "and the error names it and says why" "c.model: trained with another tagger" "$err"
check "and no model is left behind" test ! -e "$TMP/x.model"
err=$(train "$TMP/x.model" 3 --parser biaffine --teacher data/models/en.model 2>&1)
check_eq "a greedy teacher is refused (exit 1)" 1 $?
check_contains "and the error says why" "en.model: not a biaffine model" "$err"
err=$(train "$TMP/x.model" 3 --parser biaffine --teacher "$TMP/none.model" 2>&1)
check_eq "a missing teacher is refused (exit 1)" 1 $?
check_contains "and the error names it" "none.model" "$err"
err=$(train "$TMP/x.model" 3 --teacher "$TMP/a.model" 2>&1)
check_contains "--teacher without --parser biaffine is refused" "--teacher needs --parser biaffine" "$err"
train "$TMP/x.model" 3 --parser biaffine --teacher "$TMP/a.model" --distill 1.5 2>/dev/null
check_eq "--distill 1.5 is a usage error" 2 $?
train "$TMP/x.model" 3 --parser biaffine --teacher "$TMP/a.model" --distill 0 2>/dev/null
check_eq "--distill 0 is a usage error" 2 $?
check "and none left a model behind" test ! -e "$TMP/x.model"
exit $n_fail
