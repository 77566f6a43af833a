/*
** biparse.c — parsing one tagged sentence with a model's BiLSTM + biaffine
** network: each word's input (vocabulary id of its lowercased form,
** hashed suffix/prefix/shape buckets, its tag), the network, the tree.
** A model with several networks (an ensemble, combine.c) runs each and
** decodes the sum of their arc and label log-probabilities.
** Sentences longer than BI_CHUNK words are cut into pieces parsed alone
** (the arc scores and Eisner's tables are quadratic and cubic in length);
** the root child of every later piece is attached to the first piece's.
** nlp_bi_parse_batch runs several sentences through the networks at once.
*/
#include "nlp.h"

#include <math.h>

uint32_t nlp_bi_word_id(const nlp_bi_parser *p, uint64_t lower) {
    uint64_t key = lower ? lower : 1;
    for (uint32_t i = (uint32_t)key & p->vocab_mask; p->vocab[i].key; i = (i + 1) & p->vocab_mask)
        if (p->vocab[i].key == key) return p->vocab[i].id;
    return BI_WORD_UNK;
}

/* Network p's inputs for words [lo, hi) into in[0 .. hi - lo] (the root first). */
static void net_inputs(const nlp_bi_parser *p, const nlp_tok *toks, const int *tags, size_t lo, size_t hi,
                       bi_input *in) {
    bi_root_input(&p->net.d, &in[0]);
    for (size_t i = lo; i < hi; i++) {
        const nlp_tok *t = &toks[i];
        bi_input *x = &in[i - lo + 1];
        x->word = nlp_bi_word_id(p, t->lower);
        x->tag = (uint32_t)tags[i];
        bi_hash_buckets(&p->net.d, t->suf[2], t->suf[1], t->pre[1], t->shape, x->hash);
    }
}

/* Network p over words [lo, hi) (token 0: the root). */
static int run_net(const nlp_bi_parser *p, orr_arena *a, const nlp_tok *toks, const int *tags, size_t lo,
                   size_t hi, bi_acts *acts) {
    int T = (int)(hi - lo) + 1;
    bi_input *in = orr_arena_alloc(a, (size_t)T * sizeof *in);
    if (!in) return ORR_ENOMEM;
    net_inputs(p, toks, tags, lo, hi, in);
    return bi_forward(&p->net, in, T, 0, NULL, a, acts);
}

double bi_exp_sum(const float *v, int n, int skip, float *top) {
    *top = -INFINITY;
    for (int i = 0; i < n; i++)
        if (i != skip && v[i] > *top) *top = v[i];
    double z = 0;
    for (int i = 0; i < n; i++)
        if (i != skip) z += exp((double)(v[i] - *top));
    return z;
}

static void log_softmax(float *v, int n) {
    float top;
    double z = bi_exp_sum(v, n, -1, &top);
    float log_z = top + (float)log(z);
    for (int i = 0; i < n; i++) v[i] -= log_z;
}

/* The tree (h: T entries, [0] unused) from every network's arc scores:
** an ensemble's become log-probabilities of each word's head (a softmax
** over the row), summed over the networks into the first one's matrix,
** which Eisner decodes. */
static int decode_heads(const orr_model *m, bi_acts *acts, orr_arena *a, int *h) {
    int T = acts[0].T;
    if (m->has_bi > 1) {
        for (int k = 0; k < m->has_bi; k++)
            for (int d = 0; d < T; d++) log_softmax(acts[k].s + (size_t)d * T, T);
        for (int k = 1; k < m->has_bi; k++)
            for (size_t i = 0; i < (size_t)T * T; i++) acts[0].s[i] += acts[k].s[i];
    }
    return bi_eisner(acts[0].s, T, a, h);
}

/* Each word's label under its head, once every network's labels are
** prepared (bi_label_prepare): an ensemble's is the one with the highest
** summed label log-probability (never the root label but for the root's
** child, as bi_decode_labels). */
static int decode_labels(const orr_model *m, bi_acts *acts, orr_arena *a, const int *h, int *l) {
    if (m->has_bi == 1) return bi_decode_labels(&m->bi[0].net, &acts[0], m->label_root, a, h, l);
    int T = acts[0].T, n_labels = (int)m->n_labels;
    float *sum = orr_arena_alloc(a, (size_t)n_labels * sizeof *sum);
    float *one = orr_arena_alloc(a, (size_t)n_labels * sizeof *one);
    if (!sum || !one) return ORR_ENOMEM;
    for (int d = 1; d < T; d++) {
        l[d] = (int)m->label_root;
        if (h[d] == 0) continue;
        memset(sum, 0, (size_t)n_labels * sizeof *sum);
        for (int k = 0; k < m->has_bi; k++) {
            bi_label_scores(&m->bi[k].net, &acts[k], d, h[d], one);
            log_softmax(one, n_labels);
            for (int j = 0; j < n_labels; j++) sum[j] += one[j];
        }
        int best = -1;
        for (int j = 0; j < n_labels; j++)
            if (j != (int)m->label_root && (best < 0 || sum[j] > sum[best])) best = j;
        if (best >= 0) l[d] = best;
    }
    return ORR_OK;
}

/* The words' heads and labels (1-based, global: the piece starts at word
** lo) from a decoded piece of T tokens. */
static void put_piece(int T, const int *h, const int *l, size_t lo, int *head, int *label) {
    for (int d = 1; d < T; d++) {
        head[lo + (size_t)d] = h[d] ? (int)lo + h[d] : 0;
        label[lo + (size_t)d] = l[d];
    }
}

/* The tree of words [lo, hi) from every network's activations over them. */
static int decode_piece(const orr_model *m, orr_arena *a, bi_acts *acts, size_t lo, int *head, int *label) {
    int T = acts[0].T;
    int *h = orr_arena_alloc(a, (size_t)T * sizeof *h), *l = orr_arena_alloc(a, (size_t)T * sizeof *l);
    if (!h || !l || decode_heads(m, acts, a, h)) return ORR_ENOMEM;
    for (int k = 0; k < m->has_bi; k++)
        if (bi_label_prepare(&m->bi[k].net, &acts[k], h, a)) return ORR_ENOMEM;
    if (decode_labels(m, acts, a, h, l)) return ORR_ENOMEM;
    put_piece(T, h, l, lo, head, label);
    return ORR_OK;
}

/* Words [lo, hi) as one sentence. */
static int parse_piece(const orr_model *m, orr_arena *a, const nlp_tok *toks, const int *tags, size_t lo,
                       size_t hi, int *head, int *label) {
    bi_acts acts[BI_MAX_NETS];
    for (int k = 0; k < m->has_bi; k++)
        if (run_net(&m->bi[k], a, toks, tags, lo, hi, &acts[k])) return ORR_ENOMEM;
    return decode_piece(m, a, acts, lo, head, label);
}

int nlp_bi_parse(const orr_model *m, const nlp_tok *toks, const int *tags, size_t n, int *head, int *label) {
    orr_arena *a = orr_arena_new(1 << 20);
    if (!a) return ORR_ENOMEM;
    int rc = ORR_OK, first_root = 0;
    for (size_t lo = 0; !rc && lo < n; lo += BI_CHUNK) {
        size_t hi = n - lo > BI_CHUNK ? lo + BI_CHUNK : n;
        orr_arena_reset(a);
        rc = parse_piece(m, a, toks, tags, lo, hi, head, label);
        for (size_t i = lo + 1; !rc && i <= hi; i++) {
            if (head[i] != 0) continue;
            if (!first_root) {
                first_root = (int)i;
                continue;
            }
            head[i] = first_root;  /* a later piece's root: a parataxis-like attachment */
            label[i] = (int)(m->label_root == 0 && m->n_labels > 1 ? 1 : 0);
            for (uint32_t k = 0; k < m->n_labels; k++)
                if (!strcmp(nlp_str(m, m->labels[k]), "parataxis")) label[i] = (int)k;
        }
    }
    orr_arena_free(a);
    return rc;
}

/* Sentence b's activations under each network (acts: network k's nb
** sentences from k * nb). */
static void sentence_acts(const orr_model *m, const bi_acts *acts, size_t nb, size_t b, bi_acts *per) {
    for (int k = 0; k < m->has_bi; k++) per[k] = acts[(size_t)k * nb + b];
}

/* The sentences of at most BI_CHUNK words go through each network as one
** batch (biinfer.c), then are decoded one by one; longer ones alone.  The
** activations (about 40 KB a word per network) are taken from the
** caller's arena, whose blocks a caller that resets it keeps reusing. */
int nlp_bi_parse_batch(const orr_model *m, orr_arena *a, size_t B, const nlp_tok *const *toks,
                       const int *const *tags, const size_t *n, int *const *head, int *const *label) {
    size_t rows = 0, nb = 0;
    int rc = ORR_OK;
    for (size_t i = 0; !rc && i < B; i++) {
        if (n[i] > 0 && n[i] <= BI_CHUNK) rows += n[i] + 1, nb++;
        else if (n[i] > BI_CHUNK) rc = nlp_bi_parse(m, toks[i], tags[i], n[i], head[i], label[i]);
    }
    if (rc || nb == 0) return rc;
    bi_input *in = orr_arena_alloc(a, rows * sizeof *in);
    int *T = orr_arena_alloc(a, nb * sizeof *T);
    size_t *which = orr_arena_alloc(a, nb * sizeof *which);
    bi_acts *acts = orr_arena_alloc(a, (size_t)m->has_bi * nb * sizeof *acts);
    rc = in && T && which && acts ? ORR_OK : ORR_ENOMEM;
    for (size_t i = 0, b = 0; !rc && i < B; i++)
        if (n[i] > 0 && n[i] <= BI_CHUNK) which[b] = i, T[b++] = (int)n[i] + 1;
    for (int k = 0; !rc && k < m->has_bi; k++) {
        for (size_t b = 0, row = 0; b < nb; row += (size_t)T[b++])
            net_inputs(&m->bi[k], toks[which[b]], tags[which[b]], 0, n[which[b]], in + row);
        rc = bi_forward_batch(&m->bi[k].net, in, T, (int)nb, a, acts + (size_t)k * nb);
    }
    /* the trees, then the label tensor on all their heads at once, then the labels */
    int **h = orr_arena_alloc(a, nb * sizeof *h), **l = orr_arena_alloc(a, nb * sizeof *l);
    if (!rc && (!h || !l)) rc = ORR_ENOMEM;
    for (size_t b = 0; !rc && b < nb; b++) {
        bi_acts per[BI_MAX_NETS];
        sentence_acts(m, acts, nb, b, per);
        h[b] = orr_arena_alloc(a, (size_t)T[b] * sizeof **h);
        l[b] = orr_arena_alloc(a, (size_t)T[b] * sizeof **l);
        rc = h[b] && l[b] ? decode_heads(m, per, a, h[b]) : ORR_ENOMEM;
    }
    for (int k = 0; !rc && k < m->has_bi; k++)
        rc = bi_label_prepare_batch(&m->bi[k].net, acts + (size_t)k * nb, (const int *const *)h, (int)nb, a);
    for (size_t b = 0; !rc && b < nb; b++) {
        bi_acts per[BI_MAX_NETS];
        sentence_acts(m, acts, nb, b, per);
        rc = decode_labels(m, per, a, h[b], l[b]);
        if (!rc) put_piece(T[b], h[b], l[b], 0, head[which[b]], label[which[b]]);
    }
    return rc;
}
