/*
** test_when.c — event dates from sentence text: explicit, year-less,
** weekday and relative expressions, and the inferred document date.
*/
#include "testutil.h"
#include "code/when.h"

static when_how date_of(const char *sentence, const char *ref, char out[11]) {
    return when_sentence_date(sentence, strlen(sentence), ref, out);
}

static void test_calendar(void **state) {
    (void)state;
    char out[11];
    assert_int_equal(when_days_from_iso("1970-01-01"), 0);
    assert_int_equal(when_days_from_iso("2000-03-01"), 11017);
    assert_int_equal(when_days_from_iso("2025-02-29"), -1);  /* not a leap year */
    assert_int_equal(when_days_from_iso("2024-02-29"), 19782);
    when_iso_from_days(20137, out);
    assert_string_equal(out, "2025-02-18");
}

static void test_explicit(void **state) {
    (void)state;
    char out[11];
    assert_int_equal(date_of("On February 18, 2025, Rubio met Lavrov.", NULL, out), WHEN_EXPLICIT);
    assert_string_equal(out, "2025-02-18");
    assert_int_equal(date_of("Talks were held on 18 February 2025 in Riyadh.", "2025-03-01", out), WHEN_EXPLICIT);
    assert_string_equal(out, "2025-02-18");
    assert_int_equal(date_of("Trump spoke with Putin on Feb 13.", "2025-02-18", out), WHEN_EXPLICIT);
    assert_string_equal(out, "2025-02-13");
    assert_int_equal(date_of("Trump spoke with Putin on Feb. 13th.", "2025-02-18", out), WHEN_EXPLICIT);
    assert_string_equal(out, "2025-02-13");
    /* a December date in a January article is last year's */
    assert_int_equal(date_of("The strike of December 30 killed four.", "2025-01-04", out), WHEN_EXPLICIT);
    assert_string_equal(out, "2024-12-30");
    /* without a reference date a year-less date cannot be placed */
    assert_int_equal(date_of("They met on Feb 13.", NULL, out), WHEN_NONE);
}

static void test_relative(void **state) {
    (void)state;
    char out[11];
    /* 2025-02-18 was a Tuesday */
    assert_int_equal(date_of("Ministers met on Tuesday.", "2025-02-18", out), WHEN_RELATIVE);
    assert_string_equal(out, "2025-02-18");
    assert_int_equal(date_of("Ministers met on Sunday.", "2025-02-18", out), WHEN_RELATIVE);
    assert_string_equal(out, "2025-02-16");
    assert_int_equal(date_of("They will meet next Monday.", "2025-02-18", out), WHEN_RELATIVE);
    assert_string_equal(out, "2025-02-24");
    assert_int_equal(date_of("Russia released a US citizen yesterday.", "2025-02-18", out), WHEN_RELATIVE);
    assert_string_equal(out, "2025-02-17");
    assert_int_equal(date_of("Kyiv was struck last week.", "2025-02-18", out), WHEN_RELATIVE);
    assert_string_equal(out, "2025-02-11");
    assert_int_equal(date_of("Sanctions were eased last month.", "2025-03-31", out), WHEN_RELATIVE);
    assert_string_equal(out, "2025-02-28");
    assert_int_equal(date_of("Rubio met Lavrov.", "2025-02-18", out), WHEN_DOCUMENT);
    assert_string_equal(out, "2025-02-18");
    assert_int_equal(date_of("Rubio met Lavrov.", NULL, out), WHEN_NONE);
    assert_string_equal(when_how_name(WHEN_INFERRED), "inferred");
}

static void test_latest_full_date(void **state) {
    (void)state;
    char out[11];
    const char *text = "Back in 12 March 2014 things differed. On February 18, 2025, the talks began. "
                       "Trump called Putin on Feb 13. The May 2025 summit never came.";
    assert_int_equal(when_latest_full_date(text, strlen(text), out), 0);
    assert_string_equal(out, "2025-02-18");
    assert_int_equal(when_latest_full_date("No dates here.", 14, out), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_explicit),
        cmocka_unit_test(test_relative),
        cmocka_unit_test(test_latest_full_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
