/*
** test_nlp_bikernel.c — the biaffine network's inference kernels
** (src/nlp/bikernel.c) against plain double-precision references, on
** shapes that exercise every tail (token counts 1..9, widths that are not
** multiples of 8 or 16, odd row counts), with the portable body and, on a
** CPU that has them, the AVX2 + FMA body; and the label scores read
** through bi_label_prepare's matrix agree with the direct sums.
*/
#include "testutil.h"
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

static int simd_modes(int *modes) {
    modes[0] = 0;
    if (bk_simd()) modes[1] = 1;
    return bk_simd() ? 2 : 1;
}

static void test_gemm_shapes(void **state) {
    (void)state;
    rng r = {99};
    static const size_t widths[] = {1, 7, 8, 13, 16, 33, 64, 200};
    int modes[2], n_modes = simd_modes(modes);
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
    int modes[2], n_modes = simd_modes(modes);
    for (int mode = 0; mode < n_modes; mode++)
        for (size_t h = 1; h <= 19; h += 6) {
            float *g = random_floats(&r, 4 * h), *cp = random_floats(&r, h), *c = random_floats(&r, h);
            float *ho = random_floats(&r, h), *g0 = malloc(4 * h * sizeof *g0);
            assert_non_null(g0);
            /* large pre-activations too: the activations saturate, never overflow */
            for (size_t j = 0; j < 4 * h; j++) g[j] *= j % 5 ? 4.0f : 120.0f;
            memcpy(g0, g, 4 * h * sizeof *g);
            bk_lstm_cell(modes[mode], g, h % 2 ? cp : NULL, c, ho, h);
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
            free(g), free(cp), free(c), free(ho), free(g0);
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
    bi_root_input(&net.d, &in[0]);
    for (int t = 1; t < T; t++) {
        in[t].word = (uint32_t)(train_rng_next(&r) % net.d.n_words);
        in[t].tag = (uint32_t)(train_rng_next(&r) % (net.d.n_tags - 1));
        for (int k = 0; k < BI_N_HASH; k++) in[t].hash[k] = (uint32_t)(train_rng_next(&r) % net.d.n_hash);
    }
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gemm_shapes),
        cmocka_unit_test(test_lstm_cell),
        cmocka_unit_test(test_label_prepare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
