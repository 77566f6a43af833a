/*
** test_html.c — HTML article extraction on small handcrafted pages: the
** article text survives, one paragraph per line; site furniture (menus,
** header, footer, cookie notice, share bar, comments, related links) does
** not; title, date, author and language come from meta tags, JSON-LD,
** <time> or the URL.
*/
#include "testutil.h"
#include "ingest/html.h"

#include <zlib.h>

static const char news_page[] =
    "<!DOCTYPE html><html lang=\"en-US\"><head><meta charset=\"utf-8\">"
    "<title>Leaders meet in Riyadh | Daily Planet</title>"
    "<meta property=\"og:title\" content=\"Leaders meet in Riyadh\">"
    "<meta property=\"article:published_time\" content=\"2025-02-18T09:30:00+03:00\">"
    "<meta name=\"author\" content=\"Lois Lane\">"
    "<script>var tracking = '<p>not text</p>';</script><style>p { color: red }</style>"
    "</head><body>"
    "<header class=\"site-header\"><a href=\"/\">Daily Planet</a> <a href=\"/world\">World</a></header>"
    "<nav><ul><li><a href=\"/a\">Politics</a></li><li><a href=\"/b\">Sport</a></li></ul></nav>"
    "<div id=\"cookie-banner\">We use cookies to improve your experience. Accept all cookies?</div>"
    "<main><article><h1>Leaders meet in Riyadh</h1>"
    "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet this</a></div>"
    "<div class=\"article-body\">"
    "<p>Delegations from the United States and Russia met in Riyadh on Tuesday, "
    "the first such talks in three years, officials said.</p>"
    "<h2>What was agreed</h2>"
    "<p>The two sides agreed to restore embassy staff, to appoint negotiators, and to "
    "meet again within weeks, according to a joint statement.</p>"
    "<p>Ukraine, which was not invited, said it would not accept any outcome decided "
    "without it, and European leaders echoed that position.</p>"
    "<!-- an HTML comment with <p>hidden</p> markup -->"
    "</div>"
    "<div class=\"related-articles\"><h3>Related</h3><ul>"
    "<li><a href=\"/x\">Five things to know about the talks in Riyadh this week</a></li>"
    "<li><a href=\"/y\">Analysis: what the summit means for Europe and its allies</a></li>"
    "</ul></div></article></main>"
    "<section id=\"comments\"><h3>Comments</h3><p>First! This is a reader comment that "
    "goes on for a while, with commas, and more commas, to look like a paragraph.</p></section>"
    "<footer><p>Copyright 2025 Daily Planet. All rights reserved.</p></footer>"
    "</body></html>";

static orr_doc *extract(const char *html) {
    orr_doc *doc = NULL;
    orr_error err = {0};
    assert_int_equal(orr_html_extract(html, strlen(html), "test.html", &doc, &err), ORR_OK);
    assert_non_null(doc);
    assert_non_null(doc->text);
    return doc;
}

static void test_article_text_and_furniture(void **state) {
    (void)state;
    orr_doc *doc = extract(news_page);
    const char *t = doc->text;
    assert_non_null(strstr(t, "Delegations from the United States and Russia met in Riyadh"));
    assert_non_null(strstr(t, "European leaders echoed that position."));
    assert_non_null(strstr(t, "\nWhat was agreed\n"));  /* a heading on its own line */
    assert_null(strstr(t, "Politics"));                   /* nav */
    assert_null(strstr(t, "Daily Planet"));               /* header, footer */
    assert_null(strstr(t, "cookies"));                    /* cookie notice */
    assert_null(strstr(t, "Share on Facebook"));          /* share bar */
    assert_null(strstr(t, "First!"));                     /* comments */
    assert_null(strstr(t, "Five things"));                /* related links */
    assert_null(strstr(t, "not text"));                   /* script */
    assert_null(strstr(t, "hidden"));                     /* HTML comment */
    assert_null(strstr(t, "color"));                      /* style */
    /* one paragraph per line: each paragraph starts a line */
    const char *p2 = strstr(t, "The two sides agreed");
    assert_non_null(p2);
    assert_true(p2 > t && p2[-1] == '\n');
    orr_doc_free(doc);
}

static void test_metadata_from_meta_tags(void **state) {
    (void)state;
    orr_doc *doc = extract(news_page);
    assert_string_equal(doc->title, "Leaders meet in Riyadh");
    assert_string_equal(doc->date, "2025-02-18");
    assert_string_equal(doc->author, "Lois Lane");
    assert_string_equal(doc->lang, "en");
    orr_doc_free(doc);
}

static void test_metadata_from_jsonld(void **state) {
    (void)state;
    const char *html =
        "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
        "\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Site\"},{\"@type\":\"NewsArticle\","
        "\"headline\":\"Talks resume\",\"datePublished\":\"2024-11-05T12:00:00Z\","
        "\"inLanguage\":\"fr-FR\",\"author\":[{\"@type\":\"Person\",\"name\":\"Ann Lee\"},"
        "{\"@type\":\"Person\",\"name\":\"Bo Chen\"}]}]}</script>"
        "<meta name=\"author\" content=\"Someone Else\"></head><body><div>"
        "<p>Negotiators returned to the table on Tuesday, after a pause of two months, "
        "officials said in a statement.</p></div></body></html>";
    orr_doc *doc = extract(html);
    assert_string_equal(doc->title, "Talks resume");
    assert_string_equal(doc->date, "2024-11-05");
    assert_string_equal(doc->author, "Ann Lee, Bo Chen");
    assert_string_equal(doc->lang, "fr");
    orr_doc_free(doc);
}

static void test_date_from_time_and_url(void **state) {
    (void)state;
    orr_doc *doc = extract(
        "<html><body><h1>Storm</h1><time datetime=\"2019-11-19\">Nov. 19</time>"
        "<p>The storm reached the coast overnight, cutting power to thousands, police said.</p>"
        "</body></html>");
    assert_string_equal(doc->date, "2019-11-19");
    assert_string_equal(doc->title, "Storm");
    orr_doc_free(doc);
    doc = extract(
        "<html><head><link rel=\"canonical\" href=\"https://news.example/2020/03/07/story-slug/\">"
        "</head><body><p>The meeting was held in Geneva, under heavy security, on Saturday.</p>"
        "</body></html>");
    assert_string_equal(doc->date, "2020-03-07");
    assert_string_equal(doc->url, "https://news.example/2020/03/07/story-slug/");
    orr_doc_free(doc);
}

static void test_metadata_fallbacks(void **state) {
    (void)state;
    /* no meta tags: the byline and date come from classed elements; the
    ** double-escaped og:title is decoded */
    orr_doc *doc = extract(
        "<html><head><meta property=\"og:title\" content=\"Rudd&#8217;s &amp; co\"></head><body>"
        "<div class=\"byline\">By Jane Roe | November 18, 2019 12:01</div>"
        "<span class=\"article-date\">Nov. 18, 2019</span>"
        "<p>The article itself, with commas, clauses, and a full stop at the end.</p></body></html>");
    assert_string_equal(doc->title, "Rudd\xe2\x80\x99s & co");
    assert_string_equal(doc->author, "Jane Roe");
    assert_string_equal(doc->date, "2019-11-18");
    orr_doc_free(doc);
    doc = extract("<html><head><meta name=\"author\" content=\"Theresa May\"></head>"
                  "<body><p>Text.</p></body></html>");
    assert_string_equal(doc->author, "Theresa May");
    orr_doc_free(doc);
}

static void test_date_shapes(void **state) {
    (void)state;
    char out[11];
    static const struct { const char *in, *want; } cases[] = {
        {"2019-11-19T10:00:00Z", "2019-11-19"}, {"2019/1/9", "2019-01-09"},
        {"20191119", "2019-11-19"}, {"November 19, 2019", "2019-11-19"},
        {"Tue, 19 Nov 2019 10:00:00 GMT", "2019-11-19"}, {" 5 Feb. 2025", "2025-02-05"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(html_date_parse(cases[i].in, strlen(cases[i].in), out), 1);
        assert_string_equal(out, cases[i].want);
    }
    assert_int_equal(html_date_parse("2019-13-45", 10, out), 0);
    assert_int_equal(html_date_parse("yesterday", 9, out), 0);
    assert_int_equal(html_date_parse("Nov 17885914650 2019", 20, out), 0);  /* no overflow */
    assert_int_equal(html_date_from_url("https://x.org/news/2019/11/18/a-b", out), 1);
    assert_string_equal(out, "2019-11-18");
    assert_int_equal(html_date_from_url("https://x.org/item/123456", out), 0);
}

static void test_article_in_chunks(void **state) {
    (void)state;
    /* The article is cut in two same-class chunks by an ad rail. */
    orr_doc *doc = extract(
        "<html><body><div class=\"chunks\">"
        "<div class=\"chunk\"><div class=\"text\"><p>First part of the story, which is long "
        "enough to count, with commas, clauses, and a full stop at the end.</p><p>More of the "
        "first part, again with commas, and again long enough to be a paragraph.</p></div>"
        "<div class=\"rail\"><a href=\"/ad\">Advertisement</a></div></div>"
        "<div class=\"chunk\"><div class=\"text\"><p>Second part of the story, after the "
        "advertisement, still written as plain prose, with commas.</p></div></div>"
        "</div><div class=\"teasers\"><a href=\"/1\">Other story one</a> <a href=\"/2\">Other "
        "story two</a></div></body></html>");
    assert_non_null(strstr(doc->text, "First part of the story"));
    assert_non_null(strstr(doc->text, "Second part of the story"));
    assert_null(strstr(doc->text, "Other story"));
    assert_null(strstr(doc->text, "Advertisement"));
    orr_doc_free(doc);
}

static void test_jsonld_body_fallback(void **state) {
    (void)state;
    /* The DOM has no article text; the publisher's JSON-LD has it, with markup. */
    orr_doc *doc = extract(
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"Article\","
        "\"headline\":\"H\",\"articleBody\":\"The first paragraph of the article body, long "
        "enough to matter.&lt;p&gt;The second paragraph, also long enough to be kept by the "
        "extractor, follows here, with a few more words to make it long enough.&lt;/p&gt;"
        "<h2>Tail</h2>And a closing line &amp; more.\"}"
        "</script></head><body><div id=\"app\">Loading</div></body></html>");
    assert_non_null(strstr(doc->text, "The first paragraph"));
    assert_non_null(strstr(doc->text, "\nThe second paragraph"));
    assert_non_null(strstr(doc->text, "closing line & more."));
    assert_null(strstr(doc->text, "<p>"));
    assert_null(strstr(doc->text, "&lt;"));
    orr_doc_free(doc);
}

static void test_line_furniture(void **state) {
    (void)state;
    orr_doc *doc = extract(
        "<html><body><div class=\"story\"><p>By Jane Roe</p>"
        "<p>Updated 4:00 am CST, Wednesday, November 20, 2019</p>"
        "<p>The council voted on Monday, after a long debate, to close the old bridge.</p>"
        "<p>Advertisement</p>"
        "<p>Repairs would have cost more than a new bridge, officials said, and taken years.</p>"
        "<p>jane.roe@example.com</p>"
        "<p>The newsletter column also said something, in the middle, which stays.</p>"
        "<p>Work starts in spring, and the crossing reopens, the mayor said, in 2027.</p>"
        "<p>Sign up for our newsletter to get the latest news in your inbox.</p>"
        "<p>Copyright 2019 The Daily. All rights reserved.</p></div></body></html>");
    const char *t = doc->text;
    assert_non_null(strstr(t, "The council voted"));
    assert_non_null(strstr(t, "Repairs would have cost"));
    assert_non_null(strstr(t, "The newsletter column"));  /* not at the end: kept */
    assert_non_null(strstr(t, "the crossing reopens"));
    assert_null(strstr(t, "By Jane Roe"));
    assert_null(strstr(t, "Updated 4:00"));
    assert_null(strstr(t, "Advertisement"));
    assert_null(strstr(t, "jane.roe@"));
    assert_null(strstr(t, "Sign up"));
    assert_null(strstr(t, "Copyright"));
    orr_doc_free(doc);
}

static void test_latin1_page(void **state) {
    (void)state;
    orr_doc *doc = extract(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
        "<title>Caf\xe9</title></head><body><p>Le caf\xe9 de la gare, \x93" "ferm\xe9\x94 depuis "
        "des ann\xe9" "es, rouvre ses portes en d\xe9" "cembre.</p></body></html>");
    assert_string_equal(doc->title, "Caf\xc3\xa9");
    assert_non_null(strstr(doc->text, "\xe2\x80\x9c" "ferm\xc3\xa9\xe2\x80\x9d"));  /* cp1252 quotes */
    orr_doc_free(doc);
    /* valid UTF-8 mislabelled as Latin-1 stays as it is */
    doc = extract("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xc3\xa9 "
                  "au lait, served every morning, since the station opened.</p></body></html>");
    assert_non_null(strstr(doc->text, "Caf\xc3\xa9 au lait"));
    orr_doc_free(doc);
}

static void test_broken_and_empty_pages(void **state) {
    (void)state;
    static const char *const pages[] = {
        "", "<", "<html", "<!--", "<script>", "<svg/><p>x", "<p class=\"", "<a href='>x</a>",
        "<div><div><div><p>deep</div>", "\xff\xfe<p>\x80\x81</p>", "<table><td>cell<td>cell2",
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        orr_doc *doc = extract(pages[i]);
        orr_doc_free(doc);
    }
    orr_doc *doc = extract("<svg/><p>visible text after a self-closing svg</p>");
    assert_non_null(strstr(doc->text, "visible text after"));
    orr_doc_free(doc);
    /* an unclosed <button> does not swallow the article; images separate words */
    doc = extract("<button>Menu<p>The story goes on here, with commas, after the button, and it "
                  "is long enough to be a paragraph of the article.</p>"
                  "<p>Word<img src=x alt=y>word and <select><option>Pick one</select> more.</p>");
    assert_non_null(strstr(doc->text, "The story goes on here"));
    assert_non_null(strstr(doc->text, "Word word and more."));
    assert_null(strstr(doc->text, "Pick one"));
    orr_doc_free(doc);
    /* 20,000 nested divs: no recursion on the C stack may overflow */
    orr_buf b;
    orr_buf_init(&b);
    for (int i = 0; i < 20000; i++) orr_buf_puts(&b, "<div>");
    orr_buf_puts(&b, "<p>Deep inside, a sentence with commas, clauses, and words.</p>");
    doc = extract(b.data);
    assert_non_null(strstr(doc->text, "Deep inside"));
    orr_doc_free(doc);
    orr_buf_free(&b);
}

typedef struct collected {
    int n;
    char title[128];
    size_t n_sentences;
} collected;

static int collect(void *ctx, orr_doc *doc) {
    collected *c = ctx;
    c->n++;
    snprintf(c->title, sizeof c->title, "%s", doc->title ? doc->title : "");
    c->n_sentences = doc->n_sentences;
    return 0;
}

static void test_ingest_html_and_gzip(void **state) {
    (void)state;
    orr_error err = {0};
    collected c = {0};
    assert_int_equal(orr_read_docs_mem("page.html", news_page, strlen(news_page), ORR_FMT_AUTO,
                                       collect, NULL, &c, &err), ORR_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.title, "Leaders meet in Riyadh");
    assert_true(c.n_sentences >= 4);
    /* the same page gzip-compressed */
    unsigned char gz[8192];
    z_stream zs = {0};
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (unsigned char *)news_page;
    zs.avail_in = (uInt)strlen(news_page);
    zs.next_out = gz;
    zs.avail_out = sizeof gz;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    size_t gz_len = sizeof gz - zs.avail_out;
    deflateEnd(&zs);
    collected g = {0};
    assert_int_equal(orr_read_docs_mem("page.html.gz", (char *)gz, gz_len, ORR_FMT_AUTO, collect,
                                       NULL, &g, &err), ORR_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.title, c.title);
    assert_int_equal(g.n_sentences, c.n_sentences);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_text_and_furniture),
        cmocka_unit_test(test_metadata_from_meta_tags),
        cmocka_unit_test(test_metadata_from_jsonld),
        cmocka_unit_test(test_date_from_time_and_url),
        cmocka_unit_test(test_metadata_fallbacks),
        cmocka_unit_test(test_date_shapes),
        cmocka_unit_test(test_article_in_chunks),
        cmocka_unit_test(test_jsonld_body_fallback),
        cmocka_unit_test(test_line_furniture),
        cmocka_unit_test(test_latin1_page),
        cmocka_unit_test(test_broken_and_empty_pages),
        cmocka_unit_test(test_ingest_html_and_gzip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
