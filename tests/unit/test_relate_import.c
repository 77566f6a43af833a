/*
** test_relate_import.c — the event importers on the shared samples (row
** counts and exact field values), headerless GDELT layouts, Phoenix and
** PETRARCH rows, bad rows reported with file:line and skipped, zip and
** gzip input, and idempotent import into the store.
*/
#include "testutil.h"

#include <unistd.h>
#include <zlib.h>

typedef struct seen {
    int n, n_warn;
    char warn[512];
    orr_event first, want;          /* first event, and the one with want_id */
    char want_id[64];
    char strs[12][128];             /* copies of want's strings */
    int found;
} seen;

static void keep(char *dst, const char *s) { snprintf(dst, 128, "%s", s ? s : "(null)"); }

static int on_event(void *ctx, const orr_event *e) {
    seen *s = ctx;
    if (s->n++ == 0) s->first = *e;
    if (s->want_id[0] && e->origin_id && strcmp(e->origin_id, s->want_id) == 0) {
        s->want = *e;
        s->found = 1;
        const char *f[12] = {e->source, e->source_country, e->source_agent, e->target,
                             e->target_country, e->target_agent, e->url, e->plover,
                             e->origin, e->source_text, e->dataset, e->verb_text};
        for (int i = 0; i < 12; i++) keep(s->strs[i], f[i]);
    }
    return 0;
}

static void on_warn(void *ctx, const orr_error *w) {
    seen *s = ctx;
    if (s->n_warn++ == 0) snprintf(s->warn, sizeof s->warn, "%s", w->message);
}

static orr_cameo *cameo(void) {
    orr_cameo *c = NULL;
    orr_error err;
    assert_int_equal(orr_cameo_load(&c, NULL, &err), ORR_OK);
    return c;
}

static int shared_path(char *out, size_t n, const char *rel) {
    snprintf(out, n, "%s/%s", test_shared_dir(), rel);
    return access(out, R_OK) == 0;
}

static void test_cameo_tables(void **state) {
    (void)state;
    orr_cameo *c = cameo();
    int found;
    assert_float_equal(orr_cameo_goldstein(c, "042", &found), 1.9, 1e-9);
    assert_true(found);
    assert_float_equal(orr_cameo_goldstein(c, "0874", &found), 10.0, 1e-9);
    assert_float_equal(orr_cameo_goldstein(c, "0429", &found), 1.9, 1e-9);   /* parent 042 */
    assert_string_equal(orr_cameo_plover(c, "042"), "CONSULT");
    assert_string_equal(orr_cameo_plover(c, "0311"), "AGREE");
    assert_null(orr_cameo_plover(c, "010"));   /* root 01 is not mapped */
    assert_int_equal(orr_cameo_root("190"), 19);
    assert_int_equal(orr_cameo_root("21"), 0);
    assert_int_equal(orr_cameo_root("04a"), 0);
    assert_int_equal(orr_cameo_quad(4), 1);
    assert_int_equal(orr_cameo_quad(7), 2);
    assert_int_equal(orr_cameo_quad(12), 3);
    assert_int_equal(orr_cameo_quad(19), 4);
    assert_string_equal(orr_country_code("Russian Federation"), "RUS");
    assert_string_equal(orr_country_code("the former Yugoslav Republic of Macedonia"), "MKD");
    assert_string_equal(orr_country_code("united states"), "USA");
    assert_null(orr_country_code("Atlantis"));
    orr_cameo_free(c);
}

static void test_gdelt_sample(void **state) {
    (void)state;
    char path[1024];
    if (!shared_path(path, sizeof path, "events/gdelt-sample/events2samps.csv")) skip();
    orr_cameo *c = cameo();
    orr_import_opts opts = {ORR_EVFMT_AUTO, c};
    seen s = {.want_id = "651827747"};
    orr_error err;
    assert_int_equal(orr_import_file(path, &opts, on_event, on_warn, &s, &err), ORR_OK);
    assert_int_equal(s.n, 6090);
    assert_int_equal(s.n_warn, 0);
    /* first row: 669666350, 2007-07-04, CVL -> (no actor 1), 040, Goldstein 1.0 */
    assert_string_equal(s.first.date, "2007-07-04");
    assert_string_equal(s.first.code, "040");
    assert_int_equal(s.first.root, 4);
    assert_int_equal(s.first.quad, 1);
    assert_float_equal(s.first.goldstein, 1.0, 1e-9);
    assert_int_equal(s.first.num_mentions, 5);
    assert_int_equal(s.first.num_sources, 1);
    assert_int_equal(s.first.num_articles, 5);
    /* 651827747: CHINA accuses FILIPINO, 111, QuadClass 3, -2.0 */
    assert_true(s.found);
    assert_string_equal(s.want.date, "2016-05-01");
    assert_string_equal(s.want.code, "111");
    assert_int_equal(s.want.quad, 3);
    assert_float_equal(s.want.goldstein, -2.0, 1e-9);
    assert_string_equal(s.strs[0], "CHN");
    assert_string_equal(s.strs[1], "CHN");
    assert_string_equal(s.strs[4], "PHL");
    assert_string_equal(s.strs[6], "http://www.ipsnews.net/2017/04/asean-declaration-skirts-china-issue/");
    assert_string_equal(s.strs[7], "ACCUSE");
    assert_non_null(strstr(s.strs[8], "events2samps.csv:3991"));
    assert_string_equal(s.strs[10], "gdelt");
    orr_cameo_free(c);
}

static void test_icews_sample(void **state) {
    (void)state;
    char path[1024];
    if (!shared_path(path, sizeof path, "events/icews/events.2018.sample.tab")) skip();
    orr_cameo *c = cameo();
    orr_import_opts opts = {ORR_EVFMT_AUTO, c};
    seen s = {.want_id = "2018-06-01/32889836"};
    orr_error err;
    assert_int_equal(orr_import_file(path, &opts, on_event, on_warn, &s, &err), ORR_OK);
    assert_int_equal(s.n, 3705);
    assert_int_equal(s.n_warn, 0);
    assert_true(s.found);
    /* Foreign Affairs (Bangladesh) consults High Ranking Military Personnel (Vietnam) */
    assert_string_equal(s.strs[0], "BGDGOV");
    assert_string_equal(s.strs[1], "BGD");
    assert_string_equal(s.strs[2], "GOV");
    assert_string_equal(s.strs[3], "VNMMIL");
    assert_string_equal(s.strs[4], "VNM");
    assert_string_equal(s.strs[5], "MIL");
    assert_string_equal(s.strs[9], "Foreign Affairs (Bangladesh)");
    assert_string_equal(s.strs[11], "Consult");
    assert_string_equal(s.want.code, "040");
    assert_float_equal(s.want.goldstein, 1.0, 1e-9);   /* from the CAMEO table */
    assert_string_equal(s.strs[7], "CONSULT");
    orr_cameo_free(c);
}

/* A GDELT 2.0 row (61 tab-separated fields) from a few values. */
static void gdelt_row(char *out, size_t n, const char *id, const char *date, const char *a1,
                      const char *a2, const char *code, const char *quad, const char *gold) {
    const char *f[61];
    for (int i = 0; i < 61; i++) f[i] = "";
    f[0] = id; f[1] = date; f[5] = a1; f[7] = a1; f[15] = a2; f[17] = a2;
    f[26] = code; f[27] = code; f[28] = "04"; f[29] = quad; f[30] = gold;
    f[31] = "3"; f[32] = "1"; f[33] = "3"; f[60] = "http://x.test/a";
    size_t k = 0;
    for (int i = 0; i < 61; i++) k += (size_t)snprintf(out + k, n - k, "%s%s", f[i], i < 60 ? "\t" : "\n");
}

static void test_gdelt_tab_and_bad_rows(void **state) {
    (void)state;
    char data[4096], row[1024];
    data[0] = '\0';
    gdelt_row(row, sizeof row, "1", "20250218", "USA", "RUS", "042", "1", "1.9");
    strcat(data, row);
    gdelt_row(row, sizeof row, "2", "20250230", "USA", "RUS", "042", "1", "1.9");   /* bad date */
    strcat(data, row);
    strcat(data, "3\tonly\tthree\n");                                               /* short row */
    gdelt_row(row, sizeof row, "4", "20250219", "RUS", "UKR", "190", "4", "-10");
    strcat(data, row);
    gdelt_row(row, sizeof row, "5", "20250219", "RUS", "UKR", "999", "4", "-10");    /* bad code */
    strcat(data, row);
    seen s = {.want_id = "4"};
    orr_error err;
    assert_int_equal(orr_import_mem("day.export.CSV", data, strlen(data), NULL, on_event, on_warn, &s, &err), ORR_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.n_warn, 3);
    assert_non_null(strstr(s.warn, "day.export.CSV:2:"));
    assert_non_null(strstr(s.warn, "SQLDATE"));
    assert_string_equal(s.want.code, "190");
    assert_int_equal(s.want.quad, 4);
    assert_string_equal(s.strs[6], "http://x.test/a");
}

typedef struct origins {
    int n;
    char origin[128][32];
} origins;

static int keep_origin(void *ctx, const orr_event *e) {
    origins *o = ctx;
    if (o->n < 128) snprintf(o->origin[o->n++], 32, "%s", e->origin);
    return 0;
}

/* The "file:line" origin is counted up in place row by row: check the
** carries (9 -> 10, 99 -> 100) and the jump over a bad row. */
static void test_gdelt_origin_lines(void **state) {
    (void)state;
    char *data = calloc(120, 1024), row[1024];
    assert_non_null(data);
    for (int line = 1; line <= 110; line++) {
        char id[16];
        snprintf(id, sizeof id, "%d", line);
        gdelt_row(row, sizeof row, id, line == 100 ? "2025021x" : "20250218", "USA", "RUS", "042", "1", "1.9");
        strcat(data, row);
    }
    origins o = {0};
    orr_error err;
    assert_int_equal(orr_import_mem("o.tsv", data, strlen(data), NULL, keep_origin, NULL, &o, &err), ORR_OK);
    assert_int_equal(o.n, 109);
    assert_string_equal(o.origin[8], "o.tsv:9");
    assert_string_equal(o.origin[9], "o.tsv:10");
    assert_string_equal(o.origin[98], "o.tsv:99");
    assert_string_equal(o.origin[99], "o.tsv:101");   /* line 100 was bad */
    assert_string_equal(o.origin[108], "o.tsv:110");
    free(data);
}

static void test_gdelt1_phoenix_petrarch(void **state) {
    (void)state;
    /* GDELT 1.0, 58 columns: URL last */
    char row[1024];
    size_t k = 0;
    for (int i = 0; i < 58; i++) {
        const char *v = i == 0 ? "77" : i == 1 ? "20130501" : i == 7 ? "CHN" : i == 17 ? "JPN"
                      : i == 26 ? "112" : i == 29 ? "3" : i == 30 ? "-2.0" : i == 57 ? "http://y.test" : "";
        k += (size_t)snprintf(row + k, sizeof row - k, "%s%s", v, i < 57 ? "\t" : "\n");
    }
    seen s = {.want_id = "77"};
    orr_error err;
    assert_int_equal(orr_import_mem("g1", row, strlen(row), NULL, on_event, on_warn, &s, &err), ORR_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.strs[1], "CHN");
    assert_string_equal(s.strs[4], "JPN");
    assert_string_equal(s.strs[6], "http://y.test");
    const char *phoenix =
        "1\t20170101\t2017\t1\t1\tUSAGOV\tUSA\tGOV\t\tRUSMIL\tRUS\tMIL\t\t0231\t02\t0\t3.4\tSECURITY\t"
        "38.9\t-77.0\tWashington\t\tUSA\t1_1\thttp://p.test/1;http://p.test/2\tsrc\n";
    memset(&s, 0, sizeof s);
    strcpy(s.want_id, "1");
    assert_int_equal(orr_import_mem("ph", phoenix, strlen(phoenix), NULL, on_event, on_warn, &s, &err), ORR_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.strs[2], "GOV");
    assert_string_equal(s.strs[4], "RUS");
    assert_string_equal(s.strs[6], "http://p.test/1");
    assert_string_equal(s.strs[10], "phoenix");
    assert_int_equal(s.want.quad, 1);   /* from the root, not Phoenix's 0 */
    const char *petr = "20170102\tUSAGOV\tIGOUNO\t042\t1;2\thttp://q.test\tsrc\n"
                       "20170102\tGOV\tRUS\t172\t3\n";
    memset(&s, 0, sizeof s);
    strcpy(s.want_id, "2017-01-02|USAGOV|IGOUNO|042|1;2");
    assert_int_equal(orr_import_mem("pe", petr, strlen(petr), NULL, on_event, on_warn, &s, &err), ORR_OK);
    assert_int_equal(s.n, 2);
    assert_true(s.found);
    assert_string_equal(s.strs[1], "USA");
    assert_string_equal(s.strs[4], "UNO");
    assert_string_equal(s.strs[6], "http://q.test");
}

/* A zip with one deflated member, built with zlib. */
static size_t make_zip(unsigned char *out, const char *name, const char *text) {
    unsigned char comp[4096];
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (Bytef *)text;
    zs.avail_in = (uInt)strlen(text);
    zs.next_out = comp;
    zs.avail_out = sizeof comp;
    deflate(&zs, Z_FINISH);
    size_t clen = sizeof comp - zs.avail_out;
    deflateEnd(&zs);
    unsigned char *p = out;
    size_t nlen = strlen(name), ulen = strlen(text);
    uint32_t crc = (uint32_t)crc32(0, (const Bytef *)text, (uInt)ulen);
    unsigned char h[30] = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
    for (int i = 0; i < 4; i++) {
        h[14 + i] = (unsigned char)(crc >> (8 * i));
        h[18 + i] = (unsigned char)(clen >> (8 * i));
        h[22 + i] = (unsigned char)(ulen >> (8 * i));
    }
    h[26] = (unsigned char)nlen;
    memcpy(p, h, 30);
    memcpy(p + 30, name, nlen);
    memcpy(p + 30 + nlen, comp, clen);
    return 30 + nlen + clen;
}

static void test_zip_and_gzip(void **state) {
    (void)state;
    char row[1024];
    gdelt_row(row, sizeof row, "9", "20250218", "USA", "RUS", "042", "1", "1.9");
    unsigned char zip[8192];
    size_t n = make_zip(zip, "20250218.export.CSV", row);
    seen s = {.want_id = "9"};
    orr_error err;
    assert_int_equal(orr_import_mem("x.zip", (const char *)zip, n, NULL, on_event, on_warn, &s, &err), ORR_OK);
    assert_int_equal(s.n, 1);
    assert_non_null(strstr(s.strs[8], "x.zip/20250218.export.CSV:1"));
    /* gzip through a file */
    char path[] = "/tmp/orrery-relate-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    gzFile gz = gzopen(path, "wb");
    gzputs(gz, row);
    gzclose(gz);
    memset(&s, 0, sizeof s);
    assert_int_equal(orr_import_file(path, NULL, on_event, on_warn, &s, &err), ORR_OK);
    assert_int_equal(s.n, 1);
    /* truncated zip: an error, not a crash */
    memset(&s, 0, sizeof s);
    assert_int_not_equal(orr_import_mem("t.zip", (const char *)zip, n - 5, NULL, on_event, on_warn, &s, &err), ORR_OK);
    assert_non_null(strstr(err.message, "t.zip"));
    unlink(path);
}

static void test_import_to_db_idempotent(void **state) {
    (void)state;
    char data[4096], row[1024];
    gdelt_row(data, sizeof data, "1", "20250218", "USA", "RUS", "042", "1", "1.9");
    gdelt_row(row, sizeof row, "2", "20250219", "RUS", "UKR", "190", "4", "-10");
    strcat(data, row);
    strcat(data, "bad\trow\n");
    char path[] = "/tmp/orrery-relate-XXXXXX";
    int fd = mkstemp(path);
    assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
    close(fd);
    orr_db *db;
    orr_error err;
    assert_int_equal(orr_db_open(&db, ":memory:", &err), ORR_OK);
    orr_import_stats st;
    seen s = {0};
    assert_int_equal(orr_import_to_db(db, path, NULL, 1, on_warn, &s, &st, &err), ORR_OK);
    assert_int_equal(st.rows, 3);
    assert_int_equal(st.stored, 2);
    assert_int_equal(st.bad, 1);
    assert_int_equal(orr_import_to_db(db, path, NULL, 1, on_warn, &s, &st, &err), ORR_OK);
    assert_int_equal(st.stored, 0);
    assert_int_equal(st.duplicates, 2);
    orr_db_close(db);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cameo_tables),
        cmocka_unit_test(test_gdelt_sample),
        cmocka_unit_test(test_icews_sample),
        cmocka_unit_test(test_gdelt_tab_and_bad_rows),
        cmocka_unit_test(test_gdelt_origin_lines),
        cmocka_unit_test(test_gdelt1_phoenix_petrarch),
        cmocka_unit_test(test_zip_and_gzip),
        cmocka_unit_test(test_import_to_db_idempotent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
