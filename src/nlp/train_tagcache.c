/*
** train_tagcache.c — `--tag-cache FILE`: the tagger weights, the
** jackknifed training tags and the generator state after tagger training,
** saved by one run and read back by the next, so a parser experiment
** (features, transition system, oracle) retrains in a third of the time.
** The file is checked against the treebank (sentence and word counts and
** the options that shape the tagger); a mismatch is an error, never a
** silent reuse.  The parser trained from the cache is exactly the one the
** full run trains: the generator continues from the same state.
*/
#include "train.h"

#include <stdio.h>
#include <stdlib.h>

#define TAGCACHE_MAGIC "ORRTAGC1"

typedef struct tagcache_head {
    char magic[8];
    uint64_t rng, n_train, n_words, shape, tagger_len;
} tagcache_head;

/* The options that decide the cached tagger, and the model format its
** saved section is in (a cache from another format is not reused). */
static uint64_t tagcache_shape(const trainer *t) {
    const orr_train_opts *o = t->o;
    return nlp_h3(nlp_h3(9 + NLP_VERSION, (uint64_t)o->tagger_epochs, (uint64_t)o->jackknife, (uint64_t)o->tagger_prune),
                  o->seed, t->n_tags, t->n_dev);
}

static uint64_t tagcache_words(const trainer *t) {
    uint64_t n = 0;
    for (size_t s = 0; s < t->n_train; s++) n += t->train[s].n_words;
    return n;
}

/* *found = 1 if the cache was read, 0 if there is none to read. */
int train_tagcache_read(trainer *t, orr_buf *tagger, int *found) {
    const char *path = t->o->tag_cache;
    FILE *f = path ? fopen(path, "rb") : NULL;
    *found = 0;
    if (!f) return ORR_OK;
    tagcache_head h;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    rewind(f);
    uint64_t n_words = tagcache_words(t);
    int ok = size > 0 && fread(&h, sizeof h, 1, f) == 1 && !memcmp(h.magic, TAGCACHE_MAGIC, 8) &&
             h.n_train == t->n_train && h.n_words == n_words && h.shape == tagcache_shape(t) &&
             (uint64_t)size >= sizeof h + n_words * sizeof(int) &&
             h.tagger_len == (uint64_t)size - sizeof h - n_words * sizeof(int);
    orr_buf_free(tagger);
    if (ok && orr_buf_reserve(tagger, (size_t)h.tagger_len)) ok = 0;
    if (ok && fread(tagger->data, 1, (size_t)h.tagger_len, f) != h.tagger_len) ok = 0;
    if (ok) tagger->len = (size_t)h.tagger_len;
    for (size_t s = 0; ok && s < t->n_train; s++) {
        size_t n = t->train[s].n_words;
        ok = fread(t->pred_tag[s], sizeof(int), n, f) == n;
        for (size_t i = 0; ok && i < n; i++) ok = t->pred_tag[s][i] >= 0 && (uint32_t)t->pred_tag[s][i] < t->n_tags;
    }
    fclose(f);
    if (!ok) return orr_error_set(t->err, ORR_EFORMAT, "%s: tag cache does not match this treebank and these options (delete it)", path);
    t->rng.s = h.rng;
    train_say(t, "tagger and jackknifed tags read from %s", path);
    *found = 1;
    return ORR_OK;
}

int train_tagcache_write(trainer *t, const orr_buf *tagger) {
    const char *path = t->o->tag_cache;
    if (!path) return ORR_OK;
    tagcache_head h = {.rng = t->rng.s, .n_train = t->n_train, .n_words = tagcache_words(t),
                       .shape = tagcache_shape(t), .tagger_len = tagger->len};
    memcpy(h.magic, TAGCACHE_MAGIC, 8);
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(&h, sizeof h, 1, f) == 1 && fwrite(tagger->data, 1, tagger->len, f) == tagger->len;
    for (size_t s = 0; ok && s < t->n_train; s++)
        ok = fwrite(t->pred_tag[s], sizeof(int), t->train[s].n_words, f) == t->train[s].n_words;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) return orr_error_set(t->err, ORR_EIO, "%s: cannot write tag cache", path);
    train_say(t, "tagger and jackknifed tags saved to %s", path);
    return ORR_OK;
}
