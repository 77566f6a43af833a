/*
** parser.c — labeled dependency parsing: the arc-hybrid transition
** system, its dynamic oracle, the feature templates and greedy decoding
** with a loaded model.
*/
#include "nlp.h"

/*
** The transition system (arc-hybrid, Kuhlmann et al. 2011).  A state is a
** stack whose bottom is the artificial root (word 0) and a buffer holding
** the words not yet read, b..n.  Three kinds of transition:
**
**   SHIFT    move the buffer front b0 onto the stack;
**   LEFT-l   pop s0 and make it a dependent (relation l) of b0;
**   RIGHT-l  pop s0 and make it a dependent (relation l) of s1.
**
** Each word is shifted once and popped once, so a sentence of n words takes
** exactly 2n transitions and parsing is linear.  The result is always a
** projective tree.  To get exactly one word under the root (as UD wants),
** RIGHT onto the root is allowed only once the buffer is empty, LEFT never
** pops the root, and the label "root" is used for that arc and no other.
**
** The dynamic oracle (Goldberg & Nivre 2013) says, for any state (even one
** reached by mistakes), how many gold arcs each transition makes
** unreachable.  Training follows the model's own (possibly wrong)
** predictions and always learns the cheapest transition, so the model
** learns to recover from its errors instead of only seeing perfect
** histories.  For arc-hybrid the costs are:
**   LEFT:  s0's gold head is s1 or in the buffer beyond b0 (1), plus every
**          gold dependent of s0 still in the buffer;
**   RIGHT: s0's gold head is in the buffer (1), plus s0's buffer dependents;
**   SHIFT: b0's gold head is on the stack below s0 (1), plus every stack
**          word whose gold head is b0.
** A labeled transition costs one more if its arc is gold but its label is
** not.  The formulas are exact for projective trees.  Non-projective
** training sentences (288 of 12,544 in EWT train, 2.3%) are trained on too:
** the costs then only approximate the arcs lost, but the cheapest
** transition still builds a projective tree close to the gold one, and the
** words of those sentences (long, often with parentheticals) are not lost.
*/

/*
** A state's arrays live in one block (the label sets first, for
** alignment, then the nine int arrays), so a state is one allocation and
** copying one into another (beam.c) is one memcpy of the block.
*/
size_t parse_state_bytes(int n) {
    return ((size_t)(n + 1) * (2 * sizeof(uint64_t) + 9 * sizeof(int)) + 63) & ~(size_t)63;
}

void parse_state_bind(parse_state *s, char *block, int n) {
    size_t m = (size_t)n + 1;
    s->n = n;
    s->lset = (uint64_t *)block;
    s->rset = s->lset + m;
    int *p = (int *)(s->rset + m);
    int **arrays[] = {&s->stack, &s->head, &s->label, &s->lc1, &s->lc2, &s->rc1, &s->rc2, &s->nl, &s->nr};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) *arrays[i] = p + i * m;
}

void parse_state_start(parse_state *s) {
    memset(s->lset, 0, parse_state_bytes(s->n));
    for (int i = 0; i <= s->n; i++) s->head[i] = -1, s->label[i] = -1;
    s->stack[0] = 0;
    s->n_stack = 1;
    s->b = 1;
}

int parse_state_init(parse_state *s, int n, orr_arena *a) {
    char *block = orr_arena_alloc(a, parse_state_bytes(n));
    if (!block) return ORR_ENOMEM;
    parse_state_bind(s, block, n);
    parse_state_start(s);
    return ORR_OK;
}

int parser_allowed(const parse_state *s, int cls, int label_root) {
    if (cls == 0) return s->b <= s->n;
    int label = (cls - 1) >> 1;
    if (cls & 1)  /* left */
        return s->b <= s->n && s->n_stack >= 2 && label != label_root;
    if (s->n_stack < 2) return 0;
    if (s->stack[s->n_stack - 2] == 0) return s->b > s->n && label == label_root;
    return label != label_root;
}

static void add_arc(parse_state *s, int h, int d, int l) {
    s->head[d] = h;
    s->label[d] = l;
    if (d < h) {
        s->nl[h]++;
        s->lset[h] |= 1ull << (l & 63);
        if (!s->lc1[h] || d < s->lc1[h]) s->lc2[h] = s->lc1[h], s->lc1[h] = d;
        else if (!s->lc2[h] || d < s->lc2[h]) s->lc2[h] = d;
    } else {
        s->nr[h]++;
        s->rset[h] |= 1ull << (l & 63);
        if (d > s->rc1[h]) s->rc2[h] = s->rc1[h], s->rc1[h] = d;
        else if (d > s->rc2[h]) s->rc2[h] = d;
    }
}

void parser_apply(parse_state *s, int cls) {
    if (cls == 0) {
        s->stack[s->n_stack++] = s->b++;
        return;
    }
    int d = s->stack[--s->n_stack];
    int h = (cls & 1) ? s->b : s->stack[s->n_stack - 1];
    add_arc(s, h, d, (cls - 1) >> 1);
}

void parser_costs(const parse_state *s, const int *gold, int c[3]) {
    int s0 = s->n_stack >= 1 ? s->stack[s->n_stack - 1] : -1;
    int s1 = s->n_stack >= 2 ? s->stack[s->n_stack - 2] : -1;
    int b0 = s->b <= s->n ? s->b : -1;
    c[0] = c[1] = c[2] = 0;
    if (b0 >= 0) { /* shift */
        for (int i = 0; i < s->n_stack; i++) {
            int k = s->stack[i];
            if (k && gold[k] == b0) c[0]++;
            if (k != s0 && gold[b0] == k) c[0]++;
        }
    }
    if (s0 > 0) {
        int deps = 0, head_in_buffer = 0;
        for (int k = s->b; k <= s->n; k++) {
            deps += gold[k] == s0;
            head_in_buffer |= gold[s0] == k;
        }
        c[1] = deps + ((gold[s0] == s1) || (head_in_buffer && gold[s0] != b0));
        c[2] = deps + head_in_buffer;
    }
}

/* ---- features ---- */

#define NONE_V 0x3c3c3c3cULL
#define ROOT_W 0x7e7e7e7eULL

static int dist_bucket(int d) {
    if (d < 0) d = -d;
    return d <= 4 ? d : d < 10 ? 5 : 6;
}

size_t parser_features(const parse_state *s, const uint64_t *word, const int *tag, uint64_t *f) {
    int ns = s->n_stack;
    int s0 = ns >= 1 ? s->stack[ns - 1] : -1, s1 = ns >= 2 ? s->stack[ns - 2] : -1;
    int s2 = ns >= 3 ? s->stack[ns - 3] : -1;
    int b0 = s->b <= s->n ? s->b : -1, b1 = s->b + 1 <= s->n ? s->b + 1 : -1;
    int b2 = s->b + 2 <= s->n ? s->b + 2 : -1;
#define W(x) ((x) >= 0 ? word[x] : NONE_V)
#define T(x) ((x) >= 0 ? (uint64_t)tag[x] + 1 : NONE_V)
#define L(x) ((x) > 0 ? (uint64_t)s->label[x] + 1 : NONE_V)
#define C(arr, x) ((x) >= 0 && s->arr[x] ? s->arr[x] : -1)
    uint64_t s0w = W(s0), s0t = T(s0), s1w = W(s1), s1t = T(s1), b0w = W(b0), b0t = T(b0);
    uint64_t b1w = W(b1), b1t = T(b1), b2t = T(b2), s2t = T(s2);
    uint64_t s0wt = nlp_h2(0, s0w, s0t), s1wt = nlp_h2(0, s1w, s1t), b0wt = nlp_h2(0, b0w, b0t);
    int s0l = C(lc1, s0), s0r = C(rc1, s0), s0l2 = C(lc2, s0), s0r2 = C(rc2, s0);
    int s1l = C(lc1, s1), s1r = C(rc1, s1), s1r2 = C(rc2, s1), b0l = C(lc1, b0), b0l2 = C(lc2, b0);
    uint64_t d0 = s0 >= 0 && b0 >= 0 ? (uint64_t)dist_bucket(b0 - s0) : 7;
    uint64_t d1 = s0 >= 0 && s1 >= 0 ? (uint64_t)dist_bucket(s0 - s1) : 7;
    uint64_t s0vl = s0 >= 0 ? (uint64_t)s->nl[s0] : 99, s0vr = s0 >= 0 ? (uint64_t)s->nr[s0] : 99;
    uint64_t s1vl = s1 >= 0 ? (uint64_t)s->nl[s1] : 99, s1vr = s1 >= 0 ? (uint64_t)s->nr[s1] : 99;
    uint64_t b0vl = b0 >= 0 ? (uint64_t)s->nl[b0] : 99;
    uint64_t s0sl = s0 >= 0 ? s->lset[s0] : NONE_V, s0sr = s0 >= 0 ? s->rset[s0] : NONE_V;
    uint64_t s1sr = s1 >= 0 ? s->rset[s1] : NONE_V, b0sl = b0 >= 0 ? s->lset[b0] : NONE_V;
    size_t k = 0;
    /* single words */
    f[k++] = nlp_h1(101, s0w);
    f[k++] = nlp_h1(102, s0t);
    f[k++] = nlp_h1(103, s0wt);
    f[k++] = nlp_h1(104, s1w);
    f[k++] = nlp_h1(105, s1t);
    f[k++] = nlp_h1(106, s1wt);
    f[k++] = nlp_h1(107, b0w);
    f[k++] = nlp_h1(108, b0t);
    f[k++] = nlp_h1(109, b0wt);
    f[k++] = nlp_h1(110, b1w);
    f[k++] = nlp_h1(111, b1t);
    f[k++] = nlp_h2(112, b1w, b1t);
    f[k++] = nlp_h1(113, W(b2));
    f[k++] = nlp_h1(114, b2t);
    f[k++] = nlp_h1(115, s2t);
    /* pairs: s0 with b0, s1 with s0 (their word x word templates cost
    ** lookups and no accuracy: docs/parser.md, speed round 3) */
    f[k++] = nlp_h2(123, s0wt, b0t);
    f[k++] = nlp_h2(126, s0t, b0t);
    f[k++] = nlp_h2(130, s1wt, s0t);
    f[k++] = nlp_h2(133, s1t, s0t);
    f[k++] = nlp_h2(134, b0t, b1t);
    f[k++] = nlp_h2(135, s1t, b0t);
    f[k++] = nlp_h2(136, s1w, b0w);
    /* triples of tags */
    f[k++] = nlp_h3(140, b0t, b1t, b2t);
    f[k++] = nlp_h3(141, s0t, b0t, b1t);
    f[k++] = nlp_h3(142, s1t, s0t, b0t);
    f[k++] = nlp_h3(143, s2t, s1t, s0t);
    f[k++] = nlp_h3(144, s0w, b0t, b1t);
    f[k++] = nlp_h3(147, s1t, s0t, b0w);
    /* distance */
    f[k++] = nlp_h2(150, s0w, d0);
    f[k++] = nlp_h2(151, s0t, d0);
    f[k++] = nlp_h2(153, b0t, d0);
    f[k++] = nlp_h3(155, s0t, b0t, d0);
    f[k++] = nlp_h3(156, s1t, s0t, d1);
    f[k++] = nlp_h2(158, s1wt, d1);
    f[k++] = nlp_h2(159, s0wt, d1);
    /* valency */
    f[k++] = nlp_h2(160, s0w, s0vr);
    f[k++] = nlp_h2(161, s0t, s0vr);
    f[k++] = nlp_h2(162, s0w, s0vl);
    f[k++] = nlp_h2(163, s0t, s0vl);
    f[k++] = nlp_h2(164, s1w, s1vr);
    f[k++] = nlp_h2(165, s1t, s1vr);
    f[k++] = nlp_h2(166, s1t, s1vl);
    f[k++] = nlp_h2(167, b0w, b0vl);
    f[k++] = nlp_h2(168, b0t, b0vl);
    /* children of s0, s1, b0 */
    f[k++] = nlp_h1(170, W(s0l));
    f[k++] = nlp_h1(171, T(s0l));
    f[k++] = nlp_h1(172, L(s0l));
    f[k++] = nlp_h1(174, T(s0r));
    f[k++] = nlp_h1(175, L(s0r));
    f[k++] = nlp_h1(176, T(s1l));
    f[k++] = nlp_h1(177, L(s1l));
    f[k++] = nlp_h1(178, T(s1r));
    f[k++] = nlp_h1(179, L(s1r));
    f[k++] = nlp_h1(181, T(b0l));
    f[k++] = nlp_h1(182, L(b0l));
    f[k++] = nlp_h1(183, T(s0l2));
    f[k++] = nlp_h1(184, L(s0l2));
    f[k++] = nlp_h1(185, T(s0r2));
    f[k++] = nlp_h1(186, L(s0r2));
    f[k++] = nlp_h1(187, T(b0l2));
    f[k++] = nlp_h1(188, L(b0l2));
    f[k++] = nlp_h3(189, s0t, T(s0l), T(s0l2));
    f[k++] = nlp_h3(190, s0t, T(s0r), T(s0r2));
    f[k++] = nlp_h3(191, b0t, T(b0l), T(b0l2));
    f[k++] = nlp_h3(192, s1t, T(s1r), T(s1r2));
    f[k++] = nlp_h3(193, s1t, s0t, T(s0l));
    f[k++] = nlp_h3(194, s1t, s0t, T(s0r));
    f[k++] = nlp_h3(195, s1t, T(s1r), s0t);
    f[k++] = nlp_h3(196, s1t, T(s1l), s0t);
    f[k++] = nlp_h3(197, s0t, b0t, T(b0l));
    f[k++] = nlp_h3(198, s0t, T(s0r), b0t);
    f[k++] = nlp_h3(199, s0t, T(s0l), b0t);
    f[k++] = nlp_h2(200, s0wt, L(s0r));
    /* label sets */
    f[k++] = nlp_h2(210, s0w, s0sr);
    f[k++] = nlp_h2(211, s0t, s0sr);
    f[k++] = nlp_h2(212, s0w, s0sl);
    f[k++] = nlp_h2(213, s0t, s0sl);
    f[k++] = nlp_h2(215, b0t, b0sl);
    f[k++] = nlp_h2(216, s1t, s1sr);
    /* second-order labels and children's words (Zhang & Nivre 2011) */
    f[k++] = nlp_h3(220, s0t, L(s0l), L(s0l2));
    f[k++] = nlp_h3(221, s0t, L(s0r), L(s0r2));
    f[k++] = nlp_h3(222, b0t, L(b0l), L(b0l2));
    f[k++] = nlp_h2(226, b0wt, b1t);
    f[k++] = nlp_h3(227, s0t, b0t, b2t);
    f[k++] = nlp_h2(228, s0wt, s0sl);
    f[k++] = nlp_h3(230, s0t, b0t, d0 * 64 + s0vr);
    f[k++] = nlp_h3(231, s0w, W(s0l), T(s0l));
    /* where the sentence and the spans end (punctuation, clause breaks):
    ** the word after s0, the word before b0 (the last of s0's span), how
    ** far b0 is from the end, how deep the stack is */
    int s0n = s0 > 0 && s0 < s->n ? s0 + 1 : -1, b0p = b0 > 1 ? b0 - 1 : -1;
    uint64_t bend = b0 >= 0 ? (uint64_t)dist_bucket(s->n - b0) : 7;
    f[k++] = nlp_h3(240, s0t, T(s0n), b0t);
    f[k++] = nlp_h3(241, s0t, T(b0p), b0t);
    f[k++] = nlp_h2(242, b0t, bend);
    f[k++] = nlp_h3(243, s0t, b0t, bend);
    f[k++] = nlp_h2(244, W(s0n), s0t);
    f[k++] = nlp_h3(245, s1t, s0t, (uint64_t)(ns > 4 ? 4 : ns));
#undef W
#undef T
#undef L
#undef C
    return k;
}

void parser_parse(const orr_model *m, parse_state *s, const uint64_t *word, const int *tag) {
    uint64_t feats[PARSE_MAX_FEATS];
    int32_t scores[NLP_MAX_CLASSES];
    int n_classes = 1 + 2 * (int)m->n_labels, root = (int)m->label_root;
    while (!parser_done(s)) {
        size_t nf = parser_features(s, word, tag, feats);
        memset(scores, 0, nlp_pad((uint32_t)n_classes) * sizeof *scores);
        nlp_wt_score(&m->parser, feats, nf, scores);
        /* The best class is nearly always allowed: find it first, and look
        ** at what is allowed only when it is not (same ties: lowest class). */
        int best = 0;
        for (int c = 1; c < n_classes; c++)
            if (scores[c] > scores[best]) best = c;
        if (!parser_allowed(s, best, root)) {
            best = -1;
            for (int c = 0; c < n_classes; c++)
                if ((best < 0 || scores[c] > scores[best]) && parser_allowed(s, c, root)) best = c;
        }
        parser_apply(s, best);
    }
}
