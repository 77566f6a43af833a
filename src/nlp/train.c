/*
** train.c — orr_model_train: read the treebank, learn the lexical tables
** (tag inventory, lemma/feature exceptions, suffix rules, ambiguity
** classes), train the tagger (train_tagger.c) and the parser
** (train_parser.c, or train_beam.c with a beam), keep the epoch that scores best on dev for each, and
** write the model file.  Deterministic: one seeded generator drives every
** shuffle and every exploration choice, and tables are built in sorted
** order.
*/
#include "train.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>

uint64_t train_rng_next(rng *r) {
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dULL;
}
double train_rng_unit(rng *r) { return (double)(train_rng_next(r) >> 11) / 9007199254740992.0; }
void train_shuffle(rng *r, size_t *v, size_t n) {
    for (size_t i = 0; i < n; i++) v[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(train_rng_next(r) % i), t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

/* ---- interned strings ---- */
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

void hsec_init(hsec *h, size_t n_items, size_t rec_size) {
    uint32_t n = 16;
    while (n < n_items * 2) n *= 2;
    h->rec_size = rec_size;
    h->size = 8 + (size_t)n * rec_size;
    h->data = calloc(1, h->size);
    if (!h->data) abort();
    memcpy(h->data, &n, 4);
    h->mask = n - 1;
}
void hsec_put(hsec *h, const void *rec_bytes) {
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

void train_say(trainer *t, const char *fmt, ...) {
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
    uint32_t beam = t->o->beam > 1 ? (uint32_t)t->o->beam : 1;
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
        {SEC_BEAM, &beam, sizeof beam},  /* only for beam-trained parsers (below) */
        {SEC_BI_DIMS, t->bi_sec[0], t->bi_size[0]},  /* only with a biaffine parser */
        {SEC_BI_VOCAB, t->bi_sec[1], t->bi_size[1]},
        {SEC_BI_WEIGHTS, t->bi_sec[2], t->bi_size[2]},
    };
    size_t n_secs = 9;
    if (beam > 1) secs[n_secs++] = secs[9];
    for (int k = 0; k < 3 && t->bi_size[2]; k++) secs[n_secs++] = secs[10 + k];
    int rc = nlp_model_write(secs, n_secs, out, len);
    orr_buf_free(&tags);
    orr_buf_free(&labels);
    return rc;
}

int train_load_assembled(trainer *t, const orr_buf *tagger, const orr_buf *parser, orr_model **m) {
    char *bytes;
    size_t len;
    if (assemble(t, tagger, parser, &bytes, &len)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    int rc = orr_model_load_mem(m, "(training)", bytes, len, t->err);
    free(bytes);
    /* the dev score chooses the epoch: computed in float as before the
    ** bf16 products, so their rounding cannot change the epoch kept */
    if (!rc) nlp_model_unpack(*m);
    return rc;
}

int train_score(trainer *t, const orr_buf *tagger, const orr_buf *parser, double *upos, double *las) {
    orr_model *m = NULL;
    int rc = train_load_assembled(t, tagger, parser, &m);
    if (!rc) train_evaluate(m, t->dev, t->n_dev, upos, las);
    orr_model_free(m);
    return rc;
}

int train_keep_parser(trainer *t, const orr_buf *tagger, orr_buf *parser, orr_buf *w, double upos,
                      double las, double *best) {
    if (las <= *best) {
        orr_buf_free(w);
        return ORR_OK;
    }
    *best = las;
    orr_buf_free(parser);
    *parser = *w;
    return train_write_model(t, tagger, parser, upos, las);
}

/* ---- evaluation on dev: UPOS and LAS percentages ---- */
void train_evaluate(const orr_model *m, const orr_conllu_sentence *s, size_t n, double *upos, double *las) {
    double uas;
    train_evaluate_uas(m, s, n, upos, &uas, las);
}

void train_evaluate_uas(const orr_model *m, const orr_conllu_sentence *s, size_t n, double *upos,
                        double *uas, double *las) {
    orr_arena *a = orr_arena_new(1 << 16);
    size_t total = 0, ok_tag = 0, ok_las = 0, ok_uas = 0;
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
            ok_uas += w[k].head == s[i].words[k].head;
        }
    }
    orr_arena_free(a);
    *uas = total ? 100.0 * ok_uas / total : 0;
    *upos = total ? 100.0 * ok_tag / total : 0;
    *las = total ? 100.0 * ok_las / total : 0;
}

/* Write the model (info line included) to the output path; called at
** every parser epoch that improves on dev, so an interrupted run leaves
** the model of `--parser-epochs <last best>`. */
int train_write_model(trainer *t, const orr_buf *tagger, const orr_buf *parser, double upos, double las) {
    const orr_train_opts *o = t->o;
    const char *base = strrchr(o->train_path, '/');
    t->info.len = 0;
    orr_buf_printf(&t->info, "orrery-nlp v%d: %u tags, %u relations; trained on %s (%zu sentences, seed %llu); dev UPOS %.2f LAS %.2f",
                   NLP_VERSION, t->n_tags, t->n_labels, base ? base + 1 : o->train_path, t->n_train,
                   (unsigned long long)(o->seed ? o->seed : 0x9e3779b97f4a7c15ULL), upos, las);
    if (o->beam > 1) orr_buf_printf(&t->info, "; beam %d", o->beam);
    if (t->bi_size[2]) orr_buf_printf(&t->info, "; BiLSTM-biaffine parser (LSTM %u)", t->bi_lstm);
    if (t->bi_size[2] && o->teacher_path) {
        const char *tb = strrchr(o->teacher_path, '/');
        orr_buf_printf(&t->info, " distilled from %s", tb ? tb + 1 : o->teacher_path);
    }
    char *bytes;
    size_t len;
    if (assemble(t, tagger, parser, &bytes, &len)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    int rc = nlp_model_save(o->out_path, bytes, len, t->err);
    free(bytes);
    if (rc) return rc;
    train_say(t, "wrote %s (%zu bytes)", o->out_path, len);
    return ORR_OK;
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
    if (!rc && (o->beam < 0 || o->beam > 256)) rc = orr_error_set(err, ORR_EUSAGE, "beam %d is not in 0..256", o->beam);
    if (!rc && o->teacher_path && !o->biaffine) rc = orr_error_set(err, ORR_EUSAGE, "--teacher needs --parser biaffine");
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
        train_say(&t, "%zu train / %zu dev sentences, %u tags, %u relations", t.n_train, t.n_dev, t.n_tags, t.n_labels);
        rc = train_tagger_best(&t, &tagger);
    }
    if (!rc) rc = o->biaffine ? train_biaffine_best(&t, &tagger, &parser)
                  : o->beam > 1 ? train_beam_best(&t, &tagger, &parser) : train_parser_best(&t, &tagger, &parser);
    if (!rc) {
        double upos = 0, las = 0;
        rc = train_score(&t, &tagger, &parser, &upos, &las);
        if (!rc) rc = train_write_model(&t, &tagger, &parser, upos, las);
        train_say(&t, "done in %.0f s (CPU); %s", (double)(clock() - t0) / CLOCKS_PER_SEC, t.info.data);
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
    free(t.bi_best);
    orr_arena_free(t.arena);
    return rc;
}
