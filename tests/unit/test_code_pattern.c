/*
** test_code_pattern.c — where a verb pattern's words after the verb may
** match (src/code/pattern.c, win_clause_verb): in the verb's own phrase,
** not in a later clause reached by skipping a verb that begins it.  Each
** test pairs sentences the rule stops with sentences of the same shape
** that must still code, on short invented sentences coded by the whole
** pipeline.  Skips when the model (data/models/en.model) is not there.
*/
#include "coder_fixture.h"

/* Each table is of code_case rows checked by CHECK (coder_fixture.h). */

/* "(TO)": WELCOME's "welcomed X to Y" (042/043) needs the "to" in the
   verb's own phrase, not after "decision to appoint" */
static void test_prep_group(void **state) {
    NEED_MODEL();
    static const code_case cases[] = {
        {"Egypt welcomed Israel's decision to appoint a new envoy to Jordan.", "EGY", "ISR", "04", 0},
        {"Egypt welcomed Israel's decision to appoint a new envoy to Jordan.", "EGY", "ISR", "05", 1},
        {"Egypt welcomed the Israeli delegation to Cairo.", "EGY", "ISR", "043", 1},
        {"France has agreed with Gabon to reschedule its debt.", "FRA", "GAB", "030", 1},
    };
    CHECK(state, cases);
}

/* a word after the verb ("* TRIP", "* OFFENSIVE", "* SUPPORT") is not
   found inside a clause that begins with another verb */
static void test_later_clause(void **state) {
    NEED_MODEL();
    static const code_case cases[] = {
        {"The Danish government said it planned tax changes to discourage people making shopping trips to "
         "West Germany.", "DNKGOV", "DEU", "036", 0},
        {"The Danish government said it planned a trip to West Germany.", "DNKGOV", "DEU", "036", 1},
        {"Iran reported launching a new offensive, while Iraq said its forces had repulsed the attack.",
         "IRN", "IRQ", "138", 0},
        {"Iran reported a new offensive against Iraq.", "IRN", "IRQ", "138", 1},
        {"The World Bank said it has loaned Kenya 40 mln dlrs to help support a farm credit project.",
         "IGOUNODEVWBK", "KEN", "051", 0},
        {"The World Bank said it has loaned Kenya 40 mln dlrs to help support a farm credit project.",
         "IGOUNODEVWBK", "KEN", "071", 1},
    };
    CHECK(state, cases);
}

/* verbs that continue the verb's own predicate are skipped: its open
   complement ("agreed to form ... with"), a participle inside a noun
   phrase ("its escalating dispute") */
static void test_own_predicate(void **state) {
    NEED_MODEL();
    static const code_case cases[] = {
        {"Britain agreed to form a joint venture with the Netherlands.", "GBR", "NLD", "030", 1},
        {"Japan intervened to try to resolve its escalating dispute with the United States.", "JPN", "USA",
         "039", 1},
        {"Brazil will export 6,000 tonnes of poultry to Iraq.", "BRA", "IRQ", "061", 1},
        {"France called for talks with Germany.", "FRA", "DEU", "036", 1},
    };
    CHECK(state, cases);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prep_group),
        cmocka_unit_test(test_later_clause),
        cmocka_unit_test(test_own_predicate),
    };
    return cmocka_run_group_tests(tests, coder_fixture_setup, coder_fixture_teardown);
}
