/*
** test_code_prefilter.c — the coder skips the tag and parse of a sentence
** only when no event can come of it (orr_coded.n_parsed counts parses):
** no dictionary verb, a comma is no verb, all actor codes one actor (with
** or without one agent), while actors of one country with two different
** agents ("Russian police arrested Russian students") are still parsed
** and coded, and so are sentences with "former" (an office becomes ELI).
** Skips when the model (data/models/en.model) is not there.
*/
#include "coder_fixture.h"

/* Code one sentence; *events gets "SRC>TGT:CODE ..." (empty if none). */
static size_t parsed(void **state, const char *text, char *events, size_t size) {
    fixture *f = *state;
    orr_coded out;
    orr_error err;
    orr_arena_reset(f->arena);
    assert_int_equal(orr_code_text(f->coder, f->arena, text, "2025-02-18", &out, &err), ORR_OK);
    size_t len = 0;
    events[0] = 0;
    for (size_t i = 0; i < out.n_events && len < size; i++)
        len += (size_t)snprintf(events + len, size - len, "%s%s>%s:%s", i ? " " : "", out.events[i].source,
                                out.events[i].target, out.events[i].code);
    return out.n_parsed;
}


static void test_skipped(void **state) {
    NEED_MODEL();
    char ev[256];
    /* no dictionary verb (a comma is none: CAMEO.2.0.txt once made it one) */
    assert_int_equal(parsed(state, "Russia, Ukraine and Japan, a list.", ev, sizeof ev), 0);
    /* one actor twice: it cannot act on itself */
    assert_int_equal(parsed(state, "The United States said the U.S. economy grew.", ev, sizeof ev), 0);
    assert_string_equal(ev, "");
    /* USAGOV and USA, one agent: the same actor (no pattern marks both) */
    assert_int_equal(parsed(state, "U.S. officials said the United States would help.", ev, sizeof ev), 0);
    assert_string_equal(ev, "");
}

static void test_parsed(void **state) {
    NEED_MODEL();
    char ev[256];
    assert_int_equal(parsed(state, "Russia accused Ukraine of shelling.", ev, sizeof ev), 1);
    assert_string_equal(ev, "RUS>UKR:112");
    /* one country, two agents: two actors */
    assert_int_equal(parsed(state, "Russian police arrested Russian students.", ev, sizeof ev), 1);
    assert_string_equal(ev, "RUSCOP>RUSEDU:173");
    assert_int_equal(parsed(state, "U.S. officials accused U.S. police of lying.", ev, sizeof ev), 1);
    assert_string_equal(ev, "USAGOV>USACOP:112");
    /* "former" makes an office ELI (mention.c): USAGOV twice is then two actors */
    assert_int_equal(parsed(state, "U.S. officials criticized former U.S. officials.", ev, sizeof ev), 1);
    assert_string_equal(ev, "USAGOV>USAELI:111");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skipped),
        cmocka_unit_test(test_parsed),
    };
    return cmocka_run_group_tests(tests, coder_fixture_setup, coder_fixture_teardown);
}
