/*
** beam.c — beam search over the parser's transitions (parser.c): instead
** of committing to the best transition of one state, keep the k best
** partial parses (by the sum of their transitions' scores) and return the
** best complete one.  Greedy decoding cannot undo an early mistake that
** only later evidence shows; a beam can keep the alternative alive until
** that evidence comes.  The same engine serves decoding (int8 weights of
** a loaded model) and global training (train_beam.c, float weights of the
** training table): it only needs a scorer of one state's features.
*/
#include "nlp.h"

/*
** Each item owns a copy of its parse state, one block (parse_state_bind),
** so copying a parent into a child is one memcpy.  Sentences are short
** (EWT: 17 words on average, a block of about 1 KB), so copying k states
** per step is cheaper than sharing structure would be; sentences longer
** than BEAM_MAX_WORDS are parsed greedily (analyze.c) so the quadratic
** copying stays bounded.
*/
static void state_copy(parse_state *to, const parse_state *from, size_t block) {
    memcpy(to->lset, from->lset, block);
    to->n_stack = from->n_stack;
    to->b = from->b;
}

int beam_init(beam *b, int n, int k, int n_classes, int label_root, orr_arena *a) {
    memset(b, 0, sizeof *b);
    b->k = k;
    b->n_classes = n_classes;
    b->label_root = label_root;
    b->block = parse_state_bytes(n);
    size_t hist = (size_t)(2 * n + 1) * (size_t)k;
    b->cur = orr_arena_alloc(a, 2 * (size_t)k * sizeof *b->cur);
    char *blocks = orr_arena_alloc(a, 2 * (size_t)k * b->block);
    b->parent = orr_arena_alloc(a, hist * sizeof *b->parent);
    b->cls = orr_arena_alloc(a, hist * sizeof *b->cls);
    b->scores = orr_arena_alloc(a, (size_t)n_classes * sizeof *b->scores);
    b->top_score = orr_arena_alloc(a, (size_t)k * sizeof *b->top_score);
    b->top_item = orr_arena_alloc(a, (size_t)k * sizeof *b->top_item);
    b->top_cls = orr_arena_alloc(a, (size_t)k * sizeof *b->top_cls);
    if (!b->cur || !blocks || !b->parent || !b->cls || !b->scores || !b->top_score || !b->top_item ||
        !b->top_cls)
        return ORR_ENOMEM;
    b->next = b->cur + k;
    for (int i = 0; i < 2 * k; i++) parse_state_bind(&b->cur[i].st, blocks + (size_t)i * b->block, n);
    parse_state_start(&b->cur[0].st);
    b->cur[0].score = 0;
    b->size = 1;
    return ORR_OK;
}

/* Is expansion (v, cls, item) better than kept expansion j? */
static int beam_better(const beam *b, double v, int cls, int item, int j) {
    if (v != b->top_score[j]) return v > b->top_score[j];
    if (cls != b->top_cls[j]) return cls < b->top_cls[j];
    return item < b->top_item[j];
}

void beam_step(beam *b, const uint64_t *word, const int *tag, beam_score_fn *score, void *ctx) {
    uint64_t feats[PARSE_MAX_FEATS];
    int kept = 0;
    /* the k best expansions, kept sorted best first (k is small: insertion) */
    for (int i = 0; i < b->size; i++) {
        const beam_item *it = &b->cur[i];
        size_t nf = parser_features(&it->st, word, tag, feats);
        memset(b->scores, 0, (size_t)b->n_classes * sizeof *b->scores);
        score(ctx, feats, nf, b->scores);
        for (int c = 0; c < b->n_classes; c++) {
            double v = it->score + b->scores[c];
            if (kept == b->k && !beam_better(b, v, c, i, kept - 1)) continue;
            if (!parser_allowed(&it->st, c, b->label_root)) continue;
            int j = kept < b->k ? kept++ : kept - 1;
            while (j > 0 && beam_better(b, v, c, i, j - 1)) {
                b->top_score[j] = b->top_score[j - 1];
                b->top_cls[j] = b->top_cls[j - 1];
                b->top_item[j] = b->top_item[j - 1];
                j--;
            }
            b->top_score[j] = v, b->top_cls[j] = c, b->top_item[j] = i;
        }
    }
    int *parent = b->parent + (size_t)b->steps * (size_t)b->k, *cls = b->cls + (size_t)b->steps * (size_t)b->k;
    for (int j = 0; j < kept; j++) {
        beam_item *to = &b->next[j];
        state_copy(&to->st, &b->cur[b->top_item[j]].st, b->block);
        parser_apply(&to->st, b->top_cls[j]);
        to->score = b->top_score[j];
        parent[j] = b->top_item[j];
        cls[j] = b->top_cls[j];
    }
    beam_item *t = b->cur;
    b->cur = b->next;
    b->next = t;
    b->size = kept;
    b->steps++;
}

void beam_history(const beam *b, int steps, int i, int *cls) {
    for (int t = steps - 1; t >= 0; t--) {
        size_t at = (size_t)t * (size_t)b->k + (size_t)i;
        cls[t] = b->cls[at];
        i = b->parent[at];
    }
}

/* A loaded model's scorer: the int8 table's sums, as doubles (exact). */
static void beam_score_model(void *ctx, const uint64_t *feats, size_t n, double *scores) {
    const orr_model *m = ctx;
    int32_t sums[NLP_MAX_CLASSES];
    uint32_t n_classes = 1 + 2 * m->n_labels;
    memset(sums, 0, nlp_pad(n_classes) * sizeof *sums);
    nlp_wt_score(&m->parser, feats, n, sums);
    for (uint32_t c = 0; c < n_classes; c++) scores[c] = sums[c];
}

int beam_parse(const orr_model *m, int k, parse_state *s, const uint64_t *word, const int *tag,
               orr_arena *a) {
    beam b;
    int rc = beam_init(&b, s->n, k, 1 + 2 * (int)m->n_labels, (int)m->label_root, a);
    if (rc) return rc;
    while (!parser_done(&b.cur[0].st)) beam_step(&b, word, tag, beam_score_model, (void *)m);
    const parse_state *best = &b.cur[0].st;
    memcpy(s->head, best->head, (size_t)(s->n + 1) * sizeof *s->head);
    memcpy(s->label, best->label, (size_t)(s->n + 1) * sizeof *s->label);
    return ORR_OK;
}
