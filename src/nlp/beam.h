/*
** beam.h — beam search over parser transitions (beam.c): the beam, and the
** scorer callbacks through which decoding (int16 model tables) and
** training (float perceptron tables) plug in their weights.
*/
#ifndef ORR_NLP_BEAM_H
#define ORR_NLP_BEAM_H

#include "nlp.h"

#define BEAM_MAX 32

typedef struct beam_scorer {
    void *ctx;
    /* scores[0..3) = scores of shift, left, right for the state's features */
    void (*transitions)(void *ctx, const uint64_t *feats, size_t nf, double scores[PARSE_N_TRANS]);
    /* optional: start loading the weights of feats (called for every item
    ** before any is scored, so the memory accesses overlap) */
    void (*prefetch)(void *ctx, const uint64_t *feats, size_t nf);
    /* the relation of the arc head -> dep in state s (feats: the state's) */
    int (*label)(void *ctx, const parse_state *s, const uint64_t *word, const int *tag, int head,
                 int dep, const uint64_t *feats, size_t nf);
} beam_scorer;

typedef struct beam_step {
    int32_t parent;     /* previous step of the item, -1 at the start */
    int16_t tr, label;
} beam_step;

typedef struct parse_beam {
    int k, n, n_items, n_steps;
    parse_state *st, *nst;      /* items, and the next step's */
    double *score, *nscore;
    int *last, *nlast;          /* each item's last step in steps[] */
    beam_step *steps;
    uint64_t (*feats)[PARSE_MAX_FEATS];
    size_t *nf;
} parse_beam;

/* A beam of width k (<= BEAM_MAX) over n words holding the initial state. */
int beam_init(parse_beam *b, int n, int k, orr_arena *a);
/* One transition for every item (call 2n times; items are sorted best first). */
void beam_advance(parse_beam *b, const uint64_t *word, const int *tag, beam_scorer *sc);
/* The steps of item (first to last) into out (2n entries); returns their number. */
int beam_history(const parse_beam *b, int item, beam_step *out);

#endif
