/*
** test_nlp_bikernel.c — the biaffine network's inference kernels
** (src/nlp/bikernel.c) against plain double-precision references, on
** shapes that exercise every tail (token counts 1..9, widths that are not
** multiples of 8 or 16, odd row counts), with the portable body and, on a
** CPU that has them, the AVX2 + FMA body; and the label scores read
** through bi_label_prepare's matrix agree with the direct sums.
*/
#include "testutil.h"
#include "nlp_tiny.h"
#include "util/util.h"
#include "nlp/biaffine.h"
#include "nlp/train.h"

#include <math.h>

static float *random_floats(rng *r, size_t n) {
    float *p = malloc((n ? n : 1) * sizeof *p);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++) p[i] = (float)(train_rng_unit(r) * 2 - 1);
    return p;
}

static void assert_close(double want, float got) {
    if (fabs(want - got) > 1e-4 * (1 + fabs(want))) fail_msg("want %.7g got %.7g", want, got);
}

/* Every kernel level this CPU can run: 0 .. bk_simd(). */
static int simd_modes(int *modes) {
    for (int level = 0; level <= bk_simd(); level++) modes[level] = level;
    return bk_simd() + 1;
}

static void test_gemm_shapes(void **state) {
    (void)state;
    rng r = {99};
    static const size_t widths[] = {1, 7, 8, 13, 16, 33, 64, 200};
    int modes[3], n_modes = simd_modes(modes);
    for (int mode = 0; mode < n_modes; mode++)
        for (int T = 1; T <= 9; T++)
            for (size_t wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
                size_t K = widths[wi], M = widths[(wi + 3) % 8];
                float *X = random_floats(&r, (size_t)T * K), *W = random_floats(&r, M * K);
                float *b = random_floats(&r, M), *Y = random_floats(&r, (size_t)T * (M + 2));
                /* nt with a row stride wider than M: the gap is left alone */
                float gap = Y[M];
                bk_gemm_nt(modes[mode], X, T, K, W, b, M, Y, M + 2);
                for (int t = 0; t < T; t++)
                    for (size_t m = 0; m < M; m++) {
                        double s = b[m];
                        for (size_t k = 0; k < K; k++) s += (double)X[(size_t)t * K + k] * W[m * K + k];
                        assert_close(s, Y[(size_t)t * (M + 2) + m]);
                    }
                assert_true(Y[M] == gap);
                /* nn: W read as K x M */
                bk_gemm_nn(modes[mode], X, T, K, W, b, M, Y);
                for (int t = 0; t < T; t++)
                    for (size_t m = 0; m < M; m++) {
                        double s = b[m];
                        for (size_t k = 0; k < K; k++) s += (double)X[(size_t)t * K + k] * W[k * M + m];
                        assert_close(s, Y[(size_t)t * M + m]);
                    }
                /* matvec adds into y */
                memcpy(Y, b, M * sizeof *Y);
                bk_matvec_add(modes[mode], W, M, K, X, Y);
                for (size_t m = 0; m < M; m++) {
                    double s = b[m];
                    for (size_t k = 0; k < K; k++) s += (double)W[m * K + k] * X[k];
                    assert_close(s, Y[m]);
                }
                free(X), free(W), free(b), free(Y);
            }
}

static double sigm(double x) { return 1 / (1 + exp(-x)); }

static void test_lstm_cell(void **state) {
    (void)state;
    rng r = {7};
    int modes[3], n_modes = simd_modes(modes);
    for (int mode = 0; mode < n_modes; mode++)
        for (size_t h = 1; h <= 19; h += 6) {
            float *g = random_floats(&r, 4 * h), *cp = random_floats(&r, h), *c = random_floats(&r, h);
            float *ho = random_floats(&r, h), *g0 = malloc(4 * h * sizeof *g0), *add = random_floats(&r, 4 * h);
            int adding = h / 6 % 2;  /* h = 7 and 19: the recurrent product added first */
            assert_non_null(g0);
            /* large pre-activations too: the activations saturate, never overflow */
            for (size_t j = 0; j < 4 * h; j++) g[j] *= j % 5 ? 4.0f : 120.0f;
            for (size_t j = 0; j < 4 * h; j++) g0[j] = g[j] + (adding ? add[j] : 0);
            bk_lstm_cell(modes[mode], g, adding ? add : NULL, h % 2 ? cp : NULL, c, ho, h);
            for (size_t j = 0; j < h; j++) {
                double i = sigm(g0[j]), f = sigm(g0[h + j]), gg = tanh(g0[2 * h + j]), o = sigm(g0[3 * h + j]);
                double cell = i * gg + (h % 2 ? f * cp[j] : 0);
                assert_close(i, g[j]);
                assert_close(f, g[h + j]);
                assert_close(gg, g[2 * h + j]);
                assert_close(o, g[3 * h + j]);
                assert_close(cell, c[j]);
                assert_close(o * tanh(cell), ho[j]);
            }
            free(g), free(cp), free(c), free(ho), free(g0), free(add);
        }
}

/* Label scores read through bi_label_prepare agree with the direct sums,
** and heads outside the tree fall back to the direct sums. */
static void test_label_prepare(void **state) {
    (void)state;
    bi_net net = {.d = {.version = BI_VERSION, .n_words = 6, .n_hash = 8, .n_tags = 4, .n_labels = 5,
                        .d_word = 3, .d_hash = 2, .d_tag = 2, .d_lstm = 4, .d_arc = 6, .d_rel = 9}};
    assert_null(bi_dims_check(&net.d));
    bi_layout_init(&net.d, &net.l);
    rng r = {3};
    float *w = random_floats(&r, net.l.n_params);
    net.w = w;
    enum { T = 7 };
    bi_input in[T];
    tiny_random_inputs(&net.d, &r, in, T);
    orr_arena *a = orr_arena_new(1 << 16);
    bi_acts acts;
    assert_int_equal(bi_forward(&net, in, T, 0, NULL, a, &acts), ORR_OK);
    float direct[T][T][5], prepared[5];
    for (int d = 1; d < T; d++)
        for (int h = 0; h < T; h++) bi_label_scores(&net, &acts, d, h, direct[d][h]);
    int head[T] = {-1, 2, 0, 2, 2, 6, 4};
    assert_int_equal(bi_label_prepare(&net, &acts, head, a), ORR_OK);
    assert_non_null(acts.z);
    for (int d = 1; d < T; d++)
        for (int h = 0; h < T; h++) {
            bi_label_scores(&net, &acts, d, h, prepared);
            for (int l = 0; l < 5; l++) assert_close(direct[d][h][l], prepared[l]);
        }
    assert_int_equal(acts.z_row[1], -1);  /* heads nothing */
    assert_true(acts.z_row[2] >= 0 && acts.z_row[4] >= 0 && acts.z_row[6] >= 0);
    orr_arena_free(a);
    free(w);
}

static float bf16_value(uint16_t v) {
    uint32_t u = (uint32_t)v << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static void test_bf16_rounding(void **state) {
    (void)state;
    /* the portable rounding: nearest, ties to even */
    float x[6] = {1.0f, 1.00390625f, 1.01171875f, -2.5f, 3.0e-3f, 1.0f + 1.0f / 512};
    uint16_t out[6];
    bk_to_bf16(0, x, 6, out);
    assert_int_equal(out[0], 0x3f80);
    assert_int_equal(out[1], 0x3f80);  /* 1 + 2^-8: a tie, to the even 1.0 */
    assert_int_equal(out[2], 0x3f82);  /* 1 + 3 * 2^-8: a tie, to the even 1 + 2^-6 */
    assert_int_equal(out[3], 0xc020);
    assert_true(fabsf(bf16_value(out[4]) - 3.0e-3f) < 3.0e-3f / 128);
    assert_int_equal(out[5], 0x3f80);  /* below half an ulp of bf16 */
    if (!bk_bf16()) return;
    rng r = {5};
    float *v = random_floats(&r, 1001);
    uint16_t *a = malloc(1001 * sizeof *a), *b = malloc(1001 * sizeof *b);
    assert_true(a && b);
    bk_to_bf16(0, v, 1001, a);
    bk_to_bf16(1, v, 1001, b);
    assert_memory_equal(a, b, 1001 * sizeof *a);
    free(v), free(a), free(b);
}

static void test_gemm_bf16(void **state) {
    (void)state;
    if (!bk_bf16()) {
        print_message("no AVX-512 BF16 on this CPU: the bf16 products are not run here\n");
        skip();
    }
    rng r = {11};
    static const size_t rows[] = {1, 16, 17, 33, 64, 70}, widths[] = {1, 2, 7, 32, 33, 64};
    for (int T = 1; T <= 6; T++)
        for (size_t ri = 0; ri < 6; ri++)
            for (size_t wi = 0; wi < 6; wi++) {
                size_t M = rows[ri], K = widths[wi], ldx = (K + 1) & ~(size_t)1;
                int transposed = (ri + wi) % 2;
                float *W = random_floats(&r, M * K), *X = random_floats(&r, (size_t)T * K), *b = random_floats(&r, M);
                float *Y = random_floats(&r, (size_t)T * (M + 1));
                uint16_t *P = malloc(bk_packed_size(M, K) * sizeof *P), *X16 = calloc((size_t)T * ldx, sizeof *X16);
                uint16_t *W16 = malloc(M * K * sizeof *W16);
                assert_true(P && X16 && W16);
                /* W as M x K, or the same values stored as its K x M transpose */
                float *src = W;
                if (transposed) {
                    src = malloc(M * K * sizeof *src);
                    assert_non_null(src);
                    for (size_t m = 0; m < M; m++)
                        for (size_t k = 0; k < K; k++) src[k * M + m] = W[m * K + k];
                }
                bk_pack_bf16(src, M, K, transposed ? 1 : K, transposed ? M : 1, P);
                bk_to_bf16(0, W, M * K, W16);
                for (int t = 0; t < T; t++) bk_to_bf16(1, X + (size_t)t * K, K, X16 + (size_t)t * ldx);
                bk_gemm_bf16(X16, ldx, T, K, P, b, M, Y, M + 1);
                /* on AMX tiles too: X padded to whole tiles; the row gap of Y untouched */
                int amx = bk_amx();
                size_t lda = bk_amx_width(K);
                uint16_t *XA = calloc(bk_amx_rows((size_t)T) * lda, sizeof *XA);
                float *YA = random_floats(&r, (size_t)T * (M + 1));
                assert_non_null(XA);
                for (int t = 0; amx && t < T; t++) memcpy(XA + (size_t)t * lda, X16 + (size_t)t * ldx, K * sizeof *XA);
                float gap = YA[M];
                if (amx) bk_gemm_amx(XA, lda, T, K, P, b, M, YA, M + 1);
                for (int t = 0; t < T; t++)
                    for (size_t m = 0; m < M; m++) {
                        double sum = b[m];
                        for (size_t k = 0; k < K; k++)
                            sum += (double)bf16_value(X16[(size_t)t * ldx + k]) * bf16_value(W16[m * K + k]);
                        assert_close(sum, Y[(size_t)t * (M + 1) + m]);
                        if (amx) assert_close(sum, YA[(size_t)t * (M + 1) + m]);
                    }
                assert_true(YA[M] == gap);
                free(XA), free(YA);
                if (T == 1) {  /* the recurrent step's use: the bias is the output */
                    float *g = random_floats(&r, M), *g0 = malloc(M * sizeof *g0);
                    assert_non_null(g0);
                    memcpy(g0, g, M * sizeof *g);
                    bk_gemm_bf16(X16, ldx, 1, K, P, g, M, g, M);
                    for (size_t m = 0; m < M; m++) assert_close(Y[m] - b[m] + g0[m], g[m]);
                    free(g), free(g0);
                }
                if (transposed) free(src);
                free(W), free(X), free(b), free(Y), free(P), free(X16), free(W16);
            }
}

/* A tiny network parses the same with its matrices packed as bf16: arc
** and label scores agree to bf16 precision. */
static void test_network_bf16(void **state) {
    (void)state;
    if (!bk_bf16()) {
        print_message("no AVX-512 BF16 on this CPU: the bf16 network is not run here\n");
        skip();
    }
    bi_net net = {.d = {.version = BI_VERSION, .n_words = 6, .n_hash = 8, .n_tags = 4, .n_labels = 5,
                        .d_word = 5, .d_hash = 3, .d_tag = 3, .d_lstm = 12, .d_arc = 20, .d_rel = 9}};
    bi_layout_init(&net.d, &net.l);
    rng r = {21};
    float *w = random_floats(&r, net.l.n_params);
    net.w = w;
    enum { T = 9 };
    bi_input in[T];
    tiny_random_inputs(&net.d, &r, in, T);
    orr_arena *a = orr_arena_new(1 << 16), *b = orr_arena_new(1 << 16);
    bi_acts plain, packed;
    assert_int_equal(bi_forward(&net, in, T, 0, NULL, a, &plain), ORR_OK);
    assert_int_equal(bi_pack(&net), ORR_OK);
    assert_non_null(net.p16);
    assert_int_equal(bi_forward(&net, in, T, 0, NULL, b, &packed), ORR_OK);
    double worst = 0, scale = 0;
    for (size_t i = 0; i < (size_t)T * T; i++) {
        worst = fmax(worst, fabs(plain.s[i] - packed.s[i]));
        scale = fmax(scale, fabs(plain.s[i]));
    }
    assert_true(scale > 0.1);
    assert_true(worst < 0.03 * scale);
    int head[T] = {-1, 2, 0, 2, 2, 6, 4, 6, 6};
    float want[5], got[5];
    assert_non_null(packed.lab_dep);  /* the label scorer's linear terms as products */
    assert_null(plain.lab_dep);
    assert_int_equal(bi_label_prepare(&net, &packed, head, b), ORR_OK);
    for (int d = 1; d < T; d++) {
        bi_label_scores(&net, &plain, d, head[d], want);
        bi_label_scores(&net, &packed, d, head[d], got);
        for (int l = 0; l < 5; l++) assert_true(fabs(want[l] - got[l]) < 0.03 * (1 + fabs(want[l])));
    }
    bi_unpack(&net);
    assert_null(net.p16);
    orr_arena_free(a), orr_arena_free(b);
    free(w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gemm_shapes),
        cmocka_unit_test(test_lstm_cell),
        cmocka_unit_test(test_label_prepare),
        cmocka_unit_test(test_bf16_rounding),
        cmocka_unit_test(test_gemm_bf16),
        cmocka_unit_test(test_network_bf16),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
