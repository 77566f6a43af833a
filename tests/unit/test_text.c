/*
** test_text.c — the text stage: sentence splitting (abbreviations,
** initials, decimals, quotes, danda, i.e., paragraphs, hard-wrapped
** text, headings), tokenisation (clitics, U.S., 30-day, punctuation,
** byte offsets), UTF-8 repair and NFC, plain-text page layout.
*/
#include "testutil.h"
#include "text/text.h"

/* Split `text` and compare the sentences with the NULL-terminated list. */
static void expect_sentences(const char *text, const char *const *want) {
    orr_doc *doc = orr_doc_new();
    orr_error err;
    doc->text = orr_arena_strdup(doc->arena, text);
    doc->text_len = strlen(text);
    assert_int_equal(orr_text_split_sentences(doc, &err), ORR_OK);
    size_t n = 0;
    while (want[n]) n++;
    for (size_t i = 0; i < doc->n_sentences && i < n; i++) {
        const orr_sentence *s = &doc->sentences[i];
        char got[1024];
        snprintf(got, sizeof got, "%.*s", (int)(s->end - s->start), doc->text + s->start);
        if (strcmp(got, want[i]) != 0) fail_msg("sentence %zu: got [%s] want [%s]", i, got, want[i]);
    }
    if (doc->n_sentences != n) fail_msg("%zu sentences, want %zu in [%s]", doc->n_sentences, n, text);
    orr_doc_free(doc);
}

static void test_split_abbreviations(void **state) {
    (void)state;
    expect_sentences("Mr. Putin met U.S. Secretary of State Marco Rubio on Feb. 18 in Riyadh. "
                     "Gen. Valery Gerasimov and Sen. Jim Risch were not there.",
                     (const char *const[]){"Mr. Putin met U.S. Secretary of State Marco Rubio on Feb. 18 in Riyadh.",
                                           "Gen. Valery Gerasimov and Sen. Jim Risch were not there.", NULL});
    expect_sentences("He lives at No. 10 Downing St. in London. Talks begin Jan. 5 and end in Sept. 2025.",
                     (const char *const[]){"He lives at No. 10 Downing St. in London.",
                                           "Talks begin Jan. 5 and end in Sept. 2025.", NULL});
    expect_sentences("Shares of Acme Corp. rose. The deal with Widget Inc. closed. It was big.",
                     (const char *const[]){"Shares of Acme Corp. rose.", "The deal with Widget Inc. closed.",
                                           "It was big.", NULL});
    expect_sentences("Troops left the U.S. The base closed.",
                     (const char *const[]){"Troops left the U.S.", "The base closed.", NULL});
}

static void test_split_initials_decimals_ie(void **state) {
    (void)state;
    expect_sentences("Vladimir V. Putin spoke. Growth was 3.5 percent, up from 2.1.",
                     (const char *const[]){"Vladimir V. Putin spoke.", "Growth was 3.5 percent, up from 2.1.", NULL});
    expect_sentences("Russia will hold its Air base in Syria i.e. Khmeimim Air base on the coast. "
                     "Others, e.g. Tartus, matter too.",
                     (const char *const[]){"Russia will hold its Air base in Syria i.e. Khmeimim Air base on the coast.",
                                           "Others, e.g. Tartus, matter too.", NULL});
}

static void test_split_quotes_ellipsis(void **state) {
    (void)state;
    expect_sentences("He said, \"We will not retreat.\" Then he left. (It rained.) Later...",
                     (const char *const[]){"He said, \"We will not retreat.\"", "Then he left.", "(It rained.)",
                                           "Later...", NULL});
    expect_sentences("\xE2\x80\x9CWhy?\xE2\x80\x9D he asked. Nobody knew\xE2\x80\xA6 The end!",
                     (const char *const[]){"\xE2\x80\x9CWhy?\xE2\x80\x9D he asked.", "Nobody knew\xE2\x80\xA6",
                                           "The end!", NULL});
}

static void test_split_danda(void **state) {
    (void)state;
    /* भारत ने कहा। रूस सहमत है। */
    expect_sentences("\xE0\xA4\xAD\xE0\xA4\xBE\xE0\xA4\xB0\xE0\xA4\xA4 \xE0\xA4\xA8\xE0\xA5\x87 "
                     "\xE0\xA4\x95\xE0\xA4\xB9\xE0\xA4\xBE\xE0\xA5\xA4 \xE0\xA4\xB0\xE0\xA5\x82\xE0\xA4\xB8 "
                     "\xE0\xA4\xB8\xE0\xA4\xB9\xE0\xA4\xAE\xE0\xA4\xA4 \xE0\xA4\xB9\xE0\xA5\x88\xE0\xA5\xA4",
                     (const char *const[]){"\xE0\xA4\xAD\xE0\xA4\xBE\xE0\xA4\xB0\xE0\xA4\xA4 \xE0\xA4\xA8\xE0\xA5\x87 "
                                           "\xE0\xA4\x95\xE0\xA4\xB9\xE0\xA4\xBE\xE0\xA5\xA4",
                                           "\xE0\xA4\xB0\xE0\xA5\x82\xE0\xA4\xB8 \xE0\xA4\xB8\xE0\xA4\xB9\xE0\xA4\xAE\xE0\xA4\xA4 "
                                           "\xE0\xA4\xB9\xE0\xA5\x88\xE0\xA5\xA4",
                                           NULL});
}

static void test_split_paragraphs_and_wrapping(void **state) {
    (void)state;
    /* a blank line always ends a sentence, even without punctuation */
    expect_sentences("Talks in Riyadh\n\nThe meeting ended", (const char *const[]){"Talks in Riyadh", "The meeting ended", NULL});
    /* Reuters-style hard wrap: line breaks inside a paragraph are spaces,
    ** an indented line starts a new paragraph */
    expect_sentences("    The Soviet Union said on Tuesday it would buy more U.S.\n"
                     "grain this year, according to officials in Moscow who\n"
                     "asked not to be named by the agency.\n"
                     "    Prices rose on the news.\n",
                     (const char *const[]){"The Soviet Union said on Tuesday it would buy more U.S.\n"
                                           "grain this year, according to officials in Moscow who\n"
                                           "asked not to be named by the agency.",
                                           "Prices rose on the news.", NULL});
    /* a short first line (dateline cut off) goes on into the next line */
    expect_sentences("White House spokesman Marlin\n"
                     "Fitzwater said the president would veto the bill if it\n"
                     "reached his desk in its present form this year.",
                     (const char *const[]){"White House spokesman Marlin\n"
                                           "Fitzwater said the president would veto the bill if it\n"
                                           "reached his desk in its present form this year.", NULL});
    /* lines of a list are separate */
    expect_sentences("Attendees\nMarco Rubio\nMike Waltz", (const char *const[]){"Attendees", "Marco Rubio", "Mike Waltz", NULL});
}

static void test_split_keeps_preset_headings(void **state) {
    (void)state;
    orr_doc *doc = orr_doc_new();
    orr_error err;
    const char *text = "Intro text here. More.\n\nA Heading\n\nBody one. Body two.";
    doc->text = orr_arena_strdup(doc->arena, text);
    doc->text_len = strlen(text);
    doc->sentences = orr_arena_alloc(doc->arena, sizeof *doc->sentences);
    doc->sentences[0] = (orr_sentence){24, 33, 1};
    doc->n_sentences = 1;
    assert_int_equal(orr_text_split_sentences(doc, &err), ORR_OK);
    assert_int_equal(doc->n_sentences, 5);
    assert_int_equal(doc->sentences[2].start, 24);
    assert_int_equal(doc->sentences[2].end, 33);
    assert_int_equal(doc->sentences[2].is_heading, 1);
    assert_int_equal(doc->sentences[3].is_heading, 0);
    /* a bad preset span is an error, not a crash */
    doc->sentences[0] = (orr_sentence){40, 400, 1};
    doc->n_sentences = 1;
    assert_int_equal(orr_text_split_sentences(doc, &err), ORR_EINTERNAL);
    orr_doc_free(doc);
}

/* Tokenise and join the tokens with '|'. */
static void expect_tokens(const char *text, const char *want) {
    orr_arena *a = orr_arena_new(1024);
    orr_error err;
    orr_token *tok;
    size_t n;
    assert_int_equal(orr_text_tokenize(a, text, 0, strlen(text), &tok, &n, &err), ORR_OK);
    char got[2048] = "";
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(got);
        snprintf(got + len, sizeof got - len, "%s%.*s", i ? "|" : "", (int)(tok[i].end - tok[i].start),
                 text + tok[i].start);
    }
    if (strcmp(got, want) != 0) fail_msg("tokens of [%s]: got [%s] want [%s]", text, got, want);
    orr_arena_free(a);
}

/*
** Plain chunks (ASCII letters and digits) take a shortcut in the tokenizer:
** the tokens must be the general path's (text_tokenize_reference), and the
** cases the shortcut hands back must still be cut: a unit after a number,
** the bare clitics.
*/
static void test_tokenize_plain_shortcut(void **state) {
    (void)state;
    expect_tokens("We cannot go at 5pm or 7PM with 65k dont wanna 1987 s3 ta data",
                  "We|can|not|go|at|5|pm|or|7|PM|with|65|k|do|nt|wan|na|1987|s3|ta|data");
    static const char *const texts[] = {
        "We cannot go at 5pm or 7PM with 65k, dont wanna.",
        "U.S. officials said 30-day e-mail www.x.com ok http://a.b/c AT&T 2/13/2001 Mr. Smith.",
        "Gonna gotta ISNT isnt Cannot 12mm 3x x3 mph5 5mph\tdone\n  end",
        "\xc3\xa9t\xc3\xa9 caf\xc3\xa9 na\xc3\xafve plain words only here",
    };
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        orr_arena *a = orr_arena_new(1024);
        orr_error err;
        orr_token *fast, *ref;
        size_t nf, nr, len = strlen(texts[k]);
        assert_int_equal(orr_text_tokenize(a, texts[k], 0, len, &fast, &nf, &err), ORR_OK);
        assert_int_equal(text_tokenize_reference(a, texts[k], 0, len, &ref, &nr, &err), ORR_OK);
        assert_int_equal(nf, nr);
        assert_memory_equal(fast, ref, nf * sizeof *fast);
        orr_arena_free(a);
    }
}

static void test_tokenize_ud_english(void **state) {
    (void)state;
    expect_tokens("Putin's aides don't know.", "Putin|'s|aides|do|n't|know|.");
    expect_tokens("They're sure we'll win; I'm not, I'd say.", "They|'re|sure|we|'ll|win|;|I|'m|not|,|I|'d|say|.");
    expect_tokens("The U.S. signed a 30-day truce (again)!", "The|U.S.|signed|a|30-day|truce|(|again|)|!");
    expect_tokens("\"Can't,\" said Mr. Smith, who cannot.", "\"|Ca|n't|,|\"|said|Mr.|Smith|,|who|can|not|.");
    expect_tokens("It cost $1,000.50 or 5% on 2/13/2001 at 5pm...", "It|cost|$|1,000.50|or|5|%|on|2/13/2001|at|5|pm|...");
    expect_tokens("a search-engine e-mail", "a|search|-|engine|e-mail");
    expect_tokens("Ukraine\xE2\x80\x99s war", "Ukraine|\xE2\x80\x99s|war");
    expect_tokens("See http://example.com/a.html, or mail a@b.org.", "See|http://example.com/a.html|,|or|mail|a@b.org|.");
    expect_tokens("etc. and so on, etc.", "etc.|and|so|on|,|etc|.");
    expect_tokens("mail <jo@x.org> b/c Rice@ENRON, call 3-5213 for 5-10 $$$", "mail|<|jo@x.org|>|b/c|Rice@ENRON|,|call|3-5213|for|5|-|10|$$$");
}

static void test_tokenize_offsets_and_words(void **state) {
    (void)state;
    const char *text = "Said: \xE2\x80\x9CKyiv\xE2\x80\x99s fate isn't sealed.\xE2\x80\x9D";
    orr_arena *a = orr_arena_new(1024);
    orr_error err;
    orr_token *tok;
    size_t n;
    /* a sub-span: offsets are into the whole text */
    assert_int_equal(orr_text_tokenize(a, text, 6, strlen(text), &tok, &n, &err), ORR_OK);
    assert_int_equal(n, 9);  /* “ Kyiv ’s fate is n't sealed . ” */
    assert_int_equal(tok[0].start, 6);
    assert_int_equal(tok[0].end, 9);
    assert_int_equal(tok[1].start, 9);
    assert_int_equal(tok[1].end, 13);
    assert_int_equal(tok[2].end - tok[2].start, 4);  /* ’s is 4 bytes */
    assert_true(orr_text_token_continues_word(text, &tok[1], &tok[2]));   /* Kyiv + ’s */
    assert_false(orr_text_token_continues_word(text, &tok[2], &tok[3]));  /* space between */
    assert_true(orr_text_token_continues_word(text, &tok[4], &tok[5]));   /* is + n't */
    assert_false(orr_text_token_continues_word(text, &tok[6], &tok[7]));  /* sealed + . */
    orr_token five = {0, 1}, pm = {1, 3};
    assert_false(orr_text_token_continues_word("5pm", &five, &pm));     /* number + unit */
    assert_int_equal(tok[8].end, strlen(text));
    assert_int_equal(orr_text_tokenize(a, text, 5, 2, &tok, &n, &err), ORR_EUSAGE);
    orr_arena_free(a);
}

static void test_clean_utf8_and_nfc(void **state) {
    (void)state;
    orr_arena *a = orr_arena_new(1024);
    orr_error err;
    char *out;
    size_t len, replaced;
    assert_int_equal(orr_text_clean(a, "ok \xC3 \xFF\xFEok", 10, &out, &len, &replaced, &err), ORR_OK);
    assert_int_equal(replaced, 3);
    assert_string_equal(out, "ok \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBDok");
    /* e + combining acute -> é; CRLF -> LF */
    assert_int_equal(orr_text_clean(a, "Erdoge\xCC\x81\r\nx", 11, &out, &len, &replaced, &err), ORR_OK);
    assert_int_equal(replaced, 0);
    assert_string_equal(out, "Erdog\xC3\xA9\nx");
    orr_arena_free(a);
}

static void test_clean_reuters_one_bad_byte(void **state) {
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus/reuters21578/reut2-017.xml", test_shared_dir());
    FILE *f = fopen(path, "rb");
    if (!f) skip();
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)size);
    assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    orr_arena *a = orr_arena_new(1 << 16);
    orr_error err;
    char *out;
    size_t len, replaced;
    assert_int_equal(orr_text_clean(a, data, (size_t)size, &out, &len, &replaced, &err), ORR_OK);
    assert_int_equal(replaced, 1);
    free(data);
    orr_arena_free(a);
}

/* Lay out and split a plain-text page. */
static orr_doc *layout(const char *text) {
    orr_doc *doc = orr_doc_new();
    orr_error err;
    doc->text = orr_arena_strdup(doc->arena, text);
    doc->text_len = strlen(text);
    assert_int_equal(orr_text_page_layout(doc, &err), ORR_OK);
    assert_int_equal(orr_text_split_sentences(doc, &err), ORR_OK);
    return doc;
}

static void test_layout_page(void **state) {
    (void)state;
    orr_doc *doc = layout("Daily Courier\n\nWorld | Business | Sport\n\n"
                          "Leaders Meet in Geneva\n\n"
                          "A long standfirst line that tells what the story is about in some detail\n\n"
                          "The two leaders met on Monday in Geneva. They agreed to talk again.\n\n"
                          "What Comes Next\n\n"
                          "Officials said a second round is planned for March.\n\n"
                          "Jane Q. Public, Staff Writer\n\n"
                          "Follow us on Twitter\n\n"
                          "\xC2\xA9 2025 Daily Courier. All rights reserved.\n");
    assert_string_equal(doc->title, "Leaders Meet in Geneva");
    assert_string_equal(doc->subtitle, "A long standfirst line that tells what the story is about in some detail");
    assert_string_equal(doc->author, "Jane Q. Public");
    assert_int_equal(doc->n_sentences, 4);
    assert_int_equal(doc->sentences[2].is_heading, 1);
    const orr_sentence *h = &doc->sentences[2];
    assert_int_equal(strncmp(doc->text + h->start, "What Comes Next", h->end - h->start), 0);
    assert_null(strstr(doc->text, "Courier"));
    assert_null(strstr(doc->text, "Twitter"));
    orr_doc_free(doc);
}

static void test_layout_byline_and_repeats(void **state) {
    (void)state;
    orr_doc *doc = layout("Subscribe now\n\nTalks Resume in Doha After Long Pause\n\nBy Amira Haddad\n\n"
                          "Sunday, March 2, 2025 10:30 GMT\n\n"
                          "Negotiators returned to Doha on Sunday. Both delegations arrived late.\n\n"
                          "Subscribe now\n\n"
                          "Mediators expect a draft text within the week.\n\nSubscribe now\n");
    assert_string_equal(doc->title, "Talks Resume in Doha After Long Pause");
    assert_null(doc->subtitle);
    assert_string_equal(doc->author, "Amira Haddad");
    assert_string_equal(doc->date, "2025-03-02");
    assert_null(strstr(doc->text, "Subscribe"));
    assert_int_equal(doc->n_sentences, 3);
    orr_doc_free(doc);
    doc = layout("The central bank held rates on Thursday. Markets had expected the move.\n\n"
                 "(Reporting by Leika Kihara; Editing by Sam Holmes)\n");
    assert_string_equal(doc->author, "Leika Kihara");
    assert_null(strstr(doc->text, "Reporting"));
    orr_doc_free(doc);
}

static void test_layout_page_without_blank_lines(void **state) {
    (void)state;
    /* one paragraph per line, no blank lines: lines are laid out one by one */
    orr_doc *doc = layout("Evening Gazette\nHome | World | Business\nCeasefire Holds Along the Border\n"
                          "Residents on both sides of the border reported a quiet night for the first time in weeks, "
                          "local officials said on Monday morning. Shops reopened in several towns.\n"
                          "Aid Convoys\n"
                          "The first aid convoys are due to cross on Tuesday, according to the United Nations office "
                          "that coordinates relief in the region. Officials hope for more.\n"
                          "Copyright 2025 Evening Gazette\n");
    assert_string_equal(doc->title, "Ceasefire Holds Along the Border");
    assert_int_equal(doc->n_sentences, 5);
    assert_int_equal(doc->sentences[2].is_heading, 1);
    assert_null(strstr(doc->text, "Gazette"));
    orr_doc_free(doc);
}

static void test_layout_plain_text_untouched(void **state) {
    (void)state;
    const char *one = "Putin spoke with Trump.";
    orr_doc *doc = layout(one);
    assert_null(doc->title);
    assert_string_equal(doc->text, one);
    assert_int_equal(doc->n_sentences, 1);
    orr_doc_free(doc);
    /* a single wrapped paragraph keeps its first line */
    const char *para = "The ministers met in Brussels\non Tuesday and agreed to talk again. Both sides\nwelcomed it.";
    doc = layout(para);
    assert_null(doc->title);
    assert_string_equal(doc->text, para);
    assert_int_equal(doc->n_sentences, 2);
    orr_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_abbreviations),
        cmocka_unit_test(test_split_initials_decimals_ie),
        cmocka_unit_test(test_split_quotes_ellipsis),
        cmocka_unit_test(test_split_danda),
        cmocka_unit_test(test_split_paragraphs_and_wrapping),
        cmocka_unit_test(test_split_keeps_preset_headings),
        cmocka_unit_test(test_tokenize_ud_english),
        cmocka_unit_test(test_tokenize_plain_shortcut),
        cmocka_unit_test(test_tokenize_offsets_and_words),
        cmocka_unit_test(test_clean_utf8_and_nfc),
        cmocka_unit_test(test_clean_reuters_one_bad_byte),
        cmocka_unit_test(test_layout_page),
        cmocka_unit_test(test_layout_byline_and_repeats),
        cmocka_unit_test(test_layout_page_without_blank_lines),
        cmocka_unit_test(test_layout_plain_text_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
