/*
** test_pattern.c — the verb-pattern matcher (src/code/pattern.c) on
** hand-made sentences and a small verb dictionary: plural and lemma forms,
** "A/B" alternatives, synsets with one- and two-word members, negation,
** the word set that rejects patterns early (a pattern whose word is absent
** must lose to a shorter one that matches), the per-synset cache (the same
** synset before and after the verb), tokens too long for the window's
** buffers (the slow path must still match them), and the window's own
** comparison against code_token_is() on many token/word pairs.
*/
#include "testutil.h"
#include "code/code.h"

#include <ctype.h>
#include <stdint.h>

static const char verbs[] =
    "&NEGWORD\n+NOT\n+NO_LONGER\n"
    "&MONEY\n+CASH\n+HARD_CURRENCY\n"
    "---  ALTER   [---]  ---\n"
    "ALTER\n"
    "- * DEAL  [031]\n"
    "- * BOX  [032]\n"
    "- * TREATY/PACT  [033]\n"
    "- * &MONEY  [034]\n"
    "- &MONEY * &MONEY  [035]\n"
    "- &NEGWORD * DEAL  [036]\n"
    "- * DEAL WITH ZEBRAS  [037]\n"
    "- * SUPERCALIFRAGILISTICEXPIALIDOCIOUSLYLONGWORDTOKEN  [038]\n"
    "- * WORLD  [039]\n";

typedef struct fixture {
    orr_dict *dict;
    void *bin;
    orr_arena *arena;
} fixture;

static int setup(void **state) {
    static fixture f;
    orr_error err;
    orr_dict_builder *b = orr_dict_builder_new(NULL, NULL);
    if (!b || orr_dict_builder_add_mem(b, "CAMEO.test.txt", verbs, strlen(verbs), ORR_DICT_VERBS, &err))
        return -1;
    size_t len;
    if (orr_dict_builder_compile(b, &f.bin, &len, &err)) return -1;
    orr_dict_builder_free(b);
    if (orr_dict_open_mem(&f.dict, f.bin, len, &err)) return -1;
    f.arena = orr_arena_new(1 << 14);
    *state = &f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    orr_dict_close(f->dict);
    free(f->bin);
    orr_arena_free(f->arena);
    return 0;
}

/*
** Code `text` whose verb is the token `verb` ("altered"): returns the best
** pattern's code, or "none".  lemma_of/lemma give one token a lemma
** (other tokens have none).
*/
static const char *best(void **state, const char *text, const char *verb, const char *lemma_of,
                        const char *lemma, int need_neg) {
    fixture *f = *state;
    orr_error err;
    orr_arena_reset(f->arena);
    code_sent s;
    memset(&s, 0, sizeof s);
    s.text = text;
    orr_token *tok;
    assert_int_equal(orr_text_tokenize(f->arena, text, 0, strlen(text), &tok, &s.n, &err), ORR_OK);
    s.tok = tok;
    size_t v = SIZE_MAX;
    orr_word *w = orr_arena_alloc(f->arena, s.n * sizeof *w);
    memset(w, 0, s.n * sizeof *w);
    for (size_t i = 0; i < s.n; i++) {
        size_t n = tok[i].end - tok[i].start;
        if (strlen(verb) == n && !strncmp(text + tok[i].start, verb, n)) v = i;
        if (lemma_of && strlen(lemma_of) == n && !strncmp(text + tok[i].start, lemma_of, n))
            w[i].lemma = lemma;
    }
    s.w = lemma_of ? w : NULL;
    assert_true(v != SIZE_MAX);
    const char *code = NULL, *code2 = NULL;
    orr_dict_pattern pattern;
    size_t words, src, tgt, first, after_end;
    if (!code_pattern_best(f->dict, 0, &s, v, v + 1, SIZE_MAX, &code, &code2, &words, &pattern,
                           &src, &tgt, need_neg, &first, &after_end))
        return "none";
    return code;
}

static void test_words(void **state) {
    assert_string_equal(best(state, "They altered the deal.", "altered", NULL, NULL, 0), "031");
    assert_string_equal(best(state, "They altered the deals.", "altered", NULL, NULL, 0), "031");
    assert_string_equal(best(state, "They altered two boxes.", "altered", NULL, NULL, 0), "032");
    assert_string_equal(best(state, "They altered a pact.", "altered", NULL, NULL, 0), "033");
    assert_string_equal(best(state, "They altered a Treaty.", "altered", NULL, NULL, 0), "033");
    assert_string_equal(best(state, "They altered the plan.", "altered", NULL, NULL, 0), "none");
    /* the lemma matches when the form does not */
    assert_string_equal(best(state, "They altered the dealings.", "altered", NULL, NULL, 0), "none");
    assert_string_equal(best(state, "They altered the dealings.", "altered", "dealings", "deal", 0),
                        "031");
    /* the longer pattern needs ZEBRAS: absent, the shorter one wins */
    assert_string_equal(best(state, "They altered the deal with lions.", "altered", NULL, NULL, 0), "031");
    assert_string_equal(best(state, "They altered the deal with zebras.", "altered", NULL, NULL, 0), "037");
    /* past PATTERN_AFTER tokens the word is out of reach */
    assert_string_equal(best(state, "They altered a b c d e f g h i j k l m n o p deal.", "altered", NULL,
                             NULL, 0), "none");
}

static void test_synsets(void **state) {
    assert_string_equal(best(state, "They altered the cash.", "altered", NULL, NULL, 0), "034");
    assert_string_equal(best(state, "They altered hard currency.", "altered", NULL, NULL, 0), "034");
    assert_string_equal(best(state, "They altered hard times.", "altered", NULL, NULL, 0), "none");
    /* the same synset before and after the verb (answers kept per side) */
    assert_string_equal(best(state, "Cash altered hard currency.", "altered", NULL, NULL, 0), "035");
    assert_string_equal(best(state, "Hard currency altered cash.", "altered", NULL, NULL, 0), "035");
    assert_string_equal(best(state, "Hard altered currency cash.", "altered", NULL, NULL, 0), "034");
    /* negation: only a pattern that spells it counts when it is needed */
    assert_string_equal(best(state, "They did not altered the deal.", "altered", NULL, NULL, 1), "036");
    assert_string_equal(best(state, "They no longer altered the deal.", "altered", NULL, NULL, 0), "036");
    /* (negation is NOT, N'T or NEVER among the matched words) */
    assert_string_equal(best(state, "They no longer altered the deal.", "altered", NULL, NULL, 1), "none");
    assert_string_equal(best(state, "They altered the deal.", "altered", NULL, NULL, 1), "none");
}

static void test_long_tokens(void **state) {
    /* a token longer than the window's buffers takes the slow path */
    assert_string_equal(best(state, "They altered supercalifragilisticexpialidociouslylongwordtoken.",
                             "altered", NULL, NULL, 0), "038");
    assert_string_equal(best(state, "They altered supercalifragilisticexpialidociouslylongwordtokens now.",
                             "altered", NULL, NULL, 0), "038");
    /* and does not hide the other words of the window */
    assert_string_equal(best(state, "They altered supercalifragilisticexpialidociouslylongwordtokenx the deal.",
                             "altered", NULL, NULL, 0), "031");
    assert_string_equal(best(state, "Cash altered supercalifragilisticexpialidociouslylongwordtokenx cash.",
                             "altered", NULL, NULL, 0), "035");
    /* a long lemma too */
    assert_string_equal(best(state, "They altered the worlds.", "altered", "worlds",
                             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0), "039");
}

/*
** The window's fast comparison and its word set against code_token_is(),
** the rule they copy: for every token of a few sentences, the word made
** of its upper-case stem (0-3 letters cut) and common endings, with and
** without a lemma.  A rule added to code_token_is() and not to the window
** fails here.
*/
static void test_window_agrees(void **state) {
    fixture *f = *state;
    static const char *const texts[] = {
        "Policies of the babies' churches: boxes, taxes, wishes, heroes and cities were studied.",
        "He says she'd been meeting ministers at the U.S. embassy's gates on Mon. 3rd March.",
        "supercalifragilisticexpialidociouslylongwordtokens ran; Iran's mixes, buses, Ys, S and ES.",
    };
    static const char *const endings[] = {"", "Y", "E", "S", "ES", "IES", "ING", "ED", "'S", "_X"};
    orr_error err;
    size_t checked = 0;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        for (int with_lemma = 0; with_lemma < 2; with_lemma++) {
            orr_arena_reset(f->arena);
            code_sent s;
            memset(&s, 0, sizeof s);
            s.text = texts[t];
            orr_token *tok;
            assert_int_equal(orr_text_tokenize(f->arena, s.text, 0, strlen(s.text), &tok, &s.n, &err), ORR_OK);
            s.tok = tok;
            orr_word *w = orr_arena_alloc(f->arena, s.n * sizeof *w);
            memset(w, 0, s.n * sizeof *w);
            for (size_t i = 0; i < s.n; i++)  /* lemma: the form less its last letter */
                w[i].lemma = orr_arena_strndup(f->arena, s.text + tok[i].start,
                                               tok[i].end - tok[i].start > 1 ? tok[i].end - tok[i].start - 1 : 1);
            s.w = with_lemma ? w : NULL;
            for (size_t i = 0; i < s.n; i++) {
                size_t n = tok[i].end - tok[i].start;
                char up[128];
                for (size_t k = 0; k < n && k < sizeof up; k++)
                    up[k] = (char)toupper((unsigned char)s.text[tok[i].start + k]);
                for (size_t cut = 0; cut <= 3 && cut <= n && n < 100; cut++)
                    for (size_t e = 0; e < sizeof endings / sizeof endings[0]; e++) {
                        char word[160];
                        size_t len = n - cut;
                        memcpy(word, up, len);
                        memcpy(word + len, endings[e], strlen(endings[e]));
                        len += strlen(endings[e]);
                        int in_set, fast = code_token_is_windowed(&s, i, word, len, &in_set);
                        int slow = code_token_is(&s, i, word, len);
                        if (fast != slow || (slow && !in_set))
                            fail_msg("token '%.*s', word '%.*s': code_token_is %d, window %d, set %d",
                                     (int)n, s.text + tok[i].start, (int)len, word, slow, fast, in_set);
                        checked++;
                    }
            }
        }
    }
    assert_true(checked > 1000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_synsets),
        cmocka_unit_test(test_long_tokens),
        cmocka_unit_test(test_window_agrees),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
