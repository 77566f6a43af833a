/*
** test_nlp_biaffine.c — the BiLSTM + biaffine parser (src/nlp/biaffine.c,
** eisner.c, biparse.c, train_biaffine.c): the hand-written gradient
** agrees with finite differences on a tiny network; Eisner's decoder finds
** the best single-rooted projective tree (checked by brute force); a tiny
** model trained on a slice learns (loss down, its training sentences
** parse well); the loader rejects corrupt biaffine sections.
*/
#include "testutil.h"
#include "nlp_tiny.h"
#include "util/util.h"
#include "nlp/train.h"

#include <math.h>
#include <unistd.h>
#include <zlib.h>

/* ---- gradient check ---- */

static const bi_dims tiny_dims = {.version = BI_VERSION, .n_words = 6, .n_hash = 8, .n_tags = 4, .n_labels = 3,
                                  .d_word = 3, .d_hash = 2, .d_tag = 2, .d_lstm = 3, .d_arc = 4, .d_rel = 2};

static double loss_of(const bi_net *net, const bi_input *in, int T, const int *head, const int *label,
                      float *g, orr_arena *a) {
    bi_acts acts;
    double loss = 0;
    orr_arena_reset(a);
    assert_int_equal(bi_forward(net, in, T, 0, NULL, a, &acts), ORR_OK);
    assert_int_equal(bi_backward(net, in, &acts, head, label, NULL, 1.0f, g, a, &loss), ORR_OK);
    return loss;
}

static void test_gradient_check(void **state) {
    (void)state;
    bi_net net = {.d = tiny_dims};
    assert_null(bi_dims_check(&net.d));
    bi_layout_init(&net.d, &net.l);
    size_t n = net.l.n_params;
    float *w = malloc(n * sizeof *w), *g = calloc(n, sizeof *g), *scratch = calloc(n, sizeof *scratch);
    assert_true(w && g && scratch);
    rng r = {12345};
    for (size_t i = 0; i < n; i++) w[i] = (float)(train_rng_unit(&r) - 0.5);
    net.w = w;
    enum { T = 5 };
    bi_input in[T];
    tiny_random_inputs(&net.d, &r, in, T);
    int head[T] = {-1, 2, 0, 2, 3}, label[T] = {0, 1, 0, 2, 1};
    orr_arena *a = orr_arena_new(1 << 16);
    double loss = loss_of(&net, in, T, head, label, g, a);
    assert_true(loss > 0 && isfinite(loss));
    /* every parameter (the used embedding rows among them) by central differences */
    double worst = 0;
    size_t checked = 0, nonzero = 0, kinks = 0;
    const float eps = 1e-2f;
    for (size_t i = 0; i < n; i++) {
        float keep = w[i];
        w[i] = keep + eps;
        double up = loss_of(&net, in, T, head, label, scratch, a);
        w[i] = keep - eps;
        double down = loss_of(&net, in, T, head, label, scratch, a);
        w[i] = keep;
        /* a LeakyReLU kink inside [w - eps, w + eps] makes the one-sided
        ** slopes differ: such a parameter says nothing and is skipped */
        double right = (up - loss) / eps, left = (loss - down) / eps;
        if (fabs(right - left) > 0.01 * (fabs(right) + fabs(left)) + 2e-3) {
            kinks++;
            continue;
        }
        double num = (up - down) / (2 * eps), err = fabs(num - g[i]) / (fabs(num) + fabs(g[i]) + 1e-2);
        if (err > worst) worst = err;
        if (err > 0.01) fprintf(stderr, "param %zu: analytic %g numeric %g\n", i, g[i], num);
        checked++;
        nonzero += fabs(g[i]) > 1e-4;
    }
    assert_true(kinks < n / 50);
    assert_true(nonzero > n / 3);  /* the check is about real gradients */
    fprintf(stderr, "gradient check: %zu of %zu parameters (%zu at a kink), worst relative error %.2g\n",
            checked, n, kinks, worst);
    assert_true(worst < 0.01);
    orr_arena_free(a);
    free(w);
    free(g);
    free(scratch);
}

/* ---- Eisner against brute force ---- */

static int is_projective_tree(const int *head, int T) {
    int roots = 0;
    for (int d = 1; d < T; d++) {
        if (head[d] < 0 || head[d] >= T || head[d] == d) return 0;
        roots += head[d] == 0;
        int x = d, steps = 0;
        while (x != 0 && steps++ < T) x = head[x];
        if (x != 0) return 0;  /* a cycle */
    }
    if (roots != 1) return 0;
    for (int a = 1; a < T; a++)
        for (int b = 1; b < T; b++) {
            int l1 = a < head[a] ? a : head[a], h1 = a < head[a] ? head[a] : a;
            int l2 = b < head[b] ? b : head[b], h2 = b < head[b] ? head[b] : b;
            if (l1 < l2 && l2 < h1 && h1 < h2) return 0;
        }
    return 1;
}

static void test_eisner_brute_force(void **state) {
    (void)state;
    rng r = {99};
    orr_arena *a = orr_arena_new(1 << 16);
    int planted_trees = 0;
    for (int trial = 0; trial < 200; trial++) {
        int T = 2 + trial % 5;  /* 1..5 words */
        float s[36];
        for (int i = 0; i < T * T; i++) s[i] = (float)(train_rng_unit(&r) * 4 - 2);
        int head[6], cand[6] = {0}, plant[6] = {0};
        /* after the first 40: each word's best head planted, so that the
        ** best heads alone are often a tree (bi_eisner's shortcut) and
        ** otherwise two roots, a cycle or crossing arcs */
        for (int d = 1; d < T && trial >= 40; d++) {
            do plant[d] = (int)(train_rng_unit(&r) * T) % T;
            while (plant[d] == d);
            s[d * T + plant[d]] += 6;
        }
        orr_arena_reset(a);
        assert_int_equal(bi_eisner(s, T, a, head), ORR_OK);
        assert_true(is_projective_tree(head, T));
        if (trial >= 40 && is_projective_tree(plant, T)) {
            planted_trees++;
            for (int d = 1; d < T; d++) assert_int_equal(head[d], plant[d]);
        }
        double got = 0, best = -1e9;
        for (int d = 1; d < T; d++) got += s[d * T + head[d]];
        /* every head assignment */
        int total = 1;
        for (int d = 1; d < T; d++) total *= T;
        for (int code = 0; code < total; code++) {
            int c = code;
            for (int d = 1; d < T; d++) cand[d] = c % T, c /= T;
            if (!is_projective_tree(cand, T)) continue;
            double v = 0;
            for (int d = 1; d < T; d++) v += s[d * T + cand[d]];
            if (v > best) best = v;
        }
        assert_true(fabs(got - best) < 1e-4);
    }
    assert_true(planted_trees >= 20 && planted_trees <= 150);  /* both paths ran */
    orr_arena_free(a);
}

/* ---- a tiny trained model ---- */

static char bi_model[64], dev_slice[64];
static double first_loss = -1, last_loss = -1;

static void note_loss(void *ctx, const char *line) {
    (void)ctx;
    const char *p = strstr(line, ": loss ");
    if (!strstr(line, "dev UPOS") || !p) return;
    double l = atof(p + 7);
    if (first_loss < 0) first_loss = l;
    last_loss = l;
}

#define TINY_SENTENCES 24

static int have_model;

/* Trains the tiny model when EWT is there; the tests that need it skip otherwise. */
static int setup_model(void **state) {
    (void)state;
    char probe[1024];
    snprintf(probe, sizeof probe, "%s/ud/en_ewt/en_ewt-ud-train.conllu", test_shared_dir());
    if (access(probe, R_OK) != 0) {
        fprintf(stderr, "no %s: the trained-model tests skip\n", probe);
        return 0;
    }
    tiny_temp_path(bi_model, "orr-bi");
    tiny_temp_path(dev_slice, "orr-bidev");
    if (tiny_write_dev_slice(dev_slice, 20)) return -1;
    char train[1024];
    orr_train_opts o = tiny_biaffine_opts(train, dev_slice, bi_model, TINY_SENTENCES);
    o.progress = note_loss;
    orr_error err = {0};
    if (orr_model_train(&o, &err)) {
        fprintf(stderr, "training failed: %s\n", err.message);
        return -1;
    }
    have_model = 1;
    return 0;
}

static int teardown_model(void **state) {
    (void)state;
    if (!have_model) return 0;
    unlink(bi_model);
    unlink(dev_slice);
    return 0;
}

/* The loss went down and the model parses its own training sentences
** into trees, mostly right: fails when learning is broken. */
static void test_tiny_model_learns(void **state) {
    (void)state;
    if (!have_model) skip();
    assert_true(first_loss > 0 && last_loss > 0);
    assert_true(last_loss < 0.7 * first_loss);
    orr_model *m;
    orr_error err = {0};
    assert_int_equal(orr_model_load(&m, bi_model, &err), ORR_OK);
    assert_true(m->has_bi);
    assert_non_null(strstr(orr_model_info(m), "biaffine"));
    char path[1024];
    snprintf(path, sizeof path, "%s/ud/en_ewt/en_ewt-ud-train.conllu", test_shared_dir());
    char *data;
    size_t len, n;
    assert_int_equal(orr_read_file(path, &data, &len, &err), ORR_OK);
    orr_arena *a = orr_arena_new(1 << 20), *scratch = orr_arena_new(1 << 16);
    orr_conllu_sentence *s;
    assert_int_equal(orr_conllu_read(a, path, data, len, 1, &s, &n, &err), ORR_OK);
    size_t words = 0, uas = 0;
    for (size_t i = 0; i < TINY_SENTENCES; i++) {
        const char *forms[256];
        assert_true(s[i].n_words < 256);
        for (size_t k = 0; k < s[i].n_words; k++) forms[k] = s[i].words[k].form;
        orr_word *w;
        orr_arena_reset(scratch);
        assert_int_equal(orr_model_parse(m, scratch, forms, s[i].n_words, &w, &err), ORR_OK);
        int roots = 0;
        for (size_t k = 0; k < s[i].n_words; k++) {
            roots += w[k].head == 0;
            assert_true(w[k].head >= 0 && w[k].head <= (int)s[i].n_words && w[k].head != (int)k + 1);
            uas += w[k].head == s[i].words[k].head;
            words++;
        }
        assert_int_equal(roots, 1);
    }
    fprintf(stderr, "tiny biaffine: loss %.3f -> %.3f, training-sentence UAS %.1f\n", first_loss, last_loss,
            100.0 * uas / words);
    assert_true(uas * 100 > words * 40);  /* a chain to the next word: about 30 */
    free(data);
    orr_arena_free(a);
    orr_arena_free(scratch);
    orr_model_free(m);
}

/* A sentence longer than BI_CHUNK is parsed in pieces into one tree. */
static void test_long_sentence(void **state) {
    (void)state;
    if (!have_model) skip();
    orr_model *m;
    orr_error err = {0};
    assert_int_equal(orr_model_load(&m, bi_model, &err), ORR_OK);
    enum { N = BI_CHUNK * 2 + 7 };
    static const char *forms[N];
    static const char *vocab[] = {"the", "talks", "were", "useful", ",", "he", "said", "."};
    for (int i = 0; i < N; i++) forms[i] = vocab[i % 8];
    orr_arena *a = orr_arena_new(1 << 16);
    orr_word *w;
    assert_int_equal(orr_model_parse(m, a, forms, N, &w, &err), ORR_OK);
    int roots = 0;
    for (int i = 0; i < N; i++) {
        roots += w[i].head == 0;
        assert_true(w[i].head >= 0 && w[i].head <= N && w[i].head != i + 1);
    }
    assert_int_equal(roots, 1);
    orr_arena_free(a);
    orr_model_free(m);
}

/* orr_model_parse_batch gives what one call per sentence gives — the same
** heads, relations and tags — for a batch that mixes training sentences,
** an empty one and one longer than BI_CHUNK; with the bf16 products where
** the CPU has them, and with ORRERY_BF16=0's float ones. */
static void check_batch(const orr_model *m, const orr_conllu_sentence *s) {
    enum { B = TINY_SENTENCES + 2, LONG = BI_CHUNK + 9 };
    static const char *long_forms[LONG], *vocab[] = {"talks", "were", "held", "in", "Riyadh", ",", "and"};
    for (int i = 0; i < LONG; i++) long_forms[i] = vocab[i % 7];
    const char *const *forms[B];
    size_t n[B];
    orr_word *batch[B], *one;
    orr_error err = {0};
    orr_arena *a = orr_arena_new(1 << 20), *b = orr_arena_new(1 << 16);
    for (size_t i = 0; i < TINY_SENTENCES; i++) {
        const char **f = orr_arena_alloc(a, (s[i].n_words + 1) * sizeof *f);
        for (size_t k = 0; k < s[i].n_words; k++) f[k] = s[i].words[k].form;
        forms[i] = f, n[i] = s[i].n_words;
    }
    forms[TINY_SENTENCES] = long_forms, n[TINY_SENTENCES] = LONG;
    forms[TINY_SENTENCES + 1] = long_forms, n[TINY_SENTENCES + 1] = 0;
    assert_int_equal(orr_model_parse_batch(m, a, B, forms, NULL, n, batch, &err), ORR_OK);
    for (size_t i = 0; i < B; i++) {
        orr_arena_reset(b);
        assert_int_equal(orr_model_parse(m, b, forms[i], n[i], &one, &err), ORR_OK);
        for (size_t k = 0; k < n[i]; k++) {
            assert_int_equal(batch[i][k].head, one[k].head);
            assert_string_equal(batch[i][k].deprel, one[k].deprel);
            assert_string_equal(batch[i][k].xpos, one[k].xpos);
        }
    }
    orr_arena_free(a);
    orr_arena_free(b);
}

static void test_batch_matches_single(void **state) {
    (void)state;
    if (!have_model) skip();
    char path[1024];
    snprintf(path, sizeof path, "%s/ud/en_ewt/en_ewt-ud-train.conllu", test_shared_dir());
    char *data;
    size_t len, n;
    orr_error err = {0};
    assert_int_equal(orr_read_file(path, &data, &len, &err), ORR_OK);
    orr_arena *a = orr_arena_new(1 << 20);
    orr_conllu_sentence *s;
    assert_int_equal(orr_conllu_read(a, path, data, len, 1, &s, &n, &err), ORR_OK);
    for (int precision = 0; precision < 2; precision++) {
        if (precision) setenv("ORRERY_BF16", "0", 1);
        orr_model *m;
        assert_int_equal(orr_model_load(&m, bi_model, &err), ORR_OK);
        if (precision) assert_null(m->bi[0].net.p16);
        check_batch(m, s);
        orr_model_free(m);
    }
    unsetenv("ORRERY_BF16");
    free(data);
    orr_arena_free(a);
}

/* ---- the loader ---- */

typedef struct file_sec {
    uint32_t id, zero;
    uint64_t off, size;
} file_sec;

/* The model's bytes with fn applied to section id's bytes and the
** checksum redone; the load must fail naming `expect`. */
static void corrupt_and_load(uint32_t id, void (*fn)(char *sec, file_sec *fs), const char *expect) {
    char *data;
    size_t len;
    orr_error err = {0};
    assert_int_equal(orr_read_file(bi_model, &data, &len, &err), ORR_OK);
    uint32_t n_sec;
    memcpy(&n_sec, data + 12, 4);
    int found = 0;
    for (uint32_t i = 0; i < n_sec; i++) {
        file_sec fs;
        memcpy(&fs, data + 32 + i * sizeof fs, sizeof fs);
        if (fs.id != id) continue;
        fn(data + fs.off, &fs);
        memcpy(data + 32 + i * sizeof fs, &fs, sizeof fs);
        found = 1;
    }
    assert_true(found);
    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)data + 32, (uInt)(len - 32));
    memcpy(data + 24, &crc, 4);
    orr_model *m = NULL;
    assert_int_equal(orr_model_load_mem(&m, "bad.model", data, len, &err), ORR_EFORMAT);
    assert_null(m);
    if (!strstr(err.message, expect)) fprintf(stderr, "message: %s\n", err.message);
    assert_non_null(strstr(err.message, expect));
    free(data);
}

static void big_lstm(char *sec, file_sec *fs) {
    (void)fs;
    bi_dims d;
    memcpy(&d, sec, sizeof d);
    d.d_lstm = 5000;
    memcpy(sec, &d, sizeof d);
}
static void other_labels(char *sec, file_sec *fs) {
    (void)fs;
    bi_dims d;
    memcpy(&d, sec, sizeof d);
    d.n_labels++;
    memcpy(sec, &d, sizeof d);
}
static void shorter(char *sec, file_sec *fs) {
    (void)sec;
    fs->size -= 4;
}
static void nan_weight(char *sec, file_sec *fs) {
    float v = NAN;
    memcpy(sec + fs->size / 2 / 4 * 4, &v, 4);
}
static void bad_vocab_id(char *sec, file_sec *fs) {
    uint32_t n;
    memcpy(&n, sec, 4);
    for (uint32_t i = 0; i < n; i++) {
        nlp_bi_word e;
        memcpy(&e, sec + 8 + (size_t)i * sizeof e, sizeof e);
        if (!e.key) continue;
        e.id = 1u << 30;
        memcpy(sec + 8 + (size_t)i * sizeof e, &e, sizeof e);
        break;
    }
    (void)fs;
}
static void gone(char *sec, file_sec *fs) {
    (void)sec;
    fs->id = 99;  /* an unknown optional section: the other two are left alone */
}

static void test_loader_rejects_corrupt_sections(void **state) {
    (void)state;
    if (!have_model) skip();
    corrupt_and_load(SEC_BI_DIMS, big_lstm, "layer width out of range");
    corrupt_and_load(SEC_BI_DIMS, other_labels, "does not match the model's tags and labels");
    corrupt_and_load(SEC_BI_DIMS, shorter, "dims section size mismatch");
    corrupt_and_load(SEC_BI_WEIGHTS, shorter, "weights size does not match");
    corrupt_and_load(SEC_BI_WEIGHTS, nan_weight, "not finite");
    corrupt_and_load(SEC_BI_VOCAB, bad_vocab_id, "vocabulary id out of range");
    corrupt_and_load(SEC_BI_VOCAB, gone, "sections incomplete");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradient_check),
        cmocka_unit_test(test_eisner_brute_force),
        cmocka_unit_test(test_tiny_model_learns),
        cmocka_unit_test(test_batch_matches_single),
        cmocka_unit_test(test_long_sentence),
        cmocka_unit_test(test_loader_rejects_corrupt_sections),
    };
    return cmocka_run_group_tests(tests, setup_model, teardown_model);
}
