/*
** test_forecast_events.c — salience hints from the event store
** (orr_fc_salience_from_events): counts of events with the other parties,
** scaled by the busiest actor; events with outsiders or inside one
** country do not count; the date window applies.
*/
#include "testutil.h"

static orr_event event(const char *id, const char *date, const char *src, const char *dst) {
    orr_event e = {.sentence = -1, .source = src, .source_country = src, .target = dst,
                   .target_country = dst, .code = "040", .root = 4, .quad = 1, .goldstein = 1,
                   .dataset = "test", .origin_id = id, .source_start = -1, .source_end = -1,
                   .target_start = -1, .target_end = -1, .verb_start = -1, .verb_end = -1};
    snprintf(e.date, sizeof e.date, "%s", date);
    return e;
}

static void test_hints(void **state) {
    (void)state;
    orr_db *db;
    orr_error err;
    assert_int_equal(orr_db_open(&db, ":memory:", &err), ORR_OK);
    orr_event ev[] = {
        event("1", "2025-02-18", "USA", "RUS"), event("2", "2025-02-18", "RUS", "USA"),
        event("3", "2025-02-19", "USA", "UKR"), event("4", "2025-02-20", "RUS", "UKR"),
        event("5", "2025-02-20", "USA", "CHN"),  /* CHN is not a party: not counted */
        event("6", "2025-02-21", "UKR", "UKR"),  /* domestic: not counted */
        event("7", "2024-12-31", "USA", "RUS"),  /* outside the window below */
    };
    size_t n_new;
    assert_int_equal(orr_db_begin(db, &err), ORR_OK);
    assert_int_equal(orr_db_put_events(db, ev, sizeof ev / sizeof ev[0], &n_new, &err), ORR_OK);
    assert_int_equal(orr_db_commit(db, &err), ORR_OK);

    static const char csv[] = "# scale: 0-100\nactor,capability,position,salience\n"
                              "USA,1,70,0.5\nRUS,1,100,0.5\nUKR,1,0,0.5\nTUR,1,50,0.5\n";
    orr_fc_issue *issue;
    assert_int_equal(orr_fc_issue_parse("t.csv", csv, strlen(csv), &issue, &err), ORR_OK);
    double counts[4], hints[4];
    assert_int_equal(orr_fc_salience_from_events(db, issue, "2025-01-01", NULL, counts, hints, &err), ORR_OK);
    /* USA: 1, 2, 3 -> 3; RUS: 1, 2, 4 -> 3; UKR: 3, 4 -> 2; TUR: none. */
    assert_float_equal(counts[0], 3, 0);
    assert_float_equal(counts[1], 3, 0);
    assert_float_equal(counts[2], 2, 0);
    assert_float_equal(counts[3], 0, 0);
    assert_float_equal(hints[0], 1, 1e-12);
    assert_float_equal(hints[2], 2.0 / 3, 1e-12);
    assert_float_equal(hints[3], 0, 0);
    /* Without the window the 2024 event counts too. */
    assert_int_equal(orr_fc_salience_from_events(db, issue, NULL, NULL, counts, hints, &err), ORR_OK);
    assert_float_equal(counts[0], 4, 0);
    assert_float_equal(hints[2], 2.0 / 4, 1e-12);
    orr_fc_issue_free(issue);
    orr_db_close(db);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_hints)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
