/*
** train_parser.c — training the parser with the dynamic oracle (see the
** transition system in parser.c): the model's own transitions are
** followed, with exploration, and the cheapest transition is learned.
** Non-projective sentences are trained on too, though the arc-hybrid
** oracle costs are exact only for projective trees (see parser.c): with
** them dev LAS is higher than without.
*/
#include "beam.h"
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

/* The labeler's best relation for head -> dep (training table); "root"
** under the root and nowhere else. */
static int train_label(const trainer *t, const pw_table *lab, const parse_state *st,
                       const uint64_t *word, const int *tag, int head, int dep,
                       const uint64_t *tfeats, size_t ntf, uint64_t *feats, size_t *nf) {
    *nf = 0;
    if (head == 0) return 0;  /* "root" is label 0 (train.c) */
    float scores[NLP_MAX_CLASSES];
    memcpy(feats, tfeats, ntf * sizeof *feats);
    *nf = ntf + parser_label_features(st, word, tag, head, dep, feats + ntf);
    memset(scores, 0, t->n_labels * sizeof *scores);
    pw_score(lab, feats, *nf, scores);
    int best = -1;
    for (int c = 1; c < (int)t->n_labels; c++)
        if (best < 0 || scores[c] > scores[best]) best = c;
    return best;
}

static int parser_sentence(trainer *t, pw_table *pw, pw_table *lab, orr_arena *a, size_t s,
                           int explore, uint64_t *word, int *tag, int *gh) {
    const orr_conllu_sentence *cs = &t->train[s];
    int n = (int)cs->n_words;
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
    uint64_t feats[PARSE_MAX_FEATS], lfeats[LABEL_MAX_FEATS];
    while (!parser_done(&st)) {
        size_t nf = parser_features(&st, word, tag, feats);
        float scores[PARSE_N_TRANS] = {0};
        pw_score(pw, feats, nf, scores);
        int cost[3];
        parser_costs(&st, gh, cost);
        int guess = -1, gold = -1;
        for (int c = 0; c < PARSE_N_TRANS; c++) {
            if (!parser_allowed(&st, c)) continue;
            if (guess < 0 || scores[c] > scores[guess]) guess = c;
            if (gold < 0 || cost[c] < cost[gold] || (cost[c] == cost[gold] && scores[c] > scores[gold]))
                gold = c;
        }
        if (pw_update(pw, feats, nf, gold, cost[guess] > cost[gold] ? guess : gold)) return ORR_ENOMEM;
        int next = cost[guess] == cost[gold] ? guess : explore && train_rng_unit(&t->rng) < 0.9 ? guess : gold;
        int label = 0;
        if (next != PARSE_SHIFT) {
            int h, d;
            size_t nlf;
            parser_arc(&st, next, &h, &d);
            label = train_label(t, lab, &st, word, tag, h, d, feats, nf, lfeats, &nlf);
            if (nlf && gh[d] == h && pw_update(lab, lfeats, nlf, gl[d], label)) return ORR_ENOMEM;
        }
        parser_apply(&st, next, label);
    }
    return ORR_OK;
}

/*
** Global training with a beam (Zhang & Clark 2008; Huang et al. 2012).
** The gold transition sequence (the cheapest transition at each step,
** arcs before shifts) is followed beside the beam.  Where the beam's best
** item outscores the gold prefix by the most (the maximum violation), the
** two prefixes are replayed and the perceptron moves toward every gold
** transition and away from every predicted one.  The labeler is trained
** locally on the arcs of the gold sequence and of the beam's answer.  Arcs along the gold sequence take
** the labeler's relation, as the beam's do, so that the gold prefix and
** its twin in the beam score alike.
*/
typedef struct beam_train {
    const trainer *t;
    pw_table *pw, *lab;
    uint64_t lfeats[LABEL_MAX_FEATS];
} beam_train;

static void bt_transitions(void *ctx, const uint64_t *feats, size_t nf, double *out) {
    beam_train *bt = ctx;
    float sc[PARSE_N_TRANS] = {0};
    pw_score(bt->pw, feats, nf, sc);
    for (int tr = 0; tr < PARSE_N_TRANS; tr++) out[tr] = sc[tr];
}

static int bt_label(void *ctx, const parse_state *s, const uint64_t *word, const int *tag,
                    int head, int dep, const uint64_t *feats, size_t nf) {
    beam_train *bt = ctx;
    size_t nlf;
    return train_label(bt->t, bt->lab, s, word, tag, head, dep, feats, nf, bt->lfeats, &nlf);
}

static int gold_transition(const parse_state *g, const int *gh) {
    int cost[3], best = -1;
    static const int order[3] = {PARSE_LEFT, PARSE_RIGHT, PARSE_SHIFT};
    parser_costs(g, gh, cost);
    for (int i = 0; i < 3; i++)
        if (parser_allowed(g, order[i]) && (best < 0 || cost[order[i]] < cost[best])) best = order[i];
    return best;
}

/* Replay gold[0..len) and pred[0..len) from the start; where they part,
** +1 to each gold transition and -1 to each predicted one. */
static int beam_update(pw_table *pw, orr_arena *a, int n, const beam_step *gold,
                       const beam_step *pred, int len, const uint64_t *word, const int *tag) {
    parse_state g, p;
    if (parse_state_init(&g, n, a) || parse_state_init(&p, n, a)) return ORR_ENOMEM;
    int j = 0;
    while (j < len && gold[j].tr == pred[j].tr && gold[j].label == pred[j].label)
        parser_apply(&g, gold[j].tr, gold[j].label), j++;
    parse_state_copy(&p, &g);
    uint64_t feats[PARSE_MAX_FEATS];
    for (; j < len; j++) {
        size_t nf = parser_features(&g, word, tag, feats);
        if (pw_add_feats(pw, feats, nf, gold[j].tr, 1.0f)) return ORR_ENOMEM;
        nf = parser_features(&p, word, tag, feats);
        if (pw_add_feats(pw, feats, nf, pred[j].tr, -1.0f)) return ORR_ENOMEM;
        parser_apply(&g, gold[j].tr, gold[j].label);
        parser_apply(&p, pred[j].tr, pred[j].label);
    }
    return ORR_OK;
}

static int label_sequence(const trainer *t, pw_table *lab, orr_arena *a, int n,
                          const beam_step *seq, int len, const uint64_t *word, const int *tag,
                          const int *gh, const int *gl) {
    parse_state r;
    uint64_t feats[PARSE_MAX_FEATS], lfeats[LABEL_MAX_FEATS];
    if (parse_state_init(&r, n, a)) return ORR_ENOMEM;
    for (int step = 0; step < len; step++) {
        int tr = seq[step].tr;
        if (tr != PARSE_SHIFT) {
            int h, d;
            size_t nlf, nf = parser_features(&r, word, tag, feats);
            parser_arc(&r, tr, &h, &d);
            int guess = train_label(t, lab, &r, word, tag, h, d, feats, nf, lfeats, &nlf);
            if (nlf && gh[d] == h && pw_update(lab, lfeats, nlf, gl[d], guess)) return ORR_ENOMEM;
        }
        parser_apply(&r, tr, seq[step].label);
    }
    return ORR_OK;
}

static int parser_sentence_beam(trainer *t, pw_table *pw, pw_table *lab, orr_arena *a, size_t s,
                                uint64_t *word, int *tag, int *gh) {
    const orr_conllu_sentence *cs = &t->train[s];
    int n = (int)cs->n_words, k = t->o->beam > BEAM_MAX ? BEAM_MAX : t->o->beam;
    word[0] = 0x7e7e7e7eULL;
    tag[0] = (int)t->n_tags;
    gh[0] = -1;
    for (int i = 1; i <= n; i++) {
        word[i] = t->toks[s][i - 1].lower;
        tag[i] = t->pred_tag[s][i - 1];
        gh[i] = cs->words[i - 1].head;
    }
    const int *gl = t->gold_label[s];
    orr_arena_reset(a);
    parse_beam b;
    parse_state g;
    beam_step *gold = orr_arena_alloc(a, 2 * (size_t)n * sizeof *gold);
    beam_step *pred = orr_arena_alloc(a, 2 * (size_t)n * sizeof *pred);
    if (!gold || !pred || beam_init(&b, n, k, a) || parse_state_init(&g, n, a)) return ORR_ENOMEM;
    /* on_gold[i]: step i of the beam continues the gold sequence */
    char *on_gold = orr_arena_alloc(a, 2 * (size_t)n * (size_t)k + 1);
    if (!on_gold) return ORR_ENOMEM;
    beam_train bt = {t, pw, lab, {0}};
    beam_scorer sc = {&bt, bt_transitions, NULL, bt_label};
    uint64_t feats[PARSE_MAX_FEATS], lfeats[LABEL_MAX_FEATS];
    double gold_score = 0, worst = 0;  /* the violation: best item's score - gold's */
    int worst_step = -1, worst_item_last = -1;
    for (int step = 0; step < 2 * n; step++) {
        size_t nf = parser_features(&g, word, tag, feats);
        double gs[PARSE_N_TRANS];
        bt_transitions(&bt, feats, nf, gs);
        int tr = gold_transition(&g, gh), label = 0;
        gold_score += gs[tr];
        if (tr != PARSE_SHIFT) {
            int h, d;
            size_t nlf;
            parser_arc(&g, tr, &h, &d);
            label = train_label(t, lab, &g, word, tag, h, d, feats, nf, lfeats, &nlf);
        }
        parser_apply(&g, tr, label);
        gold[step] = (beam_step){step - 1, (int16_t)tr, (int16_t)label};
        beam_advance(&b, word, tag, &sc);
        for (int i = b.n_steps - b.n_items; i < b.n_steps; i++) {
            const beam_step *bs = &b.steps[i];
            on_gold[i] = (bs->parent < 0 || on_gold[bs->parent]) && bs->tr == tr && bs->label == label;
        }
        double v = b.score[0] - gold_score;
        if (!on_gold[b.last[0]] && (worst_step < 0 || v > worst))
            worst = v, worst_step = step, worst_item_last = b.last[0];
    }
    pw->now++;
    if (worst_step >= 0) {
        int len = 0;
        for (int st = worst_item_last; st >= 0; st = b.steps[st].parent) len++;
        int i = len;
        for (int st = worst_item_last; st >= 0; st = b.steps[st].parent) pred[--i] = b.steps[st];
        if (beam_update(pw, a, n, gold, pred, len, word, tag)) return ORR_ENOMEM;
    }
    /* the labeler: local updates on the arcs of the gold sequence and of
    ** the beam's answer (the states it will label at run time) whose head
    ** is the gold head */
    int len = beam_history(&b, 0, pred);
    if (label_sequence(t, lab, a, n, gold, 2 * n, word, tag, gh, gl) ||
        label_sequence(t, lab, a, n, pred, len, word, tag, gh, gl))
        return ORR_ENOMEM;
    return ORR_OK;
}

/* The parser section: beam width, 0, the transition table, zero padding to
** 8 bytes, the labeler's table (see model.c). */
static int export_parser(const trainer *t, const pw_table *pw, const pw_table *lab, orr_buf *out) {
    static const char zeros[8];
    uint32_t hdr[2] = {t->o->beam > 1 ? (uint32_t)(t->o->beam > BEAM_MAX ? BEAM_MAX : t->o->beam) : 1, 0};
    int rc = orr_buf_append(out, hdr, sizeof hdr);
    if (!rc) rc = pw_export(pw, (uint32_t)t->o->prune, out);
    if (!rc && (out->len & 7)) rc = orr_buf_append(out, zeros, 8 - (out->len & 7));
    if (!rc) rc = pw_export(lab, (uint32_t)t->o->prune, out);
    return rc;
}

int train_parser_best(trainer *t, const orr_buf *tagger, orr_buf *parser) {
    pw_table pw, lab;
    int ok_pw = !pw_init(&pw, PARSE_N_TRANS), ok_lab = !pw_init(&lab, (int)t->n_labels);
    if (!ok_pw || !ok_lab) {
        if (ok_pw) pw_free(&pw);
        if (ok_lab) pw_free(&lab);
        return orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    }
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
            if (t->o->beam > 1 ? parser_sentence_beam(t, &pw, &lab, a, ids[order[i]], word, tag, gh)
                               : parser_sentence(t, &pw, &lab, a, ids[order[i]], e >= 1, word, tag, gh))
                rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
        orr_buf w;
        orr_buf_init(&w);
        if (!rc && export_parser(t, &pw, &lab, &w)) rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
        orr_model *m = NULL;
        double upos = 0, las = 0;
        if (!rc) rc = train_load_assembled(t, tagger, &w, &m);
        if (!rc) train_evaluate(m, t->dev, t->n_dev, &upos, &las);
        orr_model_free(m);
        train_say(t, "parser epoch %d: dev LAS %.2f (%u + %u features, %zu bytes)", e + 1, las, (unsigned)pw.n_rows, (unsigned)lab.n_rows, w.len);
        if (!rc && las > best) {
            best = las;
            orr_buf_free(parser);
            *parser = w;
            rc = train_write_model(t, tagger, parser, upos, las);
        } else
            orr_buf_free(&w);
    }
    pw_free(&pw);
    pw_free(&lab);
    free(ids);
    free(order);
    free(word);
    free(tag);
    free(gh);
    orr_arena_free(a);
    return rc;
}

