/*
** test_code_repair.c — the parse repairs of src/code/repair.c on parses
** written out by hand, so that each repair is tested on the exact shape a
** parser model produced, whichever model ships: the sixth pass's shapes
** came from a retrained model (docs/coder.md, "sixth pass") and the
** shipped model parses the same sentences another way.
*/
#include "testutil.h"

#include "code/code.h"

/* One word of a hand-written parse: form, UPOS, XPOS, head (1-based), relation. */
typedef struct row {
    const char *form, *upos, *xpos;
    int head;
    const char *deprel;
} row;

/* Build s from rows (text = the forms joined by spaces) and repair it. */
static void repair(code_sent *s, orr_word *w, orr_token *tok, char *text, const row *r, size_t n,
                   const orr_dict_match *verbs, size_t n_verbs) {
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(r[i].form);
        tok[i].start = (uint32_t)len;
        memcpy(text + len, r[i].form, k);
        len += k;
        tok[i].end = (uint32_t)len;
        text[len++] = ' ';
        w[i] = (orr_word){.form = r[i].form, .lemma = r[i].form, .upos = r[i].upos, .xpos = r[i].xpos,
                          .head = r[i].head, .deprel = r[i].deprel};
    }
    text[len] = 0;
    memset(s, 0, sizeof *s);
    s->text = text;
    s->tok = tok;
    s->n = n;
    s->w = w;
    code_repair_parse(s, verbs, n_verbs);
}

static orr_dict_match verb_at(size_t t) {
    orr_dict_match m;
    memset(&m, 0, sizeof m);
    m.start = t;
    m.end = t + 1;
    m.type = ORR_MATCH_VERB;
    return m;
}

/* "rescheduled his annual mushroom hunting trip in the White Downs" with
   the gerund an adverbial clause of the verb (not an acl of "mushroom"):
   one compound noun, "trip" the object, "in the White Downs" its modifier */
static void test_gerund_adverbial(void **state) {
    (void)state;
    static const row r[] = {
        {"Hamfast", "PROPN", "NNP", 2, "flat"}, {"Gamgee", "PROPN", "NNP", 4, "nsubj"},
        {"has", "AUX", "VBZ", 4, "aux"},        {"rescheduled", "VERB", "VBN", 0, "root"},
        {"his", "PRON", "PRP$", 7, "nmod:poss"}, {"annual", "ADJ", "JJ", 7, "amod"},
        {"mushroom", "NOUN", "NN", 4, "obj"},   {"hunting", "VERB", "VBG", 4, "advcl"},
        {"trip", "NOUN", "NN", 8, "obj"},       {"in", "ADP", "IN", 13, "case"},
        {"the", "DET", "DT", 13, "det"},        {"White", "PROPN", "NNP", 13, "flat"},
        {"Downs", "PROPN", "NNP", 8, "obl"},    {".", "PUNCT", ".", 4, "punct"},
    };
    enum { N = sizeof r / sizeof *r };
    code_sent s;
    orr_word w[N];
    orr_token tok[N];
    char text[256];
    repair(&s, w, tok, text, r, N, NULL, 0);
    assert_int_equal(w[8].head, 4);
    assert_string_equal(w[8].deprel, "obj");
    assert_int_equal(w[6].head, 9);
    assert_string_equal(w[6].deprel, "compound");
    assert_int_equal(w[7].head, 9);
    assert_string_equal(w[7].upos, "NOUN");
    assert_int_equal(w[12].head, 9);  /* "in the White Downs": the trip's */
    assert_string_equal(w[12].deprel, "nmod");
    assert_int_equal(w[4].head, 9);   /* "his" trip */
    /* a gerund with a determined object is a gerund: "sent troops, taking the city" */
    static const row g[] = {
        {"Russia", "PROPN", "NNP", 2, "nsubj"}, {"sent", "VERB", "VBD", 0, "root"},
        {"troops", "NOUN", "NNS", 2, "obj"},    {"taking", "VERB", "VBG", 2, "advcl"},
        {"the", "DET", "DT", 6, "det"},         {"city", "NOUN", "NN", 4, "obj"},
    };
    enum { M = sizeof g / sizeof *g };
    orr_word w2[M];
    orr_token tok2[M];
    repair(&s, w2, tok2, text, g, M, NULL, 0);
    assert_string_equal(w2[3].deprel, "advcl");
    assert_int_equal(w2[5].head, 4);
}

/* "allowed that Mordor isn't a real easy or pleasant place" with "place"
   the verb's object and the clause's subject, copula, "that" and "n't"
   hung on the adjective "easy": the noun heads a clausal complement */
static void test_predicate_adjective(void **state) {
    (void)state;
    static const row r[] = {
        {"Gollum", "PROPN", "NNP", 2, "nsubj"}, {"allowed", "VERB", "VBD", 0, "root"},
        {"that", "SCONJ", "IN", 9, "mark"},     {"Mordor", "PROPN", "NNP", 9, "nsubj"},
        {"is", "AUX", "VBZ", 9, "cop"},         {"n't", "PART", "RB", 9, "advmod"},
        {"a", "DET", "DT", 9, "det"},           {"real", "ADJ", "JJ", 9, "advmod"},
        {"easy", "ADJ", "JJ", 12, "amod"},      {"or", "CCONJ", "CC", 11, "cc"},
        {"pleasant", "ADJ", "JJ", 9, "conj"},   {"place", "NOUN", "NN", 2, "obj"},
        {"to", "PART", "TO", 14, "mark"},       {"visit", "VERB", "VB", 12, "acl"},
        {".", "PUNCT", ".", 2, "punct"},
    };
    enum { N = sizeof r / sizeof *r };
    code_sent s;
    orr_word w[N];
    orr_token tok[N];
    char text[256];
    repair(&s, w, tok, text, r, N, NULL, 0);
    assert_string_equal(w[11].deprel, "ccomp");
    assert_int_equal(w[11].head, 2);
    assert_int_equal(w[3].head, 12);  /* Mordor: the clause's subject */
    assert_int_equal(w[2].head, 12);
    assert_int_equal(w[4].head, 12);
    assert_int_equal(w[5].head, 12);  /* n't */
    assert_int_equal(w[7].head, 9);   /* "real" still modifies "easy" */
    assert_int_equal(w[8].head, 12);
    /* an adjective without a subject of its own is left alone */
    static const row g[] = {
        {"Russia", "PROPN", "NNP", 2, "nsubj"}, {"called", "VERB", "VBD", 0, "root"},
        {"an", "DET", "DT", 5, "det"},          {"easy", "ADJ", "JJ", 5, "amod"},
        {"place", "NOUN", "NN", 2, "obj"},
    };
    enum { M = sizeof g / sizeof *g };
    orr_word w2[M];
    orr_token tok2[M];
    repair(&s, w2, tok2, text, g, M, NULL, 0);
    assert_string_equal(w2[4].deprel, "obj");
}

/* "The information ministry of Gondor said on Friday that …" with the
   root "information" and "said" a relative clause whose subject is the
   next word: "said" is the main verb, "information" a compound */
static void test_root_relative(void **state) {
    (void)state;
    static const row r[] = {
        {"The", "DET", "DT", 2, "det"},          {"information", "NOUN", "NN", 0, "root"},
        {"ministry", "NOUN", "NN", 6, "nsubj"},  {"of", "ADP", "IN", 5, "case"},
        {"Gondor", "PROPN", "NNP", 3, "nmod"},   {"said", "VERB", "VBD", 2, "acl:relcl"},
        {"on", "ADP", "IN", 8, "case"},          {"Friday", "PROPN", "NNP", 6, "obl"},
        {".", "PUNCT", ".", 2, "punct"},
    };
    enum { N = sizeof r / sizeof *r };
    code_sent s;
    orr_word w[N];
    orr_token tok[N];
    char text[256];
    orr_dict_match said = verb_at(5);
    repair(&s, w, tok, text, r, N, &said, 1);
    assert_int_equal(w[5].head, 0);
    assert_string_equal(w[5].deprel, "root");
    assert_int_equal(w[1].head, 3);
    assert_string_equal(w[1].deprel, "compound");
    assert_int_equal(w[8].head, 6);  /* the full stop goes to the verb */
    assert_int_equal(w[0].head, 2);
    /* not a verb of the dictionary: left alone */
    repair(&s, w, tok, text, r, N, NULL, 0);
    assert_int_equal(w[1].head, 0);
    assert_string_equal(w[5].deprel, "acl:relcl");
    /* a real relative clause: "the report that the ministry published" */
    static const row g[] = {
        {"The", "DET", "DT", 2, "det"},          {"report", "NOUN", "NN", 0, "root"},
        {"that", "PRON", "WDT", 6, "obj"},       {"the", "DET", "DT", 5, "det"},
        {"ministry", "NOUN", "NN", 6, "nsubj"},  {"published", "VERB", "VBD", 2, "acl:relcl"},
    };
    enum { M = sizeof g / sizeof *g };
    orr_word w2[M];
    orr_token tok2[M];
    orr_dict_match pub = verb_at(5);
    repair(&s, w2, tok2, text, g, M, &pub, 1);
    assert_int_equal(w2[1].head, 0);
    assert_string_equal(w2[5].deprel, "acl:relcl");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gerund_adverbial),
        cmocka_unit_test(test_predicate_adjective),
        cmocka_unit_test(test_root_relative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
