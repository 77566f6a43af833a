/*
** biaffine.h — the BiLSTM + biaffine dependency parser's network (after
** Kiperwasser & Goldberg 2016 and Dozat & Manning 2017): per-token input
** vectors (word, hashed affix/shape and tag embeddings), two BiLSTM layers,
** ReLU-like MLPs projecting each token into head and dependent spaces, a
** biaffine arc scorer over all (dependent, head) pairs and a biaffine
** label scorer for a (dependent, head) pair.  Forward and backward passes
** (biaffine.c), tree decoding (eisner.c), training (train_biaffine.c).
** All parameters are one float array; bi_layout gives each tensor's
** offset in it, so a model section, a gradient and Adam's moments share
** one layout.  Internal to src/nlp.
*/
#ifndef ORR_NLP_BIAFFINE_H
#define ORR_NLP_BIAFFINE_H

#include <stddef.h>
#include <stdint.h>

#define BI_LAYERS 2
#define BI_N_HASH 4          /* suffix-3, suffix-2, prefix-2, shape */
#define BI_WORD_UNK 0
#define BI_WORD_ROOT 1
#define BI_LEAK 0.1f         /* LeakyReLU slope of the MLPs */
#define BI_CHUNK 250         /* longer sentences are decoded in pieces (eisner.c) */

/* The sizes; stored as the SEC_BI_DIMS section (11 u32: version first). */
typedef struct bi_dims {
    uint32_t version;        /* BI_VERSION */
    uint32_t n_words;        /* vocabulary incl. UNK (0) and ROOT (1) */
    uint32_t n_hash;         /* hashed-feature buckets, a power of two */
    uint32_t n_tags;         /* tagger classes + 1 (the root's) */
    uint32_t n_labels;
    uint32_t d_word, d_hash, d_tag, d_lstm, d_arc, d_rel;
} bi_dims;
#define BI_VERSION 1

typedef struct bi_layout {
    size_t e_word, e_hash, e_tag;
    size_t wx[BI_LAYERS][2], wh[BI_LAYERS][2], b[BI_LAYERS][2];  /* [layer][direction] */
    size_t in[BI_LAYERS];                                        /* a layer's input width */
    size_t ad_w, ad_b, ah_w, ah_b, rd_w, rd_b, rh_w, rh_b;       /* arc/label dep/head MLPs */
    size_t u_arc, u_arc_head;    /* d_arc x d_arc, and a head bias of d_arc */
    size_t u_rel, w_rel, b_rel;  /* n_labels x d_rel x d_rel, n_labels x 2 d_rel, n_labels */
    size_t n_params;
} bi_layout;

/* 0 or an error message: the sizes are out of the supported ranges. */
const char *bi_dims_check(const bi_dims *d);
void bi_layout_init(const bi_dims *d, bi_layout *l);

/* Where each weight matrix sits in a network's bf16 copy (bi_pack). */
typedef struct bi_packed {
    size_t wx[BI_LAYERS][2], wh[BI_LAYERS][2];
    size_t ad, ah, rd, rh, u_rel, u_arc_t;  /* u_arc_t: U^T, for P = DEP U */
    size_t rel_dep, rel_head;               /* w_rel's halves: n_labels x d_rel each */
    size_t n;
} bi_packed;

typedef struct bi_net {
    bi_dims d;
    bi_layout l;
    const float *w;          /* l.n_params */
    uint16_t *p16;           /* NULL, or the matrices packed as bf16 for bk_gemm_bf16 */
    bi_packed pk;
    int amx;                 /* p16 products may use AMX tiles (bk_amx) */
} bi_net;

/* Pack the network's matrices as bf16 (p16) when the CPU has AVX-512
** BF16; then parsing uses them.  ORR_OK with p16 left NULL otherwise;
** ORR_ENOMEM.  bi_unpack frees p16. */
int bi_pack(bi_net *net);
void bi_unpack(bi_net *net);

/* One token's input: vocabulary id, hashed-feature buckets, tag class. */
typedef struct bi_input {
    uint32_t word, hash[BI_N_HASH], tag;
} bi_input;

/* The buckets of a token's hashed features (from nlp_tok's hashes). */
void bi_hash_buckets(const bi_dims *d, uint64_t suf3, uint64_t suf2, uint64_t pre2, uint64_t shape,
                     uint32_t out[BI_N_HASH]);
void bi_root_input(const bi_dims *d, bi_input *in);

/* Activations of one sentence of T tokens (token 0 is the root), kept for
** the backward pass.  Masks are NULL when there is no dropout. */
typedef struct bi_acts {
    int T;
    float *x0, *m_in;                        /* T x in[0] */
    float *gates[BI_LAYERS][2], *cell[BI_LAYERS][2];  /* T x 4h, T x h */
    float *out[BI_LAYERS], *m_out[BI_LAYERS];          /* T x 2h (before dropout), its mask */
    float *x1, *r;                           /* dropped-out layer outputs: layer 1 input, MLP input */
    float *ha_dep, *ha_head, *hr_dep, *hr_head;
    float *p;                                /* T x d_arc: U^T dep + head bias */
    float *s;                                /* T x T arc scores, s[d * T + h] */
    int fast, simd;                          /* inference path (no dropout); its kernels' SIMD */
    float *z;                                /* bi_label_prepare: rows of U_l head per head used */
    int *z_row;                              /* T: a head's row in z, or -1 */
    float *lab_dep, *lab_head;               /* packed networks: T x n_labels, w_rel's halves times hr_dep
                                                (plus b_rel) and hr_head; else NULL */
} bi_acts;

struct rng;
struct orr_arena;
/* Run the network on T tokens; p_drop > 0 applies dropout drawing from r.
** Allocates the activations from the arena; ORR_ENOMEM on failure. */
int bi_forward(const bi_net *net, const bi_input *in, int T, float p_drop, struct rng *r,
               struct orr_arena *a, bi_acts *acts);
/* The inference path (biinfer.c; bi_forward with p_drop <= 0 is B = 1):
** B sentences of T[b] tokens each (a root first), their inputs one after
** another in `in`; acts[b] receives sentence b's activations (views of
** the batch's, all from the arena). */
int bi_forward_batch(const bi_net *net, const bi_input *in, const int *T, int B, struct orr_arena *a,
                     bi_acts *acts);
/* n floats from the arena; *fail set when there is no memory. */
float *bi_take(struct orr_arena *a, size_t n, int *fail);
/* The token inputs as the first layer's rows. */
void bi_embed(const bi_net *net, const bi_input *in, int T, float *x0);
/* The largest v[i] over i != skip (skip < 0: none) in *top, and the sum
** of exp(v[i] - *top) over the same i: a softmax's normaliser (biparse.c). */
double bi_exp_sum(const float *v, int n, int skip, float *top);
/* The label scores of dependent d under head h into out[n_labels]. */
void bi_label_scores(const bi_net *net, const bi_acts *acts, int d, int h, float *out);
/* Before scoring the labels of a decoded tree (inference path only): the
** label tensor applied to each head that heads a word, as one matrix
** product, which bi_label_scores then reads.  ORR_ENOMEM on failure. */
int bi_label_prepare(const bi_net *net, bi_acts *acts, const int *head, struct orr_arena *a);
/* The same for B sentences' trees at once (head[b] is sentence b's). */
int bi_label_prepare_batch(const bi_net *net, bi_acts *acts, const int *const *head, int B, struct orr_arena *a);
/* Soft targets for distillation (distill.c): a teacher's distribution
** over each word's heads (arc: T x T, row d for word d, row 0 unused, 0 on
** the diagonal) and over its labels at the gold head (label: T x
** n_labels, row 0 unused).  Word d's target is then (1 - alpha) * onehot
** (gold) + alpha * teacher's, for the arc and for the label softmax. */
typedef struct bi_soft {
    float alpha;
    const float *arc, *label;
} bi_soft;
/* The loss (summed over tokens 1..T-1: arc cross-entropy over all heads
** plus label cross-entropy at the gold head) of a forward pass, and its
** gradient times `scale` added into g (l.n_params).  soft: NULL for the
** gold trees alone, else the cross-entropies are against its targets. */
int bi_backward(const bi_net *net, const bi_input *in, const bi_acts *acts, const int *gold_head,
                const int *gold_label, const bi_soft *soft, float scale, float *g, struct orr_arena *a,
                double *loss);

/* Decoding (eisner.c): a projective tree over tokens 1..T-1 with exactly
** one child of the root (bi_eisner on the arc scores), then, once the
** heads' label tensors are prepared (bi_label_prepare), each word's best
** label under its head (the root label for the root's child, never for
** the others).  head/label: T entries, [0] unused. */
int bi_decode_labels(const bi_net *net, const bi_acts *acts, uint32_t label_root, struct orr_arena *a,
                     const int *head, int *label);
/* Eisner on an arc score matrix (s[d * T + h]). */
int bi_eisner(const float *s, int T, struct orr_arena *a, int *head);

/* The inference path's kernels (bikernel.c); simd is bk_simd()'s answer
** (0 portable, 1 AVX2 + FMA, 2 also AVX-512) or a lower level.
** gemm_nt: Y[t * ldy + m] = X[t] . W[m] + b[m] (W: M x K; b may be NULL);
** gemm_nn: Y[t] = b + X[t] W (W: K x M); matvec_add: y += W x (W: M x K);
** lstm_cell: one step's activations from pre-activation gates g (4h)
** plus add's (4h, the recurrent product; or NULL). */
int bk_simd(void);
void bk_gemm_nt(int simd, const float *X, int T, size_t K, const float *W, const float *b, size_t M, float *Y,
                size_t ldy);
void bk_gemm_nn(int simd, const float *X, int T, size_t K, const float *W, const float *b, size_t M, float *Y);
void bk_matvec_add(int simd, const float *W, size_t M, size_t K, const float *x, float *y);
void bk_lstm_cell(int simd, float *g, const float *add, const float *cp, float *c, float *ho, size_t h);
void bk_leaky(int simd, float *v, size_t n, float slope);
/* bfloat16 products (AVX-512 BF16), only where bk_bf16() is true.  A
** weight matrix W (M x K, for Y = X W^T + b; W[m][k] read at
** m stride_m + k stride_k, so a K x M matrix packs as its transpose) is
** packed once (bk_pack_bf16 into bk_packed_size(M, K) values); a product's tokens are
** converted per call (bk_to_bf16; its bf16 argument is bk_bf16()'s
** answer, or 0 for the portable rounding) into rows of stride ldx >= K,
** even, with a zero after an odd K. */
int bk_bf16(void);
void bk_to_bf16(int bf16, const float *x, size_t n, uint16_t *out);
size_t bk_packed_size(size_t M, size_t K);
void bk_pack_bf16(const float *W, size_t M, size_t K, size_t stride_m, size_t stride_k, uint16_t *P);
void bk_gemm_bf16(const uint16_t *X, size_t ldx, int T, size_t K, const uint16_t *P, const float *b, size_t M,
                  float *Y, size_t ldy);
/* The same products on AMX tiles, where bk_amx() is true (it also asks
** the kernel for the tiles).  X then has bk_amx_rows(T) rows of ldx >=
** bk_amx_width(K) values, zero past the T rows and K columns. */
int bk_amx(void);
size_t bk_amx_rows(size_t rows);
size_t bk_amx_width(size_t K);
void bk_gemm_amx(const uint16_t *X, size_t ldx, int T, size_t K, const uint16_t *P, const float *b, size_t M,
                 float *Y, size_t ldy);

#endif
