/*
** biparse.c — parsing one tagged sentence with a model's BiLSTM + biaffine
** network: each word's input (vocabulary id of its lowercased form,
** hashed suffix/prefix/shape buckets, its tag), the network, the tree.
** Sentences longer than BI_CHUNK words are cut into pieces parsed alone
** (the arc scores and Eisner's tables are quadratic and cubic in length);
** the root child of every later piece is attached to the first piece's.
*/
#include "nlp.h"

uint32_t nlp_bi_word_id(const orr_model *m, uint64_t lower) {
    uint64_t key = lower ? lower : 1;
    for (uint32_t i = (uint32_t)key & m->bi_vocab_mask; m->bi_vocab[i].key; i = (i + 1) & m->bi_vocab_mask)
        if (m->bi_vocab[i].key == key) return m->bi_vocab[i].id;
    return BI_WORD_UNK;
}

/* Words [lo, hi) as one sentence; heads are written 1-based globally. */
static int parse_piece(const orr_model *m, orr_arena *a, const nlp_tok *toks, const int *tags, size_t lo,
                       size_t hi, int *head, int *label) {
    const bi_net *net = &m->bi;
    int T = (int)(hi - lo) + 1;
    bi_input *in = orr_arena_alloc(a, (size_t)T * sizeof *in);
    int *h = orr_arena_alloc(a, (size_t)T * sizeof *h), *l = orr_arena_alloc(a, (size_t)T * sizeof *l);
    if (!in || !h || !l) return ORR_ENOMEM;
    bi_root_input(&net->d, &in[0]);
    for (size_t i = lo; i < hi; i++) {
        const nlp_tok *t = &toks[i];
        bi_input *x = &in[i - lo + 1];
        x->word = nlp_bi_word_id(m, t->lower);
        x->tag = (uint32_t)tags[i];
        bi_hash_buckets(&net->d, t->suf[2], t->suf[1], t->pre[1], t->shape, x->hash);
    }
    bi_acts acts;
    int rc = bi_forward(net, in, T, 0, NULL, a, &acts);
    if (!rc) rc = bi_decode(net, &acts, m->label_root, a, h, l);
    if (rc) return rc;
    for (int d = 1; d < T; d++) {
        head[lo + (size_t)d] = h[d] ? (int)lo + h[d] : 0;
        label[lo + (size_t)d] = l[d];
    }
    return ORR_OK;
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
