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
