/*
** test_util.c — arenas, buffers, gzip reading, hashes, errors.
*/
#include "testutil.h"
#include "util/util.h"

#include <zlib.h>

static void test_arena_alignment_and_growth(void **state) {
    (void)state;
    orr_arena *a = orr_arena_new(1024);
    assert_non_null(a);
    for (int i = 0; i < 1000; i++) {
        void *p = orr_arena_alloc(a, (size_t)(i % 37) + 1);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xAB, (size_t)(i % 37) + 1);
    }
    char *big = orr_arena_alloc(a, 100000);  /* larger than any block so far */
    assert_non_null(big);
    big[99999] = 1;
    assert_string_equal(orr_arena_strndup(a, "Riyadh talks", 6), "Riyadh");
    orr_arena_reset(a);
    assert_non_null(orr_arena_alloc(a, 10));
    orr_arena_free(a);
}

static void test_buf_printf(void **state) {
    (void)state;
    orr_buf b;
    orr_buf_init(&b);
    for (int i = 0; i < 100; i++) assert_int_equal(orr_buf_printf(&b, "%d,", i), ORR_OK);
    assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
    assert_int_equal(b.len, 290);
    size_t len;
    char *s = orr_buf_steal(&b, &len);
    assert_int_equal(len, 290);
    assert_null(b.data);
    free(s);
}

static void test_gzip_roundtrip_and_corrupt(void **state) {
    (void)state;
    const char *text = "Rubio met Lavrov in Riyadh on February 18, 2025.";
    unsigned char gz[512];
    z_stream zs = {0};
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)text;
    zs.avail_in = (uInt)strlen(text);
    zs.next_out = gz;
    zs.avail_out = sizeof gz;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    size_t gz_len = sizeof gz - zs.avail_out;
    deflateEnd(&zs);
    assert_true(orr_is_gzip(gz, gz_len));
    char *out;
    size_t out_len;
    orr_error err;
    assert_int_equal(orr_gunzip("t.gz", gz, gz_len, &out, &out_len, &err), ORR_OK);
    assert_int_equal(out_len, strlen(text));
    assert_string_equal(out, text);
    free(out);
    /* truncated stream: a clear error naming the file and byte offset */
    assert_int_equal(orr_gunzip("t.gz", gz, gz_len / 2, &out, &out_len, &err), ORR_EFORMAT);
    assert_non_null(strstr(err.message, "t.gz: byte"));
}

static void test_sha256(void **state) {
    (void)state;
    char hex[65];
    orr_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_error_and_missing_file(void **state) {
    (void)state;
    orr_error err;
    char *data;
    size_t len;
    assert_int_equal(orr_read_file("/nonexistent/x.txt", &data, &len, &err), ORR_EIO);
    assert_non_null(strstr(err.message, "/nonexistent/x.txt: cannot open"));
    assert_int_equal(orr_error_set(&err, ORR_EFORMAT, "f.jsonl:%d: expected %s", 3, "{"), ORR_EFORMAT);
    assert_string_equal(err.message, "f.jsonl:3: expected {");
    assert_int_equal(orr_line_of("a\nb\nc", 4), 3);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alignment_and_growth),
        cmocka_unit_test(test_buf_printf),
        cmocka_unit_test(test_gzip_roundtrip_and_corrupt),
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_error_and_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
