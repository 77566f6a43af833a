/*
** test_readers.c — JSON lines, PETRARCH XML and RSS/Atom readers: fields
** read, bad records reported with their line and skipped, sniffing.
*/
#include "testutil.h"
#include "ingest/ingest.h"

#include <stdlib.h>

typedef struct collected {
    int n_docs, n_warn;
    char ids[256], dates[256], titles[256], texts[512], warnings[2048];
} collected;

static void cat(char *dst, size_t cap, const char *s) {
    strncat(dst, s ? s : "-", cap - strlen(dst) - 1);
    strncat(dst, "|", cap - strlen(dst) - 1);
}

static int on_doc(void *ctx, orr_doc *doc) {
    collected *c = ctx;
    c->n_docs++;
    cat(c->ids, sizeof c->ids, doc->id);
    cat(c->dates, sizeof c->dates, doc->date);
    cat(c->titles, sizeof c->titles, doc->title);
    cat(c->texts, sizeof c->texts, doc->text);
    return 0;
}

static void on_warn(void *ctx, const orr_error *w) {
    collected *c = ctx;
    c->n_warn++;
    cat(c->warnings, sizeof c->warnings, w->message);
}

static int read_str(const char *name, const char *data, orr_format fmt, collected *c) {
    memset(c, 0, sizeof *c);
    orr_error err = {0};
    return orr_read_docs_mem(name, data, strlen(data), fmt, on_doc, on_warn, c, &err);
}

static void test_jsonl(void **state) {
    (void)state;
    collected c;
    const char *in =
        "{\"id\":\"a1\",\"date\":\"2025-02-18T10:00:00Z\",\"title\":\"Talks\",\"text\":\"Rubio met Lavrov.\"}\n"
        "\n"
        "{\"id\": 7, \"date\": \"20250213\", \"text\": \"Trump called Putin.\"}\n"
        "this is not json\n"
        "{\"title\": \"no body\"}\n"
        "[1, 2]\n"
        "{\"id\":\"b\",\"date\":\"Feb 13\",\"text\":\"Zelensky spoke.\"}\n";
    assert_int_equal(read_str("feed.jsonl", in, ORR_FMT_AUTO, &c), ORR_OK);
    assert_int_equal(c.n_docs, 3);
    assert_string_equal(c.ids, "a1|7|b|");
    assert_string_equal(c.dates, "2025-02-18|2025-02-13|-|");
    assert_string_equal(c.titles, "Talks|-|-|");
    assert_string_equal(c.texts, "Rubio met Lavrov.|Trump called Putin.|Zelensky spoke.|");
    assert_int_equal(c.n_warn, 4);
    assert_non_null(strstr(c.warnings, "feed.jsonl:4:"));
    assert_non_null(strstr(c.warnings, "feed.jsonl:5: expected a \"text\" or \"html\""));
    assert_non_null(strstr(c.warnings, "feed.jsonl:6: expected a JSON object"));
    assert_non_null(strstr(c.warnings, "feed.jsonl:7: \"date\" is not"));
}

/* The scanner for flat string-valued records (jsonl_fast.c): the same
** strings as jansson, and 0 (jansson's turn) for anything else. */
static int fast(const char *line, ingest_jsonl_rec *r) {
    return ingest_jsonl_fast(line, strlen(line), r);
}

static void test_jsonl_fast(void **state) {
    (void)state;
    ingest_jsonl_rec r;
    assert_int_equal(fast(" {\"id\" : \"a\\\"1\", \"x\":\"\", \"text\":\"caf\\u00e9 \\u2019s\\n\\/\\t\xc3\xbc\"}\r", &r), 1);
    assert_string_equal(r.id, "a\"1");
    assert_string_equal(r.text, "caf\xc3\xa9 \xe2\x80\x99s\n/\t\xc3\xbc");
    assert_int_equal(r.text_len, strlen(r.text));
    assert_null(r.html);
    assert_null(r.date);
    free(r.buf);
    assert_int_equal(fast("{}", &r), 1);
    assert_null(r.text);
    free(r.buf);
    static const char *const slow[] = {
        "{\"id\": 7, \"text\": \"x\"}",            /* not a string */
        "{\"text\": \"a\", \"text\": \"b\"}",         /* duplicate key */
        "{\"t\\u0065xt\": \"a\"}",                  /* escaped key */
        "{\"text\": \"a\\u0000b\"}",                /* NUL */
        "{\"text\": \"\\ud83d\\ude00\"}",          /* surrogates */
        "{\"text\": \"\xc0\xaf\"}",                  /* overlong UTF-8 */
        "{\"text\": \"a\tb\"}",                     /* raw control character */
        "{\"text\": \"a\"} x",                      /* bytes after the object */
        "{\"text\": \"a\",}",                       /* trailing comma */
        "[\"a\"]",
        NULL};
    for (const char *const *p = slow; *p; p++) {
        assert_int_equal(fast(*p, &r), 0);
        assert_null(r.buf);
    }
    /* through the reader: both paths give the same documents */
    collected c;
    const char *in = "{\"id\":\"f\",\"text\":\"Rubio\\u0020met Lavrov.\"}\n"
                     "{\"id\":\"s\",\"text\":\"Rubio\\u0020met Lavrov.\",\"n\":1}\n";
    assert_int_equal(read_str("f.jsonl", in, ORR_FMT_JSONL, &c), ORR_OK);
    assert_string_equal(c.ids, "f|s|");
    assert_string_equal(c.texts, "Rubio met Lavrov.|Rubio met Lavrov.|");
}

static void test_petrarch_xml(void **state) {
    (void)state;
    collected c;
    const char *in =
        "<Sentences>\n"
        "<Sentence date=\"20080801\" id=\"T-1\" sentence=\"True\">\n"
        "<Text>\nArnor rejected a proposal from Gondor.\n</Text>\n"
        "<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>\n"
        "</Sentence>\n"
        "<Sentence date=\"2008\" id=\"T-2\"><Text>Gondor thanked Arnor.</Text></Sentence>\n"
        "<Sentence id=\"T-3\" date=\"20080803\"></Sentence>\n"
        "</Sentences>\n";
    assert_int_equal(read_str("u.xml", in, ORR_FMT_AUTO, &c), ORR_OK);
    assert_int_equal(c.n_docs, 2);
    assert_string_equal(c.ids, "T-1|T-2|");
    assert_string_equal(c.dates, "2008-08-01|-|");
    assert_non_null(strstr(c.texts, "Arnor rejected a proposal from Gondor."));
    assert_int_equal(c.n_warn, 2);
    assert_non_null(strstr(c.warnings, "u.xml:8: <Sentence> date is '2008'"));
    assert_non_null(strstr(c.warnings, "u.xml:9: <Sentence> has no <Text>"));
}

static void test_petrarch_xml_broken(void **state) {
    (void)state;
    collected c;
    const char *in = "<Sentences><Sentence date=\"20080801\" id=\"A\"><Text>One.</Text></Sentence>\n"
                     "<Sentence date=\"20080802\" id=\"B\"><Text>Two.</Text>\n<Oops></Sentences>";
    assert_int_equal(read_str("b.xml", in, ORR_FMT_PETRARCH_XML, &c), ORR_OK);
    assert_int_equal(c.n_docs, 2);  /* recovery keeps both records */
    assert_true(c.n_warn >= 1);
    assert_non_null(strstr(c.warnings, "b.xml:3: XML:"));
}

static void test_rss_and_atom(void **state) {
    (void)state;
    collected c;
    const char *rss =
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>N</title>\n"
        "<item><title>Riyadh</title><link>https://ex.com/a</link><guid>g1</guid>"
        "<pubDate>Tue, 18 Feb 2025 10:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Rubio met Lavrov.&lt;/p&gt;&lt;p&gt;Talks went on.&lt;/p&gt;</description></item>\n"
        "<item><title>Empty</title></item>\n"
        "</channel></rss>\n";
    assert_int_equal(read_str("f.rss", rss, ORR_FMT_AUTO, &c), ORR_OK);
    assert_int_equal(c.n_docs, 1);
    assert_string_equal(c.ids, "g1|");
    assert_string_equal(c.dates, "2025-02-18|");
    assert_string_equal(c.texts, "Rubio met Lavrov.\nTalks went on.\n|");
    assert_int_equal(c.n_warn, 1);
    assert_non_null(strstr(c.warnings, "f.rss:4: feed item has no description"));
    const char *atom =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>K</title><id>urn:1</id>"
        "<published>2025-02-13T09:00:00Z</published><summary>Zelensky spoke.</summary></entry></feed>";
    assert_int_equal(read_str("f.atom", atom, ORR_FMT_AUTO, &c), ORR_OK);
    assert_string_equal(c.ids, "urn:1|");
    assert_string_equal(c.dates, "2025-02-13|");
}

static void test_sniff_and_names(void **state) {
    (void)state;
    assert_int_equal(orr_format_sniff("  {\"a\":1}", 9), ORR_FMT_JSONL);
    assert_int_equal(orr_format_sniff("<!DOCTYPE html><html>", 21), ORR_FMT_HTML);
    assert_int_equal(orr_format_sniff("<?xml version='1.0'?><rss>", 26), ORR_FMT_RSS);
    assert_int_equal(orr_format_sniff("<Sentences><Sentence>", 21), ORR_FMT_PETRARCH_XML);
    assert_int_equal(orr_format_sniff("Plain words.", 12), ORR_FMT_TEXT);
    orr_format f;
    assert_int_equal(orr_format_parse("jsonl", &f), ORR_OK);
    assert_int_equal(f, ORR_FMT_JSONL);
    assert_int_equal(orr_format_parse("docx", &f), ORR_EUSAGE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_jsonl_fast),
        cmocka_unit_test(test_petrarch_xml),
        cmocka_unit_test(test_petrarch_xml_broken),
        cmocka_unit_test(test_rss_and_atom),
        cmocka_unit_test(test_sniff_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
