/*
** biinfer.c — the biaffine network's inference path: the forward pass
** with no dropout over a batch of sentences at once (bi_forward_batch),
** the network's matrices packed as bf16 at load (bi_pack), and the label
** tensor applied once per head (bi_label_prepare).
**
** Why a batch: a network's weights (about 4.5 MB) do not fit in L2, and
** the LSTM's recurrent step is a matrix-vector product per token.  With
** the tokens of B sentences as the rows of one matrix, each weight row is
** fetched once per batch instead of once per sentence, and the recurrent
** step of every sentence still running becomes one matrix product.  The
** rows of sentence b are [off_b, off_b + T_b), each with its own root
** token first, so a sentence's activations are a slice of the batch's
** and bi_acts views of them serve the per-sentence decoder unchanged.
** The kernels are bikernel.c's: AMX tiles or AVX-512 BF16 when the
** network is packed, float otherwise.
*/
#include "nlp.h"

#include <stdlib.h>
#include <string.h>

/* ---- bf16 packing ---- */

int bi_pack(bi_net *net) {
    net->p16 = NULL;
    net->amx = 0;
    if (!bk_bf16()) return ORR_OK;
    const bi_dims *d = &net->d;
    const bi_layout *l = &net->l;
    bi_packed *pk = &net->pk;
    size_t h = d->d_lstm, o = 0;
    /* each matrix starts on a 64-byte line */
#define PACK_AT(field, M, K) (pk->field = o, o += (bk_packed_size(M, K) + 31) & ~(size_t)31)
    for (int k = 0; k < BI_LAYERS; k++)
        for (int dir = 0; dir < 2; dir++) {
            PACK_AT(wx[k][dir], 4 * h, l->in[k]);
            PACK_AT(wh[k][dir], 4 * h, h);
        }
    PACK_AT(ad, d->d_arc, 2 * h);
    PACK_AT(ah, d->d_arc, 2 * h);
    PACK_AT(rd, d->d_rel, 2 * h);
    PACK_AT(rh, d->d_rel, 2 * h);
    PACK_AT(u_rel, (size_t)d->n_labels * d->d_rel, d->d_rel);
    PACK_AT(u_arc_t, d->d_arc, d->d_arc);
    PACK_AT(rel_dep, d->n_labels, d->d_rel);
    PACK_AT(rel_head, d->n_labels, d->d_rel);
#undef PACK_AT
    pk->n = o;
    uint16_t *p = aligned_alloc(64, o * sizeof *p);
    if (!p) return ORR_ENOMEM;
    for (int k = 0; k < BI_LAYERS; k++)
        for (int dir = 0; dir < 2; dir++) {
            bk_pack_bf16(net->w + l->wx[k][dir], 4 * h, l->in[k], l->in[k], 1, p + pk->wx[k][dir]);
            bk_pack_bf16(net->w + l->wh[k][dir], 4 * h, h, h, 1, p + pk->wh[k][dir]);
        }
    bk_pack_bf16(net->w + l->ad_w, d->d_arc, 2 * h, 2 * h, 1, p + pk->ad);
    bk_pack_bf16(net->w + l->ah_w, d->d_arc, 2 * h, 2 * h, 1, p + pk->ah);
    bk_pack_bf16(net->w + l->rd_w, d->d_rel, 2 * h, 2 * h, 1, p + pk->rd);
    bk_pack_bf16(net->w + l->rh_w, d->d_rel, 2 * h, 2 * h, 1, p + pk->rh);
    bk_pack_bf16(net->w + l->u_rel, (size_t)d->n_labels * d->d_rel, d->d_rel, d->d_rel, 1, p + pk->u_rel);
    bk_pack_bf16(net->w + l->u_arc, d->d_arc, d->d_arc, 1, d->d_arc, p + pk->u_arc_t);
    bk_pack_bf16(net->w + l->w_rel, d->n_labels, d->d_rel, 2 * d->d_rel, 1, p + pk->rel_dep);
    bk_pack_bf16(net->w + l->w_rel + d->d_rel, d->n_labels, d->d_rel, 2 * d->d_rel, 1, p + pk->rel_head);
    net->p16 = p;
    net->amx = bk_amx();
    return ORR_OK;
}

void bi_unpack(bi_net *net) {
    free(net->p16);
    net->p16 = NULL;
}

/* ---- products ---- */

/* X's rows (stride K) converted for the packed products: bf16 rows of
** width *ld, padded with zeros to whole tiles when the network uses them. */
static uint16_t *bf16_rows(const bi_net *net, orr_arena *a, const float *X, size_t rows, size_t K, size_t *ld) {
    int tiles = net->amx;
    size_t w = tiles ? bk_amx_width(K) : (K + 1) & ~(size_t)1, padded = tiles ? bk_amx_rows(rows) : rows;
    uint16_t *X16 = orr_arena_alloc(a, (padded ? padded : 1) * w * sizeof *X16);
    if (!X16) return NULL;
    for (size_t r = 0; r < rows; r++) {
        bk_to_bf16(1, X + r * K, K, X16 + r * w);
        memset(X16 + r * w + K, 0, (w - K) * sizeof *X16);
    }
    memset(X16 + rows * w, 0, (padded - rows) * w * sizeof *X16);
    *ld = w;
    return X16;
}

/* Y[r * ldy + m] = X[r] . W[m] + b[m] for `rows` rows of X (stride K),
** W being the matrix at w_off in the float weights or, when the network
** is packed, at pk_off in its bf16 copy, whose product reads X16 (X's
** rows by bf16_rows; converted here when NULL). */
static int product(const bi_net *net, int simd, orr_arena *a, const float *X, const uint16_t *X16, size_t rows,
                   size_t K, size_t w_off, size_t pk_off, const float *b, size_t M, float *Y, size_t ldy) {
    if (!rows) return ORR_OK;
    if (!net->p16) {
        bk_gemm_nt(simd, X, (int)rows, K, net->w + w_off, b, M, Y, ldy);
        return ORR_OK;
    }
    size_t ld = net->amx ? bk_amx_width(K) : (K + 1) & ~(size_t)1;
    if (!X16 && !(X16 = bf16_rows(net, a, X, rows, K, &ld))) return ORR_ENOMEM;
    /* Tiles take whole blocks of rows and columns.  They serve every
    ** product where they are (a row alone would be faster on AVX-512, but
    ** the two round differently, and a sentence must parse the same alone
    ** as in a batch). */
    if (net->amx)
        bk_gemm_amx(X16, ld, (int)rows, K, net->p16 + pk_off, b, M, Y, ldy);
    else
        bk_gemm_bf16(X16, ld, (int)rows, K, net->p16 + pk_off, b, M, Y, ldy);
    return ORR_OK;
}

/* ---- the batch ---- */

typedef struct batch {
    const int *T;            /* B sentence lengths (root included) */
    const size_t *off;       /* their first rows */
    int B;
    size_t N;                /* all rows */
    int simd;
} batch;

/* One direction of LSTM layer k over the batch: the input projection of
** all rows as one product, then step s of every sentence longer than s
** together — their previous hidden states gathered as the rows of one
** product with the recurrent matrix, whose result the gates add. */
static int lstm_batch(const bi_net *net, const batch *bt, int k, int dir, const float *X, const uint16_t *X16,
                      orr_arena *a, bi_acts *all) {
    const bi_layout *l = &net->l;
    size_t h = net->d.d_lstm, g4 = 4 * h;
    float *G = all->gates[k][dir], *C = all->cell[k][dir], *out = all->out[k];
    if (product(net, bt->simd, a, X, X16, bt->N, l->in[k], l->wx[k][dir], net->pk.wx[k][dir], net->w + l->b[k][dir], g4, G,
                g4))
        return ORR_ENOMEM;
    float *H = orr_arena_alloc(a, (size_t)bt->B * h * sizeof *H), *R = orr_arena_alloc(a, (size_t)bt->B * g4 * sizeof *R);
    size_t *row = orr_arena_alloc(a, (size_t)bt->B * sizeof *row), *prev = orr_arena_alloc(a, (size_t)bt->B * sizeof *prev);
    if (!H || !R || !row || !prev) return ORR_ENOMEM;
    int longest = 0;
    for (int b = 0; b < bt->B; b++) longest = bt->T[b] > longest ? bt->T[b] : longest;
    for (int s = 0; s < longest; s++) {
        size_t n = 0;
        for (int b = 0; b < bt->B; b++) {
            if (bt->T[b] <= s) continue;
            int t = dir ? bt->T[b] - 1 - s : s;
            row[n] = bt->off[b] + (size_t)t;
            prev[n] = dir ? row[n] + 1 : row[n] - 1;  /* read only when s > 0 */
            if (s) memcpy(H + n * h, out + prev[n] * 2 * h + (size_t)dir * h, h * sizeof *H);
            n++;
        }
        if (s && product(net, bt->simd, a, H, NULL, n, h, l->wh[k][dir], net->pk.wh[k][dir], NULL, g4, R, g4))
            return ORR_ENOMEM;
        for (size_t i = 0; i < n; i++)
            bk_lstm_cell(bt->simd, G + row[i] * g4, s ? R + i * g4 : NULL, s ? C + prev[i] * h : NULL,
                         C + row[i] * h, out + row[i] * 2 * h + (size_t)dir * h, h);
    }
    return ORR_OK;
}

/* The MLPs over all rows, then P = DEP U + u. */
static int top_batch(const bi_net *net, const batch *bt, orr_arena *a, bi_acts *all) {
    const bi_dims *d = &net->d;
    const bi_layout *l = &net->l;
    const bi_packed *pk = &net->pk;
    const float *w = net->w;
    size_t K = 2 * (size_t)d->d_lstm, N = bt->N;
    int simd = bt->simd;
    size_t ld;  /* the four MLPs read the same rows: converted once */
    const uint16_t *R16 = net->p16 ? bf16_rows(net, a, all->r, N, K, &ld) : NULL;
    if ((net->p16 && !R16) ||
        product(net, simd, a, all->r, R16, N, K, l->ad_w, pk->ad, w + l->ad_b, d->d_arc, all->ha_dep, d->d_arc) ||
        product(net, simd, a, all->r, R16, N, K, l->ah_w, pk->ah, w + l->ah_b, d->d_arc, all->ha_head, d->d_arc) ||
        product(net, simd, a, all->r, R16, N, K, l->rd_w, pk->rd, w + l->rd_b, d->d_rel, all->hr_dep, d->d_rel) ||
        product(net, simd, a, all->r, R16, N, K, l->rh_w, pk->rh, w + l->rh_b, d->d_rel, all->hr_head, d->d_rel))
        return ORR_ENOMEM;
    bk_leaky(simd, all->ha_dep, N * d->d_arc, BI_LEAK);
    bk_leaky(simd, all->ha_head, N * d->d_arc, BI_LEAK);
    bk_leaky(simd, all->hr_dep, N * d->d_rel, BI_LEAK);
    bk_leaky(simd, all->hr_head, N * d->d_rel, BI_LEAK);
    if (net->p16) {
        /* the label scorer's linear terms of every word, as dependent and
        ** as head, for bi_label_scores: two products here instead of a
        ** matrix-vector product per word there */
        int fail = 0;
        size_t L = d->n_labels;
        all->lab_dep = bi_take(a, N * L, &fail);
        all->lab_head = bi_take(a, N * L, &fail);
        /* U packed as its transpose: P = DEP (U^T)^T */
        if (fail ||
            product(net, simd, a, all->hr_dep, NULL, N, d->d_rel, 0, pk->rel_dep, w + l->b_rel, L, all->lab_dep, L) ||
            product(net, simd, a, all->hr_head, NULL, N, d->d_rel, 0, pk->rel_head, NULL, L, all->lab_head, L))
            return ORR_ENOMEM;
        return product(net, simd, a, all->ha_dep, NULL, N, d->d_arc, 0, pk->u_arc_t, w + l->u_arc_head, d->d_arc, all->p,
                       d->d_arc);
    }
    bk_gemm_nn(simd, all->ha_dep, (int)N, d->d_arc, w + l->u_arc, w + l->u_arc_head, d->d_arc, all->p);
    return ORR_OK;
}

/* Sentence b's slice of the batch's activations, and its arc scores. */
static int view(const bi_net *net, const batch *bt, const bi_acts *all, int b, orr_arena *a, bi_acts *v) {
    const bi_dims *d = &net->d;
    size_t o = bt->off[b], n = (size_t)bt->T[b], h = d->d_lstm, in0 = net->l.in[0];
    memset(v, 0, sizeof *v);
    v->T = bt->T[b];
    v->fast = 1;
    v->simd = bt->simd;
    v->x0 = all->x0 + o * in0;
    for (int k = 0; k < BI_LAYERS; k++) {
        v->out[k] = all->out[k] + o * 2 * h;
        for (int dir = 0; dir < 2; dir++) {
            v->gates[k][dir] = all->gates[k][dir] + o * 4 * h;
            v->cell[k][dir] = all->cell[k][dir] + o * h;
        }
    }
    v->x1 = v->out[0];
    v->r = v->out[BI_LAYERS - 1];
    v->ha_dep = all->ha_dep + o * d->d_arc;
    v->ha_head = all->ha_head + o * d->d_arc;
    v->hr_dep = all->hr_dep + o * d->d_rel;
    v->hr_head = all->hr_head + o * d->d_rel;
    v->p = all->p + o * d->d_arc;
    if (all->lab_dep) {
        v->lab_dep = all->lab_dep + o * d->n_labels;
        v->lab_head = all->lab_head + o * d->n_labels;
    }
    int fail = 0;
    v->s = bi_take(a, n * n, &fail);
    if (fail) return ORR_ENOMEM;
    bk_gemm_nt(bt->simd, v->p, v->T, d->d_arc, v->ha_head, NULL, n, v->s, n);
    return ORR_OK;
}

int bi_forward_batch(const bi_net *net, const bi_input *in, const int *T, int B, orr_arena *a, bi_acts *acts) {
    const bi_dims *d = &net->d;
    size_t h = d->d_lstm, N = 0;
    size_t *off = orr_arena_alloc(a, ((size_t)B + 1) * sizeof *off);
    if (!off) return ORR_ENOMEM;
    for (int b = 0; b < B; b++) off[b] = N, N += (size_t)T[b];
    batch bt = {T, off, B, N, bk_simd()};
    bi_acts all;
    memset(&all, 0, sizeof all);
    int fail = 0;
    all.x0 = bi_take(a, N * net->l.in[0], &fail);
    for (int k = 0; k < BI_LAYERS; k++) {
        all.out[k] = bi_take(a, N * 2 * h, &fail);
        for (int dir = 0; dir < 2; dir++) {
            all.gates[k][dir] = bi_take(a, N * 4 * h, &fail);
            all.cell[k][dir] = bi_take(a, N * h, &fail);
        }
    }
    all.r = all.out[BI_LAYERS - 1];
    all.ha_dep = bi_take(a, N * d->d_arc, &fail);
    all.ha_head = bi_take(a, N * d->d_arc, &fail);
    all.hr_dep = bi_take(a, N * d->d_rel, &fail);
    all.hr_head = bi_take(a, N * d->d_rel, &fail);
    all.p = bi_take(a, N * d->d_arc, &fail);
    if (fail) return ORR_ENOMEM;
    bi_embed(net, in, (int)N, all.x0);
    const float *X = all.x0;
    for (int k = 0; k < BI_LAYERS; k++) {
        size_t ld;  /* both directions read the layer's input: converted once */
        const uint16_t *X16 = net->p16 ? bf16_rows(net, a, X, N, net->l.in[k], &ld) : NULL;
        if (net->p16 && !X16) return ORR_ENOMEM;
        for (int dir = 0; dir < 2; dir++)
            if (lstm_batch(net, &bt, k, dir, X, X16, a, &all)) return ORR_ENOMEM;
        X = all.out[k];
    }
    if (top_batch(net, &bt, a, &all)) return ORR_ENOMEM;
    for (int b = 0; b < B; b++)
        if (view(net, &bt, &all, b, a, &acts[b])) return ORR_ENOMEM;
    return ORR_OK;
}

/* ---- labels ---- */

/* z's row for head h: (U_l rh)_i for every label l and i, i.e. the label
** tensor as an (n_labels R) x R matrix times rh — computed once for all
** the heads of the tree instead of once per dependent, and for the heads
** of every sentence of a batch as one product (a sentence has a handful;
** the tiles would be mostly empty one sentence at a time). */
int bi_label_prepare_batch(const bi_net *net, bi_acts *acts, const int *const *head, int B, orr_arena *a) {
    size_t R = net->d.d_rel, LR = (size_t)net->d.n_labels * R, rows = 0;
    for (int b = 0; b < B; b++) rows += acts[b].fast ? (size_t)acts[b].T : 0;
    float *rh = orr_arena_alloc(a, (rows + 1) * R * sizeof *rh);
    size_t *first = orr_arena_alloc(a, ((size_t)B + 1) * sizeof *first);
    if (!rh || !first) return ORR_ENOMEM;
    size_t used = 0;
    for (int b = 0; b < B; b++) {
        first[b] = used;
        if (!acts[b].fast) continue;
        size_t n = (size_t)acts[b].T;
        int *row = orr_arena_alloc(a, n * sizeof *row);
        if (!row) return ORR_ENOMEM;
        for (size_t t = 0; t < n; t++) row[t] = -1;
        for (size_t d = 1; d < n; d++) {
            int h = head[b][d];
            if (h <= 0 || row[h] >= 0) continue;
            memcpy(rh + used * R, acts[b].hr_head + (size_t)h * R, R * sizeof *rh);
            row[h] = (int)(used++ - first[b]);
        }
        acts[b].z_row = row;
    }
    float *z = orr_arena_alloc(a, (used * LR + 1) * sizeof *z);
    if (!z || product(net, acts[0].simd, a, rh, NULL, used, R, net->l.u_rel, net->pk.u_rel, NULL, LR, z, LR))
        return ORR_ENOMEM;
    for (int b = 0; b < B; b++)
        if (acts[b].fast) acts[b].z = z + first[b] * LR;
    return ORR_OK;
}

int bi_label_prepare(const bi_net *net, bi_acts *acts, const int *head, orr_arena *a) {
    return bi_label_prepare_batch(net, acts, &head, 1, a);
}
