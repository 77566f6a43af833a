/*
** beam.c — beam search over arc-hybrid transitions (parser.c), shared by
** decoding with a loaded model and by global training (train_parser.c).
**
** Greedy parsing commits to the best transition at every step; one early
** mistake then misleads every later decision.  The beam keeps the k best
** partial parses (by the sum of their transition scores) and extends each
** by every allowed transition; all parses of a sentence take exactly 2n
** transitions, so the items stay in step and the best item at step 2n is
** the answer.  The relation of an arc does not enter the score: when an
** item is extended by an arc, the labeler picks the relation, as in greedy
** parsing.  Each step is recorded (parent step, transition, relation), so
** training can replay the transition sequence of any item.
*/
#include "beam.h"

int beam_init(parse_beam *b, int n, int k, orr_arena *a) {
    memset(b, 0, sizeof *b);
    b->k = k;
    b->n = n;
    size_t steps = 2 * (size_t)n * (size_t)k + 1;
    b->st = orr_arena_alloc(a, 2 * (size_t)k * sizeof *b->st);
    b->score = orr_arena_alloc(a, 2 * (size_t)k * sizeof *b->score);
    b->last = orr_arena_alloc(a, 2 * (size_t)k * sizeof *b->last);
    b->steps = orr_arena_alloc(a, steps * sizeof *b->steps);
    b->feats = orr_arena_alloc(a, (size_t)k * sizeof *b->feats);
    b->nf = orr_arena_alloc(a, (size_t)k * sizeof *b->nf);
    if (!b->st || !b->score || !b->last || !b->steps || !b->feats || !b->nf) return ORR_ENOMEM;
    for (int i = 0; i < 2 * k; i++)
        if (parse_state_init(&b->st[i], n, a)) return ORR_ENOMEM;
    b->nst = b->st + k;
    b->nscore = b->score + k;
    b->nlast = b->last + k;
    b->n_items = 1;
    b->score[0] = 0;
    b->last[0] = -1;
    return ORR_OK;
}

typedef struct cand {
    double score;
    int item, tr;
} cand;

/* One step: extend every item by every allowed transition, keep the k best
** (ties: earlier item, then lower transition, so the search is
** deterministic). */
void beam_advance(parse_beam *b, const uint64_t *word, const int *tag, beam_scorer *sc) {
    cand c[3 * BEAM_MAX];
    int nc = 0;
    for (int i = 0; i < b->n_items; i++) {
        b->nf[i] = parser_features(&b->st[i], word, tag, b->feats[i]);
        if (sc->prefetch) sc->prefetch(sc->ctx, b->feats[i], b->nf[i]);
    }
    for (int i = 0; i < b->n_items; i++) {
        const parse_state *s = &b->st[i];
        double tr_score[PARSE_N_TRANS];
        sc->transitions(sc->ctx, b->feats[i], b->nf[i], tr_score);
        for (int tr = 0; tr < PARSE_N_TRANS; tr++) {
            if (!parser_allowed(s, tr)) continue;
            cand x = {b->score[i] + tr_score[tr], i, tr};
            int j = nc++;
            while (j > 0 && c[j - 1].score < x.score) c[j] = c[j - 1], j--;
            c[j] = x;
        }
    }
    int keep = nc < b->k ? nc : b->k;
    for (int j = 0; j < keep; j++) {
        const parse_state *from = &b->st[c[j].item];
        parse_state *to = &b->nst[j];
        int label = 0;
        if (c[j].tr != PARSE_SHIFT) {
            int h, d;
            parser_arc(from, c[j].tr, &h, &d);
            label = sc->label(sc->ctx, from, word, tag, h, d, b->feats[c[j].item], b->nf[c[j].item]);
        }
        parse_state_copy(to, from);
        parser_apply(to, c[j].tr, label);
        b->nscore[j] = c[j].score;
        b->steps[b->n_steps] = (beam_step){b->last[c[j].item], (int16_t)c[j].tr, (int16_t)label};
        b->nlast[j] = b->n_steps++;
    }
    b->n_items = keep;
    parse_state *st = b->st;
    double *score = b->score;
    int *last = b->last;
    b->st = b->nst, b->nst = st;
    b->score = b->nscore, b->nscore = score;
    b->last = b->nlast, b->nlast = last;
}

int beam_history(const parse_beam *b, int item, beam_step *out) {
    int n = 0;
    for (int s = b->last[item]; s >= 0; s = b->steps[s].parent) n++;
    int i = n;
    for (int s = b->last[item]; s >= 0; s = b->steps[s].parent) out[--i] = b->steps[s];
    return n;
}
