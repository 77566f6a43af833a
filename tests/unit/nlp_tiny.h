/*
** nlp_tiny.h — a tiny model trained for a test program (test_nlp.c,
** test_nlp_beam.c): 200 EWT train sentences, the first 60 dev sentences
** as dev set, 2 tagger and 2 parser epochs, seed 7; `beam` > 1 trains the
** parser with that beam.  The model and the dev slice go to temporary
** files (names in the caller's buffers) that the caller unlinks.
*/
#ifndef ORR_TEST_NLP_TINY_H
#define ORR_TEST_NLP_TINY_H

#include "testutil.h"
#include "util/util.h"
#include "nlp/biaffine.h"
#include "nlp/train.h"

#include <unistd.h>

/* The first n_sentences sentences of EWT dev, written to path. */
static inline int tiny_write_dev_slice(const char *path, size_t n_sentences) {
    char src[1024];
    snprintf(src, sizeof src, "%s/ud/en_ewt/en_ewt-ud-dev.conllu", test_shared_dir());
    char *data;
    size_t len;
    if (orr_read_file(src, &data, &len, NULL)) return -1;
    size_t cut = 0, seen = 0;
    while (cut + 1 < len && seen < n_sentences) {
        if (data[cut] == '\n' && data[cut + 1] == '\n') seen++;
        cut++;
    }
    FILE *f = fopen(path, "wb");
    int rc = f && fwrite(data, 1, cut + 1, f) == cut + 1 ? 0 : -1;
    if (f) fclose(f);
    free(data);
    return rc;
}

static inline void tiny_temp_path(char path[64], const char *prefix) {
    snprintf(path, 64, "/tmp/%s-XXXXXX", prefix);
    int fd = mkstemp(path);
    if (fd >= 0) close(fd);
}

/* The tiny model's training options (train: the caller's buffer for the
** treebank path). */
static inline orr_train_opts tiny_opts(char train[1024], const char *dev, const char *out, int beam) {
    snprintf(train, 1024, "%s/ud/en_ewt/en_ewt-ud-train.conllu", test_shared_dir());
    return (orr_train_opts){.train_path = train, .dev_path = dev, .out_path = out,
                            .tagger_epochs = 2, .parser_epochs = 2, .max_sentences = 200,
                            .jackknife = 2, .seed = 7, .beam = beam};
}

static inline int tiny_train(char model[64], const char *model_prefix, char dev[64], const char *dev_prefix,
                             int beam) {
    tiny_temp_path(model, model_prefix);
    tiny_temp_path(dev, dev_prefix);
    if (tiny_write_dev_slice(dev, 60)) return -1;
    char train[1024];
    orr_train_opts o = tiny_opts(train, dev, model, beam);
    orr_error err = {0};
    if (orr_model_train(&o, &err)) {
        fprintf(stderr, "training failed: %s\n", err.message);
        return -1;
    }
    return 0;
}

/* n parsed words form one tree: heads in range, none its own, one root,
** every word labeled. */
static inline void tiny_check_tree(const orr_word *w, size_t n) {
    int roots = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(w[i].head >= 0 && w[i].head <= (int)n);
        assert_int_not_equal(w[i].head, (int)i + 1);
        roots += w[i].head == 0;
        assert_non_null(w[i].deprel);
    }
    assert_int_equal(roots, 1);
}

/* Options for a tiny BiLSTM + biaffine model: the first n_sentences of
** EWT train, LSTM 16, batches of 2, 40 epochs (the tests' model size). */
static inline orr_train_opts tiny_biaffine_opts(char train[1024], const char *dev, const char *out,
                                                int n_sentences) {
    orr_train_opts o = tiny_opts(train, dev, out, 0);
    o.max_sentences = n_sentences;
    o.biaffine = 1;
    o.bi_lstm = 16;
    o.bi_batch = 2;
    o.parser_epochs = 40;
    return o;
}

/* Random inputs for a network's T tokens (token 0 the root), drawn from r. */
static inline void tiny_random_inputs(const bi_dims *d, rng *r, bi_input *in, int T) {
    bi_root_input(d, &in[0]);
    for (int t = 1; t < T; t++) {
        in[t].word = (uint32_t)(train_rng_next(r) % d->n_words);
        in[t].tag = (uint32_t)(train_rng_next(r) % (d->n_tags - 1));
        for (int k = 0; k < BI_N_HASH; k++) in[t].hash[k] = (uint32_t)(train_rng_next(r) % d->n_hash);
    }
}

#endif
