# mk/nlp.mk — `make model`: train the tagger and parser on UD English EWT
# (train set; epochs chosen on dev) and write data/models/en.model.  The
# model is committed, so `make` never retrains; run this after changing
# src/nlp/ and commit the new model with its figures (orrery eval parse).
UD_EWT ?= ../shared/ud/en_ewt
MODEL_OPTS ?= --seed 1 --tagger-epochs 16 --parser-epochs 15 --jackknife 4 --prune 7 --tagger-prune 2

.PHONY: model
model: build/orrery
	@mkdir -p data/models
	build/orrery parse --train $(UD_EWT)/en_ewt-ud-train.conllu \
	    --dev $(UD_EWT)/en_ewt-ud-dev.conllu -o data/models/en.model $(MODEL_OPTS)
	build/orrery eval parse $(UD_EWT)/en_ewt-ud-test.conllu --model data/models/en.model

# `make model-accurate`: data/models/en-accurate.model (`--model accurate`),
# an ensemble of two BiLSTM + biaffine networks that read the tags of the
# tagger above (same seed and tagger options; the tag cache holds it) and
# differ in their schedule: 19 epochs at a constant rate, and 14 with the
# rate decayed to a tenth over batches of 24.  Each network keeps its best
# dev epoch.  About 65 + 40 minutes on one core of the shared machine, plus 10 for the tagger
# when there is no tag cache; deterministic on the same kind of CPU.
BI_OPTS ?= --parser biaffine --seed 1 --tagger-epochs 16 --jackknife 4 --tagger-prune 2 --tag-cache build/tags.cache
BI_TRAIN = build/orrery parse --train $(UD_EWT)/en_ewt-ud-train.conllu --dev $(UD_EWT)/en_ewt-ud-dev.conllu $(BI_OPTS)

.PHONY: model-accurate
model-accurate: build/orrery
	@mkdir -p data/models
	$(BI_TRAIN) -o build/accurate-a.model --epochs 19
	$(BI_TRAIN) -o build/accurate-b.model --epochs 14 --batch 24 --lr-decay
	build/orrery parse --combine build/accurate-a.model,build/accurate-b.model -o data/models/en-accurate.model
	build/orrery eval parse $(UD_EWT)/en_ewt-ud-test.conllu --model data/models/en-accurate.model

# `make model-distilled`: build/en-distilled.model, one BiLSTM + biaffine
# network trained against the accurate ensemble's head and label
# distributions (--teacher, distill.c; docs/parser.md "Distilling the
# ensemble") on the same tags.  Writes under build/ only: shipping it in
# place of the ensemble is a separate decision.  About 80 minutes on the
# shared machine with the tag cache.  DISTILL_LSTM=96 gives the smaller
# network of docs/parser.md's frontier (test LAS 85.58; about 35 minutes).
DISTILL_LSTM ?= 128
.PHONY: model-distilled
model-distilled: build/orrery
	$(BI_TRAIN) -o build/en-distilled.model --epochs 18 --batch 24 --lr-decay --lstm $(DISTILL_LSTM) \
	    --teacher data/models/en-accurate.model --distill 0.5
	build/orrery eval parse $(UD_EWT)/en_ewt-ud-dev.conllu --model build/en-distilled.model
