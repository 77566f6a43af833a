#!/usr/bin/env bash
# parse_accurate.sh — the shipped accurate model (data/models/en-accurate.model,
# `make model-accurate`: an ensemble of two BiLSTM + biaffine networks)
# loads by name (`--model accurate`) and reproduces its reported EWT test
# scores within 0.1, with the tagger's tags and with the gold ones; the
# coder can use it; an unknown model name is taken as a path and fails
# clearly.
source tests/e2e/lib.sh.inc
# Scores reported for data/models/en-accurate.model (docs/parser.md).
WANT_UPOS=95.52 WANT_UAS=88.94 WANT_LAS=86.08
WANT_GOLD_UAS=90.19 WANT_GOLD_LAS=88.30

# 2077 sentences through two BiLSTMs: $FAST is the plain build.
if [ -f "$EWT/en_ewt-ud-test.conllu" ]; then
  out=$("$FAST" eval parse "$EWT/en_ewt-ud-test.conllu" --model accurate 2>&1)
  check_contains "--model accurate is the ensemble" "BiLSTM-biaffine parser (LSTM 128); ensemble: accurate-a.model accurate-b.model" "$out"
  check_near "accurate UPOS" "$WANT_UPOS" "$(echo "$out" | awk '$1=="UPOS"{print $2}')"
  check_near "accurate UAS" "$WANT_UAS" "$(echo "$out" | awk '$1=="UAS"{print $2}')"
  check_near "accurate LAS" "$WANT_LAS" "$(echo "$out" | awk '$1=="LAS"{print $2}')"
  gold=$("$FAST" eval parse "$EWT/en_ewt-ud-test.conllu" --model accurate --gold-tags 2>&1)
  check_near "accurate UAS with --gold-tags" "$WANT_GOLD_UAS" "$(echo "$gold" | awk '$1=="UAS"{print $2}')"
  check_near "accurate LAS with --gold-tags" "$WANT_GOLD_LAS" "$(echo "$gold" | awk '$1=="LAS"{print $2}')"
fi
echo "Russian Foreign Minister Sergei Lavrov met US Secretary of State Marco Rubio in Riyadh." > "$TMP/s.txt"
p=$("$ORRERY" parse --model accurate "$TMP/s.txt" 2>&1)
# EWT heads a name by its first word and a title phrase by the title.
check_contains "the accurate parser makes Sergei (Lavrov) the subject of met" $'4\tSergei\tSergei\tPROPN\tNNP\tNumber=Sing\t6\tnsubj' "$p"
check_contains "and Secretary (of State Marco Rubio) its object" $'8\tSecretary\tSecretary\tPROPN\tNNP\tNumber=Sing\t6\tobj' "$p"
ev=$("$ORRERY" code --model accurate --date 2025-02-18 "$TMP/s.txt" 2>&1)
check_contains "the coder runs on it: RUS -> USA meeting" '"code":"040"' "$ev"
err=$("$ORRERY" parse --model no-such-model "$TMP/s.txt" 2>&1)
check_eq "an unknown model name fails (exit 1)" 1 $?
check_contains "naming the path it tried" "no-such-model: cannot open model" "$err"
exit $n_fail
