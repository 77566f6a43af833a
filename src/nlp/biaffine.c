/*
** biaffine.c — the BiLSTM + biaffine parser's network: parameter layout,
** the forward pass over one sentence and its hand-written backward pass
** (see biaffine.h for the architecture).  Hand-written because this is
** the product's parser: the arithmetic is a few dense kernels (dot
** products and axpys over rows of row-major matrices, written with GCC/
** Clang vector extensions so that they use SIMD registers without
** -ffast-math), and the rest is bookkeeping no library would save.
** This is the training path; parsing (no dropout) goes through biinfer.c
** and the faster kernels of bikernel.c.
**
** Shapes: a matrix W of M x K is row-major; a linear layer is
** Y[t] = W X[t] + b.  LSTM gates are ordered i, f, g, o; `gates` keeps
** their activated values (sigmoid, sigmoid, tanh, sigmoid), `cell` the
** cell states; a direction's hidden states live in its half of `out`.
** The backward pass follows the forward one in reverse, layer by layer;
** tests/unit/test_nlp_biaffine.c checks it against finite differences.
*/
#include "biaffine.h"
#include "train.h"

#include <math.h>

/* ---- kernels ---- */

typedef float v4f __attribute__((vector_size(16)));
static inline v4f ld4(const float *p) {
    v4f v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void st4(float *p, v4f v) { memcpy(p, &v, sizeof v); }

static float dot(const float *a, const float *b, size_t n) {
    v4f s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 += ld4(a + i) * ld4(b + i);
        s1 += ld4(a + i + 4) * ld4(b + i + 4);
        s2 += ld4(a + i + 8) * ld4(b + i + 8);
        s3 += ld4(a + i + 12) * ld4(b + i + 12);
    }
    for (; i + 4 <= n; i += 4) s0 += ld4(a + i) * ld4(b + i);
    v4f s = (s0 + s1) + (s2 + s3);
    float r = (s[0] + s[1]) + (s[2] + s[3]);
    for (; i < n; i++) r += a[i] * b[i];
    return r;
}

/* y += a x */
static void axpy(float *y, float a, const float *x, size_t n) {
    v4f va = {a, a, a, a};
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        st4(y + i, ld4(y + i) + va * ld4(x + i));
        st4(y + i + 4, ld4(y + i + 4) + va * ld4(x + i + 4));
    }
    for (; i < n; i++) y[i] += a * x[i];
}

/* Y[T x M] = X[T x K] W^T + b (W: M x K) */
static void linear(const float *X, int T, size_t K, const float *W, const float *b, size_t M, float *Y) {
    for (int t = 0; t < T; t++)
        for (size_t m = 0; m < M; m++) Y[(size_t)t * M + m] = dot(W + m * K, X + (size_t)t * K, K) + b[m];
}

/* The gradients of linear: dX += dY W (dX may be NULL), dW += dY^T X, db += sum dY. */
static void linear_back(const float *X, int T, size_t K, const float *W, size_t M, const float *dY,
                        float *dX, float *dW, float *db) {
    for (int t = 0; t < T; t++)
        for (size_t m = 0; m < M; m++) {
            float d = dY[(size_t)t * M + m];
            if (d == 0) continue;
            if (dX) axpy(dX + (size_t)t * K, d, W + m * K, K);
            axpy(dW + m * K, d, X + (size_t)t * K, K);
            db[m] += d;
        }
}

static float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }
static void leaky(float *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (v[i] < 0) v[i] *= BI_LEAK;
}
/* dv *= leaky'(at the output v) */
static void leaky_back(const float *v, float *dv, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (v[i] < 0) dv[i] *= BI_LEAK;
}

/* ---- layout ---- */

const char *bi_dims_check(const bi_dims *d) {
    if (d->version != BI_VERSION) return "biaffine network version is not 1";
    if (d->n_words < 2 || d->n_words > (1u << 22)) return "biaffine vocabulary size out of range";
    if (!d->n_hash || (d->n_hash & (d->n_hash - 1)) || d->n_hash > (1u << 22))
        return "biaffine hash size is not a power of two";
    if (d->n_tags < 2 || d->n_tags > 1024 || d->n_labels < 1 || d->n_labels > 1024)
        return "biaffine tag or label count out of range";
    const uint32_t *v = &d->d_word;
    for (int i = 0; i < 6; i++)
        if (v[i] < 1 || v[i] > 1024) return "biaffine layer width out of range";
    return NULL;
}

void bi_layout_init(const bi_dims *d, bi_layout *l) {
    size_t o = 0, h = d->d_lstm;
#define TAKE(field, n) (l->field = o, o += (size_t)(n))
    TAKE(e_word, (size_t)d->n_words * d->d_word);
    TAKE(e_hash, (size_t)d->n_hash * d->d_hash);
    TAKE(e_tag, (size_t)d->n_tags * d->d_tag);
    l->in[0] = (size_t)d->d_word + d->d_hash + d->d_tag;
    l->in[1] = 2 * h;
    for (int k = 0; k < BI_LAYERS; k++)
        for (int dir = 0; dir < 2; dir++) {
            TAKE(wx[k][dir], 4 * h * l->in[k]);
            TAKE(wh[k][dir], 4 * h * h);
            TAKE(b[k][dir], 4 * h);
        }
    TAKE(ad_w, (size_t)d->d_arc * 2 * h);
    TAKE(ad_b, d->d_arc);
    TAKE(ah_w, (size_t)d->d_arc * 2 * h);
    TAKE(ah_b, d->d_arc);
    TAKE(rd_w, (size_t)d->d_rel * 2 * h);
    TAKE(rd_b, d->d_rel);
    TAKE(rh_w, (size_t)d->d_rel * 2 * h);
    TAKE(rh_b, d->d_rel);
    TAKE(u_arc, (size_t)d->d_arc * d->d_arc);
    TAKE(u_arc_head, d->d_arc);
    TAKE(u_rel, (size_t)d->n_labels * d->d_rel * d->d_rel);
    TAKE(w_rel, (size_t)d->n_labels * 2 * d->d_rel);
    TAKE(b_rel, d->n_labels);
#undef TAKE
    l->n_params = o;
}

void bi_hash_buckets(const bi_dims *d, uint64_t suf3, uint64_t suf2, uint64_t pre2, uint64_t shape,
                     uint32_t out[BI_N_HASH]) {
    uint64_t f[BI_N_HASH] = {suf3, suf2, pre2, shape};
    for (int k = 0; k < BI_N_HASH; k++) out[k] = (uint32_t)(nlp_h1(101 + (uint64_t)k, f[k]) & (d->n_hash - 1));
}

void bi_root_input(const bi_dims *d, bi_input *in) {
    in->word = BI_WORD_ROOT;
    in->tag = d->n_tags - 1;
    bi_hash_buckets(d, 0x524f4f54, 0x524f4f55, 0x524f4f56, 0x524f4f57, in->hash);
}

/* ---- forward ---- */

float *bi_take(orr_arena *a, size_t n, int *fail) {
    float *p = orr_arena_alloc(a, (n ? n : 1) * sizeof(float));
    if (!p) *fail = 1;
    return p;
}

/* Inverted dropout: each of n values kept with probability 1 - p and then
** scaled by 1 / (1 - p); the mask holds 0 or that scale. */
static float *dropout(float *v, size_t n, float p, struct rng *r, orr_arena *a, int *fail) {
    if (p <= 0) return NULL;
    float *m = bi_take(a, n, fail);
    if (!m) return NULL;
    float keep = 1.0f / (1.0f - p);
    for (size_t i = 0; i < n; i++) {
        m[i] = train_rng_unit(r) < p ? 0.0f : keep;
        v[i] *= m[i];
    }
    return m;
}

/* One direction of one LSTM layer: X (T x in) -> out's half `dir` (row
** stride 2h), gates and cells kept. */
static void lstm_forward(const bi_net *net, int k, int dir, const float *X, int T, bi_acts *acts) {
    size_t h = net->d.d_lstm, in = net->l.in[k];
    const float *wx = net->w + net->l.wx[k][dir], *wh = net->w + net->l.wh[k][dir];
    const float *b = net->w + net->l.b[k][dir];
    float *G = acts->gates[k][dir], *C = acts->cell[k][dir], *out = acts->out[k];
    linear(X, T, in, wx, b, 4 * h, G);
    for (int s = 0; s < T; s++) {
        int t = dir ? T - 1 - s : s, prev = dir ? t + 1 : t - 1;
        float *g = G + (size_t)t * 4 * h, *c = C + (size_t)t * h, *ho = out + (size_t)t * 2 * h + dir * h;
        const float *hp = s ? out + (size_t)prev * 2 * h + dir * h : NULL;
        const float *cp = s ? C + (size_t)prev * h : NULL;
        if (hp)
            for (size_t j = 0; j < 4 * h; j++) g[j] += dot(wh + j * h, hp, h);
        for (size_t j = 0; j < h; j++) {
            float i = sigmoid(g[j]), f = sigmoid(g[h + j]), gg = tanhf(g[2 * h + j]), o = sigmoid(g[3 * h + j]);
            g[j] = i, g[h + j] = f, g[2 * h + j] = gg, g[3 * h + j] = o;
            c[j] = i * gg + (cp ? f * cp[j] : 0);
            ho[j] = o * tanhf(c[j]);
        }
    }
}

void bi_embed(const bi_net *net, const bi_input *in, int T, float *x0) {
    const bi_dims *d = &net->d;
    size_t w = net->l.in[0];
    for (int t = 0; t < T; t++) {
        float *x = x0 + (size_t)t * w;
        memcpy(x, net->w + net->l.e_word + (size_t)in[t].word * d->d_word, d->d_word * sizeof(float));
        float *xh = x + d->d_word;
        memset(xh, 0, d->d_hash * sizeof(float));
        for (int k = 0; k < BI_N_HASH; k++)
            axpy(xh, 1.0f, net->w + net->l.e_hash + (size_t)in[t].hash[k] * d->d_hash, d->d_hash);
        memcpy(xh + d->d_hash, net->w + net->l.e_tag + (size_t)in[t].tag * d->d_tag, d->d_tag * sizeof(float));
    }
}

/* With no dropout (p_drop <= 0: parsing, the dev score while training,
** the tests' gradient checks) this is the inference path of biinfer.c;
** training steps keep the plain kernels above. */
int bi_forward(const bi_net *net, const bi_input *in, int T, float p_drop, struct rng *r,
               orr_arena *a, bi_acts *acts) {
    if (p_drop <= 0) return bi_forward_batch(net, in, &T, 1, a, acts);
    const bi_dims *d = &net->d;
    const bi_layout *l = &net->l;
    size_t h = d->d_lstm, n = (size_t)T;
    int fail = 0;
    memset(acts, 0, sizeof *acts);
    acts->T = T;
    acts->x0 = bi_take(a, n * l->in[0], &fail);
    for (int k = 0; k < BI_LAYERS; k++) {
        acts->out[k] = bi_take(a, n * 2 * h, &fail);
        for (int dir = 0; dir < 2; dir++) {
            acts->gates[k][dir] = bi_take(a, n * 4 * h, &fail);
            acts->cell[k][dir] = bi_take(a, n * h, &fail);
        }
    }
    acts->x1 = bi_take(a, n * 2 * h, &fail);
    acts->r = bi_take(a, n * 2 * h, &fail);
    acts->ha_dep = bi_take(a, n * d->d_arc, &fail);
    acts->ha_head = bi_take(a, n * d->d_arc, &fail);
    acts->hr_dep = bi_take(a, n * d->d_rel, &fail);
    acts->hr_head = bi_take(a, n * d->d_rel, &fail);
    acts->p = bi_take(a, n * d->d_arc, &fail);
    acts->s = bi_take(a, n * n, &fail);
    if (fail) return ORR_ENOMEM;
    bi_embed(net, in, T, acts->x0);
    acts->m_in = dropout(acts->x0, n * l->in[0], p_drop, r, a, &fail);
    const float *X = acts->x0;
    for (int k = 0; k < BI_LAYERS; k++) {
        for (int dir = 0; dir < 2; dir++) lstm_forward(net, k, dir, X, T, acts);
        float *next = k + 1 < BI_LAYERS ? acts->x1 : acts->r;
        memcpy(next, acts->out[k], n * 2 * h * sizeof(float));
        acts->m_out[k] = dropout(next, n * 2 * h, p_drop, r, a, &fail);
        X = next;
    }
    if (fail) return ORR_ENOMEM;
    const float *w = net->w;
    linear(acts->r, T, 2 * h, w + l->ad_w, w + l->ad_b, d->d_arc, acts->ha_dep);
    linear(acts->r, T, 2 * h, w + l->ah_w, w + l->ah_b, d->d_arc, acts->ha_head);
    linear(acts->r, T, 2 * h, w + l->rd_w, w + l->rd_b, d->d_rel, acts->hr_dep);
    linear(acts->r, T, 2 * h, w + l->rh_w, w + l->rh_b, d->d_rel, acts->hr_head);
    leaky(acts->ha_dep, n * d->d_arc);
    leaky(acts->ha_head, n * d->d_arc);
    leaky(acts->hr_dep, n * d->d_rel);
    leaky(acts->hr_head, n * d->d_rel);
    /* Arc scores: s[d][h] = head_h . (U^T dep_d + u); row 0 (the root as
    ** a dependent) is not used. */
    size_t da = d->d_arc;
    for (int t = 0; t < T; t++) {
        float *p = acts->p + (size_t)t * da;
        memcpy(p, w + l->u_arc_head, da * sizeof(float));
        const float *dep = acts->ha_dep + (size_t)t * da;
        for (size_t i = 0; i < da; i++)
            if (dep[i] != 0) axpy(p, dep[i], w + l->u_arc + i * da, da);
        for (int hh = 0; hh < T; hh++) acts->s[(size_t)t * n + hh] = dot(p, acts->ha_head + (size_t)hh * da, da);
    }
    return ORR_OK;
}

/* s_l = dep . U_l head + W_l . [dep; head] + b_l */
void bi_label_scores(const bi_net *net, const bi_acts *acts, int d, int h, float *out) {
    size_t R = net->d.d_rel, L = net->d.n_labels;
    const float *rd = acts->hr_dep + (size_t)d * R, *rh = acts->hr_head + (size_t)h * R;
    const float *U = net->w + net->l.u_rel, *W = net->w + net->l.w_rel, *b = net->w + net->l.b_rel;
    const float *z = acts->z_row && acts->z_row[h] >= 0 ? acts->z + (size_t)acts->z_row[h] * L * R : NULL;
    if (z && acts->lab_dep) {  /* packed: the linear terms are ready, the tensor's is one product */
        const float *ld = acts->lab_dep + (size_t)d * L, *lh = acts->lab_head + (size_t)h * L;
        for (size_t lab = 0; lab < L; lab++) out[lab] = ld[lab] + lh[lab];
        bk_matvec_add(acts->simd, z, L, R, rd, out);
        return;
    }
    if (z) {  /* the inference path: two matrix-vector products (R <= 1024: bi_dims_check) */
        float both[2048];
        memcpy(both, rd, R * sizeof *both);
        memcpy(both + R, rh, R * sizeof *both);
        memcpy(out, b, L * sizeof *out);
        bk_matvec_add(acts->simd, W, L, 2 * R, both, out);
        bk_matvec_add(acts->simd, z, L, R, rd, out);
        return;
    }
    for (uint32_t lab = 0; lab < L; lab++) {
        const float *Ul = U + (size_t)lab * R * R, *Wl = W + (size_t)lab * 2 * R;
        float s = b[lab] + dot(Wl, rd, R) + dot(Wl + R, rh, R);
        for (size_t i = 0; i < R; i++) s += rd[i] * dot(Ul + i * R, rh, R);
        out[lab] = s;
    }
}

/* ---- backward ---- */

/* softmax of v[0..n) in place (max-shifted); returns log of the sum. */
static double softmax(float *v, size_t n) {
    float mx = v[0];
    for (size_t i = 1; i < n; i++)
        if (v[i] > mx) mx = v[i];
    double z = 0;
    for (size_t i = 0; i < n; i++) z += (v[i] = expf(v[i] - mx));
    for (size_t i = 0; i < n; i++) v[i] = (float)(v[i] / z);
    return log(z) + mx;
}

/* The label scorer's gradient for (d, h) given ds[n_labels]. */
static void label_back(const bi_net *net, const bi_acts *acts, int d, int h, const float *ds, float *g,
                       float *drd, float *drh) {
    size_t R = net->d.d_rel;
    const float *rd = acts->hr_dep + (size_t)d * R, *rh = acts->hr_head + (size_t)h * R;
    const float *U = net->w + net->l.u_rel, *W = net->w + net->l.w_rel;
    float *gU = g + net->l.u_rel, *gW = g + net->l.w_rel, *gb = g + net->l.b_rel;
    for (uint32_t lab = 0; lab < net->d.n_labels; lab++) {
        float e = ds[lab];
        if (e == 0) continue;
        const float *Ul = U + (size_t)lab * R * R, *Wl = W + (size_t)lab * 2 * R;
        float *gUl = gU + (size_t)lab * R * R, *gWl = gW + (size_t)lab * 2 * R;
        gb[lab] += e;
        axpy(gWl, e, rd, R);
        axpy(gWl + R, e, rh, R);
        axpy(drd, e, Wl, R);
        axpy(drh, e, Wl + R, R);
        for (size_t i = 0; i < R; i++) {
            drd[i] += e * dot(Ul + i * R, rh, R);
            axpy(drh, e * rd[i], Ul + i * R, R);
            axpy(gUl + i * R, e * rd[i], rh, R);
        }
    }
}

static void lstm_backward(const bi_net *net, int k, int dir, const float *X, const bi_acts *acts,
                          const float *dout, float *dG, float *dh, float *dc, float *dX, float *g) {
    size_t h = net->d.d_lstm, in = net->l.in[k];
    int T = acts->T;
    const float *wx = net->w + net->l.wx[k][dir], *wh = net->w + net->l.wh[k][dir];
    const float *G = acts->gates[k][dir], *C = acts->cell[k][dir], *out = acts->out[k];
    float *gwh = g + net->l.wh[k][dir];
    memset(dh, 0, h * sizeof(float));
    memset(dc, 0, h * sizeof(float));
    for (int s = T - 1; s >= 0; s--) {
        int t = dir ? T - 1 - s : s, prev = dir ? t + 1 : t - 1;
        const float *gt = G + (size_t)t * 4 * h, *c = C + (size_t)t * h;
        const float *cp = s ? C + (size_t)prev * h : NULL, *hp = s ? out + (size_t)prev * 2 * h + dir * h : NULL;
        const float *dot_ = dout + (size_t)t * 2 * h + dir * h;
        float *d = dG + (size_t)t * 4 * h;
        for (size_t j = 0; j < h; j++) {
            float i = gt[j], f = gt[h + j], gg = gt[2 * h + j], o = gt[3 * h + j];
            float tc = tanhf(c[j]), dhj = dot_[j] + dh[j];
            float dcj = dc[j] + dhj * o * (1 - tc * tc);
            d[j] = dcj * gg * i * (1 - i);
            d[h + j] = (cp ? dcj * cp[j] : 0) * f * (1 - f);
            d[2 * h + j] = dcj * i * (1 - gg * gg);
            d[3 * h + j] = dhj * tc * o * (1 - o);
            dc[j] = dcj * f;
        }
        memset(dh, 0, h * sizeof(float));
        if (!hp) continue;
        for (size_t j = 0; j < 4 * h; j++) {
            if (d[j] == 0) continue;
            axpy(dh, d[j], wh + j * h, h);
            axpy(gwh + j * h, d[j], hp, h);
        }
    }
    linear_back(X, T, in, wx, 4 * h, dG, dX, g + net->l.wx[k][dir], g + net->l.b[k][dir]);
}

/* The cross-entropy of softmax(s[0..n)) (p, already in v) against the
** target (1 - alpha) * onehot(gold) + alpha * q, with log_z = log of the
** softmax's sum; v becomes the gradient p - target. */
static double soft_target(float *v, const float *s, size_t n, int gold, float alpha, const float *q, double log_z) {
    double e = (1 - alpha) * (double)s[gold];
    for (size_t i = 0; i < n; i++)
        if (q[i] != 0) {
            e += alpha * (double)q[i] * s[i];
            v[i] -= alpha * q[i];
        }
    v[gold] -= 1 - alpha;
    return log_z - e;
}

int bi_backward(const bi_net *net, const bi_input *in, const bi_acts *acts, const int *gold_head,
                const int *gold_label, const bi_soft *soft, float scale, float *g, orr_arena *a,
                double *loss) {
    const bi_dims *D = &net->d;
    const bi_layout *l = &net->l;
    int T = acts->T, fail = 0;
    size_t n = (size_t)T, h = D->d_lstm, da = D->d_arc, R = D->d_rel, L = D->n_labels;
    float *dha_dep = bi_take(a, n * da, &fail), *dha_head = bi_take(a, n * da, &fail);
    float *dhr_dep = bi_take(a, n * R, &fail), *dhr_head = bi_take(a, n * R, &fail);
    float *dp = bi_take(a, da, &fail), *row = bi_take(a, n, &fail), *ls = bi_take(a, L, &fail);
    float *dr = bi_take(a, n * 2 * h, &fail), *dx = bi_take(a, n * 2 * h, &fail);
    float *dG = bi_take(a, n * 4 * h, &fail), *dh = bi_take(a, h, &fail), *dc = bi_take(a, h, &fail);
    float *dx0 = bi_take(a, n * l->in[0], &fail), *ls_raw = soft ? bi_take(a, L, &fail) : NULL;
    if (fail) return ORR_ENOMEM;
    memset(dha_dep, 0, n * da * sizeof(float));
    memset(dha_head, 0, n * da * sizeof(float));
    memset(dhr_dep, 0, n * R * sizeof(float));
    memset(dhr_head, 0, n * R * sizeof(float));
    double sum = 0;
    const float *w = net->w;
    for (int d = 1; d < T; d++) {
        /* arcs: softmax over the heads h != d */
        memcpy(row, acts->s + (size_t)d * n, n * sizeof(float));
        row[d] = -1e30f;
        if (soft) {
            double log_z = softmax(row, n);
            sum += soft_target(row, acts->s + (size_t)d * n, n, gold_head[d], soft->alpha, soft->arc + (size_t)d * n, log_z);
        } else {
            sum += softmax(row, n) - acts->s[(size_t)d * n + gold_head[d]];
            row[gold_head[d]] -= 1;
        }
        memset(dp, 0, da * sizeof(float));
        const float *p = acts->p + (size_t)d * da;
        for (int hh = 0; hh < T; hh++) {
            float e = row[hh] * scale;
            if (hh == d || e == 0) continue;
            axpy(dp, e, acts->ha_head + (size_t)hh * da, da);
            axpy(dha_head + (size_t)hh * da, e, p, da);
        }
        axpy(g + l->u_arc_head, 1.0f, dp, da);
        const float *dep = acts->ha_dep + (size_t)d * da;
        float *ddep = dha_dep + (size_t)d * da;
        for (size_t i = 0; i < da; i++) {
            if (dep[i] != 0) axpy(g + l->u_arc + i * da, dep[i], dp, da);
            ddep[i] += dot(w + l->u_arc + i * da, dp, da);
        }
        /* label at the gold head */
        bi_label_scores(net, acts, d, gold_head[d], ls);
        if (soft) {
            memcpy(ls_raw, ls, L * sizeof(float));
            double log_z = softmax(ls, L);
            sum += soft_target(ls, ls_raw, L, gold_label[d], soft->alpha, soft->label + (size_t)d * L, log_z);
        } else {
            float gold = ls[gold_label[d]];
            sum += softmax(ls, L) - gold;
            ls[gold_label[d]] -= 1;
        }
        for (size_t k = 0; k < L; k++) ls[k] *= scale;
        label_back(net, acts, d, gold_head[d], ls, g, dhr_dep + (size_t)d * R, dhr_head + (size_t)gold_head[d] * R);
    }
    *loss = sum;
    leaky_back(acts->ha_dep, dha_dep, n * da);
    leaky_back(acts->ha_head, dha_head, n * da);
    leaky_back(acts->hr_dep, dhr_dep, n * R);
    leaky_back(acts->hr_head, dhr_head, n * R);
    memset(dr, 0, n * 2 * h * sizeof(float));
    linear_back(acts->r, T, 2 * h, w + l->ad_w, da, dha_dep, dr, g + l->ad_w, g + l->ad_b);
    linear_back(acts->r, T, 2 * h, w + l->ah_w, da, dha_head, dr, g + l->ah_w, g + l->ah_b);
    linear_back(acts->r, T, 2 * h, w + l->rd_w, R, dhr_dep, dr, g + l->rd_w, g + l->rd_b);
    linear_back(acts->r, T, 2 * h, w + l->rh_w, R, dhr_head, dr, g + l->rh_w, g + l->rh_b);
    /* down the layers: dr is the gradient of layer k's input-to-the-next */
    for (int k = BI_LAYERS - 1; k >= 0; k--) {
        if (acts->m_out[k])
            for (size_t i = 0; i < n * 2 * h; i++) dr[i] *= acts->m_out[k][i];
        const float *X = k ? acts->x1 : acts->x0;
        float *dX = k ? dx : dx0;
        memset(dX, 0, n * l->in[k] * sizeof(float));
        for (int dir = 0; dir < 2; dir++) lstm_backward(net, k, dir, X, acts, dr, dG, dh, dc, dX, g);
        if (k) memcpy(dr, dx, n * 2 * h * sizeof(float));
    }
    if (acts->m_in)
        for (size_t i = 0; i < n * l->in[0]; i++) dx0[i] *= acts->m_in[i];
    for (int t = 0; t < T; t++) {
        const float *x = dx0 + (size_t)t * l->in[0];
        axpy(g + l->e_word + (size_t)in[t].word * D->d_word, 1.0f, x, D->d_word);
        for (int k = 0; k < BI_N_HASH; k++)
            axpy(g + l->e_hash + (size_t)in[t].hash[k] * D->d_hash, 1.0f, x + D->d_word, D->d_hash);
        axpy(g + l->e_tag + (size_t)in[t].tag * D->d_tag, 1.0f, x + D->d_word + D->d_hash, D->d_tag);
    }
    return ORR_OK;
}
