/*
** test_nlp_wtable.c — the model's weight tables (format v2: cache-line
** buckets, int8 parser weights): the loader checks every ref, weight width
** and the empty slot that ends a lookup, with a clear error for each; and
** exported tables score what the training table says, for both widths.
** Uses the tiny seed model of the fuzzer (fuzz/corpus/model/tiny.model).
*/
#include "testutil.h"
#include "nlp/nlp.h"

#include <zlib.h>

#define TINY "fuzz/corpus/model/tiny.model"

typedef struct file_section {
    uint32_t id, zero;
    uint64_t off, size;
} file_section;

/* The bytes of section `id` inside a model file. */
static char *section(char *data, uint32_t id, uint64_t *size) {
    uint32_t n;
    memcpy(&n, data + 12, 4);
    for (uint32_t i = 0; i < n; i++) {
        file_section fs;
        memcpy(&fs, data + 32 + i * sizeof fs, sizeof fs);
        if (fs.id == id) {
            *size = fs.size;
            return data + fs.off;
        }
    }
    fail_msg("no section %u", id);
    return NULL;
}

static void fix_crc(char *data, size_t len) {
    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)data + 32, (uInt)(len - 32));
    memcpy(data + 24, &crc, 4);
}

static void expect_error(char *data, size_t len, const char *needle) {
    fix_crc(data, len);
    orr_model *m = (orr_model *)1;
    orr_error err = {0};
    assert_int_equal(orr_model_load_mem(&m, "t.model", data, len, &err), ORR_EFORMAT);
    assert_null(m);
    if (!strstr(err.message, needle)) fail_msg("expected '%s' in '%s'", needle, err.message);
}

/* First used slot of a table section whose ref satisfies kind(ref). */
static uint32_t *find_ref(char *sec, int (*kind)(uint32_t)) {
    uint32_t n_buckets;
    memcpy(&n_buckets, sec, 4);
    uint32_t *bk = (uint32_t *)(sec + 64);
    for (uint32_t b = 0; b < n_buckets; b++)
        for (int j = 0; j < NLP_BUCKET; j++)
            if (bk[b * 16 + j] && kind(bk[b * 16 + NLP_BUCKET + j])) return &bk[b * 16 + NLP_BUCKET + j];
    fail_msg("no such ref");
    return NULL;
}
static int is_sparse(uint32_t ref) { return !(ref & (NLP_REF_INLINE | NLP_REF_DENSE)); }

static void test_corrupt_tables(void **state) {
    (void)state;
    char *data;
    size_t len;
    uint64_t size;
    assert_int_equal(orr_read_file(TINY, &data, &len, NULL), ORR_OK);
    orr_model *m;
    assert_int_equal(orr_model_load_mem(&m, "t.model", data, len, NULL), ORR_OK);
    assert_int_equal(m->parser.wbytes, 1);
    assert_int_equal(m->tagger.wbytes, 2);
    orr_model_free(m);

    char *parser = section(data, SEC_PARSER, &size);
    uint32_t *ref = find_ref(parser, is_sparse), saved = *ref;
    *ref = NLP_REF_DENSE | 0x3fffffffu;  /* a dense row far past the end */
    expect_error(data, len, "t.model: corrupt model: weight row out of range");
    *ref = 20u << 24;  /* more entries than a sparse row has */
    expect_error(data, len, "weight row out of range");
    *ref = saved;
    nlp_entry *e = (nlp_entry *)(parser + 64 + (size_t)(*(uint32_t *)parser) * 64 + (size_t)(saved & 0xffffff) * 4);
    int16_t w = e->w;
    e->w = 300;  /* an int8 table's weights are at most 127 (their sums are int16) */
    expect_error(data, len, "weight row out of range");
    e->w = w;
    uint16_t cls = e->cls;
    e->cls = 500;
    expect_error(data, len, "weight row out of range");
    e->cls = cls;

    uint32_t wbytes;
    memcpy(&wbytes, parser + 4, 4);
    memcpy(parser + 4, &(uint32_t){3}, 4);
    expect_error(data, len, "weight width is not 1 or 2 bytes");
    memcpy(parser + 4, &wbytes, 4);
    uint32_t parser_buckets;
    memcpy(&parser_buckets, parser, 4);
    memcpy(parser, &(uint32_t){3}, 4);
    expect_error(data, len, "not a power of two");
    memcpy(parser, &parser_buckets, 4);

    /* Every slot used: a lookup of an absent feature would never end. */
    char *tagger = section(data, SEC_TAGGER, &size);
    uint32_t n_buckets;
    memcpy(&n_buckets, tagger, 4);
    char *copy = malloc(len);
    memcpy(copy, data, len);
    uint32_t *bk = (uint32_t *)(copy + (tagger - data) + 64);
    for (uint32_t b = 0; b < n_buckets; b++)
        for (int j = 0; j < NLP_BUCKET; j++)
            if (!bk[b * 16 + j]) bk[b * 16 + j] = 1, bk[b * 16 + NLP_BUCKET + j] = NLP_REF_INLINE;
    expect_error(copy, len, "weight table has no empty slot");
    free(copy);

    /* The unmodified file still loads (the edits above were undone). */
    fix_crc(data, len);
    assert_int_equal(orr_model_load_mem(&m, "t.model", data, len, NULL), ORR_OK);
    orr_model_free(m);
    free(data);
}

/*
** Export then score: a training table with known weights, exported at
** each width and read as a model's table, gives every class the sign of
** its training weight, bounded by the width, finds every feature (3,000
** in 512 buckets, so some overflow into the next bucket) and none that
** was not trained.  The clock is run on after the updates so that the
** averaged weights are the final ones (to within 0.3%).
*/
static void check_export(uint32_t wbytes) {
    enum { N_CLASSES = 40, N_FEATS = 3000 };
    pw_table pw;
    assert_int_equal(pw_init(&pw, N_CLASSES), ORR_OK);
    pw.wbytes = wbytes;
    /* feature f: +1 on class f % N_CLASSES, -1 on (f + 1) % N_CLASSES; the
    ** features f % 7 == 0 on every class too (dense rows) */
    for (uint64_t f = 1; f <= N_FEATS; f++) {
        uint64_t h = nlp_h1(999, f);
        assert_int_equal(pw_update(&pw, &h, 1, (int)(f % N_CLASSES), (int)((f + 1) % N_CLASSES)), ORR_OK);
        if (f % 7 == 0)
            for (int c = 0; c < N_CLASSES; c += 2) assert_int_equal(pw_update(&pw, &h, 1, c, c + 1), ORR_OK);
    }
    for (int i = 0; i < 1000000; i++) pw_update(&pw, NULL, 0, 0, 0);
    orr_buf out;
    orr_buf_init(&out);
    assert_int_equal(pw_export(&pw, 0, &out), ORR_OK);
    nlp_wtable t = {0};
    uint32_t n_buckets, got_wbytes, rows_len;
    memcpy(&n_buckets, out.data, 4);
    memcpy(&got_wbytes, out.data + 4, 4);
    memcpy(&rows_len, out.data + 8, 4);
    assert_int_equal(got_wbytes, wbytes);
    assert_int_equal(n_buckets, 512);
    assert_int_equal(out.len, 64 + (size_t)n_buckets * 64 + rows_len);
    t.buckets = (const uint32_t *)(out.data + 64);
    t.rows = out.data + 64 + (size_t)n_buckets * 64;
    t.mask = n_buckets - 1;
    t.rows_len = rows_len;
    t.n_classes = N_CLASSES;
    t.wbytes = wbytes;
    int32_t max_unit = wbytes == 1 ? 127 : 32767;
    for (uint64_t f = 1; f <= N_FEATS; f++) {
        uint64_t h = nlp_h1(999, f);
        int32_t got[NLP_MAX_CLASSES] = {0};
        float want[NLP_MAX_CLASSES] = {0};
        nlp_wt_score(&t, &h, 1, got);
        pw_score(&pw, &h, 1, want);
        for (int c = 0; c < N_CLASSES; c++) {
            assert_true(got[c] <= max_unit && got[c] >= -max_unit);
            if ((got[c] > 0) != (want[c] > 0) || (got[c] < 0) != (want[c] < 0))
                fail_msg("feature %u class %d: %d, trained %g", (unsigned)f, c, got[c], want[c]);
        }
    }
    uint64_t absent = nlp_h1(998, 5);
    int32_t none[NLP_MAX_CLASSES] = {0};
    nlp_wt_score(&t, &absent, 1, none);
    for (int c = 0; c < N_CLASSES; c++) assert_int_equal(none[c], 0);
    orr_buf_free(&out);
    pw_free(&pw);
}

static void test_export_int8(void **state) {
    (void)state;
    check_export(1);
}

static void test_export_int16(void **state) {
    (void)state;
    check_export(2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corrupt_tables),
        cmocka_unit_test(test_export_int8),
        cmocka_unit_test(test_export_int16),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
