/*
** test_read_split.c — reading in two steps for parallel callers:
** orr_read_split() cuts the input into records (the non-blank lines of
** JSON lines with their line numbers, the whole input otherwise, the
** format sniffed), and orr_read_record() on each record gives the same
** documents and warnings as orr_read_docs_mem() on the whole input.
*/
#include "testutil.h"

typedef struct records {
    size_t n;
    orr_record r[16];
} records;

static int on_record(void *ctx, const orr_record *rec) {
    records *rs = ctx;
    assert_true(rs->n < 16);
    rs->r[rs->n++] = *rec;
    return 0;
}

static int stop_at_second(void *ctx, const orr_record *rec) {
    records *rs = ctx;
    rs->r[rs->n++] = *rec;
    return rs->n == 2 ? ORR_ESTOP : 0;
}

/* Documents and warnings as one string: "origin=text|" and "!message|". */
static int log_doc(void *ctx, orr_doc *doc) {
    char *log = ctx;
    size_t len = strlen(log);
    snprintf(log + len, 4096 - len, "%s=%s[%zu]|", doc->origin, doc->text, doc->n_sentences);
    return 0;
}

static void log_warn(void *ctx, const orr_error *w) {
    char *log = ctx;
    size_t len = strlen(log);
    snprintf(log + len, 4096 - len, "!%s|", w->message);
}

static const char jsonl[] =
    "{\"id\":\"a\",\"text\":\"Rubio met Lavrov. They talked.\"}\n"
    "\n"
    "   \r\n"
    "not json\n"
    "  {\"id\":\"b\",\"date\":\"bad\",\"text\":\"Trump called Putin.\"}\r\n"
    "{\"title\":\"no text\"}";

static void test_split_jsonl(void **state) {
    (void)state;
    records rs = {0};
    orr_error err;
    assert_int_equal(orr_read_split("f.jsonl", jsonl, strlen(jsonl), ORR_FMT_AUTO, on_record, &rs, &err),
                     ORR_OK);
    assert_int_equal(rs.n, 4);
    size_t lines[] = {1, 4, 5, 6};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(rs.r[i].line, lines[i]);
        assert_int_equal(rs.r[i].format, ORR_FMT_JSONL);
        assert_string_equal(rs.r[i].name, "f.jsonl");
    }
    assert_memory_equal(rs.r[1].data, "not json", 8);
    assert_int_equal(rs.r[1].len, 8);
    assert_true(rs.r[2].data[0] == '{');  /* leading blanks skipped */
    assert_int_equal(rs.r[3].len, strlen("{\"title\":\"no text\"}"));  /* no final newline */
    /* a callback's non-zero return stops the split */
    records st = {0};
    assert_int_equal(orr_read_split("f.jsonl", jsonl, strlen(jsonl), ORR_FMT_JSONL, stop_at_second, &st,
                                     &err), ORR_ESTOP);
    assert_int_equal(st.n, 2);
}

static void test_split_whole(void **state) {
    (void)state;
    records rs = {0};
    orr_error err;
    const char *text = "Rubio met Lavrov.\n\n{not a record}\n";
    assert_int_equal(orr_read_split("a.txt", text, strlen(text), ORR_FMT_TEXT, on_record, &rs, &err), ORR_OK);
    assert_int_equal(rs.n, 1);
    assert_int_equal(rs.r[0].format, ORR_FMT_TEXT);
    assert_int_equal(rs.r[0].len, strlen(text));
    assert_int_equal(rs.r[0].line, 1);
    rs.n = 0;
    const char *xml = "<Sentences><Sentence date=\"20250101\" id=\"s1\"><Text>A.</Text></Sentence></Sentences>";
    assert_int_equal(orr_read_split("s.xml", xml, strlen(xml), ORR_FMT_AUTO, on_record, &rs, &err), ORR_OK);
    assert_int_equal(rs.n, 1);
    assert_int_equal(rs.r[0].format, ORR_FMT_PETRARCH_XML);
    rs.n = 0;
    assert_int_equal(orr_read_split("x", "", 0, (orr_format)99, on_record, &rs, &err), ORR_EUSAGE);
    assert_int_equal(rs.n, 0);
    assert_non_null(strstr(err.message, "unknown input format"));
}

/* Record by record, the documents and warnings of the whole input. */
static void test_records_read_like_whole(void **state) {
    (void)state;
    static char whole[4096], parts[4096];
    whole[0] = parts[0] = 0;
    orr_error err;
    assert_int_equal(orr_read_docs_mem("f.jsonl", jsonl, strlen(jsonl), ORR_FMT_AUTO, log_doc, log_warn,
                                       whole, &err), ORR_OK);
    records rs = {0};
    assert_int_equal(orr_read_split("f.jsonl", jsonl, strlen(jsonl), ORR_FMT_AUTO, on_record, &rs, &err),
                     ORR_OK);
    for (size_t i = 0; i < rs.n; i++)  /* any order or thread would do; in order to compare */
        assert_int_equal(orr_read_record(&rs.r[i], log_doc, log_warn, parts, &err), ORR_OK);
    assert_string_equal(parts, whole);
    assert_string_equal(whole,
                        "f.jsonl:1=Rubio met Lavrov. They talked.[2]|"
                        "!f.jsonl:4:3: expected a JSON object: '[' or '{' expected near 'not'|"
                        "!f.jsonl:5: \"date\" is not YYYY-MM-DD or YYYYMMDD: 'bad' (kept the document without a date)|"
                        "f.jsonl:5=Trump called Putin.[1]|"
                        "!f.jsonl:6: expected a \"text\" or \"html\" string field|");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_jsonl),
        cmocka_unit_test(test_split_whole),
        cmocka_unit_test(test_records_read_like_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
