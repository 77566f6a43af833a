/*
** test_code_verbs.c — the verb senses the shipped dictionary fixes for
** news (data/dict/README.md, "Fixes for news"; current.verbs.txt and the
** edits of CAMEO.2.0.txt listed in data/NOTICE), each on short invented
** sentences coded by the whole pipeline: what a saying verb reports is
** not coded from the saying verb's block patterns; taking, issuing,
** leading, managing, wanting, adding, failing and tendering are no
** events by themselves, while the
** patterns that say what was taken or issued still code; considering is
** 014.  Skips when the model (data/models/en.model) is not there.
*/
#include "coder_fixture.h"

/* The events of a text on a date of the Reuters era. */
static orr_coded code(void **state, const char *text) { return code_text(state, text, "1987-03-01"); }

/* SAY and TELL keep only the patterns written for them: the nouns of what
   was said ("attacked", "plans") are not read as the statement's code */
static void test_saying(void **state) {
    NEED_MODEL();
    orr_coded c = code(state, "Iran said American forces attacked its oil platforms in the Gulf.");
    assert_false(has_event(&c, "IRN", "USA", "19"));
    assert_true(has_event(&c, "IRN", "USA", "010"));
    c = code(state, "The Kuwaiti oil minister said there were no plans for an emergency OPEC meeting.");
    assert_false(has_event(&c, "KWT", "IGOOPC", "03"));
    assert_true(has_event(&c, "KWT", "IGOOPC", "010"));
    /* a pattern written for SAY still codes */
    c = code(state, "Japan said it was sorry for the incident with China.");
    assert_true(has_event(&c, "JPN", "CHN", "055"));
    /* and ANNOUNCE keeps the block's patterns */
    c = code(state, "Japan announced plans to cooperate with China on energy.");
    assert_true(has_event(&c, "JPN", "CHN", "03"));
}

/* TAKE is no seizure by itself; taking people or action against someone is coded */
static void test_take(void **state) {
    NEED_MODEL();
    orr_coded c = code(state, "Poland took more Cuban sugar last year.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "A Japanese bank has taken a stake in a Danish dairy.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "Lebanese gunmen took two French engineers hostage.");
    assert_true(has_event(&c, "LBNUAF", "FRACVL", "181"));
    c = code(state, "Syrian police took two Israeli citizens into custody.");
    assert_true(has_event(&c, "SYRCOP", "ISRCVL", "173"));
    c = code(state, "The United States will take action against Iran.");
    assert_true(has_event(&c, "USA", "IRN", "170"));
}

/* ISSUE: bonds and notes are no grant; a warning or a statement still codes */
static void test_issue(void **state) {
    NEED_MODEL();
    orr_coded c = code(state, "Belgium is issuing 100 million Swiss francs of notes.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "Syria issued a warning to Israel on Tuesday.");
    assert_true(has_event(&c, "SYR", "ISR", "130"));
}

/* LEAD is no intent to cooperate ("lead to" is causation), managing and
   heading no material cooperation; LEAD's own patterns still code */
static void test_lead_manage(void **state) {
    NEED_MODEL();
    orr_coded c = code(state, "An upturn in the U.S. economy will lead to increased demand for Canadian goods.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "Long delays on the Kenyan border have led Uganda to re-route its coffee exports.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "The talks are headed by the Argentine finance minister and Mexican bankers.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "The Japanese foreign minister will lead a delegation to China next week.");
    assert_true(has_event(&c, "JPNGOV", "CHN", "036"));
}

/* WANT takes no pattern written for PRESS ("pressed on" 190) and is no
   act by itself; what is wanted still codes */
static void test_want(void **state) {
    NEED_MODEL();
    orr_coded c = code(state, "The U.S. wants Japan to eliminate import controls on farm products.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "Britain wants Japan to agree a timetable with the United States.");
    assert_int_equal(c.n_events, 0);  /* what is wished is not done (coder.c, is_unwilled) */
    c = code(state, "The Reagan administration wants to encourage trade with the Soviet Union.");
    assert_false(has_event(&c, "USAGOV", "SUN", "051"));  /* no encouragement yet */
    assert_true(has_event(&c, "USAGOV", "SUN", "0311"));  /* WANT's "* TRADE": intent */
    c = code(state, "The Reagan administration wants Japanese cooperation on trade.");
    assert_true(has_event(&c, "USAGOV", "JPN", "022"));
    c = code(state, "Egypt wants talks with Israel.");
    assert_true(has_event(&c, "EGY", "ISR", "036"));
}

/* patterns that belonged to one verb of a block: PRESS's "* ON [190]"
   (gone: "pressed Japan on beef" is a demand), MOCK's "* + [111]" (gone:
   copying or echoing is no mockery), HEAD's travel patterns (ORDER has
   its own block: ordering a jet is no visit); an accord is no grant */
static void test_one_verbs_patterns(void **state) {
    NEED_MODEL();
    orr_coded c = code(state, "The U.S. will press Japan on beef and citrus.");
    assert_false(has_event(&c, "USA", "JPN", "19"));
    assert_true(has_event(&c, "USA", "JPN", "100"));
    c = code(state, "The Philippines should copy Brazil's action.");
    assert_false(has_event(&c, "PHL", "BRA", "11"));
    c = code(state, "Qantas of Australia has ordered a Boeing jet for 75 million dollars.");
    assert_false(has_event(&c, "AUS", "MNCUSA", "04"));
    c = code(state, "The Paris accord envisaged Japan and West Germany stimulating domestic demand.");
    assert_false(has_event(&c, "FRAGOV", "JPN", "06"));
    assert_false(has_event(&c, "FRAGOV", "JPN", "07"));
}

/* verbs of force in their news senses: firing an employee, hitting a
   record, matching a cut, slapping on tariffs; the armed senses stay */
static void test_force_senses(void **state) {
    NEED_MODEL();
    orr_coded c = code(state, "Merrill Lynch fired the head of its London mergers department.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "Taiwan's reserves hit a new high of 51 billion U.S. dollars.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "Switzerland could match any cut in German interest rates.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "Washington will slap tariffs on Japanese goods.");
    assert_true(has_event(&c, "USAGOV", "JPN", "163"));
    c = code(state, "Iraqi warplanes hit an Iranian tanker.");
    assert_true(has_event(&c, "IRQMIL", "IRNBUS", "190"));
    c = code(state, "Iran fired missiles at a Kuwaiti tanker.");
    assert_true(has_event(&c, "IRN", "KWTBUS", "190"));
}

/* meeting obligations or facing a deadline is no consultation; meeting
   people is */
static void test_meet_face(void **state) {
    NEED_MODEL();
    orr_coded c = code(state, "Poland would meet its financial obligations to the United States.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "Tokyo already faces a deadline from Washington.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "Japanese and U.S. officials will meet next week.");
    assert_true(has_event(&c, "JPN", "USAGOV", "040"));
}

/* a pattern's "(TO)" is a preposition, not the "to" of an infinitive
   (pattern.c): WELCOME's "* (TO) [043:042]" is a welcome to a place */
static void test_to_phrase(void **state) {
    NEED_MODEL();
    orr_coded c = code(state, "Baghdad hailed Iran's failure to achieve victory.");
    assert_false(has_event(&c, "IRQGOV", "IRN", "04"));
    c = code(state, "Japan welcomed the French president to Tokyo.");
    assert_true(has_event(&c, "JPN", "FRAGOV", "043"));
}

/* ADD, FAIL and TENDER code nothing by themselves; EXPECT is a
   prediction (010) and CONSIDER 014 */
static void test_no_code(void **state) {
    NEED_MODEL();
    orr_coded c = code(state, "Traders in France received 18,000 tonnes and Belgium 3,000, the report added.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "Egypt has failed to persuade Washington to cut interest rates.");
    assert_false(has_event(&c, "EGY", "USAGOV", "12"));
    c = code(state, "Egypt will tender for 200,000 tonnes of U.S. corn.");
    assert_int_equal(c.n_events, 0);
    c = code(state, "U.S. Treasury Secretary James Baker said he expects a reduction in Japan's trade surplus.");
    assert_false(has_event(&c, "USAGOV", "JPN", "03"));  /* a prediction, no intent */
    assert_true(has_event(&c, "USAGOV", "JPN", "010"));
    c = code(state, "Japan is considering a request from the United States.");
    assert_true(has_event(&c, "JPN", "USA", "014"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_saying),
        cmocka_unit_test(test_take),
        cmocka_unit_test(test_issue),
        cmocka_unit_test(test_lead_manage),
        cmocka_unit_test(test_want),
        cmocka_unit_test(test_one_verbs_patterns),
        cmocka_unit_test(test_force_senses),
        cmocka_unit_test(test_meet_face),
        cmocka_unit_test(test_to_phrase),
        cmocka_unit_test(test_no_code),
    };
    return cmocka_run_group_tests(tests, coder_fixture_setup, coder_fixture_teardown);
}
