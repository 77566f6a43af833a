/*
** train_tagger.c — training the tagger: greedy perceptron epochs over the
** shuffled treebank (predicted left context, as at run time), the epoch
** kept by dev UPOS, and jackknifing: k taggers each trained without one
** fold tag that fold, so the parser trains on tags as noisy as real ones.
*/
#include "train.h"

#include <stdlib.h>

static int argmax(const float *scores, uint32_t n_tags) {
    int best = 0;
    for (uint32_t c = 1; c < n_tags; c++)
        if (scores[c] > scores[best]) best = (int)c;
    return best;
}

/*
** One epoch, both passes trained together in one weight table, exactly as
** tagger_tag runs them: the first pass is updated on its own mistakes
** (every word, dictionary words included: their updates help the tag
** context weights), the second, two words behind, on the mistakes left
** after its features are added to the first pass's scores.
*/
static int tagger_epoch(trainer *t, pw_table *pw, size_t *order, size_t n_order, int *pred) {
    uint64_t feats[TAG_MAX_FEATS];
    float ring[3][NLP_MAX_CLASSES], scores[NLP_MAX_CLASSES];
    int first[4];
    for (size_t oi = 0; oi < n_order; oi++) {
        size_t s = order[oi], n = t->train[s].n_words;
        const nlp_tok *toks = t->toks[s];
        const int *gold = t->gold_tag[s];
        for (size_t j = 0; j < n + 2; j++) {
            if (j < n) {
                size_t nf = tagger_features(toks, n, j, j >= 1 ? first[(j - 1) & 3] : -1,
                                            j >= 2 ? first[(j - 2) & 3] : -1, feats);
                memset(ring[j % 3], 0, t->n_tags * sizeof(float));
                pw_score(pw, feats, nf, ring[j % 3]);
                int guess = argmax(ring[j % 3], t->n_tags);
                if (pw_update(pw, feats, nf, gold[j], guess)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
                first[j & 3] = toks[j].best_tag >= 0 ? toks[j].best_tag : guess;
            }
            if (j < 2) continue;
            size_t i = j - 2;
            if (toks[i].best_tag >= 0) {
                pred[i] = toks[i].best_tag;
                continue;
            }
            memcpy(scores, ring[i % 3], t->n_tags * sizeof(float));
            size_t nf = tagger_features2(toks, n, i, i >= 1 ? pred[i - 1] : -1, i >= 2 ? pred[i - 2] : -1,
                                         first[i & 3], i + 1 < n ? first[(i + 1) & 3] : -1,
                                         i + 2 < n ? first[(i + 2) & 3] : -1, feats);
            pw_score(pw, feats, nf, scores);
            pred[i] = argmax(scores, t->n_tags);
            if (pw_update(pw, feats, nf, gold[i], pred[i])) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
        }
    }
    return ORR_OK;
}

/* Train on the sentences s with s % folds != fold (all when folds is 0);
** with dev, keep the epoch that tags dev best. */
static int train_tagger(trainer *t, size_t folds, size_t fold, int epochs, int with_dev, orr_buf *out,
                        int *best_epoch) {
    pw_table pw;
    if (pw_init(&pw, (int)t->n_tags)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    size_t *order = malloc(t->n_train * sizeof *order), *ids = malloc(t->n_train * sizeof *ids);
    int *pred = malloc(4096 * sizeof *pred);
    size_t n_ids = 0;
    int rc = order && ids && pred ? ORR_OK : orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    for (size_t s = 0; !rc && s < t->n_train; s++)
        if ((!folds || s % folds != fold) && t->train[s].n_words <= 4096) ids[n_ids++] = s;
    double best = -1;
    orr_buf empty;
    orr_buf_init(&empty);
    pw_table none;
    if (!rc && pw_init(&none, 1)) rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    if (!rc) pw_export(&none, 0, &empty);
    pw_free(&none);
    for (int e = 0; !rc && e < epochs; e++) {
        train_shuffle(&t->rng, order, n_ids);
        for (size_t i = 0; i < n_ids; i++) order[i] = ids[order[i]];
        rc = tagger_epoch(t, &pw, order, n_ids, pred);
        if (rc || (!with_dev && e + 1 < epochs)) continue;
        orr_buf w;
        orr_buf_init(&w);
        rc = pw_export(&pw, (uint32_t)t->o->tagger_prune, &w) ? orr_error_set(t->err, ORR_ENOMEM, "out of memory") : ORR_OK;
        double upos = 0, las;
        if (!rc && with_dev) {
            rc = train_score(t, &w, &empty, &upos, &las);
            train_say(t, "tagger epoch %d: dev UPOS %.2f (%u features)", e + 1, upos, (unsigned)pw.n_rows);
        }
        if (!rc && (!with_dev || upos > best)) {
            best = upos;
            *best_epoch = e + 1;
            orr_buf_free(out);
            *out = w;
        } else
            orr_buf_free(&w);
    }
    orr_buf_free(&empty);
    pw_free(&pw);
    free(order);
    free(ids);
    free(pred);
    return rc;
}

int train_tagger_best(trainer *t, orr_buf *tagger) {
    orr_buf empty;
    orr_buf_init(&empty);
    pw_table none;
    if (pw_init(&none, 1)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    pw_export(&none, 0, &empty);
    pw_free(&none);
    orr_model *lexm;
    int rc = train_load_assembled(t, &empty, &empty, &lexm);
    if (rc) return rc;
    t->toks = orr_arena_alloc(t->arena, t->n_train * sizeof *t->toks);
    t->pred_tag = orr_arena_alloc(t->arena, t->n_train * sizeof *t->pred_tag);
    for (size_t s = 0; s < t->n_train; s++) {
        size_t n = t->train[s].n_words;
        t->toks[s] = orr_arena_alloc(t->arena, n * sizeof(nlp_tok));
        t->pred_tag[s] = orr_arena_alloc(t->arena, (n + 1) * sizeof(int));
        for (size_t i = 0; i < n; i++) nlp_tok_init(lexm, t->train[s].words[i].form, &t->toks[s][i]);
        memcpy(t->pred_tag[s], t->gold_tag[s], n * sizeof(int));
    }
    int cached;
    rc = train_tagcache_read(t, tagger, &cached);
    if (rc || cached) {
        orr_model_free(lexm);
        orr_buf_free(&empty);
        return rc;
    }
    int epochs = t->o->tagger_epochs > 0 ? t->o->tagger_epochs : 8, best_epoch = epochs;
    rc = train_tagger(t, 0, 0, epochs, 1, tagger, &best_epoch);
    train_say(t, "tagger: best epoch %d", best_epoch);
    size_t folds = t->o->jackknife > 1 ? (size_t)t->o->jackknife : 0;
    for (size_t f = 0; !rc && f < folds; f++) {
        orr_buf w;
        orr_buf_init(&w);
        int be;
        rc = train_tagger(t, folds, f, best_epoch, 0, &w, &be);
        orr_model *m = NULL;
        if (!rc) rc = train_load_assembled(t, &w, &empty, &m);
        size_t ok = 0, total = 0;
        for (size_t s = f; !rc && s < t->n_train; s += folds) {
            tagger_tag(m, t->toks[s], t->train[s].n_words, t->pred_tag[s]);
            for (size_t i = 0; i < t->train[s].n_words; i++, total++) ok += t->pred_tag[s][i] == t->gold_tag[s][i];
        }
        orr_model_free(m);
        orr_buf_free(&w);
        train_say(t, "jackknife fold %zu/%zu: tag accuracy %.2f", f + 1, folds, total ? 100.0 * ok / total : 0);
    }
    if (!rc) rc = train_tagcache_write(t, tagger);
    orr_model_free(lexm);
    orr_buf_free(&empty);
    return rc;
}

