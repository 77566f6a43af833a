/*
** train_parser.c — training the parser with the dynamic oracle (see the
** transition system in parser.c): the model's own transitions are
** followed, with exploration, and the cheapest transition is learned.
** Non-projective sentences are trained on too, though the arc-hybrid
** oracle costs are exact only for projective trees (see parser.c): with
** them dev LAS is higher than without.
*/
#include "train.h"

#include <stdlib.h>

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
        int next = guess_cost == min_cost ? guess : explore && train_rng_unit(&t->rng) < 0.9 ? guess : gold;
        parser_apply(&st, next);
    }
    return ORR_OK;
}

int train_class_cost(const parse_state *st, const int *gh, const int *gl, const int c3[3], int cls) {
    return class_cost(st, gh, gl, c3, cls);
}

int train_parser_best(trainer *t, const orr_buf *tagger, orr_buf *parser) {
    pw_table pw;
    if (pw_init(&pw, 1 + 2 * (int)t->n_labels)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    pw.wbytes = 1;  /* int8 weights: half the bytes per row, no loss of LAS (perceptron.c) */
    size_t *ids = malloc(t->n_train * sizeof *ids), *order = malloc(t->n_train * sizeof *order), n_ids = 0;
    size_t max_n = 0, n_proj = 0;
    for (size_t s = 0; ids && s < t->n_train; s++) {
        ids[n_ids++] = s;
        n_proj += projective(t->train[s].words, t->train[s].n_words);
        if (t->train[s].n_words > max_n) max_n = t->train[s].n_words;
    }
    train_say(t, "parser: %zu of %zu training sentences are projective (all are used)", n_proj, t->n_train);
    uint64_t *word = malloc((max_n + 1) * sizeof *word);
    int *tag = malloc((max_n + 1) * sizeof *tag), *gh = malloc((max_n + 1) * sizeof *gh);
    orr_arena *a = orr_arena_new(1 << 16);
    int rc = ids && order && word && tag && gh && a ? ORR_OK : orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    int epochs = t->o->parser_epochs > 0 ? t->o->parser_epochs : 15;
    double best = -1;
    for (int e = 0; !rc && e < epochs; e++) {
        train_shuffle(&t->rng, order, n_ids);
        for (size_t i = 0; !rc && i < n_ids; i++)
            if (parser_sentence(t, &pw, a, ids[order[i]], e >= 1, word, tag, gh))
                rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
        orr_buf w;
        orr_buf_init(&w);
        if (!rc && pw_export(&pw, (uint32_t)t->o->prune, &w)) rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
        double upos = 0, las = 0;
        if (!rc) rc = train_score(t, tagger, &w, &upos, &las);
        train_say(t, "parser epoch %d: dev LAS %.2f (%u features, %zu bytes)", e + 1, las, (unsigned)pw.n_rows, w.len);
        if (!rc) rc = train_keep_parser(t, tagger, parser, &w, upos, las, &best);
        else orr_buf_free(&w);
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

