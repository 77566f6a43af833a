/*
** bikernel.c — the dense kernels of the biaffine network's inference path
** (biinfer.c): matrix products blocked so that a loaded weight row serves
** several tokens, in float or in bf16 (AVX-512 BF16 lanes or AMX tiles,
** the weights packed once at load), the LSTM step's matrix-vector
** product, and the gate activations.  The training path keeps its own
** plain kernels in biaffine.c so that `make model-accurate` stays
** byte-for-byte reproducible; this file only has to be fast and close
** (the two agree to float rounding: FMA, summation order, an exp with a
** relative error of about 2e-7).
**
** Each kernel has a portable body and, on x86-64, an AVX2 + FMA body
** chosen at run time (bk_simd: 0, 1 for AVX2 + FMA, 2 where AVX-512 is
** there too, which the LSTM step's activations use); the bf16 products
** have AVX-512 BF16 and AMX bodies.  Hand-written rather than a BLAS call:
** the products are small (a batch is a few hundred rows, the recurrent
** step a few dozen), the weights are packed once for the tiles' layout,
** and a library's thread pool would fight the caller's own -j threads.
*/
#include "biaffine.h"

#include <math.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline size_t clamp_index(size_t i, size_t n) { return i < n ? i : n - 1; }

/* A packed matrix's columns (a multiple of 32) and pairs of k (of 16):
** whole AMX tiles, the padding zero. */
static inline size_t packed_cols(size_t M) { return (M + 31) & ~(size_t)31; }
static inline size_t packed_pairs(size_t K) { return ((K + 1) / 2 + 15) & ~(size_t)15; }

/* ---- portable bodies ---- */

static float dot_plain(const float *a, const float *b, size_t n) {
    float s = 0;
    for (size_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

static void gemm_nt_plain(const float *X, int T, size_t K, const float *W, const float *b, size_t M, float *Y,
                          size_t ldy) {
    for (int t = 0; t < T; t++)
        for (size_t m = 0; m < M; m++)
            Y[(size_t)t * ldy + m] = dot_plain(W + m * K, X + (size_t)t * K, K) + (b ? b[m] : 0);
}

static void gemm_nn_plain(const float *X, int T, size_t K, const float *W, const float *b, size_t M, float *Y) {
    for (int t = 0; t < T; t++) {
        float *y = Y + (size_t)t * M;
        memcpy(y, b, M * sizeof(float));
        for (size_t i = 0; i < K; i++) {
            float x = X[(size_t)t * K + i];
            for (size_t m = 0; m < M; m++) y[m] += x * W[i * M + m];
        }
    }
}

static float sigmoid_plain(float x) { return 1.0f / (1.0f + expf(-x)); }

/* Units [from, h) of one step; the gates are four blocks of h, `add`
** (or NULL) four more to add to them first. */
static void lstm_cell_plain(float *g, const float *add, const float *cp, float *c, float *ho, size_t from,
                            size_t h) {
    for (size_t j = from; j < h; j++) {
        if (add) g[j] += add[j], g[h + j] += add[h + j], g[2 * h + j] += add[2 * h + j], g[3 * h + j] += add[3 * h + j];
        float i = sigmoid_plain(g[j]), f = sigmoid_plain(g[h + j]);
        float gg = 2 * sigmoid_plain(2 * g[2 * h + j]) - 1, o = sigmoid_plain(g[3 * h + j]);
        g[j] = i, g[h + j] = f, g[2 * h + j] = gg, g[3 * h + j] = o;
        c[j] = i * gg + (cp ? f * cp[j] : 0);
        ho[j] = o * (2 * sigmoid_plain(2 * c[j]) - 1);
    }
}

/* ---- AVX2 + FMA bodies ---- */

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BK_HAVE_AVX2 1
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2,fma")))

AVX2 static inline float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* Two weight rows against four tokens: 8 accumulators, 6 loads for 8
** FMAs, so the loop is bound by the FMA units, not by loads.  Rows are
** the outer loop: a sentence's tokens stay in L1 while each weight row is
** fetched once (a network's weights do not fit in L2).  Token and row
** indexes past the end are clamped to the last one (computed again, not
** stored), which keeps the loop free of tails. */
AVX2 static void gemm_nt_avx2(const float *X, int T, size_t K, const float *W, const float *b, size_t M, float *Y,
                              size_t ldy) {
    size_t K8 = K & ~(size_t)7, n = (size_t)T;
    for (size_t m0 = 0; m0 < M; m0 += 2) {
        const float *w0 = W + m0 * K, *w1 = W + clamp_index(m0 + 1, M) * K;
        for (size_t t0 = 0; t0 < n; t0 += 4) {
            const float *x0 = X + clamp_index(t0, n) * K, *x1 = X + clamp_index(t0 + 1, n) * K;
            const float *x2 = X + clamp_index(t0 + 2, n) * K, *x3 = X + clamp_index(t0 + 3, n) * K;
            __m256 a00 = _mm256_setzero_ps(), a01 = a00, a02 = a00, a03 = a00;
            __m256 a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            for (size_t k = 0; k < K8; k += 8) {
                __m256 v0 = _mm256_loadu_ps(x0 + k), v1 = _mm256_loadu_ps(x1 + k);
                __m256 v2 = _mm256_loadu_ps(x2 + k), v3 = _mm256_loadu_ps(x3 + k);
                __m256 r = _mm256_loadu_ps(w0 + k);
                a00 = _mm256_fmadd_ps(r, v0, a00), a01 = _mm256_fmadd_ps(r, v1, a01);
                a02 = _mm256_fmadd_ps(r, v2, a02), a03 = _mm256_fmadd_ps(r, v3, a03);
                r = _mm256_loadu_ps(w1 + k);
                a10 = _mm256_fmadd_ps(r, v0, a10), a11 = _mm256_fmadd_ps(r, v1, a11);
                a12 = _mm256_fmadd_ps(r, v2, a12), a13 = _mm256_fmadd_ps(r, v3, a13);
            }
            float s[2][4] = {{hsum8(a00), hsum8(a01), hsum8(a02), hsum8(a03)},
                             {hsum8(a10), hsum8(a11), hsum8(a12), hsum8(a13)}};
            const float *xs[4] = {x0, x1, x2, x3}, *ws[2] = {w0, w1};
            for (size_t k = K8; k < K; k++)
                for (int j = 0; j < 2; j++)
                    for (int i = 0; i < 4; i++) s[j][i] += ws[j][k] * xs[i][k];
            for (size_t i = 0; i < 4 && t0 + i < n; i++)
                for (size_t j = 0; j < 2 && m0 + j < M; j++)
                    Y[(t0 + i) * ldy + m0 + j] = s[j][i] + (b ? b[m0 + j] : 0);
        }
    }
}

/* Y[t] = b + X[t] W with W of K x M: four tokens against 16 columns, the
** token's value broadcast, 8 accumulators. */
AVX2 static void gemm_nn_avx2(const float *X, int T, size_t K, const float *W, const float *b, size_t M, float *Y) {
    size_t n = (size_t)T, M16 = M & ~(size_t)15;
    for (size_t t0 = 0; t0 < n; t0 += 4) {
        const float *x[4];
        for (size_t i = 0; i < 4; i++) x[i] = X + clamp_index(t0 + i, n) * K;
        for (size_t m = 0; m < M16; m += 16) {
            __m256 lo = _mm256_loadu_ps(b + m), hi = _mm256_loadu_ps(b + m + 8);
            __m256 a0 = lo, a1 = hi, b0 = lo, b1 = hi, c0 = lo, c1 = hi, d0 = lo, d1 = hi;
            for (size_t k = 0; k < K; k++) {
                __m256 r0 = _mm256_loadu_ps(W + k * M + m), r1 = _mm256_loadu_ps(W + k * M + m + 8);
                __m256 v = _mm256_broadcast_ss(x[0] + k);
                a0 = _mm256_fmadd_ps(v, r0, a0), a1 = _mm256_fmadd_ps(v, r1, a1);
                v = _mm256_broadcast_ss(x[1] + k);
                b0 = _mm256_fmadd_ps(v, r0, b0), b1 = _mm256_fmadd_ps(v, r1, b1);
                v = _mm256_broadcast_ss(x[2] + k);
                c0 = _mm256_fmadd_ps(v, r0, c0), c1 = _mm256_fmadd_ps(v, r1, c1);
                v = _mm256_broadcast_ss(x[3] + k);
                d0 = _mm256_fmadd_ps(v, r0, d0), d1 = _mm256_fmadd_ps(v, r1, d1);
            }
            __m256 acc[4][2] = {{a0, a1}, {b0, b1}, {c0, c1}, {d0, d1}};
            for (size_t i = 0; i < 4 && t0 + i < n; i++) {
                _mm256_storeu_ps(Y + (t0 + i) * M + m, acc[i][0]);
                _mm256_storeu_ps(Y + (t0 + i) * M + m + 8, acc[i][1]);
            }
        }
        for (size_t i = 0; i < 4 && t0 + i < n; i++)
            for (size_t m = M16; m < M; m++) {
                float s = b[m];
                for (size_t k = 0; k < K; k++) s += x[i][k] * W[k * M + m];
                Y[(t0 + i) * M + m] = s;
            }
    }
}

/* y += W x for W of M x K: four rows at a time, one load of x per four. */
AVX2 static void matvec_add_avx2(const float *W, size_t M, size_t K, const float *x, float *y) {
    size_t K8 = K & ~(size_t)7;
    for (size_t m = 0; m < M; m += 4) {
        const float *w[4];
        for (size_t j = 0; j < 4; j++) w[j] = W + clamp_index(m + j, M) * K;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        for (size_t k = 0; k < K8; k += 8) {
            __m256 v = _mm256_loadu_ps(x + k);
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w[0] + k), v, a0);
            a1 = _mm256_fmadd_ps(_mm256_loadu_ps(w[1] + k), v, a1);
            a2 = _mm256_fmadd_ps(_mm256_loadu_ps(w[2] + k), v, a2);
            a3 = _mm256_fmadd_ps(_mm256_loadu_ps(w[3] + k), v, a3);
        }
        float s[4] = {hsum8(a0), hsum8(a1), hsum8(a2), hsum8(a3)};
        for (size_t j = 0; j < 4 && m + j < M; j++) {
            for (size_t k = K8; k < K; k++) s[j] += w[j][k] * x[k];
            y[m + j] += s[j];
        }
    }
}

/* e^x for 8 lanes: x = n ln2 + r with |r| <= ln2/2 (ln2 split in two so
** that n ln2 is exact), e^r by its Taylor series to degree 7 (relative
** error below 2e-7 on that range), 2^n put into the exponent bits. */
AVX2 static inline __m256 exp8(__m256 x) {
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.0f)), _mm256_set1_ps(88.0f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256i e = _mm256_slli_epi32(_mm256_cvtps_epi32(n), 23);
    return _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(p), e));
}

AVX2 static inline __m256 sigmoid8(__m256 x) {
    __m256 one = _mm256_set1_ps(1.0f);
    return _mm256_div_ps(one, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), x))));
}

/* tanh x = 2 sigmoid(2x) - 1 */
AVX2 static inline __m256 tanh8(__m256 x) {
    __m256 two = _mm256_set1_ps(2.0f);
    return _mm256_fmsub_ps(two, sigmoid8(_mm256_mul_ps(two, x)), _mm256_set1_ps(1.0f));
}

/* gate q's 8 pre-activations at unit j, plus add's */
AVX2 static inline __m256 gate8(const float *g, const float *add, size_t q, size_t h, size_t j) {
    __m256 x = _mm256_loadu_ps(g + q * h + j);
    return add ? _mm256_add_ps(x, _mm256_loadu_ps(add + q * h + j)) : x;
}

AVX2 static void lstm_cell_avx2(float *g, const float *add, const float *cp, float *c, float *ho, size_t h) {
    size_t j = 0;
    for (; j + 8 <= h; j += 8) {
        __m256 i = sigmoid8(gate8(g, add, 0, h, j)), f = sigmoid8(gate8(g, add, 1, h, j));
        __m256 gg = tanh8(gate8(g, add, 2, h, j)), o = sigmoid8(gate8(g, add, 3, h, j));
        _mm256_storeu_ps(g + j, i), _mm256_storeu_ps(g + h + j, f);
        _mm256_storeu_ps(g + 2 * h + j, gg), _mm256_storeu_ps(g + 3 * h + j, o);
        __m256 cv = _mm256_mul_ps(i, gg);
        if (cp) cv = _mm256_fmadd_ps(f, _mm256_loadu_ps(cp + j), cv);
        _mm256_storeu_ps(c + j, cv);
        _mm256_storeu_ps(ho + j, _mm256_mul_ps(o, tanh8(cv)));
    }
    lstm_cell_plain(g, add, cp, c, ho, j, h);
}

/* LeakyReLU as max(x, slope x): the same floats as the branchy form. */
AVX2 static void leaky_avx2(float *v, size_t n, float slope) {
    __m256 k = _mm256_set1_ps(slope);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(v + i);
        _mm256_storeu_ps(v + i, _mm256_max_ps(x, _mm256_mul_ps(x, k)));
    }
    for (; i < n; i++) v[i] = v[i] < 0 ? v[i] * slope : v[i];
}

/* ---- AVX-512 activations ----
** The LSTM step's gates on 16 lanes: exp as exp8, 1 / (1 + e) by a
** reciprocal estimate and one Newton step (relative error ~1e-7) instead
** of a division. */

#define AVX512 __attribute__((target("avx512f,avx2,fma")))

AVX512 static inline __m512 exp16(__m512 x) {
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.0f)), _mm512_set1_ps(88.0f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504f)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.0f / 5040);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 720));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

AVX512 static inline __m512 sigmoid16(__m512 x) {
    __m512 one = _mm512_set1_ps(1.0f), d = _mm512_add_ps(one, exp16(_mm512_sub_ps(_mm512_setzero_ps(), x)));
    __m512 y = _mm512_rcp14_ps(d);
    return _mm512_fmadd_ps(y, _mm512_fnmadd_ps(d, y, one), y);  /* y (2 - d y) */
}

AVX512 static inline __m512 tanh16(__m512 x) {
    __m512 two = _mm512_set1_ps(2.0f);
    return _mm512_fmsub_ps(two, sigmoid16(_mm512_mul_ps(two, x)), _mm512_set1_ps(1.0f));
}

AVX512 static inline __m512 gate16(const float *g, const float *add, size_t q, size_t h, size_t j) {
    __m512 x = _mm512_loadu_ps(g + q * h + j);
    return add ? _mm512_add_ps(x, _mm512_loadu_ps(add + q * h + j)) : x;
}

AVX512 static void lstm_cell_avx512(float *g, const float *add, const float *cp, float *c, float *ho, size_t h) {
    size_t j = 0;
    for (; j + 16 <= h; j += 16) {
        __m512 i = sigmoid16(gate16(g, add, 0, h, j)), f = sigmoid16(gate16(g, add, 1, h, j));
        __m512 gg = tanh16(gate16(g, add, 2, h, j)), o = sigmoid16(gate16(g, add, 3, h, j));
        _mm512_storeu_ps(g + j, i), _mm512_storeu_ps(g + h + j, f);
        _mm512_storeu_ps(g + 2 * h + j, gg), _mm512_storeu_ps(g + 3 * h + j, o);
        __m512 cv = _mm512_mul_ps(i, gg);
        if (cp) cv = _mm512_fmadd_ps(f, _mm512_loadu_ps(cp + j), cv);
        _mm512_storeu_ps(c + j, cv);
        _mm512_storeu_ps(ho + j, _mm512_mul_ps(o, tanh16(cv)));
    }
    lstm_cell_plain(g, add, cp, c, ho, j, h);
}

/* ---- bf16 bodies (AVX-512 BF16) ----
** The weights as bfloat16 (the top half of a float: 8 bits of mantissa),
** converted once at model load (bk_to_bf16), and each product's token
** vectors converted per call; products of pairs are summed in float by
** vdpbf16ps, 32 multiply-adds an instruction where an AVX2 FMA does 8,
** and the weights take half the bytes to fetch. */

#define BF16 __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16,avx2,fma")))

BF16 static void to_bf16_avx512(const float *x, size_t n, uint16_t *out) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm256_storeu_si256((__m256i *)(out + i), (__m256i)_mm512_cvtneps_pbh(_mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        __m256i v = (__m256i)_mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(m, x + i));
        _mm256_mask_storeu_epi16(out + i, m, v);
    }
}

/* Y[t * ldy + m] = b[m] + sum_k X[t][k] W[m][k] with W packed by
** bk_pack_bf16: per pair of k, the M (padded to 32) columns' two values
** side by side, so one 64-byte load holds 16 columns' pair and a
** token's pair, broadcast, multiplies all 16 at once — the sums build up
** in the lanes, with no horizontal additions.  Four tokens against 32
** columns: 8 accumulators; columns outer, so the 32 columns' packed
** block stays in L1 while the sentence's tokens pass. */
/* One token (the LSTM's recurrent step): 64 columns at a time, so four
** independent sums hide the instruction's latency. */
BF16 static void gemv_bf16(const uint16_t *x, size_t K, const uint16_t *P, const float *b, size_t M, float *y) {
    size_t pairs = (K + 1) / 2, Mp = packed_cols(M);
    for (size_t m0 = 0; m0 < Mp; m0 += 64) {
        size_t nv = (Mp - m0) / 16 < 4 ? (Mp - m0) / 16 : 4;
        __m512 a[4];
        for (size_t v = 0; v < 4; v++) {
            a[v] = _mm512_setzero_ps();
            for (size_t i = 0; i < 16 && b && v < nv; i++)
                if (m0 + 16 * v + i < M) a[v][i] = b[m0 + 16 * v + i];
        }
        const uint16_t *w = P + m0 * 2;
        if (nv == 4)
            for (size_t k = 0; k < pairs; k++, w += Mp * 2) {
                uint32_t xv;
                memcpy(&xv, x + 2 * k, 4);
                __m512bh s = (__m512bh)_mm512_set1_epi32((int)xv);
                a[0] = _mm512_dpbf16_ps(a[0], (__m512bh)_mm512_loadu_si512(w), s);
                a[1] = _mm512_dpbf16_ps(a[1], (__m512bh)_mm512_loadu_si512(w + 32), s);
                a[2] = _mm512_dpbf16_ps(a[2], (__m512bh)_mm512_loadu_si512(w + 64), s);
                a[3] = _mm512_dpbf16_ps(a[3], (__m512bh)_mm512_loadu_si512(w + 96), s);
            }
        else
            for (size_t k = 0; k < pairs; k++, w += Mp * 2) {
                uint32_t xv;
                memcpy(&xv, x + 2 * k, 4);
                __m512bh s = (__m512bh)_mm512_set1_epi32((int)xv);
                for (size_t v = 0; v < nv; v++)
                    a[v] = _mm512_dpbf16_ps(a[v], (__m512bh)_mm512_loadu_si512(w + 32 * v), s);
            }
        for (size_t v = 0; v < nv; v++) {
            size_t c = m0 + 16 * v, width = M - c < 16 ? M - c : 16;
            if (c < M) _mm512_mask_storeu_ps(y + c, (__mmask16)((1u << width) - 1), a[v]);
        }
    }
}

BF16 static void gemm_bf16(const uint16_t *X, size_t ldx, int T, size_t K, const uint16_t *P, const float *b,
                           size_t M, float *Y, size_t ldy) {
    if (T == 1) {
        gemv_bf16(X, K, P, b, M, Y);
        return;
    }
    size_t n = (size_t)T, pairs = (K + 1) / 2, Mp = packed_cols(M);
    for (size_t m0 = 0; m0 < Mp; m0 += 32) {
        /* columns [m0, m0 + 32) that are inside Y: w0 + w1 of them */
        size_t w0 = M - m0 < 16 ? M - m0 : 16, w1 = M - m0 <= 16 ? 0 : M - m0 - 16 < 16 ? M - m0 - 16 : 16;
        __mmask16 k0 = (__mmask16)((1u << w0) - 1), k1 = (__mmask16)((1u << w1) - 1);
        __m512 b0 = b ? _mm512_maskz_loadu_ps(k0, b + m0) : _mm512_setzero_ps();
        __m512 b1 = b && w1 ? _mm512_maskz_loadu_ps(k1, b + m0 + 16) : _mm512_setzero_ps();
        for (size_t t0 = 0; t0 < n; t0 += 4) {
            const uint16_t *x[4];
            for (size_t i = 0; i < 4; i++) x[i] = X + clamp_index(t0 + i, n) * ldx;
            __m512 a0 = b0, a1 = b0, a2 = b0, a3 = b0, c0 = b1, c1 = b1, c2 = b1, c3 = b1;
            const uint16_t *w = P + m0 * 2;
            for (size_t k = 0; k < pairs; k++, w += Mp * 2) {
                __m512bh r0 = (__m512bh)_mm512_loadu_si512(w);
                __m512bh r1 = (__m512bh)_mm512_loadu_si512(w + 32);
                uint32_t v;
                memcpy(&v, x[0] + 2 * k, 4);
                __m512bh s = (__m512bh)_mm512_set1_epi32((int)v);
                a0 = _mm512_dpbf16_ps(a0, r0, s), c0 = _mm512_dpbf16_ps(c0, r1, s);
                memcpy(&v, x[1] + 2 * k, 4);
                s = (__m512bh)_mm512_set1_epi32((int)v);
                a1 = _mm512_dpbf16_ps(a1, r0, s), c1 = _mm512_dpbf16_ps(c1, r1, s);
                memcpy(&v, x[2] + 2 * k, 4);
                s = (__m512bh)_mm512_set1_epi32((int)v);
                a2 = _mm512_dpbf16_ps(a2, r0, s), c2 = _mm512_dpbf16_ps(c2, r1, s);
                memcpy(&v, x[3] + 2 * k, 4);
                s = (__m512bh)_mm512_set1_epi32((int)v);
                a3 = _mm512_dpbf16_ps(a3, r0, s), c3 = _mm512_dpbf16_ps(c3, r1, s);
            }
            __m512 acc[4][2] = {{a0, c0}, {a1, c1}, {a2, c2}, {a3, c3}};
            for (size_t i = 0; i < 4 && t0 + i < n; i++) {
                float *y = Y + (t0 + i) * ldy + m0;
                _mm512_mask_storeu_ps(y, k0, acc[i][0]);
                if (w1) _mm512_mask_storeu_ps(y + 16, k1, acc[i][1]);
            }
        }
    }
}

/* ---- AMX bodies ----
** Sapphire Rapids' tile unit multiplies a 16 x 32 bf16 tile by a 32 x 16
** one (packed as 16 rows of 16 columns' pairs: bk_pack_bf16's layout,
** rows Mp * 4 bytes apart) into a 16 x 16 float tile in one instruction.
** Tiles 0-3 hold a 32 x 32 block of Y, 4-5 two row blocks of X, 6-7 two
** column blocks of W, so each tile loaded serves two products.  X must
** have a multiple of 32 rows and of 32 columns (bk_gemm_amx's caller pads
** with zeros); P's padding is bk_pack_bf16's. */

#define AMX __attribute__((target("amx-tile,amx-bf16,avx512f,avx2,fma")))

typedef struct tile_config {
    uint8_t palette, start_row, reserved[14];
    uint16_t colsb[16];
    uint8_t rows[16];
} tile_config;

AMX static void gemm_amx(const uint16_t *X, size_t ldx, size_t rows, size_t K, const uint16_t *P, const float *b,
                         size_t M, float *Y, size_t ldy, size_t T) {
    tile_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.palette = 1;
    for (int t = 0; t < 8; t++) cfg.colsb[t] = 64, cfg.rows[t] = 16;
    _tile_loadconfig(&cfg);
    size_t Mp = packed_cols(M), blocks = packed_pairs(K) / 16;
    float out[32][32];
    /* rows outer: a block of 32 rows of X stays in L1 for all the columns */
    for (size_t t0 = 0; t0 < rows; t0 += 32)
        for (size_t m0 = 0; m0 < Mp; m0 += 32) {
            /* one row tile when no more than 16 rows are left (the
            ** recurrent step of a few sentences): half the work */
            int half = T - t0 <= 16;
            _tile_zero(0);
            _tile_zero(1);
            _tile_zero(2);
            _tile_zero(3);
            for (size_t kb = 0; kb < blocks; kb++) {
                _tile_loadd(4, X + t0 * ldx + kb * 32, ldx * 2);
                _tile_loadd(6, P + (kb * 16 * Mp + m0) * 2, Mp * 4);
                _tile_loadd(7, P + (kb * 16 * Mp + m0 + 16) * 2, Mp * 4);
                _tile_dpbf16ps(0, 4, 6);
                _tile_dpbf16ps(1, 4, 7);
                if (half) continue;
                _tile_loadd(5, X + (t0 + 16) * ldx + kb * 32, ldx * 2);
                _tile_dpbf16ps(2, 5, 6);
                _tile_dpbf16ps(3, 5, 7);
            }
            _tile_stored(0, &out[0][0], 128);
            _tile_stored(1, &out[0][16], 128);
            if (!half) {
                _tile_stored(2, &out[16][0], 128);
                _tile_stored(3, &out[16][16], 128);
            }
            /* the block's rows and columns inside Y, plus the bias */
            size_t w0 = M - m0 < 16 ? M - m0 : 16, w1 = M - m0 <= 16 ? 0 : M - m0 - 16 < 16 ? M - m0 - 16 : 16;
            __mmask16 k0 = (__mmask16)((1u << w0) - 1), k1 = (__mmask16)((1u << w1) - 1);
            __m512 b0 = b ? _mm512_maskz_loadu_ps(k0, b + m0) : _mm512_setzero_ps();
            __m512 b1 = b && w1 ? _mm512_maskz_loadu_ps(k1, b + m0 + 16) : _mm512_setzero_ps();
            for (size_t i = 0; i < 32 && t0 + i < T; i++) {
                float *y = Y + (t0 + i) * ldy + m0;
                _mm512_mask_storeu_ps(y, k0, _mm512_add_ps(_mm512_loadu_ps(out[i]), b0));
                if (w1) _mm512_mask_storeu_ps(y + 16, k1, _mm512_add_ps(_mm512_loadu_ps(out[i] + 16), b1));
            }
        }
    _tile_release();
}
#endif

/* ---- dispatch ---- */

int bk_simd(void) {
#ifdef BK_HAVE_AVX2
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return 0;
    return __builtin_cpu_supports("avx512f") ? 2 : 1;
#else
    return 0;
#endif
}

void bk_gemm_nt(int simd, const float *X, int T, size_t K, const float *W, const float *b, size_t M, float *Y,
                size_t ldy) {
    if (T <= 0 || M == 0) return;
#ifdef BK_HAVE_AVX2
    if (simd) {
        gemm_nt_avx2(X, T, K, W, b, M, Y, ldy);
        return;
    }
#endif
    (void)simd;
    gemm_nt_plain(X, T, K, W, b, M, Y, ldy);
}

void bk_gemm_nn(int simd, const float *X, int T, size_t K, const float *W, const float *b, size_t M, float *Y) {
    if (T <= 0 || M == 0) return;
#ifdef BK_HAVE_AVX2
    if (simd) {
        gemm_nn_avx2(X, T, K, W, b, M, Y);
        return;
    }
#endif
    (void)simd;
    gemm_nn_plain(X, T, K, W, b, M, Y);
}

void bk_matvec_add(int simd, const float *W, size_t M, size_t K, const float *x, float *y) {
    if (M == 0) return;
#ifdef BK_HAVE_AVX2
    if (simd) {
        matvec_add_avx2(W, M, K, x, y);
        return;
    }
#endif
    (void)simd;
    for (size_t m = 0; m < M; m++) y[m] += dot_plain(W + m * K, x, K);
}

void bk_lstm_cell(int simd, float *g, const float *add, const float *cp, float *c, float *ho, size_t h) {
#ifdef BK_HAVE_AVX2
    if (simd >= 2) {
        lstm_cell_avx512(g, add, cp, c, ho, h);
        return;
    }
    if (simd) {
        lstm_cell_avx2(g, add, cp, c, ho, h);
        return;
    }
#endif
    (void)simd;
    lstm_cell_plain(g, add, cp, c, ho, 0, h);
}

int bk_bf16(void) {
#ifdef BK_HAVE_AVX2
    return bk_simd() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bf16");
#else
    return 0;
#endif
}

/* Round to nearest even, as vcvtneps2bf16 does (NaN is not expected:
** the loader refuses non-finite weights). */
static uint16_t float_to_bf16(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

void bk_to_bf16(int bf16, const float *x, size_t n, uint16_t *out) {
#ifdef BK_HAVE_AVX2
    if (bf16) {
        to_bf16_avx512(x, n, out);
        return;
    }
#endif
    (void)bf16;
    for (size_t i = 0; i < n; i++) out[i] = float_to_bf16(x[i]);
}

size_t bk_packed_size(size_t M, size_t K) { return packed_pairs(K) * 2 * packed_cols(M); }

void bk_pack_bf16(const float *W, size_t M, size_t K, size_t stride_m, size_t stride_k, uint16_t *P) {
    size_t Mp = packed_cols(M);
    memset(P, 0, bk_packed_size(M, K) * sizeof *P);
    /* 16 columns at a time: 16 sequential reads of W's rows (or one of
    ** its transpose's), one 64-byte run of P written per pair of k */
    for (size_t m0 = 0; m0 < M; m0 += 16)
        for (size_t k = 0; k < K; k++)
            for (size_t m = m0; m < m0 + 16 && m < M; m++)
                P[(k / 2 * Mp + m) * 2 + k % 2] = float_to_bf16(W[m * stride_m + k * stride_k]);
}

/* Only when bk_bf16() is true. */
void bk_gemm_bf16(const uint16_t *X, size_t ldx, int T, size_t K, const uint16_t *P, const float *b, size_t M,
                  float *Y, size_t ldy) {
#ifdef BK_HAVE_AVX2
    if (T > 0 && M > 0) gemm_bf16(X, ldx, T, K, P, b, M, Y, ldy);
#else
    (void)X, (void)ldx, (void)T, (void)K, (void)P, (void)b, (void)M, (void)Y, (void)ldy;
#endif
}

/* AMX needs the CPU's tiles and the kernel's leave to use them: the
** permission is asked for once per model load (it is the process's, and
** asking again is harmless). */
int bk_amx(void) {
#ifdef BK_HAVE_AVX2
    unsigned a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
    if (!bk_bf16() || !(d & (1u << 22)) || !(d & (1u << 24))) return 0;  /* AMX-BF16, AMX-TILE */
    return syscall(SYS_arch_prctl, 0x1023 /* ARCH_REQ_XCOMP_PERM */, 18 /* XTILEDATA */) == 0;
#else
    return 0;
#endif
}

size_t bk_amx_rows(size_t rows) { return (rows + 31) & ~(size_t)31; }
size_t bk_amx_width(size_t K) { return packed_pairs(K) * 2; }

/* Only when bk_amx() is true; X has bk_amx_rows(T) rows of ldx >=
** bk_amx_width(K) values, zero past T rows and K columns. */
void bk_gemm_amx(const uint16_t *X, size_t ldx, int T, size_t K, const uint16_t *P, const float *b, size_t M,
                 float *Y, size_t ldy) {
#ifdef BK_HAVE_AVX2
    if (T > 0 && M > 0) gemm_amx(X, ldx, bk_amx_rows((size_t)T), K, P, b, M, Y, ldy, (size_t)T);
#else
    (void)X, (void)ldx, (void)T, (void)K, (void)P, (void)b, (void)M, (void)Y, (void)ldy;
#endif
}

void bk_leaky(int simd, float *v, size_t n, float slope) {
#ifdef BK_HAVE_AVX2
    if (simd) {
        leaky_avx2(v, n, slope);
        return;
    }
#endif
    (void)simd;
    for (size_t i = 0; i < n; i++) v[i] = v[i] < 0 ? v[i] * slope : v[i];
}
