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

/* Build s from rows (text = the forms joined by spaces; each lemma the
   form, or lemma[i] when lemma and lemma[i] are given; the actor mentions
   m[0..n_m) when given) and repair it. */
static void repair_full(code_sent *s, orr_word *w, orr_token *tok, char *text, const row *r, size_t n,
                        const orr_dict_match *verbs, size_t n_verbs, const char *const *lemma,
                        code_mention *m, size_t n_m) {
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
    for (size_t i = 0; lemma && i < n; i++)
        if (lemma[i]) w[i].lemma = lemma[i];
    memset(s, 0, sizeof *s);
    s->text = text;
    s->tok = tok;
    s->n = n;
    s->w = w;
    s->m = m;
    s->n_m = s->cap_m = n_m;
    code_repair_parse(s, verbs, n_verbs);
}

static void repair_lemmas(code_sent *s, orr_word *w, orr_token *tok, char *text, const row *r, size_t n,
                          const orr_dict_match *verbs, size_t n_verbs, const char *const *lemma) {
    repair_full(s, w, tok, text, r, n, verbs, n_verbs, lemma, NULL, 0);
}

static void repair(code_sent *s, orr_word *w, orr_token *tok, char *text, const row *r, size_t n,
                   const orr_dict_match *verbs, size_t n_verbs) {
    repair_lemmas(s, w, tok, text, r, n, verbs, n_verbs, NULL);
}

/* Words w and tokens t declared for the rows r, then repaired with the
** n_verbs verb matches verbs (REPAIR_ROWS: with none, the common case of
** the tests below). */
#define REPAIR_ROWS_VERBS(w, t, r, verbs, n_verbs) \
    orr_word w[sizeof r / sizeof *r];              \
    orr_token t[sizeof r / sizeof *r];             \
    repair(&s, w, t, text, r, sizeof r / sizeof *r, verbs, n_verbs)
#define REPAIR_ROWS(w, t, r) REPAIR_ROWS_VERBS(w, t, r, NULL, 0)

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
    code_sent s;
    char text[256];
    REPAIR_ROWS(w, tok, r);
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
    REPAIR_ROWS(w2, tok2, g);
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
    code_sent s;
    char text[256];
    REPAIR_ROWS(w, tok, r);
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
    REPAIR_ROWS(w2, tok2, g);
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
    code_sent s;
    char text[256];
    orr_dict_match said = verb_at(5);
    REPAIR_ROWS_VERBS(w, tok, r, &said, 1);
    assert_int_equal(w[5].head, 0);
    assert_string_equal(w[5].deprel, "root");
    assert_int_equal(w[1].head, 3);
    assert_string_equal(w[1].deprel, "compound");
    assert_int_equal(w[8].head, 6);  /* the full stop goes to the verb */
    assert_int_equal(w[0].head, 2);
    /* not a verb of the dictionary: left alone */
    repair(&s, w, tok, text, r, sizeof r / sizeof *r, NULL, 0);
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

/* The accurate model's shapes (docs/coder.md, "Both parser models"). */

/* "Arnor security officials are about to restore full diplomatic ties
   with Gondor police" with "restore" an advcl of the adjective "about":
   the infinitive is the adjective's xcomp */
static void test_adjective_infinitive(void **state) {
    (void)state;
    static const row r[] = {
        {"officials", "NOUN", "NNS", 3, "nsubj"}, {"are", "AUX", "VBP", 3, "cop"},
        {"about", "ADJ", "JJ", 0, "root"},        {"to", "PART", "TO", 5, "mark"},
        {"restore", "VERB", "VB", 3, "advcl"},    {"ties", "NOUN", "NNS", 5, "obj"},
        {"with", "ADP", "IN", 8, "case"},         {"Gondor", "PROPN", "NNP", 5, "obl"},
    };
    code_sent s;
    char text[256];
    REPAIR_ROWS(w, tok, r);
    assert_string_equal(w[4].deprel, "xcomp");
    assert_int_equal(w[4].head, 3);
    /* a verb's purpose clause stays an adverbial: "sent troops to protect" */
    static const row g[] = {
        {"Arnor", "PROPN", "NNP", 2, "nsubj"}, {"sent", "VERB", "VBD", 0, "root"},
        {"troops", "NOUN", "NNS", 2, "obj"},   {"to", "PART", "TO", 5, "mark"},
        {"protect", "VERB", "VB", 2, "advcl"}, {"Gondor", "PROPN", "NNP", 5, "obj"},
    };
    REPAIR_ROWS(w2, tok2, g);
    assert_string_equal(w2[4].deprel, "advcl");
    /* nor an adjective that is no predicate (no copula): "an able man to lead" */
    static const row h[] = {
        {"Arnor", "PROPN", "NNP", 2, "nsubj"}, {"found", "VERB", "VBD", 0, "root"},
        {"able", "ADJ", "JJ", 2, "xcomp"},     {"to", "PART", "TO", 5, "mark"},
        {"lead", "VERB", "VB", 3, "advcl"},
    };
    REPAIR_ROWS(w3, tok3, h);
    assert_string_equal(w3[4].deprel, "advcl");
}

/* "Ethiopia has broken relations with Libya" with "has" the root and
   "broken" an adjective of its object: the perfect of "break" */
static void test_have_participle(void **state) {
    (void)state;
    static const row r[] = {
        {"Ethiopia", "PROPN", "NNP", 2, "nsubj"}, {"has", "VERB", "VBZ", 0, "root"},
        {"broken", "VERB", "VBN", 4, "amod"},     {"relations", "NOUN", "NNS", 2, "obj"},
        {"with", "ADP", "IN", 6, "case"},         {"Libya", "PROPN", "NNP", 4, "nmod"},
        {".", "PUNCT", ".", 2, "punct"},
    };
    enum { N = sizeof r / sizeof *r };
    code_sent s;
    orr_word w[N];
    orr_token tok[N];
    char text[256];
    static const char *const lemma[N] = {[1] = "have"};
    orr_dict_match broken = verb_at(2);
    repair_lemmas(&s, w, tok, text, r, N, &broken, 1, lemma);
    assert_int_equal(w[2].head, 0);
    assert_string_equal(w[2].deprel, "root");
    assert_string_equal(w[1].deprel, "aux");
    assert_int_equal(w[1].head, 3);
    assert_int_equal(w[0].head, 3);  /* the subject, object and stop move over */
    assert_string_equal(w[0].deprel, "nsubj");
    assert_int_equal(w[3].head, 3);
    assert_string_equal(w[3].deprel, "obj");
    assert_int_equal(w[6].head, 3);
    assert_int_equal(w[5].head, 4);  /* "with Libya" stays on "relations" */
    /* no verb form of the dictionary: left alone */
    repair_lemmas(&s, w, tok, text, r, N, NULL, 0, lemma);
    assert_int_equal(w[1].head, 0);
    assert_string_equal(w[2].deprel, "amod");
    /* another verb before the participle: "wants improved relations" */
    static const row g[] = {
        {"Arnor", "PROPN", "NNP", 2, "nsubj"},  {"wants", "VERB", "VBZ", 0, "root"},
        {"improved", "VERB", "VBN", 4, "amod"}, {"relations", "NOUN", "NNS", 2, "obj"},
    };
    enum { M = sizeof g / sizeof *g };
    orr_word w2[M];
    orr_token tok2[M];
    orr_dict_match improved = verb_at(2);
    repair(&s, w2, tok2, text, g, M, &improved, 1);
    assert_int_equal(w2[1].head, 0);
    assert_string_equal(w2[2].deprel, "amod");
}

/* "Arnor will abandon improved economic relations with Gondor …, a senior
   official said" with "improved relations" a clause of "said" and
   "abandon" left without object */
static void test_participle_object(void **state) {
    (void)state;
    static const row r[] = {
        {"Arnor", "PROPN", "NNP", 3, "nsubj"},   {"will", "AUX", "MD", 3, "aux"},
        {"abandon", "VERB", "VB", 0, "root"},    {"improved", "VERB", "VBN", 11, "ccomp"},
        {"relations", "NOUN", "NNS", 4, "obj"},  {"with", "ADP", "IN", 7, "case"},
        {"Gondor", "PROPN", "NNP", 5, "nmod"},   {",", "PUNCT", ",", 11, "punct"},
        {"an", "DET", "DT", 10, "det"},          {"official", "NOUN", "NN", 11, "nsubj"},
        {"said", "VERB", "VBD", 3, "parataxis"},
    };
    code_sent s;
    char text[256];
    REPAIR_ROWS(w, tok, r);
    assert_int_equal(w[4].head, 3);
    assert_string_equal(w[4].deprel, "obj");
    assert_int_equal(w[3].head, 5);
    assert_string_equal(w[3].deprel, "amod");
    assert_int_equal(w[6].head, 5);  /* "with Gondor" stays on "relations" */
    /* a participle with a subject of its own heads a clause ("said
       improved relations Gondor": the parse's reading is kept) */
    static const row g[] = {
        {"Arnor", "PROPN", "NNP", 2, "nsubj"},  {"said", "VERB", "VBD", 0, "root"},
        {"improved", "VERB", "VBN", 2, "ccomp"}, {"relations", "NOUN", "NNS", 3, "obj"},
        {"Gondor", "PROPN", "NNP", 3, "nsubj"},
    };
    REPAIR_ROWS(w2, tok2, g);
    assert_string_equal(w2[2].deprel, "ccomp");
    assert_int_equal(w2[3].head, 3);
    /* without it, the same words are "said [improved relations]" */
    static const row h[] = {
        {"Arnor", "PROPN", "NNP", 2, "nsubj"},  {"said", "VERB", "VBD", 0, "root"},
        {"improved", "VERB", "VBN", 2, "ccomp"}, {"relations", "NOUN", "NNS", 3, "obj"},
    };
    REPAIR_ROWS(w3, tok3, h);
    assert_string_equal(w3[2].deprel, "amod");
    assert_int_equal(w3[3].head, 2);
}

/* The distilled 96-unit model's shapes (docs/coder.md, "The distilled
   parser"). */

/* "Gollum centre of a diplomatic row between Radagast the Brown called on
   Gondor …" with "called" a reduced relative of "row", inside the
   predicate-less root noun's phrase: the sentence's one finite verb is
   its main verb, the root noun its subject */
static void test_deep_acl_main_verb(void **state) {
    (void)state;
    static const row r[] = {
        {"Gollum", "PROPN", "NNP", 2, "compound"}, {"centre", "NOUN", "NN", 0, "root"},
        {"of", "ADP", "IN", 5, "case"},            {"a", "DET", "DT", 5, "det"},
        {"row", "NOUN", "NN", 2, "nmod"},          {"between", "ADP", "IN", 7, "case"},
        {"Radagast", "PROPN", "NNP", 5, "nmod"},   {"called", "VERB", "VBD", 5, "acl"},
        {"on", "ADP", "IN", 10, "case"},           {"Gondor", "PROPN", "NNP", 8, "obl"},
        {"to", "PART", "TO", 12, "mark"},          {"leave", "VERB", "VB", 8, "advcl"},
        {".", "PUNCT", ".", 2, "punct"},
    };
    code_sent s;
    char text[256];
    orr_dict_match called = verb_at(7);
    REPAIR_ROWS_VERBS(w, tok, r, &called, 1);
    assert_int_equal(w[7].head, 0);
    assert_string_equal(w[7].deprel, "root");
    assert_int_equal(w[1].head, 8);
    assert_string_equal(w[1].deprel, "nsubj");
    assert_int_equal(w[4].head, 2);  /* "of a … row" stays on "centre" */
    /* another finite verb in the sentence: "the talks held … to settle it
       ended": the participle stays a reduced relative */
    static const row g[] = {
        {"A", "DET", "DT", 2, "det"},            {"row", "NOUN", "NN", 0, "root"},
        {"over", "ADP", "IN", 4, "case"},        {"talks", "NOUN", "NNS", 2, "nmod"},
        {"held", "VERB", "VBN", 4, "acl"},       {"to", "PART", "TO", 7, "mark"},
        {"settle", "VERB", "VB", 5, "advcl"},    {"ended", "VERB", "VBD", 2, "acl"},
    };
    enum { M = sizeof g / sizeof *g };
    orr_word w2[M];
    orr_token tok2[M];
    orr_dict_match held = verb_at(4);
    repair(&s, w2, tok2, text, g, M, &held, 1);
    assert_int_equal(w2[4].head, 4);
    assert_string_equal(w2[4].deprel, "acl");
    assert_int_equal(w2[1].head, 0);
}

/* "Fornost and the evil awful Gondor welcomed …" with "Gondor" the
   subject of the adjective "awful": the noun the adjective modifies */
static void test_adjective_subject(void **state) {
    (void)state;
    static const row r[] = {
        {"Fornost", "PROPN", "NNP", 7, "nsubj"}, {"and", "CCONJ", "CC", 4, "cc"},
        {"the", "DET", "DT", 4, "det"},          {"evil", "NOUN", "NN", 1, "conj"},
        {"awful", "ADJ", "JJ", 4, "amod"},       {"Gondor", "PROPN", "NNP", 5, "nsubj"},
        {"welcomed", "VERB", "VBD", 0, "root"},
    };
    code_sent s;
    char text[256];
    REPAIR_ROWS(w, tok, r);
    assert_int_equal(w[5].head, 4);
    assert_string_equal(w[5].deprel, "compound");
    assert_int_equal(w[4].head, 6);
    assert_string_equal(w[4].deprel, "amod");
    /* with a copula the adjective is a predicate: left alone */
    static const row g[] = {
        {"an", "DET", "DT", 2, "det"},          {"ally", "NOUN", "NN", 0, "root"},
        {"happy", "ADJ", "JJ", 2, "amod"},      {"Gondor", "PROPN", "NNP", 3, "nsubj"},
        {"was", "AUX", "VBD", 3, "cop"},
    };
    REPAIR_ROWS(w2, tok2, g);
    assert_int_equal(w2[3].head, 3);
    assert_string_equal(w2[3].deprel, "nsubj");
}

/* "On February 18, 2025, US Secretary of State Marco Rubio … held a
   meeting" with "Rubio" an apposition of "18": the verb's subject */
static void test_date_apposition(void **state) {
    (void)state;
    static const row r[] = {
        {"On", "ADP", "IN", 3, "case"},         {"February", "PROPN", "NNP", 3, "nmod:unmarked"},
        {"18", "NUM", "CD", 7, "obl"},          {",", "PUNCT", ",", 5, "punct"},
        {"Rubio", "PROPN", "NNP", 3, "appos"},  {"then", "ADV", "RB", 7, "advmod"},
        {"held", "VERB", "VBD", 0, "root"},     {"talks", "NOUN", "NNS", 7, "obj"},
    };
    enum { N = sizeof r / sizeof *r };
    code_sent s;
    orr_word w[N];
    orr_token tok[N];
    char text[256];
    code_mention m[1];
    memset(m, 0, sizeof m);
    m[0].start = 4;
    m[0].end = 5;
    m[0].head = 4;
    m[0].code = "USAGOV";
    repair_full(&s, w, tok, text, r, N, NULL, 0, NULL, m, 1);
    assert_int_equal(w[4].head, 7);
    assert_string_equal(w[4].deprel, "nsubj");
    /* the verb has a subject: the parse is kept */
    static const row g[] = {
        {"On", "ADP", "IN", 2, "case"},         {"18", "NUM", "CD", 5, "obl"},
        {"Rubio", "PROPN", "NNP", 2, "appos"},  {"he", "PRON", "PRP", 5, "nsubj"},
        {"held", "VERB", "VBD", 0, "root"},
    };
    enum { M = sizeof g / sizeof *g };
    orr_word w2[M];
    orr_token tok2[M];
    m[0].start = 2;
    m[0].end = 3;
    m[0].head = 2;
    repair_full(&s, w2, tok2, text, g, M, NULL, 0, NULL, m, 1);
    assert_string_equal(w2[2].deprel, "appos");
    /* an uncoded name in apposition: left alone */
    m[0].start = 4;
    m[0].end = 5;
    m[0].head = 4;
    m[0].code = "";
    repair_full(&s, w, tok, text, r, N, NULL, 0, NULL, m, 1);
    assert_string_equal(w[4].deprel, "appos");
}

/* "Ithilen's militia vowed on Thursday to wage war …" with "vowed" a
   participle and "militia" its passive subject, no auxiliary: the past tense */
static void test_bare_passive(void **state) {
    (void)state;
    static const row r[] = {
        {"militia", "NOUN", "NN", 2, "nsubj:pass"}, {"vowed", "VERB", "VBN", 0, "root"},
        {"to", "PART", "TO", 4, "mark"},            {"wage", "VERB", "VB", 2, "advcl"},
        {"war", "NOUN", "NN", 4, "obj"},            {".", "PUNCT", ".", 2, "punct"},
    };
    code_sent s;
    char text[256];
    REPAIR_ROWS(w, tok, r);
    assert_string_equal(w[0].deprel, "nsubj");
    assert_string_equal(w[1].xpos, "VBD");
    /* a headline (no full stop) keeps its passive: "Diplomat expelled" */
    repair(&s, w, tok, text, r, sizeof r / sizeof *r - 1, NULL, 0);
    assert_string_equal(w[0].deprel, "nsubj:pass");
    /* "The Philippines was heavily criticized" with "was" hung on the
       adverb: an auxiliary between them makes the passive */
    static const row g[] = {
        {"Philippines", "PROPN", "NNP", 4, "nsubj:pass"}, {"was", "AUX", "VBD", 3, "cop"},
        {"heavily", "ADV", "RB", 4, "advmod"},           {"criticized", "VERB", "VBN", 0, "root"},
        {".", "PUNCT", ".", 4, "punct"},
    };
    REPAIR_ROWS(w2, tok2, g);
    assert_string_equal(w2[0].deprel, "nsubj:pass");
    /* a "by" agent, or a form that is no past tense ("taken"), too */
    static const row h[] = {
        {"diplomat", "NOUN", "NN", 2, "nsubj:pass"}, {"expelled", "VERB", "VBN", 0, "root"},
        {"by", "ADP", "IN", 4, "case"},              {"Britain", "PROPN", "NNP", 2, "obl"},
        {".", "PUNCT", ".", 2, "punct"},
    };
    REPAIR_ROWS(w3, tok3, h);
    assert_string_equal(w3[0].deprel, "nsubj:pass");
    static const row t[] = {
        {"diplomat", "NOUN", "NN", 2, "nsubj:pass"}, {"taken", "VERB", "VBN", 0, "root"},
        {"away", "ADV", "RB", 2, "advmod"},          {".", "PUNCT", ".", 2, "punct"},
    };
    REPAIR_ROWS(w4, tok4, t);
    assert_string_equal(w4[0].deprel, "nsubj:pass");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gerund_adverbial),
        cmocka_unit_test(test_predicate_adjective),
        cmocka_unit_test(test_root_relative),
        cmocka_unit_test(test_adjective_infinitive),
        cmocka_unit_test(test_have_participle),
        cmocka_unit_test(test_participle_object),
        cmocka_unit_test(test_deep_acl_main_verb),
        cmocka_unit_test(test_adjective_subject),
        cmocka_unit_test(test_date_apposition),
        cmocka_unit_test(test_bare_passive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
