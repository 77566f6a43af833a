/*
** train.c — orr_model_train: read the treebank, learn the lexical tables
** (tag inventory, lemma/feature exceptions, suffix rules, ambiguity
** classes), train the tagger, tag the training set by jackknifing (so the
** parser learns from tags as noisy as it will see), train the parser with
** the dynamic oracle, keep the epoch that scores best on dev for each, and
** write the model file.  Deterministic: one seeded generator drives every
** shuffle and every exploration choice, and tables are built in sorted
** order.
*/
#include "nlp.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>

typedef struct rng { uint64_t s; } rng;
static uint64_t rng_next(rng *r) {
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dULL;
}
static double rng_unit(rng *r) { return (double)(rng_next(r) >> 11) / 9007199254740992.0; }
static void shuffle(rng *r, size_t *v, size_t n) {
    for (size_t i = 0; i < n; i++) v[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(rng_next(r) % i), t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

/* ---- interned strings ---- */
typedef struct strtab {
    orr_buf bytes;
    uint64_t *keys;
    uint32_t *offs;
    size_t n_slots, n;
} strtab;

static uint32_t strtab_add(strtab *t, const char *s) {
    size_t len = strlen(s);
    uint64_t h = nlp_hash_str(s, len) | 1;
    if ((t->n + 1) * 2 > t->n_slots) {
        size_t ns = t->n_slots ? t->n_slots * 2 : 1024;
        uint64_t *k = calloc(ns, sizeof *k);
        uint32_t *o = calloc(ns, sizeof *o);
        if (!k || !o) abort();
        for (size_t i = 0; i < t->n_slots; i++)
            if (t->keys[i]) {
                size_t j = t->keys[i] & (ns - 1);
                while (k[j]) j = (j + 1) & (ns - 1);
                k[j] = t->keys[i], o[j] = t->offs[i];
            }
        free(t->keys);
        free(t->offs);
        t->keys = k, t->offs = o, t->n_slots = ns;
    }
    size_t i = h & (t->n_slots - 1);
    while (t->keys[i]) {
        if (t->keys[i] == h && !strcmp(t->bytes.data + t->offs[i], s)) return t->offs[i];
        i = (i + 1) & (t->n_slots - 1);
    }
    uint32_t off = (uint32_t)t->bytes.len;
    if (orr_buf_append(&t->bytes, s, len + 1)) abort();
    t->keys[i] = h, t->offs[i] = off;
    t->n++;
    return off;
}

/* ---- counted records: (group, value) pairs, the most frequent value per group wins ---- */
typedef struct rec {
    uint64_t group, val;
    uint32_t a, b;
} rec;
typedef struct recs {
    rec *v;
    size_t n, cap;
} recs;
static void recs_add(recs *r, uint64_t group, uint64_t val, uint32_t a, uint32_t b) {
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 4096;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        if (!r->v) abort();
    }
    r->v[r->n++] = (rec){group ? group : 1, val, a, b};
}
static int rec_cmp(const void *x, const void *y) {
    const rec *a = x, *b = y;
    if (a->group != b->group) return a->group < b->group ? -1 : 1;
    if (a->val != b->val) return a->val < b->val ? -1 : 1;
    return 0;
}
/* Calls fn(ctx, best record, its count, group total) once per group. */
static void recs_best(recs *r, void (*fn)(void *, const rec *, size_t, size_t), void *ctx) {
    qsort(r->v, r->n, sizeof *r->v, rec_cmp);
    for (size_t i = 0; i < r->n;) {
        size_t j = i, best = i, best_n = 0, total = 0;
        while (j < r->n && r->v[j].group == r->v[i].group) {
            size_t k = j;
            while (k < r->n && r->v[k].group == r->v[j].group && r->v[k].val == r->v[j].val) k++;
            if (k - j > best_n) best_n = k - j, best = j;
            total += k - j;
            j = k;
        }
        fn(ctx, &r->v[best], best_n, total);
        i = j;
    }
}

/* Number of distinct groups in sorted records. */
static size_t recs_groups(const recs *r) {
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) n += i == 0 || r->v[i].group != r->v[i - 1].group;
    return n;
}

/* A hash section (u32 n, u32 0, records keyed by their first u64). */
typedef struct hsec {
    char *data;
    size_t size, rec_size;
    uint32_t mask;
} hsec;
static void hsec_init(hsec *h, size_t n_items, size_t rec_size) {
    uint32_t n = 16;
    while (n < n_items * 2) n *= 2;
    h->rec_size = rec_size;
    h->size = 8 + (size_t)n * rec_size;
    h->data = calloc(1, h->size);
    if (!h->data) abort();
    memcpy(h->data, &n, 4);
    h->mask = n - 1;
}
static void hsec_put(hsec *h, const void *rec_bytes) {
    uint64_t key;
    memcpy(&key, rec_bytes, 8);
    uint32_t i = (uint32_t)key & h->mask;
    for (;;) {
        char *p = h->data + 8 + (size_t)i * h->rec_size;
        uint64_t k;
        memcpy(&k, p, 8);
        if (!k || k == key) {
            memcpy(p, rec_bytes, h->rec_size);
            return;
        }
        i = (i + 1) & h->mask;
    }
}

/* ---- the training context ---- */
typedef struct trainer {
    const orr_train_opts *o;
    orr_error *err;
    orr_arena *arena;
    orr_conllu_sentence *train, *dev;
    size_t n_train, n_dev;
    strtab str;
    uint32_t n_tags, n_labels;
    nlp_tag tags[NLP_MAX_CLASSES];
    uint32_t labels[NLP_MAX_CLASSES];
    int **gold_tag, **gold_label;  /* per train sentence */
    int **pred_tag;                /* jackknifed tags the parser trains on */
    nlp_tok **toks;
    hsec lex, wclass, rules;
    orr_buf info;
    rng rng;
} trainer;

static void say(trainer *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void say(trainer *t, const char *fmt, ...) {
    if (!t->o->progress) return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    t->o->progress(t->o->progress_ctx, line);
}

static int find_tag(const trainer *t, const char *upos, const char *xpos) {
    for (uint32_t i = 0; i < t->n_tags; i++)
        if (!strcmp(t->str.bytes.data + t->tags[i].upos, upos) &&
            !strcmp(t->str.bytes.data + t->tags[i].xpos, xpos))
            return (int)i;
    return -1;
}
static int find_label(const trainer *t, const char *l) {
    for (uint32_t i = 0; i < t->n_labels; i++)
        if (!strcmp(t->str.bytes.data + t->labels[i], l)) return (int)i;
    return -1;
}

static int inventory(trainer *t) {
    t->gold_tag = orr_arena_alloc(t->arena, t->n_train * sizeof(int *));
    t->gold_label = orr_arena_alloc(t->arena, t->n_train * sizeof(int *));
    if (!t->gold_tag || !t->gold_label) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    t->labels[t->n_labels++] = strtab_add(&t->str, "root");
    for (size_t s = 0; s < t->n_train; s++) {
        const orr_conllu_sentence *cs = &t->train[s];
        t->gold_tag[s] = orr_arena_alloc(t->arena, (cs->n_words + 1) * sizeof(int));
        t->gold_label[s] = orr_arena_alloc(t->arena, (cs->n_words + 1) * sizeof(int));
        if (!t->gold_tag[s] || !t->gold_label[s]) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
        for (size_t i = 0; i < cs->n_words; i++) {
            const orr_word *w = &cs->words[i];
            int tag = find_tag(t, w->upos, w->xpos);
            if (tag < 0) {
                if (t->n_tags + 1 >= NLP_MAX_CLASSES)
                    return orr_error_set(t->err, ORR_EFORMAT, "%s:%zu: too many tags", t->o->train_path, cs->line + i);
                tag = (int)t->n_tags++;
                t->tags[tag] = (nlp_tag){strtab_add(&t->str, w->upos), strtab_add(&t->str, w->xpos), 0};
            }
            int label = find_label(t, w->deprel);
            if (label < 0) {
                if (2 * (t->n_labels + 1) + 1 >= NLP_MAX_CLASSES)
                    return orr_error_set(t->err, ORR_EFORMAT, "%s:%zu: too many relations", t->o->train_path, cs->line + i);
                label = (int)t->n_labels;
                t->labels[t->n_labels++] = strtab_add(&t->str, w->deprel);
            }
            t->gold_tag[s][i] = tag;
            t->gold_label[s][i + 1] = label;
        }
    }
    return ORR_OK;
}

/* ---- lexical tables ---- */
static void put_lex(void *ctx, const rec *r, size_t n, size_t total) {
    (void)n, (void)total;
    nlp_lex e = {r->group, r->a, r->b};
    hsec_put(ctx, &e);
}
static void put_tagfeats(void *ctx, const rec *r, size_t n, size_t total) {
    (void)n, (void)total;
    trainer *t = ctx;
    t->tags[r->group - 1].feats = r->b;
}
static void put_rule(void *ctx, const rec *r, size_t n, size_t total) {
    (void)total;
    if (n < 2) return;
    nlp_rule e = {r->group, r->a, r->b};
    hsec_put(ctx, &e);
}

typedef struct wc_ctx {
    hsec *h;
    recs *all;
} wc_ctx;

static void lexicon(trainer *t) {
    recs lex = {0}, tf = {0}, rules = {0}, wc = {0};
    char low[256], add[256];
    for (size_t s = 0; s < t->n_train; s++) {
        const orr_conllu_sentence *cs = &t->train[s];
        for (size_t i = 0; i < cs->n_words; i++) {
            const orr_word *w = &cs->words[i];
            uint32_t tag = (uint32_t)t->gold_tag[s][i];
            size_t n = strlen(w->form);
            if (n >= sizeof low) continue;
            for (size_t k = 0; k <= n; k++) low[k] = (char)tolower((unsigned char)w->form[k]);
            uint32_t lemma = strtab_add(&t->str, w->lemma), feats = strtab_add(&t->str, w->feats);
            uint64_t val = nlp_h2(5, lemma, feats);
            recs_add(&lex, nlp_lex_key(w->form, n, tag), val, lemma, feats);
            if (strcmp(low, w->form)) recs_add(&lex, nlp_lex_key(low, n, tag), val, lemma, feats);
            recs_add(&tf, tag + 1, feats, 0, feats);
            uint64_t fk = nlp_hash_str(w->form, n), lk = nlp_hash_str(low, n) ^ 0x77;
            recs_add(&wc, fk ? fk : 1, tag, tag, 0);
            recs_add(&wc, lk ? lk : 1, tag, tag, 0);
            /* suffix rule: strip the part of the form the lemma does not share */
            const char *base = strcmp(t->str.bytes.data + t->tags[tag].upos, "PROPN") ? low : w->form;
            size_t ln = strlen(w->lemma), p = 0;
            while (p < n && p < ln && base[p] == w->lemma[p]) p++;
            if (ln - p >= sizeof add) continue;
            memcpy(add, w->lemma + p, ln - p + 1);
            uint32_t add_off = strtab_add(&t->str, add);
            for (size_t k = 1; k <= 4 && k <= n; k++)
                recs_add(&rules, nlp_rule_key(tag, base + n - k, k), nlp_h2(6, n - p, add_off),
                         (uint32_t)(n - p), add_off);
        }
    }
    qsort(lex.v, lex.n, sizeof *lex.v, rec_cmp);
    hsec_init(&t->lex, recs_groups(&lex), sizeof(nlp_lex));
    recs_best(&lex, put_lex, &t->lex);
    recs_best(&tf, put_tagfeats, t);
    qsort(rules.v, rules.n, sizeof *rules.v, rec_cmp);
    hsec_init(&t->rules, recs_groups(&rules), sizeof(nlp_rule));
    recs_best(&rules, put_rule, &t->rules);
    /* ambiguity classes: the sorted set of tags a word had (words seen 3+ times) */
    qsort(wc.v, wc.n, sizeof *wc.v, rec_cmp);
    hsec_init(&t->wclass, recs_groups(&wc), sizeof(nlp_word_class));
    for (size_t i = 0; i < wc.n;) {
        size_t j = i, best_n = 0;
        uint64_t amb = 0x1234;
        uint32_t best = 0;
        while (j < wc.n && wc.v[j].group == wc.v[i].group) {
            size_t k = j;
            while (k < wc.n && wc.v[k].group == wc.v[j].group && wc.v[k].val == wc.v[j].val) k++;
            amb = nlp_h1(amb, wc.v[j].val);
            if (k - j > best_n) best_n = k - j, best = (uint32_t)wc.v[j].val;
            j = k;
        }
        size_t total = j - i;
        if (total >= 3) {
            nlp_word_class e = {wc.v[i].group, (uint32_t)(amb | 1),
                                total >= 20 && best_n * 100 >= total * 99 ? best : UINT32_MAX};
            hsec_put(&t->wclass, &e);
        }
        i = j;
    }
    free(lex.v);
    free(tf.v);
    free(rules.v);
    free(wc.v);
}

/* Assemble a model from the lexical tables and two weight tables. */
static int assemble(trainer *t, const orr_buf *tagger, const orr_buf *parser, char **out, size_t *len) {
    uint32_t hdr_t[2] = {t->n_tags, 0}, hdr_l[2] = {t->n_labels, 0};
    orr_buf tags, labels;
    orr_buf_init(&tags);
    orr_buf_init(&labels);
    orr_buf_append(&tags, hdr_t, 8);
    orr_buf_append(&tags, t->tags, t->n_tags * sizeof(nlp_tag));
    orr_buf_append(&labels, hdr_l, 8);
    orr_buf_append(&labels, t->labels, t->n_labels * 4);
    nlp_section secs[] = {
        {SEC_STRINGS, t->str.bytes.data, t->str.bytes.len},
        {SEC_TAGS, tags.data, tags.len},
        {SEC_LABELS, labels.data, labels.len},
        {SEC_TAGGER, tagger->data, tagger->len},
        {SEC_PARSER, parser->data, parser->len},
        {SEC_LEX, t->lex.data, t->lex.size},
        {SEC_WCLASS, t->wclass.data, t->wclass.size},
        {SEC_RULES, t->rules.data, t->rules.size},
        {SEC_INFO, t->info.data ? t->info.data : "", t->info.len},
    };
    int rc = nlp_model_write(secs, sizeof secs / sizeof secs[0], out, len);
    orr_buf_free(&tags);
    orr_buf_free(&labels);
    return rc;
}

static int load_assembled(trainer *t, const orr_buf *tagger, const orr_buf *parser, orr_model **m) {
    char *bytes;
    size_t len;
    if (assemble(t, tagger, parser, &bytes, &len)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    int rc = orr_model_load_mem(m, "(training)", bytes, len, t->err);
    free(bytes);
    return rc;
}

/* ---- evaluation on dev: UPOS and LAS percentages ---- */
static void evaluate(const orr_model *m, const orr_conllu_sentence *s, size_t n, double *upos, double *las) {
    orr_arena *a = orr_arena_new(1 << 16);
    size_t total = 0, ok_tag = 0, ok_las = 0;
    const char *forms[4096];
    for (size_t i = 0; i < n; i++) {
        if (s[i].n_words > 4096) continue;
        for (size_t k = 0; k < s[i].n_words; k++) forms[k] = s[i].words[k].form;
        orr_word *w;
        orr_arena_reset(a);
        if (orr_model_parse(m, a, forms, s[i].n_words, &w, NULL)) continue;
        for (size_t k = 0; k < s[i].n_words; k++) {
            total++;
            ok_tag += !strcmp(w[k].upos, s[i].words[k].upos);
            ok_las += w[k].head == s[i].words[k].head && !strcmp(w[k].deprel, s[i].words[k].deprel);
        }
    }
    orr_arena_free(a);
    *upos = total ? 100.0 * ok_tag / total : 0;
    *las = total ? 100.0 * ok_las / total : 0;
}

/* Write the model (info line included) to the output path; called at
** every parser epoch that improves on dev, so an interrupted run leaves
** the model of `--parser-epochs <last best>`. */
static int write_model(trainer *t, const orr_buf *tagger, const orr_buf *parser, double upos, double las) {
    const orr_train_opts *o = t->o;
    const char *base = strrchr(o->train_path, '/');
    t->info.len = 0;
    orr_buf_printf(&t->info, "orrery-nlp v%d: %u tags, %u relations; trained on %s (%zu sentences, seed %llu); dev UPOS %.2f LAS %.2f",
                   NLP_VERSION, t->n_tags, t->n_labels, base ? base + 1 : o->train_path, t->n_train,
                   (unsigned long long)(o->seed ? o->seed : 0x9e3779b97f4a7c15ULL), upos, las);
    char *bytes;
    size_t len;
    if (assemble(t, tagger, parser, &bytes, &len)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", o->out_path);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(bytes, 1, len, f) == len;
    if (f && fclose(f) != 0) ok = 0;
    free(bytes);
    if (!ok || rename(tmp, o->out_path) != 0) {
        remove(tmp);
        return orr_error_set(t->err, ORR_EIO, "%s: cannot write model", o->out_path);
    }
    say(t, "wrote %s (%zu bytes)", o->out_path, len);
    return ORR_OK;
}

/* ---- tagger training ---- */

static int tagger_epoch(trainer *t, pw_table *pw, size_t *order, size_t n_order, int *pred) {
    uint64_t feats[TAG_MAX_FEATS];
    float scores[NLP_MAX_CLASSES];
    for (size_t oi = 0; oi < n_order; oi++) {
        size_t s = order[oi];
        size_t n = t->train[s].n_words;
        for (size_t i = 0; i < n; i++) {
            size_t nf = tagger_features(t->toks[s], n, i, pred, feats);
            memset(scores, 0, t->n_tags * sizeof *scores);
            pw_score(pw, feats, nf, scores);
            int guess = 0;
            for (uint32_t c = 1; c < t->n_tags; c++)
                if (scores[c] > scores[guess]) guess = (int)c;
            if (pw_update(pw, feats, nf, t->gold_tag[s][i], guess)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
            pred[i] = guess;
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
        shuffle(&t->rng, order, n_ids);
        for (size_t i = 0; i < n_ids; i++) order[i] = ids[order[i]];
        rc = tagger_epoch(t, &pw, order, n_ids, pred);
        if (rc || (!with_dev && e + 1 < epochs)) continue;
        orr_buf w;
        orr_buf_init(&w);
        rc = pw_export(&pw, 0, &w) ? orr_error_set(t->err, ORR_ENOMEM, "out of memory") : ORR_OK;
        double upos = 0, las;
        if (!rc && with_dev) {
            orr_model *m;
            rc = load_assembled(t, &w, &empty, &m);
            if (!rc) evaluate(m, t->dev, t->n_dev, &upos, &las);
            orr_model_free(m);
            say(t, "tagger epoch %d: dev UPOS %.2f (%u features)", e + 1, upos, (unsigned)pw.n_rows);
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

static int train_tagger_best(trainer *t, orr_buf *tagger) {
    orr_buf empty;
    orr_buf_init(&empty);
    pw_table none;
    if (pw_init(&none, 1)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    pw_export(&none, 0, &empty);
    pw_free(&none);
    orr_model *lexm;
    int rc = load_assembled(t, &empty, &empty, &lexm);
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
    int epochs = t->o->tagger_epochs > 0 ? t->o->tagger_epochs : 8, best_epoch = epochs;
    rc = train_tagger(t, 0, 0, epochs, 1, tagger, &best_epoch);
    say(t, "tagger: best epoch %d", best_epoch);
    size_t folds = t->o->jackknife > 1 ? (size_t)t->o->jackknife : 0;
    for (size_t f = 0; !rc && f < folds; f++) {
        orr_buf w;
        orr_buf_init(&w);
        int be;
        rc = train_tagger(t, folds, f, best_epoch, 0, &w, &be);
        orr_model *m = NULL;
        if (!rc) rc = load_assembled(t, &w, &empty, &m);
        size_t ok = 0, total = 0;
        for (size_t s = f; !rc && s < t->n_train; s += folds) {
            tagger_tag(m, t->toks[s], t->train[s].n_words, t->pred_tag[s]);
            for (size_t i = 0; i < t->train[s].n_words; i++, total++) ok += t->pred_tag[s][i] == t->gold_tag[s][i];
        }
        orr_model_free(m);
        orr_buf_free(&w);
        say(t, "jackknife fold %zu/%zu: tag accuracy %.2f", f + 1, folds, total ? 100.0 * ok / total : 0);
    }
    orr_model_free(lexm);
    orr_buf_free(&empty);
    return rc;
}

/* ---- parser training ---- */

static int projective(const orr_word *w, size_t n) {
    for (size_t i = 0; i < n; i++) {
        int a1 = (int)i + 1, b1 = w[i].head;
        int lo1 = a1 < b1 ? a1 : b1, hi1 = a1 < b1 ? b1 : a1;
        for (size_t j = 0; j < n; j++) {
            int a2 = (int)j + 1, b2 = w[j].head;
            int lo2 = a2 < b2 ? a2 : b2, hi2 = a2 < b2 ? b2 : a2;
            if (lo1 < lo2 && lo2 < hi1 && hi1 < hi2) return 0;
        }
    }
    return 1;
}

static int class_cost(const parse_state *st, const int *gh, const int *gl, const int c3[3], int cls) {
    if (cls == 0) return c3[0];
    int s0 = st->stack[st->n_stack - 1], l = (cls - 1) >> 1;
    if (cls & 1) return c3[1] + (gh[s0] == st->b && gl[s0] != l);
    return c3[2] + (gh[s0] == st->stack[st->n_stack - 2] && gl[s0] != l);
}

static int parser_sentence(trainer *t, pw_table *pw, orr_arena *a, size_t s, int explore,
                           uint64_t *word, int *tag, int *gh) {
    const orr_conllu_sentence *cs = &t->train[s];
    int n = (int)cs->n_words, n_classes = 1 + 2 * (int)t->n_labels;
    word[0] = 0x7e7e7e7eULL;
    tag[0] = (int)t->n_tags;
    gh[0] = -1;
    for (int i = 1; i <= n; i++) {
        word[i] = t->toks[s][i - 1].lower;
        tag[i] = t->pred_tag[s][i - 1];
        gh[i] = cs->words[i - 1].head;
    }
    const int *gl = t->gold_label[s];
    parse_state st;
    orr_arena_reset(a);
    if (parse_state_init(&st, n, a)) return ORR_ENOMEM;
    uint64_t feats[PARSE_MAX_FEATS];
    float scores[NLP_MAX_CLASSES];
    while (!parser_done(&st)) {
        size_t nf = parser_features(&st, word, tag, feats);
        memset(scores, 0, (size_t)n_classes * sizeof *scores);
        pw_score(pw, feats, nf, scores);
        int c3[3];
        parser_costs(&st, gh, c3);
        int guess = -1, gold = -1, min_cost = 1 << 30, guess_cost = 0;
        for (int c = 0; c < n_classes; c++) {
            if (!parser_allowed(&st, c, 0)) continue;
            int cost = class_cost(&st, gh, gl, c3, c);
            if (guess < 0 || scores[c] > scores[guess]) guess = c, guess_cost = cost;
            if (cost < min_cost || (cost == min_cost && scores[c] > scores[gold])) min_cost = cost, gold = c;
        }
        if (pw_update(pw, feats, nf, gold, guess_cost > min_cost ? guess : gold)) return ORR_ENOMEM;
        int next = guess_cost == min_cost ? guess : explore && rng_unit(&t->rng) < 0.9 ? guess : gold;
        parser_apply(&st, next);
    }
    return ORR_OK;
}

static int train_parser_best(trainer *t, const orr_buf *tagger, orr_buf *parser) {
    pw_table pw;
    if (pw_init(&pw, 1 + 2 * (int)t->n_labels)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    size_t *ids = malloc(t->n_train * sizeof *ids), *order = malloc(t->n_train * sizeof *order), n_ids = 0;
    size_t max_n = 0;
    for (size_t s = 0; s < t->n_train; s++) {
        if (projective(t->train[s].words, t->train[s].n_words)) ids[n_ids++] = s;
        if (t->train[s].n_words > max_n) max_n = t->train[s].n_words;
    }
    say(t, "parser: %zu of %zu training sentences are projective", n_ids, t->n_train);
    uint64_t *word = malloc((max_n + 1) * sizeof *word);
    int *tag = malloc((max_n + 1) * sizeof *tag), *gh = malloc((max_n + 1) * sizeof *gh);
    orr_arena *a = orr_arena_new(1 << 16);
    int rc = ids && order && word && tag && gh && a ? ORR_OK : orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    int epochs = t->o->parser_epochs > 0 ? t->o->parser_epochs : 15;
    double best = -1;
    for (int e = 0; !rc && e < epochs; e++) {
        shuffle(&t->rng, order, n_ids);
        for (size_t i = 0; !rc && i < n_ids; i++)
            if (parser_sentence(t, &pw, a, ids[order[i]], e >= 1, word, tag, gh))
                rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
        orr_buf w;
        orr_buf_init(&w);
        if (!rc && pw_export(&pw, (uint32_t)t->o->prune, &w)) rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
        orr_model *m = NULL;
        double upos = 0, las = 0;
        if (!rc) rc = load_assembled(t, tagger, &w, &m);
        if (!rc) evaluate(m, t->dev, t->n_dev, &upos, &las);
        orr_model_free(m);
        say(t, "parser epoch %d: dev LAS %.2f (%u features, %zu bytes)", e + 1, las, (unsigned)pw.n_rows, w.len);
        if (!rc && las > best) {
            best = las;
            orr_buf_free(parser);
            *parser = w;
            rc = write_model(t, tagger, parser, upos, las);
        } else
            orr_buf_free(&w);
    }
    pw_free(&pw);
    free(ids);
    free(order);
    free(word);
    free(tag);
    free(gh);
    orr_arena_free(a);
    return rc;
}

int orr_model_train(const orr_train_opts *o, orr_error *err) {
    trainer t = {.o = o, .err = err};
    t.rng.s = o->seed ? o->seed : 0x9e3779b97f4a7c15ULL;
    t.arena = orr_arena_new(1 << 20);
    orr_buf_init(&t.info);
    char *train_bytes = NULL, *dev_bytes = NULL;
    size_t train_len, dev_len;
    orr_buf tagger, parser;
    orr_buf_init(&tagger);
    orr_buf_init(&parser);
    clock_t t0 = clock();
    int rc = t.arena ? ORR_OK : orr_error_set(err, ORR_ENOMEM, "out of memory");
    if (!rc) rc = orr_read_file(o->train_path, &train_bytes, &train_len, err);
    if (!rc) rc = orr_read_file(o->dev_path, &dev_bytes, &dev_len, err);
    if (!rc) rc = orr_conllu_read(t.arena, o->train_path, train_bytes, train_len, 1, &t.train, &t.n_train, err);
    if (!rc) rc = orr_conllu_read(t.arena, o->dev_path, dev_bytes, dev_len, 1, &t.dev, &t.n_dev, err);
    if (!rc && o->max_sentences > 0 && (size_t)o->max_sentences < t.n_train) t.n_train = (size_t)o->max_sentences;
    if (!rc && (!t.n_train || !t.n_dev)) rc = orr_error_set(err, ORR_EFORMAT, "%s: no sentences", t.n_train ? o->dev_path : o->train_path);
    strtab_add(&t.str, "_");
    if (!rc) rc = inventory(&t);
    if (!rc) {
        lexicon(&t);
        say(&t, "%zu train / %zu dev sentences, %u tags, %u relations", t.n_train, t.n_dev, t.n_tags, t.n_labels);
        rc = train_tagger_best(&t, &tagger);
    }
    if (!rc) rc = train_parser_best(&t, &tagger, &parser);
    if (!rc) {
        orr_model *m = NULL;
        rc = load_assembled(&t, &tagger, &parser, &m);
        double upos = 0, las = 0;
        if (!rc) evaluate(m, t.dev, t.n_dev, &upos, &las);
        orr_model_free(m);
        if (!rc) rc = write_model(&t, &tagger, &parser, upos, las);
        say(&t, "done in %.0f s (CPU); %s", (double)(clock() - t0) / CLOCKS_PER_SEC, t.info.data);
    }
    free(train_bytes);
    free(dev_bytes);
    orr_buf_free(&tagger);
    orr_buf_free(&parser);
    orr_buf_free(&t.info);
    orr_buf_free(&t.str.bytes);
    free(t.str.keys);
    free(t.str.offs);
    free(t.lex.data);
    free(t.wclass.data);
    free(t.rules.data);
    orr_arena_free(t.arena);
    return rc;
}
