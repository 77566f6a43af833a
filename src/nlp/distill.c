/*
** distill.c — the soft targets of knowledge distillation (Hinton et al.
** 2015; for dependency parsers Kuncoro et al. 2016): a teacher model's
** BiLSTM + biaffine networks (one, or an ensemble made by combine.c) run
** once over every train sentence, on the same jackknifed tags the student
** reads and without dropout, and each word keeps the teacher's
** distribution over its heads and over its labels at its gold head.
** train_biaffine.c then trains one network against a mix of these and
** the gold tree (bi_soft in biaffine.h), so that one network learns what
** the ensemble knows, at one network's parsing cost.
**
** For an ensemble both distributions are the softmax of the networks'
** MEAN log-softmax rows: a normalised geometric mean of the members'
** distributions.  It ranks heads exactly as the summed rows the ensemble
** parser decodes (biparse.c), but is not sharpened by the number of
** members (the sum is the same thing at temperature 1/N), so the wrong
** heads the members agree are plausible keep some mass — what the student
** is meant to learn from.  The teacher must share the student's tagger,
** tag set and relations (checked as --combine does).
*/
#include "train.h"

#include <math.h>

/* Network p's inputs for train sentence s (T = words + 1; token 0 the
** root): the teacher's own vocabulary ids, the student's tags. */
static void teacher_inputs(const nlp_bi_parser *p, const trainer *t, size_t s, bi_input *in) {
    bi_root_input(&p->net.d, &in[0]);
    for (size_t i = 0; i < t->train[s].n_words; i++) {
        const nlp_tok *tk = &t->toks[s][i];
        bi_input *x = &in[i + 1];
        x->word = nlp_bi_word_id(p, tk->lower);
        x->tag = (uint32_t)t->pred_tag[s][i];
        bi_hash_buckets(&p->net.d, tk->suf[2], tk->suf[1], tk->pre[1], tk->shape, x->hash);
    }
}

/* out[i] += log softmax(v)[i] * w over i != skip. */
static void add_log_softmax(const float *v, int n, int skip, float w, float *out) {
    float top;
    double z = bi_exp_sum(v, n, skip, &top);
    float log_z = top + (float)log(z);
    for (int i = 0; i < n; i++)
        if (i != skip) out[i] += (v[i] - log_z) * w;
}

/* v[i] = softmax(v) over i != skip; v[skip] = 0. */
static void to_softmax(float *v, int n, int skip) {
    float top;
    double z = bi_exp_sum(v, n, skip, &top);
    for (int i = 0; i < n; i++) v[i] = i == skip ? 0.0f : (float)(exp((double)(v[i] - top)) / z);
}

/* Sentence s's targets: every network's mean log-softmax, then softmax. */
static int teach_sentence(const orr_model *m, trainer *t, size_t s, const int *head, orr_arena *a,
                          float *arc, float *label) {
    int T = (int)t->train[s].n_words + 1, L = (int)t->n_labels;
    float w = 1.0f / (float)m->has_bi;
    bi_input *in = orr_arena_alloc(a, (size_t)T * sizeof *in);
    float *ls = orr_arena_alloc(a, (size_t)L * sizeof *ls);
    if (!in || !ls) return ORR_ENOMEM;
    memset(arc, 0, (size_t)T * (size_t)T * sizeof *arc);
    memset(label, 0, (size_t)T * (size_t)L * sizeof *label);
    for (int k = 0; k < m->has_bi; k++) {
        bi_acts acts;
        teacher_inputs(&m->bi[k], t, s, in);
        int rc = bi_forward(&m->bi[k].net, in, T, 0, NULL, a, &acts);
        if (rc) return rc;
        for (int d = 1; d < T; d++) {
            add_log_softmax(acts.s + (size_t)d * (size_t)T, T, d, w, arc + (size_t)d * (size_t)T);
            bi_label_scores(&m->bi[k].net, &acts, d, head[d], ls);
            add_log_softmax(ls, L, -1, w, label + (size_t)d * (size_t)L);
        }
    }
    for (int d = 1; d < T; d++) {
        to_softmax(arc + (size_t)d * (size_t)T, T, d);
        to_softmax(label + (size_t)d * (size_t)L, L, -1);
    }
    return ORR_OK;
}

/* The teacher loads, is biaffine, and reads the student's tags. */
static int load_teacher(trainer *t, const orr_buf *tagger, const orr_buf *parser, orr_model **teacher) {
    const char *path = t->o->teacher_path;
    orr_model *m = NULL, *own = NULL;
    int rc = orr_model_load(&m, path, t->err);
    if (!rc && !m->has_bi)
        rc = orr_error_set(t->err, ORR_EUSAGE, "%s: not a biaffine model (a teacher needs its networks)", path);
    if (!rc) rc = train_load_assembled(t, tagger, parser, &own);
    if (!rc && !nlp_model_same_tagging(m, own))
        rc = orr_error_set(t->err, ORR_EUSAGE,
                           "%s: trained with another tagger, tag set or relations than this run (a teacher needs the "
                           "same treebank, seed and tagger options)", path);
    for (int k = 0; !rc && k < m->has_bi; k++)
        if (m->bi[k].net.d.n_tags != t->n_tags + 1 || m->bi[k].net.d.n_labels != t->n_labels)
            rc = orr_error_set(t->err, ORR_EUSAGE, "%s: network %d has another tag or label count", path, k);
    orr_model_free(own);
    if (rc) {
        orr_model_free(m);
        return rc;
    }
    /* the targets in float, as the dev score: bf16 rounding must not
    ** make the same run train another network on another CPU */
    nlp_model_unpack(m);
    *teacher = m;
    return ORR_OK;
}

int train_distill_prepare(trainer *t, const orr_buf *tagger, const orr_buf *parser, int *const *head,
                          distill_set *ds) {
    orr_model *m = NULL;
    int rc = load_teacher(t, tagger, parser, &m);
    if (rc) return rc;
    ds->alpha = t->o->distill > 0 ? t->o->distill : 0.5f;
    ds->arc = orr_arena_alloc(t->arena, t->n_train * sizeof *ds->arc);
    ds->label = orr_arena_alloc(t->arena, t->n_train * sizeof *ds->label);
    orr_arena *a = orr_arena_new(1 << 20);
    if (!ds->arc || !ds->label || !a) rc = ORR_ENOMEM;
    size_t floats = 0;
    for (size_t s = 0; !rc && s < t->n_train; s++) {
        size_t T = t->train[s].n_words + 1;
        ds->arc[s] = orr_arena_alloc(t->arena, T * T * sizeof(float));
        ds->label[s] = orr_arena_alloc(t->arena, T * t->n_labels * sizeof(float));
        if (!ds->arc[s] || !ds->label[s]) rc = ORR_ENOMEM;
        orr_arena_reset(a);
        if (!rc) rc = teach_sentence(m, t, s, head[s], a, ds->arc[s], ds->label[s]);
        floats += T * T + T * t->n_labels;
    }
    if (rc == ORR_ENOMEM) rc = orr_error_set(t->err, ORR_ENOMEM, "out of memory");
    if (!rc)
        train_say(t, "distilling %d network%s of %s (alpha %.2f): %.1f MB of soft targets", m->has_bi,
                  m->has_bi > 1 ? "s" : "", t->o->teacher_path, (double)ds->alpha, (double)floats * 4 / 1e6);
    orr_arena_free(a);
    orr_model_free(m);
    return rc;
}
