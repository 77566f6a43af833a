/*
** parser.c — labeled dependency parsing: the arc-hybrid transition
** system, its dynamic oracle, the feature templates of the transition
** classifier and of the arc labeler, and greedy decoding with a loaded
** model.
*/
#include "beam.h"

/*
** The transition system (arc-hybrid, Kuhlmann et al. 2011).  A state is a
** stack whose bottom is the artificial root (word 0) and a buffer holding
** the words not yet read, b..n.  Three kinds of transition:
**
**   SHIFT    move the buffer front b0 onto the stack;
**   LEFT     pop s0 and make it a dependent of b0;
**   RIGHT    pop s0 and make it a dependent of s1.
**
** Which transition to take is one classifier over three classes; the
** relation of each arc is a second classifier (the labeler), asked only
** when an arc is made, with features of the head and of the dependent (now
** complete: all its own dependents are attached).  Scoring three classes
** per step instead of 1 + 2 x 51 labeled transitions keeps every weight row
** inside one 16-byte hash slot, which is what makes parsing fast, and the
** labeler sees the dependent's whole subtree.
**
** Each word is shifted once and popped once, so a sentence of n words takes
** exactly 2n transitions and parsing is linear.  The result is always a
** projective tree.  To get exactly one word under the root (as UD wants),
** RIGHT onto the root is allowed only once the buffer is empty, LEFT never
** pops the root, and the label "root" is given to that arc and no other.
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
** The labeler is trained on the arcs whose head is the gold head.  The
** formulas are exact for projective trees.  Non-projective
** training sentences (288 of 12,544 in EWT train, 2.3%) are trained on too:
** the costs then only approximate the arcs lost, but the cheapest
** transition still builds a projective tree close to the gold one, and the
** words of those sentences (long, often with parentheticals) are not lost.
*/

/* All arrays of a state sit in one block, so a beam copies a state with
** one memcpy. */
int parse_state_init(parse_state *s, int n, orr_arena *a) {
    size_t words = (size_t)(n + 1), ints = 9 * words * sizeof(int);
    size_t size = ((ints + 7) & ~(size_t)7) + 2 * words * sizeof(uint64_t);
    char *mem = orr_arena_alloc(a, size);
    if (!mem) return ORR_ENOMEM;
    memset(mem, 0, size);
    s->n = n;
    s->mem = mem;
    s->mem_size = size;
    int **arrays[] = {&s->stack, &s->head, &s->label, &s->lc1, &s->lc2, &s->rc1, &s->rc2, &s->nl, &s->nr};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) *arrays[i] = (int *)mem + i * words;
    s->lset = (uint64_t *)(mem + ((ints + 7) & ~(size_t)7));
    s->rset = s->lset + words;
    for (int i = 0; i <= n; i++) s->head[i] = -1, s->label[i] = -1;
    s->stack[0] = 0;
    s->n_stack = 1;
    s->b = 1;
    return ORR_OK;
}

void parse_state_copy(parse_state *dst, const parse_state *src) {
    memcpy(dst->mem, src->mem, src->mem_size);
    dst->n_stack = src->n_stack;
    dst->b = src->b;
}

int parser_allowed(const parse_state *s, int tr) {
    if (tr == PARSE_SHIFT) return s->b <= s->n;
    if (tr == PARSE_LEFT) return s->b <= s->n && s->n_stack >= 2;
    return s->n_stack >= 2 && (s->stack[s->n_stack - 2] != 0 || s->b > s->n);
}

void parser_arc(const parse_state *s, int tr, int *head, int *dep) {
    *dep = s->stack[s->n_stack - 1];
    *head = tr == PARSE_LEFT ? s->b : s->stack[s->n_stack - 2];
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

void parser_apply(parse_state *s, int tr, int label) {
    if (tr == PARSE_SHIFT) {
        s->stack[s->n_stack++] = s->b++;
        return;
    }
    int h, d;
    parser_arc(s, tr, &h, &d);
    s->n_stack--;
    add_arc(s, h, d, label);
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
    f[k++] = nlp_h1(116, W(s2));
    /* pairs: s0 with b0, s1 with s0 */
    f[k++] = nlp_h2(120, s0wt, b0wt);
    f[k++] = nlp_h2(121, s0wt, b0w);
    f[k++] = nlp_h2(122, s0w, b0wt);
    f[k++] = nlp_h2(123, s0wt, b0t);
    f[k++] = nlp_h2(124, s0t, b0wt);
    f[k++] = nlp_h2(125, s0w, b0w);
    f[k++] = nlp_h2(126, s0t, b0t);
    f[k++] = nlp_h2(127, s1wt, s0wt);
    f[k++] = nlp_h2(128, s1wt, s0w);
    f[k++] = nlp_h2(129, s1w, s0wt);
    f[k++] = nlp_h2(130, s1wt, s0t);
    f[k++] = nlp_h2(131, s1t, s0wt);
    f[k++] = nlp_h2(132, s1w, s0w);
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
    f[k++] = nlp_h3(145, s0t, b0w, b1t);
    f[k++] = nlp_h3(146, s1t, s0w, b0t);
    f[k++] = nlp_h3(147, s1t, s0t, b0w);
    /* distance */
    f[k++] = nlp_h2(150, s0w, d0);
    f[k++] = nlp_h2(151, s0t, d0);
    f[k++] = nlp_h2(152, b0w, d0);
    f[k++] = nlp_h2(153, b0t, d0);
    f[k++] = nlp_h3(154, s0w, b0w, d0);
    f[k++] = nlp_h3(155, s0t, b0t, d0);
    f[k++] = nlp_h3(156, s1t, s0t, d1);
    f[k++] = nlp_h3(157, s1w, s0w, d1);
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
    f[k++] = nlp_h1(173, W(s0r));
    f[k++] = nlp_h1(174, T(s0r));
    f[k++] = nlp_h1(175, L(s0r));
    f[k++] = nlp_h1(176, T(s1l));
    f[k++] = nlp_h1(177, L(s1l));
    f[k++] = nlp_h1(178, T(s1r));
    f[k++] = nlp_h1(179, L(s1r));
    f[k++] = nlp_h1(180, W(b0l));
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
    f[k++] = nlp_h2(201, b0wt, L(b0l));
    /* label sets */
    f[k++] = nlp_h2(210, s0w, s0sr);
    f[k++] = nlp_h2(211, s0t, s0sr);
    f[k++] = nlp_h2(212, s0w, s0sl);
    f[k++] = nlp_h2(213, s0t, s0sl);
    f[k++] = nlp_h2(214, b0w, b0sl);
    f[k++] = nlp_h2(215, b0t, b0sl);
    f[k++] = nlp_h2(216, s1t, s1sr);
    /* second-order labels and children's words (Zhang & Nivre 2011) */
    f[k++] = nlp_h3(220, s0t, L(s0l), L(s0l2));
    f[k++] = nlp_h3(221, s0t, L(s0r), L(s0r2));
    f[k++] = nlp_h3(222, b0t, L(b0l), L(b0l2));
    f[k++] = nlp_h2(223, s1wt, L(s1r));
    f[k++] = nlp_h1(224, W(s1r));
    f[k++] = nlp_h1(225, W(s1l));
    f[k++] = nlp_h2(226, b0wt, b1t);
    f[k++] = nlp_h3(227, s0t, b0t, b2t);
    f[k++] = nlp_h2(228, s0wt, s0sl);
    f[k++] = nlp_h2(229, b0wt, b0sl);
    f[k++] = nlp_h3(230, s0t, b0t, d0 * 64 + s0vr);
    f[k++] = nlp_h3(231, s0w, W(s0l), T(s0l));
    f[k++] = nlp_h3(232, b0w, W(b0l), T(b0l));
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

/*
** Labeler features for the arc head -> dep, each conjoined with the arc's
** direction.  dep's subtree is complete, so its children (a case marker
** says obl or nmod, a mark says advcl, an aux:pass child says the head's
** subject is nsubj:pass) and the head's children so far are known.
*/
size_t parser_label_features(const parse_state *s, const uint64_t *word, const int *tag,
                             int head, int dep, uint64_t *f) {
    uint64_t dir = dep < head ? 1000 : 2000;
#define W(x) ((x) >= 0 && (x) <= s->n ? word[x] : NONE_V)
#define T(x) ((x) >= 0 && (x) <= s->n ? (uint64_t)tag[x] + 1 : NONE_V)
#define L(x) ((x) > 0 ? (uint64_t)s->label[x] + 1 : NONE_V)
    uint64_t hw = W(head), ht = T(head), dw = W(dep), dt = T(dep);
    uint64_t dist = (uint64_t)dist_bucket(head - dep);
    int dl = s->lc1[dep] ? s->lc1[dep] : -1, dr = s->rc1[dep] ? s->rc1[dep] : -1;
    int dl2 = s->lc2[dep] ? s->lc2[dep] : -1;
    uint64_t dls = s->lset[dep], drs = s->rset[dep], hls = s->lset[head], hrs = s->rset[head];
    uint64_t hwt = nlp_h2(0, hw, ht), dwt = nlp_h2(0, dw, dt);
    size_t k = 0;
    f[k++] = nlp_h1(dir + 1, ht);
    f[k++] = nlp_h1(dir + 2, dt);
    f[k++] = nlp_h1(dir + 3, hw);
    f[k++] = nlp_h1(dir + 4, dw);
    f[k++] = nlp_h2(dir + 5, ht, dt);
    f[k++] = nlp_h2(dir + 6, hw, dt);
    f[k++] = nlp_h2(dir + 7, ht, dw);
    f[k++] = nlp_h2(dir + 8, hw, dw);
    f[k++] = nlp_h2(dir + 9, hwt, dwt);
    f[k++] = nlp_h3(dir + 10, ht, dt, dist);
    f[k++] = nlp_h2(dir + 11, dt, dls);
    f[k++] = nlp_h2(dir + 12, dt, drs);
    f[k++] = nlp_h3(dir + 13, ht, dt, dls);
    f[k++] = nlp_h3(dir + 14, ht, dt, hls);
    f[k++] = nlp_h3(dir + 15, ht, dt, hrs);
    f[k++] = nlp_h3(dir + 16, dt, W(dl), L(dl));
    f[k++] = nlp_h3(dir + 17, hw, dt, W(dl));
    f[k++] = nlp_h3(dir + 18, dt, T(dr), L(dr));
    f[k++] = nlp_h3(dir + 19, dt, L(dl), L(dl2));
    f[k++] = nlp_h3(dir + 20, ht, dt, T(dep - 1));
    f[k++] = nlp_h3(dir + 21, ht, dt, T(dep + 1));
    f[k++] = nlp_h3(dir + 22, ht, dt, T(head - 1));
    f[k++] = nlp_h3(dir + 23, ht, dt, T(head + 1));
    f[k++] = nlp_h3(dir + 24, dt, W(dep - 1), W(dep + 1));
    f[k++] = nlp_h2(dir + 25, dwt, dls);
    f[k++] = nlp_h2(dir + 26, hwt, hls);
    f[k++] = nlp_h3(dir + 27, hw, dt, dls);
    f[k++] = nlp_h3(dir + 28, ht, dt, (uint64_t)(s->nl[dep] * 16 + s->nr[dep]));
    f[k++] = nlp_h3(dir + 29, hw, dw, W(dl));
    f[k++] = nlp_h3(dir + 30, ht, dt, (uint64_t)(s->nl[head] * 16 + s->nr[head]));
#undef W
#undef T
#undef L
    return k;
}

/* The relation of the arc head -> dep: "root" under the root, else the
** labeler's best relation other than "root". */
static int parser_label(const orr_model *m, const parse_state *s, const uint64_t *word,
                        const int *tag, int head, int dep, const uint64_t *tfeats, size_t ntf) {
    int root = (int)m->label_root;
    if (head == 0) return root;
    uint64_t feats[LABEL_MAX_FEATS];
    int32_t scores[NLP_MAX_CLASSES];
    memcpy(feats, tfeats, ntf * sizeof *feats);
    size_t nf = ntf + parser_label_features(s, word, tag, head, dep, feats + ntf);
    memset(scores, 0, nlp_pad(m->n_labels) * sizeof *scores);
    nlp_wt_score(&m->labeler, feats, nf, scores);
    int best = -1;
    for (int c = 0; c < (int)m->n_labels; c++)
        if (c != root && (best < 0 || scores[c] > scores[best])) best = c;
    return best;
}

static void model_transitions(void *ctx, const uint64_t *feats, size_t nf, double *out) {
    const orr_model *m = ctx;
    int32_t scores[NLP_SMALL + 2] = {0};
    nlp_wt_score(&m->parser, feats, nf, scores);
    for (int tr = 0; tr < PARSE_N_TRANS; tr++) out[tr] = scores[tr];
}

static void model_prefetch(void *ctx, const uint64_t *feats, size_t nf) {
    nlp_wt_prefetch(&((const orr_model *)ctx)->parser, feats, nf);
}

static int model_label(void *ctx, const parse_state *s, const uint64_t *word, const int *tag,
                       int head, int dep, const uint64_t *feats, size_t nf) {
    return parser_label(ctx, s, word, tag, head, dep, feats, nf);
}

/* Beam decoding (the model was trained with a beam of m->beam). */
static int parser_parse_beam(const orr_model *m, orr_arena *a, parse_state *s,
                             const uint64_t *word, const int *tag) {
    parse_beam b;
    if (beam_init(&b, s->n, (int)m->beam, a)) return ORR_ENOMEM;
    beam_scorer sc = {(void *)m, model_transitions, model_prefetch, model_label};
    for (int step = 0; step < 2 * s->n; step++) beam_advance(&b, word, tag, &sc);
    parse_state_copy(s, &b.st[0]);
    return ORR_OK;
}

int parser_parse(const orr_model *m, orr_arena *a, parse_state *s, const uint64_t *word,
                 const int *tag) {
    if (m->beam > 1) return parser_parse_beam(m, a, s, word, tag);
    uint64_t feats[PARSE_MAX_FEATS];
    while (!parser_done(s)) {
        size_t nf = parser_features(s, word, tag, feats);
        int32_t scores[NLP_SMALL + 2] = {0};
        nlp_wt_score(&m->parser, feats, nf, scores);
        int best = -1;
        for (int tr = 0; tr < PARSE_N_TRANS; tr++)
            if ((best < 0 || scores[tr] > scores[best]) && parser_allowed(s, tr)) best = tr;
        int label = 0;
        if (best != PARSE_SHIFT) {
            int h, d;
            parser_arc(s, best, &h, &d);
            label = parser_label(m, s, word, tag, h, d, feats, nf);
        }
        parser_apply(s, best, label);
    }
    return ORR_OK;
}
