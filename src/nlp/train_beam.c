/*
** train_beam.c — training the parser for beam search (`--beam K`): a
** structured perceptron over whole transition sequences with max-violation
** updates (Huang, Fayong & Guo 2012), on the same features, classes and
** averaged table as the greedy parser (train_parser.c).  A greedy parser
** learns each transition in isolation; with a beam the model must instead
** rank whole partial parses, so it is trained on the sequences the beam
** actually compares.
*/
#include "train.h"

#include <stdlib.h>
#include <time.h>

/*
** One sentence.  The gold sequence is built alongside the beam: at every
** step the oracle (parser_costs, the dynamic oracle) is asked which
** transitions of the gold state cost nothing, and the one the model scores
** highest is taken (ties: lowest class) — arc-hybrid has several correct
** sequences per tree, and letting the model pick among them, as the greedy
** trainer does, keeps the gold path one the model finds natural.  For a
** projective tree that is a sequence the static oracle could give.  For a
** non-projective one (2.3 % of EWT train) the cheapest transitions are
** followed from the start, which builds the closest projective tree the
** oracle knows; they are kept, not skipped, because the greedy trainer
** measured them to help (their words are not lost).
**
** The beam and the gold sequence advance together for all 2n steps.  After
** each step, if the beam's best item is not the gold item, the violation is
** its score minus the gold prefix's score; the update is made at the step
** of the largest violation: +1 for the gold prefix's features and classes,
** -1 for the best item's, from the first transition where they part (the
** shared prefix would cancel).  The table's clock ticks once per sentence.
*/
typedef struct beam_train {
    trainer *t;
    pw_table *pw;
    int k, n_classes;
    uint64_t *word;
    int *tag, *gh, *gold_cls, *pred_cls;
    size_t updates;
} beam_train;

static void beam_score_pw(void *ctx, const uint64_t *feats, size_t n, double *scores) {
    const pw_table *pw = ctx;
    float f[NLP_MAX_CLASSES];
    memset(f, 0, (size_t)pw->n_classes * sizeof *f);
    pw_score(pw, feats, n, f);
    for (int c = 0; c < pw->n_classes; c++) scores[c] = f[c];
}

/* The gold state's next class: zero (least) cost, the model's favourite. */
static int gold_class(beam_train *bt, const parse_state *st, const int *gl, double *score) {
    uint64_t feats[PARSE_MAX_FEATS];
    double sc[NLP_MAX_CLASSES];
    size_t nf = parser_features(st, bt->word, bt->tag, feats);
    memset(sc, 0, (size_t)bt->n_classes * sizeof *sc);
    beam_score_pw(bt->pw, feats, nf, sc);
    int c3[3], gold = -1, min_cost = 1 << 30;
    parser_costs(st, bt->gh, c3);
    for (int c = 0; c < bt->n_classes; c++) {
        if (!parser_allowed(st, c, 0)) continue;
        int cost = train_class_cost(st, bt->gh, gl, c3, c);
        if (cost < min_cost || (cost == min_cost && sc[c] > sc[gold])) min_cost = cost, gold = c;
    }
    *score = sc[gold];
    return gold;
}

/* +1 for gold's transitions, -1 for pred's, steps [0, n_steps), from the
** first step where they differ. */
static int beam_update(beam_train *bt, orr_arena *a, int n, int n_steps) {
    parse_state g, p;
    if (parse_state_init(&g, n, a) || parse_state_init(&p, n, a)) return ORR_ENOMEM;
    uint64_t feats[PARSE_MAX_FEATS];
    int t = 0;
    for (; t < n_steps && bt->gold_cls[t] == bt->pred_cls[t]; t++) {
        parser_apply(&g, bt->gold_cls[t]);
        parser_apply(&p, bt->pred_cls[t]);
    }
    for (; t < n_steps; t++) {
        size_t nf = parser_features(&g, bt->word, bt->tag, feats);
        if (pw_add_feats(bt->pw, feats, nf, bt->gold_cls[t], 1.0f)) return ORR_ENOMEM;
        nf = parser_features(&p, bt->word, bt->tag, feats);
        if (pw_add_feats(bt->pw, feats, nf, bt->pred_cls[t], -1.0f)) return ORR_ENOMEM;
        parser_apply(&g, bt->gold_cls[t]);
        parser_apply(&p, bt->pred_cls[t]);
    }
    return ORR_OK;
}

static int beam_sentence(beam_train *bt, orr_arena *a, size_t s) {
    trainer *t = bt->t;
    const orr_conllu_sentence *cs = &t->train[s];
    int n = (int)cs->n_words;
    bt->word[0] = 0x7e7e7e7eULL;
    bt->tag[0] = (int)t->n_tags;
    bt->gh[0] = -1;
    for (int i = 1; i <= n; i++) {
        bt->word[i] = t->toks[s][i - 1].lower;
        bt->tag[i] = t->pred_tag[s][i - 1];
        bt->gh[i] = cs->words[i - 1].head;
    }
    const int *gl = t->gold_label[s];
    orr_arena_reset(a);
    beam b;
    parse_state gst;
    if (beam_init(&b, n, bt->k, bt->n_classes, 0, a) || parse_state_init(&gst, n, a)) return ORR_ENOMEM;
    double gold_score = 0, worst = 0;
    int gold_item = 0, at = -1;  /* gold's index in the beam (-1: fallen out); update step */
    for (int step = 0; step < 2 * n; step++) {
        double sc;
        int g = gold_class(bt, &gst, gl, &sc);
        gold_score += sc;
        bt->gold_cls[step] = g;
        parser_apply(&gst, g);
        beam_step(&b, bt->word, bt->tag, beam_score_pw, bt->pw);
        int found = -1;
        for (int j = 0; gold_item >= 0 && j < b.size; j++)
            if (b.parent[(size_t)step * (size_t)b.k + (size_t)j] == gold_item && b.cls[(size_t)step * (size_t)b.k + (size_t)j] == g)
                found = j;
        gold_item = found;
        double v = b.cur[0].score - gold_score;
        if (gold_item != 0 && (at < 0 || v > worst)) worst = v, at = step;
    }
    pw_tick(bt->pw);
    if (at < 0) return ORR_OK;
    /* the best item at step `at`: its history from the beam's records */
    beam_history(&b, at + 1, 0, bt->pred_cls);
    bt->updates++;
    return beam_update(bt, a, n, at + 1);
}

/*
** The export.  A structured update touches every feature of every step
** after the gold and best sequences part, so rows gather update counts
** (pw_row.hits) faster than under greedy training and `--prune N` keeps
** more of them: the section outgrows the 50 MB model (and the 64 MB row
** area a sparse ref can address).  So the threshold starts at --prune and
** rises until the whole model fits BEAM_MODEL_MAX bytes; *prune keeps the
** threshold reached, which later epochs (more rows) start from.
*/
#define BEAM_MODEL_MAX 49000000u
static int beam_export(trainer *t, const orr_buf *tagger, const pw_table *pw, int *prune, orr_buf *w) {
    size_t rest = tagger->len + t->lex.size + t->wclass.size + t->rules.size + t->str.bytes.len + 65536;
    for (; *prune <= 255; ++*prune) {
        w->len = 0;
        if (pw_export(pw, (uint32_t)*prune, w) == ORR_OK && w->len + rest <= BEAM_MODEL_MAX) return ORR_OK;
    }
    return orr_error_set(t->err, ORR_ENOMEM, "beam parser: no pruning up to 255 fits the model in %u bytes",
                         BEAM_MODEL_MAX);
}

int train_beam_best(trainer *t, const orr_buf *tagger, orr_buf *parser) {
    pw_table pw;
    if (pw_init(&pw, 1 + 2 * (int)t->n_labels)) return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    pw.wbytes = 1;  /* int8, as the greedy parser's */
    size_t max_n = 0;
    for (size_t s = 0; s < t->n_train; s++)
        if (t->train[s].n_words > max_n) max_n = t->train[s].n_words;
    beam_train bt = {.t = t, .pw = &pw, .k = t->o->beam, .n_classes = 1 + 2 * (int)t->n_labels};
    bt.word = malloc((max_n + 1) * sizeof *bt.word);
    bt.tag = malloc((max_n + 1) * sizeof *bt.tag);
    bt.gh = malloc((max_n + 1) * sizeof *bt.gh);
    bt.gold_cls = malloc((2 * max_n + 1) * sizeof *bt.gold_cls);
    bt.pred_cls = malloc((2 * max_n + 1) * sizeof *bt.pred_cls);
    size_t *order = malloc(t->n_train * sizeof *order);
    orr_arena *a = orr_arena_new(1 << 16);
    int rc = bt.word && bt.tag && bt.gh && bt.gold_cls && bt.pred_cls && order && a
                 ? ORR_OK : orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    train_say(t, "parser: beam %d, max-violation training on all %zu sentences", bt.k, t->n_train);
    int epochs = t->o->parser_epochs > 0 ? t->o->parser_epochs : 15;
    double best = -1;
    int prune = t->o->prune;
    for (int e = 0; !rc && e < epochs; e++) {
        train_shuffle(&t->rng, order, t->n_train);
        bt.updates = 0;
        clock_t c0 = clock();
        for (size_t i = 0; !rc && i < t->n_train; i++)
            if (beam_sentence(&bt, a, order[i])) rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
        double train_s = (double)(clock() - c0) / CLOCKS_PER_SEC;
        orr_buf w;
        orr_buf_init(&w);
        if (!rc) rc = beam_export(t, tagger, &pw, &prune, &w);
        double upos = 0, las = 0;
        if (!rc) rc = train_score(t, tagger, &w, &upos, &las);
        train_say(t, "parser epoch %d: dev LAS %.2f (%zu of %zu sentences updated; %u features, %zu bytes at prune %d; %.0f s CPU training)",
                  e + 1, las, bt.updates, t->n_train, (unsigned)pw.n_rows, w.len, prune, train_s);
        if (!rc) rc = train_keep_parser(t, tagger, parser, &w, upos, las, &best);
        else orr_buf_free(&w);
    }
    pw_free(&pw);
    free(bt.word);
    free(bt.tag);
    free(bt.gh);
    free(bt.gold_cls);
    free(bt.pred_cls);
    free(order);
    orr_arena_free(a);
    return rc;
}
