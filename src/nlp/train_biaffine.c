/*
** train_biaffine.c — training the BiLSTM + biaffine parser (biaffine.h)
** on the jackknifed tags of train_tagger.c (or --tag-cache): vocabulary
** of lowercased words seen at least twice, seeded initialisation,
** minibatches of sentences in a seeded order, dropout, word dropout
** (a word seen c times becomes UNK with probability 0.25 / (0.25 + c)),
** Adam with the gradient's global norm clipped, and after every epoch the
** dev score: the epoch with the best dev LAS is kept and written.
** With --teacher the targets mix the gold trees with a teacher's soft
** distributions (distill.c).
** Deterministic: one thread and the trainer's generator drive everything.
*/
#include "train.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

#define BI_HASH_BUCKETS (1u << 14)
#define BI_DROP 0.33f
#define BI_LR 2e-3f
#define BI_BETA1 0.9f
#define BI_BETA2 0.9f
#define BI_CLIP 5.0f

typedef struct bi_train {
    trainer *t;
    bi_dims d;
    bi_layout l;
    float *w, *g, *m, *v;      /* weights, gradient, Adam moments */
    long step;
    long total_steps;  /* linear decay of the rate to a tenth over the run */
    hsec vocab;
    uint32_t *counts;          /* by vocabulary id */
    bi_input **in;             /* per train sentence, token 0 the root */
    int **head;                /* gold heads, [0] = -1 */
    distill_set teach;         /* soft targets (--teacher; distill.c), else arc NULL */
    orr_arena *a;
} bi_train;

static int key_cmp(const void *x, const void *y) {
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Words (lowercased-form hashes) seen >= 2 times get ids 2.. in key order. */
static int build_vocab(bi_train *b) {
    trainer *t = b->t;
    size_t n = 0, k = 0;
    for (size_t s = 0; s < t->n_train; s++) n += t->train[s].n_words;
    uint64_t *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys) return ORR_ENOMEM;
    for (size_t s = 0; s < t->n_train; s++)
        for (size_t i = 0; i < t->train[s].n_words; i++) keys[k++] = t->toks[s][i].lower ? t->toks[s][i].lower : 1;
    qsort(keys, n, sizeof *keys, key_cmp);
    size_t n_vocab = 0;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i; j < n && keys[j] == keys[i];) j++;
        n_vocab += j - i >= 2;
    }
    hsec_init(&b->vocab, n_vocab, sizeof(nlp_bi_word));
    b->counts = calloc(n_vocab + 2, sizeof *b->counts);
    if (!b->counts) {
        free(keys);
        return ORR_ENOMEM;
    }
    uint32_t id = 2;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i; j < n && keys[j] == keys[i];) j++;
        if (j - i < 2) continue;
        nlp_bi_word e = {keys[i], id, (uint32_t)(j - i)};
        hsec_put(&b->vocab, &e);
        b->counts[id++] = (uint32_t)(j - i);
    }
    free(keys);
    b->d.n_words = id;
    return ORR_OK;
}

static uint32_t vocab_id(const bi_train *b, uint64_t lower) {
    uint64_t key = lower ? lower : 1;
    const nlp_bi_word *r = (const nlp_bi_word *)(b->vocab.data + 8);
    for (uint32_t i = (uint32_t)key & b->vocab.mask; r[i].key; i = (i + 1) & b->vocab.mask)
        if (r[i].key == key) return r[i].id;
    return BI_WORD_UNK;
}

static void init_uniform(bi_train *b, size_t off, size_t n, float r) {
    for (size_t i = 0; i < n; i++) b->w[off + i] = (float)((train_rng_unit(&b->t->rng) * 2 - 1) * r);
}

/* Embeddings: unit expected norm; matrices: Glorot; biaffine tensors and
** biases zero except the LSTM forget gates' (1). */
static void init_weights(bi_train *b) {
    const bi_dims *d = &b->d;
    const bi_layout *l = &b->l;
    size_t h = d->d_lstm;
    init_uniform(b, l->e_word, (size_t)d->n_words * d->d_word, sqrtf(3.0f / d->d_word));
    init_uniform(b, l->e_hash, (size_t)d->n_hash * d->d_hash, sqrtf(3.0f / d->d_hash) / 2);
    init_uniform(b, l->e_tag, (size_t)d->n_tags * d->d_tag, sqrtf(3.0f / d->d_tag));
    for (int k = 0; k < BI_LAYERS; k++)
        for (int dir = 0; dir < 2; dir++) {
            init_uniform(b, l->wx[k][dir], 4 * h * l->in[k], sqrtf(6.0f / (float)(l->in[k] + h)));
            init_uniform(b, l->wh[k][dir], 4 * h * h, sqrtf(6.0f / (float)(2 * h)));
            for (size_t j = 0; j < h; j++) b->w[l->b[k][dir] + h + j] = 1.0f;
        }
    init_uniform(b, l->ad_w, (size_t)d->d_arc * 2 * h, sqrtf(6.0f / (float)(d->d_arc + 2 * h)));
    init_uniform(b, l->ah_w, (size_t)d->d_arc * 2 * h, sqrtf(6.0f / (float)(d->d_arc + 2 * h)));
    init_uniform(b, l->rd_w, (size_t)d->d_rel * 2 * h, sqrtf(6.0f / (float)(d->d_rel + 2 * h)));
    init_uniform(b, l->rh_w, (size_t)d->d_rel * 2 * h, sqrtf(6.0f / (float)(d->d_rel + 2 * h)));
}

static int prepare_inputs(bi_train *b) {
    trainer *t = b->t;
    b->in = orr_arena_alloc(t->arena, t->n_train * sizeof *b->in);
    b->head = orr_arena_alloc(t->arena, t->n_train * sizeof *b->head);
    if (!b->in || !b->head) return ORR_ENOMEM;
    for (size_t s = 0; s < t->n_train; s++) {
        size_t n = t->train[s].n_words;
        b->in[s] = orr_arena_alloc(t->arena, (n + 1) * sizeof(bi_input));
        b->head[s] = orr_arena_alloc(t->arena, (n + 1) * sizeof(int));
        if (!b->in[s] || !b->head[s]) return ORR_ENOMEM;
        bi_root_input(&b->d, &b->in[s][0]);
        b->head[s][0] = -1;
        for (size_t i = 0; i < n; i++) {
            const nlp_tok *tk = &t->toks[s][i];
            bi_input *x = &b->in[s][i + 1];
            x->word = vocab_id(b, tk->lower);
            x->tag = (uint32_t)t->pred_tag[s][i];
            bi_hash_buckets(&b->d, tk->suf[2], tk->suf[1], tk->pre[1], tk->shape, x->hash);
            int gh = t->train[s].words[i].head;
            b->head[s][i + 1] = gh >= 0 && (size_t)gh <= n && (size_t)gh != i + 1 ? gh : 0;
        }
    }
    return ORR_OK;
}

/* One Adam step on the summed gradient of a batch (clipped to norm BI_CLIP). */
static void adam_step(bi_train *b) {
    size_t n = b->l.n_params;
    double norm2 = 0;
    for (size_t i = 0; i < n; i++) norm2 += (double)b->g[i] * b->g[i];
    float clip = norm2 > (double)BI_CLIP * BI_CLIP ? (float)(BI_CLIP / sqrt(norm2)) : 1.0f;
    b->step++;
    float c1 = 1.0f - powf(BI_BETA1, (float)b->step), c2 = 1.0f - powf(BI_BETA2, (float)b->step);
    float decay = b->total_steps > 0 ? 1.0f - 0.9f * (float)b->step / (float)b->total_steps : 1.0f;
    float lr = BI_LR * decay * sqrtf(c2) / c1;
    for (size_t i = 0; i < n; i++) {
        float g = b->g[i] * clip;
        b->m[i] = BI_BETA1 * b->m[i] + (1 - BI_BETA1) * g;
        b->v[i] = BI_BETA2 * b->v[i] + (1 - BI_BETA2) * g * g;
        b->w[i] -= lr * b->m[i] / (sqrtf(b->v[i]) + 1e-8f);
    }
}

/* One sentence's forward and backward pass, with word dropout. */
static int train_sentence(bi_train *b, size_t s, float scale, double *loss) {
    trainer *t = b->t;
    size_t n = t->train[s].n_words;
    bi_input *in = orr_arena_alloc(b->a, (n + 1) * sizeof *in);
    if (!in) return ORR_ENOMEM;
    memcpy(in, b->in[s], (n + 1) * sizeof *in);
    for (size_t i = 1; i <= n; i++) {
        double c = in[i].word >= 2 ? b->counts[in[i].word] : 0;
        if (c > 0 && train_rng_unit(&t->rng) < 0.25 / (0.25 + c)) in[i].word = BI_WORD_UNK;
    }
    bi_net net = {.d = b->d, .l = b->l, .w = b->w};
    bi_acts acts;
    int rc = bi_forward(&net, in, (int)n + 1, BI_DROP, &t->rng, b->a, &acts);
    bi_soft soft = {b->teach.alpha, b->teach.arc ? b->teach.arc[s] : NULL, b->teach.arc ? b->teach.label[s] : NULL};
    if (!rc)
        rc = bi_backward(&net, in, &acts, b->head[s], t->gold_label[s], b->teach.arc ? &soft : NULL, scale, b->g,
                         b->a, loss);
    return rc;
}

/* The sections of the current network: dims, vocabulary, weights in one
** malloc'd block (NULL when out of memory). */
static char *snapshot(const bi_train *b) {
    size_t wbytes = b->l.n_params * sizeof(float);
    char *blk = malloc(sizeof b->d + b->vocab.size + wbytes);
    if (!blk) return NULL;
    memcpy(blk, &b->d, sizeof b->d);
    memcpy(blk + sizeof b->d, b->vocab.data, b->vocab.size);
    memcpy(blk + sizeof b->d + b->vocab.size, b->w, wbytes);
    return blk;
}

/* Point the trainer's sections at a snapshot. */
static void point(trainer *t, const bi_train *b, const char *blk) {
    t->bi_sec[0] = blk;
    t->bi_size[0] = sizeof b->d;
    t->bi_sec[1] = blk + sizeof b->d;
    t->bi_size[1] = b->vocab.size;
    t->bi_sec[2] = blk + sizeof b->d + b->vocab.size;
    t->bi_size[2] = b->l.n_params * sizeof(float);
    t->bi_lstm = b->d.d_lstm;
}

static double now_sec(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int run_epochs(bi_train *b, const orr_buf *tagger, const orr_buf *parser) {
    trainer *t = b->t;
    size_t *order = malloc(t->n_train * sizeof *order);
    if (!order) return ORR_ENOMEM;
    int epochs = t->o->parser_epochs > 0 ? t->o->parser_epochs : 20, rc = ORR_OK;
    size_t batch = t->o->bi_batch > 0 ? (size_t)t->o->bi_batch : 32;
    double best = -1;
    if (t->o->bi_lr_decay) b->total_steps = (long)epochs * (long)((t->n_train + batch - 1) / batch);
    for (int e = 0; !rc && e < epochs; e++) {
        double t0 = now_sec(), loss = 0;
        size_t words = 0;
        train_shuffle(&t->rng, order, t->n_train);
        for (size_t i = 0; !rc && i < t->n_train; i += batch) {
            size_t end = i + batch < t->n_train ? i + batch : t->n_train, bw = 0;
            for (size_t k = i; k < end; k++) bw += t->train[order[k]].n_words;
            memset(b->g, 0, b->l.n_params * sizeof(float));
            for (size_t k = i; !rc && k < end; k++) {
                double l = 0;
                orr_arena_reset(b->a);
                rc = train_sentence(b, order[k], 1.0f / (float)(bw ? bw : 1), &l);
                loss += l;
            }
            words += bw;
            if (!rc) adam_step(b);
            if (!rc && (i / batch) % 100 == 99)
                train_say(t, "biaffine epoch %d: %zu/%zu sentences, loss %.4f, %.0f s", e + 1, end, t->n_train,
                          loss / (double)(words ? words : 1), now_sec() - t0);
        }
        if (rc) break;
        double train_s = now_sec() - t0, upos = 0, uas = 0, las = 0;
        char *cur = snapshot(b);
        if (!cur) {
            rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
            break;
        }
        point(t, b, cur);
        orr_model *m = NULL;
        rc = train_load_assembled(t, tagger, parser, &m);
        if (!rc) train_evaluate_uas(m, t->dev, t->n_dev, &upos, &uas, &las);
        orr_model_free(m);
        if (!rc)
            train_say(t, "biaffine epoch %d: loss %.4f, dev UPOS %.2f UAS %.2f LAS %.2f, %.0f s train + %.0f s dev",
                      e + 1, loss / (double)(words ? words : 1), upos, uas, las, train_s, now_sec() - t0 - train_s);
        if (!rc && las > best) {  /* the best epoch's snapshot is kept and written */
            best = las;
            free(t->bi_best);
            t->bi_best = cur;
            rc = train_write_model(t, tagger, parser, upos, las);
        } else {
            free(cur);
            if (t->bi_best) point(t, b, t->bi_best);
        }
    }
    free(order);
    return rc;
}

int train_biaffine_best(trainer *t, const orr_buf *tagger, orr_buf *parser) {
    bi_train b = {.t = t};
    uint32_t h = t->o->bi_lstm > 0 ? (uint32_t)t->o->bi_lstm : 128;
    int small = h < 64;
    int rc = build_vocab(&b);
    /* small networks (tests, fuzz seeds) get embeddings and a hash table to match */
    b.d = (bi_dims){.version = BI_VERSION, .n_words = b.d.n_words, .n_hash = small ? 1024 : BI_HASH_BUCKETS,
                    .n_tags = t->n_tags + 1, .n_labels = t->n_labels,
                    .d_word = small ? 2 * h : 100, .d_hash = small ? h : 50, .d_tag = small ? h : 50,
                    .d_lstm = h, .d_arc = 2 * h, .d_rel = h / 2 ? h / 2 : 1};
    const char *why = rc ? NULL : bi_dims_check(&b.d);
    if (why) rc = orr_error_set(t->err, ORR_EUSAGE, "biaffine parser: %s", why);
    bi_layout_init(&b.d, &b.l);
    size_t n = b.l.n_params;
    if (!rc) {
        b.w = calloc(n, sizeof(float));
        b.g = calloc(n, sizeof(float));
        b.m = calloc(n, sizeof(float));
        b.v = calloc(n, sizeof(float));
        b.a = orr_arena_new(16 << 20);
        if (!b.w || !b.g || !b.m || !b.v || !b.a || prepare_inputs(&b)) rc = ORR_ENOMEM;
    }
    /* the transition parser's table stays empty: the biaffine one parses */
    pw_table none;
    if (!rc && pw_init(&none, 1 + 2 * (int)t->n_labels)) rc = ORR_ENOMEM;
    if (!rc) {
        orr_buf_free(parser);
        rc = pw_export(&none, 0, parser) ? ORR_ENOMEM : ORR_OK;
        pw_free(&none);
    }
    if (rc == ORR_ENOMEM) rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    if (!rc && t->o->teacher_path) rc = train_distill_prepare(t, tagger, parser, b.head, &b.teach);
    if (!rc) {
        train_say(t, "biaffine: %u words, LSTM %u x 2 layers, %zu parameters (%.1f MB), batches of %d sentences",
                  b.d.n_words, h, n, n * 4.0 / 1e6, t->o->bi_batch > 0 ? t->o->bi_batch : 32);
        init_weights(&b);
        rc = run_epochs(&b, tagger, parser);
    }
    free(b.w);
    free(b.g);
    free(b.m);
    free(b.v);
    free(b.vocab.data);
    free(b.counts);
    orr_arena_free(b.a);
    return rc;
}
