/*
** test_nlp_distill.c — distillation (src/nlp/distill.c and bi_backward's
** soft targets): with soft targets the hand-written gradient still agrees
** with finite differences; alpha 1 with one-hot targets on the gold tree
** gives exactly the gold-tree loss and gradient; a tiny network distilled
** from a tiny teacher learns, and its model names the teacher.
*/
#include "testutil.h"
#include "nlp_tiny.h"
#include "util/util.h"
#include "nlp/train.h"

#include <math.h>
#include <unistd.h>

static const bi_dims tiny_dims = {.version = BI_VERSION, .n_words = 6, .n_hash = 8, .n_tags = 4, .n_labels = 3,
                                  .d_word = 3, .d_hash = 2, .d_tag = 2, .d_lstm = 3, .d_arc = 4, .d_rel = 2};
enum { T = 5, L = 3 };
static const int head[T] = {-1, 2, 0, 2, 3}, label[T] = {0, 1, 0, 2, 1};

typedef struct fixture {
    bi_net net;
    float *w;
    bi_input in[T];
    orr_arena *a;
} fixture;

static void fixture_init(fixture *f) {
    f->net = (bi_net){.d = tiny_dims};
    assert_null(bi_dims_check(&f->net.d));
    bi_layout_init(&f->net.d, &f->net.l);
    f->w = malloc(f->net.l.n_params * sizeof *f->w);
    assert_non_null(f->w);
    rng r = {777};
    for (size_t i = 0; i < f->net.l.n_params; i++) f->w[i] = (float)(train_rng_unit(&r) - 0.5);
    f->net.w = f->w;
    bi_root_input(&f->net.d, &f->in[0]);
    for (int t = 1; t < T; t++) {
        f->in[t].word = (uint32_t)(train_rng_next(&r) % f->net.d.n_words);
        f->in[t].tag = (uint32_t)(train_rng_next(&r) % (f->net.d.n_tags - 1));
        for (int k = 0; k < BI_N_HASH; k++) f->in[t].hash[k] = (uint32_t)(train_rng_next(&r) % f->net.d.n_hash);
    }
    f->a = orr_arena_new(1 << 16);
    assert_non_null(f->a);
}

static void fixture_free(fixture *f) {
    orr_arena_free(f->a);
    free(f->w);
}

static double loss_of(fixture *f, const bi_soft *soft, float *g) {
    bi_acts acts;
    double loss = 0;
    orr_arena_reset(f->a);
    assert_int_equal(bi_forward(&f->net, f->in, T, 0, NULL, f->a, &acts), ORR_OK);
    assert_int_equal(bi_backward(&f->net, f->in, &acts, head, label, soft, 1.0f, g, f->a, &loss), ORR_OK);
    return loss;
}

/* alpha 1 with one-hot targets at the gold heads and labels: the same
** loss and gradient as no soft targets, bit for bit. */
static void test_onehot_is_gold(void **state) {
    (void)state;
    fixture f;
    fixture_init(&f);
    size_t n = f.net.l.n_params;
    float arc[T * T] = {0}, lab[T * L] = {0};
    for (int d = 1; d < T; d++) {
        arc[d * T + head[d]] = 1;
        lab[d * L + label[d]] = 1;
    }
    float *g0 = calloc(n, sizeof *g0), *g1 = calloc(n, sizeof *g1);
    assert_true(g0 && g1);
    bi_soft soft = {1.0f, arc, lab};
    double l0 = loss_of(&f, NULL, g0), l1 = loss_of(&f, &soft, g1);
    assert_true(l0 > 0);
    assert_true(l0 == l1);
    assert_memory_equal(g0, g1, n * sizeof *g0);
    /* and other targets give another gradient (the check can fail) */
    arc[1 * T + 3] = 0.5f, arc[1 * T + 2] = 0.5f;
    memset(g1, 0, n * sizeof *g1);
    double l2 = loss_of(&f, &soft, g1);
    assert_true(l2 != l0);
    assert_true(memcmp(g0, g1, n * sizeof *g0) != 0);
    free(g0);
    free(g1);
    fixture_free(&f);
}

/* Soft targets (alpha 0.6, a random distribution per word, 0 on the
** diagonal): analytic gradient against central differences. */
static void test_soft_gradient_check(void **state) {
    (void)state;
    fixture f;
    fixture_init(&f);
    size_t n = f.net.l.n_params;
    float arc[T * T] = {0}, lab[T * L] = {0};
    rng r = {99};
    for (int d = 1; d < T; d++) {
        float za = 0, zl = 0;
        for (int h = 0; h < T; h++)
            if (h != d) za += arc[d * T + h] = (float)train_rng_unit(&r) + 0.05f;
        for (int h = 0; h < T; h++) arc[d * T + h] /= za;
        for (int k = 0; k < L; k++) zl += lab[d * L + k] = (float)train_rng_unit(&r) + 0.05f;
        for (int k = 0; k < L; k++) lab[d * L + k] /= zl;
    }
    bi_soft soft = {0.6f, arc, lab};
    float *g = calloc(n, sizeof *g), *scratch = calloc(n, sizeof *scratch);
    assert_true(g && scratch);
    double loss = loss_of(&f, &soft, g);
    assert_true(loss > 0 && isfinite(loss));
    double worst = 0;
    size_t checked = 0, kinks = 0, nonzero = 0;
    const float eps = 1e-2f;
    for (size_t i = 0; i < n; i++) {
        float keep = f.w[i];
        f.w[i] = keep + eps;
        double up = loss_of(&f, &soft, scratch);
        f.w[i] = keep - eps;
        double down = loss_of(&f, &soft, scratch);
        f.w[i] = keep;
        double right = (up - loss) / eps, left = (loss - down) / eps;
        if (fabs(right - left) > 0.01 * (fabs(right) + fabs(left)) + 2e-3) {  /* a LeakyReLU kink */
            kinks++;
            continue;
        }
        double num = (up - down) / (2 * eps), err = fabs(num - g[i]) / (fabs(num) + fabs(g[i]) + 1e-2);
        if (err > worst) worst = err;
        checked++;
        nonzero += fabs(g[i]) > 1e-4;
    }
    fprintf(stderr, "soft-target gradient check: %zu of %zu parameters (%zu at a kink), worst relative error %.2g\n",
            checked, n, kinks, worst);
    assert_true(kinks < n / 50);
    assert_true(nonzero > n / 3);
    assert_true(worst < 0.01);
    free(g);
    free(scratch);
    fixture_free(&f);
}

/* ---- a tiny student of a tiny teacher ---- */

static double first_loss = -1, last_loss = -1;
static int saw_distilling;

static void note(void *ctx, const char *line) {
    (void)ctx;
    const char *p = strstr(line, ": loss ");
    saw_distilling |= strstr(line, "distilling 1 network of") != NULL;
    if (!strstr(line, "dev UPOS") || !p) return;
    double l = atof(p + 7);
    if (first_loss < 0) first_loss = l;
    last_loss = l;
}

#define TINY_SENTENCES 24

static void test_tiny_student_learns(void **state) {
    (void)state;
    char probe[1024];
    snprintf(probe, sizeof probe, "%s/ud/en_ewt/en_ewt-ud-train.conllu", test_shared_dir());
    if (access(probe, R_OK) != 0) skip();
    char teacher[64], student[64], dev[64], train[1024];
    tiny_temp_path(teacher, "orr-teach");
    tiny_temp_path(student, "orr-stud");
    tiny_temp_path(dev, "orr-ddev");
    assert_int_equal(tiny_write_dev_slice(dev, 20), 0);
    orr_train_opts o = tiny_biaffine_opts(train, dev, teacher, TINY_SENTENCES);
    orr_error err = {0};
    assert_int_equal(orr_model_train(&o, &err), ORR_OK);
    o.out_path = student;
    o.teacher_path = teacher;
    o.distill = 0.7f;
    o.progress = note;
    assert_int_equal(orr_model_train(&o, &err), ORR_OK);
    assert_true(saw_distilling);
    /* the cross-entropy against soft targets keeps their entropy: it falls less than the gold one */
    assert_true(first_loss > 0 && last_loss < 0.85 * first_loss);
    orr_model *m, *tm;
    assert_int_equal(orr_model_load(&m, student, &err), ORR_OK);
    assert_int_equal(orr_model_load(&tm, teacher, &err), ORR_OK);
    assert_non_null(strstr(orr_model_info(m), "distilled from orr-teach"));
    char *data;
    size_t len, n;
    assert_int_equal(orr_read_file(probe, &data, &len, &err), ORR_OK);
    orr_arena *a = orr_arena_new(1 << 20), *scratch = orr_arena_new(1 << 16);
    orr_conllu_sentence *s;
    assert_int_equal(orr_conllu_read(a, probe, data, len, 1, &s, &n, &err), ORR_OK);
    size_t words = 0, uas = 0, teacher_uas = 0;
    for (size_t i = 0; i < TINY_SENTENCES; i++) {
        const char *forms[256];
        for (size_t k = 0; k < s[i].n_words; k++) forms[k] = s[i].words[k].form;
        orr_word *w, *tw;
        orr_arena_reset(scratch);
        assert_int_equal(orr_model_parse(m, scratch, forms, s[i].n_words, &w, &err), ORR_OK);
        assert_int_equal(orr_model_parse(tm, scratch, forms, s[i].n_words, &tw, &err), ORR_OK);
        tiny_check_tree(w, s[i].n_words);
        for (size_t k = 0; k < s[i].n_words; k++) {
            uas += w[k].head == s[i].words[k].head;
            teacher_uas += tw[k].head == s[i].words[k].head;
            words++;
        }
    }
    fprintf(stderr, "tiny student: loss %.3f -> %.3f, training-sentence UAS %.1f (teacher %.1f)\n", first_loss,
            last_loss, 100.0 * uas / words, 100.0 * teacher_uas / words);
    assert_true(uas * 100 > words * 40);
    free(data);
    orr_arena_free(a);
    orr_arena_free(scratch);
    orr_model_free(m);
    orr_model_free(tm);
    unlink(teacher);
    unlink(student);
    unlink(dev);
}

int main(void) {
    (void)tiny_train;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_onehot_is_gold),
        cmocka_unit_test(test_soft_gradient_check),
        cmocka_unit_test(test_tiny_student_learns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
