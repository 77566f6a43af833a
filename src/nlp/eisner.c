/*
** eisner.c — turning the biaffine network's scores into a tree: Eisner's
** O(n^3) dynamic program for the best projective tree, restricted to
** exactly one child of the root (the UD convention), then the best label
** of each word under its chosen head.
**
** Eisner's tables over words s < t (1-based; the root is left out and
** joined at the end):
**   inc[R][s][t]  arc s -> t plus what lies between, split at r:
**                 com[R][s][r] + com[L][r+1][t] + score(s -> t)
**   inc[L][s][t]  the same with the arc t -> s
**   com[R][s][t]  s heads everything to t: inc[R][s][r] + com[R][r][t], s < r <= t
**   com[L][s][t]  t heads everything from s: com[L][s][r] + inc[L][r][t], s <= r < t
** The root's single child r then takes com[L][1][r] + com[R][r][n].
** Projective decoding loses little on EWT (few non-projective arcs) and
** needs no cycle contraction.
*/
#include "biaffine.h"
#include "train.h"

enum { DIR_L = 0, DIR_R = 1 };

typedef struct eisner {
    int T;
    const float *s;
    float *com[2], *inc[2];
    int *com_bp[2], *inc_bp[2];
    int *head;
} eisner;

#define AT(e, s, t) ((size_t)(s) * (size_t)(e)->T + (size_t)(t))
/* score of the arc h -> d */
static float arc(const eisner *e, int h, int d) { return e->s[(size_t)d * (size_t)e->T + (size_t)h]; }

static void eisner_fill(eisner *e, int n) {
    for (int i = 1; i <= n; i++)
        for (int dir = 0; dir < 2; dir++) {
            e->com[dir][AT(e, i, i)] = 0;
            e->com_bp[dir][AT(e, i, i)] = i;
        }
    for (int len = 1; len < n; len++)
        for (int s = 1; s + len <= n; s++) {
            int t = s + len, best_r = s;
            float best = -1e30f;
            for (int r = s; r < t; r++) {
                float v = e->com[DIR_R][AT(e, s, r)] + e->com[DIR_L][AT(e, r + 1, t)];
                if (v > best) best = v, best_r = r;
            }
            e->inc[DIR_R][AT(e, s, t)] = best + arc(e, s, t);
            e->inc[DIR_L][AT(e, s, t)] = best + arc(e, t, s);
            e->inc_bp[DIR_R][AT(e, s, t)] = e->inc_bp[DIR_L][AT(e, s, t)] = best_r;
            best = -1e30f, best_r = s;
            for (int r = s; r < t; r++) {
                float v = e->com[DIR_L][AT(e, s, r)] + e->inc[DIR_L][AT(e, r, t)];
                if (v > best) best = v, best_r = r;
            }
            e->com[DIR_L][AT(e, s, t)] = best;
            e->com_bp[DIR_L][AT(e, s, t)] = best_r;
            best = -1e30f, best_r = t;
            for (int r = s + 1; r <= t; r++) {
                float v = e->inc[DIR_R][AT(e, s, r)] + e->com[DIR_R][AT(e, r, t)];
                if (v > best) best = v, best_r = r;
            }
            e->com[DIR_R][AT(e, s, t)] = best;
            e->com_bp[DIR_R][AT(e, s, t)] = best_r;
        }
}

/* Read the arcs of a span back (recursion depth at most 2n). */
static void eisner_back(eisner *e, int s, int t, int dir, int complete) {
    if (s >= t) return;
    if (complete) {
        int r = e->com_bp[dir][AT(e, s, t)];
        if (dir == DIR_R) {
            eisner_back(e, s, r, DIR_R, 0);
            eisner_back(e, r, t, DIR_R, 1);
        } else {
            eisner_back(e, s, r, DIR_L, 1);
            eisner_back(e, r, t, DIR_L, 0);
        }
        return;
    }
    int r = e->inc_bp[dir][AT(e, s, t)];
    if (dir == DIR_R) e->head[t] = s;
    else e->head[s] = t;
    eisner_back(e, s, r, DIR_R, 1);
    eisner_back(e, r + 1, t, DIR_L, 1);
}

/* Each word's best head alone (the first of equal scores, as Eisner's
** loops take).  When these form a projective tree with one child of the
** root — most sentences: the network is trained for exactly that — no
** tree scores higher, so it is the one Eisner's program would find, at
** O(n^2) instead of O(n^3).  1 when it is such a tree (head filled). */
static int argmax_tree(const float *s, int T, int *head) {
    int roots = 0;
    head[0] = -1;
    for (int d = 1; d < T; d++) {
        const float *row = s + (size_t)d * (size_t)T;
        int best = 0;
        for (int h = 1; h < T; h++)
            if (h != d && row[h] > row[best]) best = h;
        head[d] = best;
        roots += best == 0;
    }
    if (roots != 1) return 0;
    for (int d = 1; d < T; d++) {  /* every word reaches the root */
        int h = head[d], steps = 0;
        while (h > 0 && ++steps < T) h = head[h];
        if (h != 0) return 0;
    }
    for (int d = 1; d < T; d++) {  /* no two arcs cross */
        int l1 = d < head[d] ? d : head[d], r1 = d < head[d] ? head[d] : d;
        for (int e = 1; e < T; e++) {
            int l2 = e < head[e] ? e : head[e], r2 = e < head[e] ? head[e] : e;
            if (l1 < l2 && l2 < r1 && r1 < r2) return 0;
        }
    }
    return 1;
}

int bi_eisner(const float *s, int T, orr_arena *a, int *head) {
    int n = T - 1;
    if (n >= 1 && argmax_tree(s, T, head)) return ORR_OK;
    eisner e = {.T = T, .s = s, .head = head};
    size_t cells = (size_t)T * (size_t)T;
    for (int dir = 0; dir < 2; dir++) {
        e.com[dir] = orr_arena_alloc(a, cells * sizeof(float));
        e.inc[dir] = orr_arena_alloc(a, cells * sizeof(float));
        e.com_bp[dir] = orr_arena_alloc(a, cells * sizeof(int));
        e.inc_bp[dir] = orr_arena_alloc(a, cells * sizeof(int));
        if (!e.com[dir] || !e.inc[dir] || !e.com_bp[dir] || !e.inc_bp[dir]) return ORR_ENOMEM;
    }
    head[0] = -1;
    if (n < 1) return ORR_OK;
    eisner_fill(&e, n);
    int root = 1;
    float best = -1e30f;
    for (int r = 1; r <= n; r++) {
        float v = arc(&e, 0, r) + e.com[DIR_L][AT(&e, 1, r)] + e.com[DIR_R][AT(&e, r, n)];
        if (v > best) best = v, root = r;
    }
    head[root] = 0;
    eisner_back(&e, 1, root, DIR_L, 1);
    eisner_back(&e, root, n, DIR_R, 1);
    return ORR_OK;
}

int bi_decode_labels(const bi_net *net, const bi_acts *acts, uint32_t label_root, orr_arena *a, const int *head,
                     int *label) {
    float *ls = orr_arena_alloc(a, net->d.n_labels * sizeof(float));
    if (!ls) return ORR_ENOMEM;
    for (int d = 1; d < acts->T; d++) {
        if (head[d] == 0) {
            label[d] = (int)label_root;
            continue;
        }
        bi_label_scores(net, acts, d, head[d], ls);
        int best = -1;
        for (uint32_t l = 0; l < net->d.n_labels; l++)
            if (l != label_root && (best < 0 || ls[l] > ls[best])) best = (int)l;
        label[d] = best < 0 ? (int)label_root : best;
    }
    return ORR_OK;
}
