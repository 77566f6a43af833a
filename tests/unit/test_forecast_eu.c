/*
** test_forecast_eu.c — regression test: the 10-actor EU example of
** Bueno de Mesquita (1994) as used by Scholz, Calbert & Smith (2011),
** read at run time from ../shared/bdm/scholz/ExampleActors.csv (that file
** has no licence and is never copied into the repository).  The model is
** run end to end for 10 rounds with the published (default) options; the
** positions, medians, means and first-round risk exponents below are the
** values this implementation produced when its hand-computed tests
** (test_forecast.c) first passed, pinned so that any change to the
** model's arithmetic shows up here.  Skipped when ../shared is absent.
*/
#include "testutil.h"

#include <math.h>

#define N_EU 10
#define ROUNDS 10

static const char *const eu_names[N_EU] = {"Netherlands", "Belgium", "Luxembourg", "Germany", "France",
                                           "Italy", "UK", "Ireland", "Denmark", "Greece"};

static const struct {
    double median, mean, position[N_EU];
} expected[ROUNDS] = {
    {7.000000000, 7.263836350, {6.811040239, 4.000000000, 7.000000000, 6.811040239, 7.000000000, 7.000000000, 10.000000000, 4.000000000, 4.080058099, 7.712403185}},
    {7.000000000, 7.250420949, {7.000000000, 4.074119229, 6.811040239, 7.000000000, 7.000000000, 7.000000000, 9.577582557, 4.071583884, 4.581557125, 7.512308246}},
    {7.000000000, 7.142751755, {7.000000000, 4.080631845, 6.818285677, 7.000000000, 7.000000000, 7.000000000, 9.090819684, 4.074119229, 4.680002802, 7.369718468}},
    {7.000000000, 7.154638849, {7.000000000, 4.403987353, 6.825313349, 7.000000000, 7.000000000, 7.000000000, 9.078381935, 4.080631845, 4.777536094, 7.272215413}},
    {7.000000000, 7.174713353, {7.000000000, 4.743680618, 6.832154527, 7.000000000, 7.000000000, 7.000000000, 9.071615519, 4.403987353, 4.895407369, 7.203344515}},
    {7.000000000, 7.089153249, {7.000000000, 4.883731694, 6.838676537, 7.000000000, 7.000000000, 7.000000000, 8.613892635, 4.741462431, 4.986598747, 7.153705136}},
    {7.000000000, 7.016763555, {7.000000000, 4.978858197, 6.844864037, 7.000000000, 7.000000000, 7.000000000, 8.246936530, 4.883731694, 5.028306111, 7.117204573}},
    {7.000000000, 6.956692901, {7.000000000, 5.024749396, 6.850798619, 7.000000000, 7.000000000, 7.000000000, 7.954961433, 4.978858197, 5.046796719, 7.089924079}},
    {7.000000000, 6.909352389, {7.000000000, 5.045250129, 6.856492427, 7.000000000, 7.000000000, 7.000000000, 7.733745725, 5.024749396, 5.047598290, 7.069313615}},
    {7.000000000, 6.903969033, {7.000000000, 5.047436846, 6.861965618, 7.000000000, 7.000000000, 7.000000000, 7.569291031, 5.045250129, 5.461814281, 7.053614096}},
};

static const double expected_risk_round1[N_EU] = {1.117181484, 1.004406867, 0.500000000, 1.117181484, 1.017581619, 1.017581619, 2.000000000, 0.648263918, 1.453711559, 1.556874779};

static orr_fc_issue *read_example(void) {
    char path[1024];
    snprintf(path, sizeof path, "%s/bdm/scholz/ExampleActors.csv", test_shared_dir());
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    fclose(f);
    orr_fc_issue *issue;
    orr_error err;
    if (orr_fc_issue_read(path, &issue, &err)) fail_msg("%s", err.message);
    if (orr_fc_issue_set_scale(issue, 0, 10, &err)) fail_msg("%s", err.message);
    return issue;
}

static void test_eu_example(void **state) {
    (void)state;
    orr_fc_issue *issue = read_example();
    if (!issue) {
        printf("ok - skipped (no %s/bdm)\n", test_shared_dir());
        return;
    }
    assert_int_equal(issue->n_actors, N_EU);
    for (int i = 0; i < N_EU; i++) assert_string_equal(issue->actors[i].name, eu_names[i]);
    orr_bdm_options opts;
    orr_bdm_options_default(&opts);
    opts.max_rounds = ROUNDS;
    orr_bdm_result *res;
    orr_error err;
    assert_int_equal(orr_bdm_run(issue, &opts, &res, &err), ORR_OK);
    assert_int_equal(res->n_rounds, ROUNDS);
    assert_false(res->converged);
    /* Before bargaining: the capability x salience weighted median is 7,
    ** the weighted mean (compromise model) 7.39. */
    assert_float_equal(res->initial_median, 7.0, 1e-9);
    assert_float_equal(res->initial_mean, 7.389955687, 1e-6);
    for (int t = 0; t < ROUNDS; t++) {
        assert_float_equal(res->rounds[t].median, expected[t].median, 1e-6);
        assert_float_equal(res->rounds[t].mean, expected[t].mean, 1e-6);
        for (int i = 0; i < N_EU; i++) assert_float_equal(res->rounds[t].moves[i].position, expected[t].position[i], 1e-6);
    }
    for (int i = 0; i < N_EU; i++) assert_float_equal(res->rounds[0].moves[i].risk, expected_risk_round1[i], 1e-6);
    /* The extremes of the security ranking get the extreme exponents. */
    assert_float_equal(res->rounds[0].moves[2].risk, 0.5, 1e-12);
    assert_float_equal(res->rounds[0].moves[6].risk, 2.0, 1e-12);
    assert_float_equal(res->forecast, 7.0, 1e-9);
    orr_bdm_result_free(res);

    orr_fc_forecasts fc;
    assert_int_equal(orr_fc_forecast_all(issue, &opts, &fc, &err), ORR_OK);
    assert_float_equal(fc.compromise, 7.389955687, 1e-6);
    assert_float_equal(fc.median, 7.0, 1e-9);
    orr_fc_issue_free(issue);
}

/* Each named variant runs on the example and stays on the scale. */
static void test_eu_variants(void **state) {
    (void)state;
    orr_fc_issue *issue = read_example();
    if (!issue) {
        printf("ok - skipped (no %s/bdm)\n", test_shared_dir());
        return;
    }
    static const char *const names[] = {"all-pairs", "sq-sign", "risk-neutral", "risk-positions",
                                        "scale-range", "own-risk"};
    for (size_t v = 0; v < sizeof names / sizeof names[0]; v++) {
        orr_bdm_options opts;
        orr_bdm_options_default(&opts);
        orr_error err;
        assert_int_equal(orr_bdm_variant_parse(names[v], &opts.variant, &err), ORR_OK);
        opts.max_rounds = 10;
        opts.q = 0.5;  /* so that sq-sign matters */
        orr_bdm_result *res;
        assert_int_equal(orr_bdm_run(issue, &opts, &res, &err), ORR_OK);
        assert_true(res->forecast >= 4 && res->forecast <= 10);
        for (size_t t = 0; t < res->n_rounds; t++)
            for (int i = 0; i < N_EU; i++) {
                double x = res->rounds[t].moves[i].position, r = res->rounds[t].moves[i].risk;
                assert_true(x >= 4 - 1e-9 && x <= 10 + 1e-9);
                assert_true(r >= 0.5 - 1e-9 && r <= 2 + 1e-9);
            }
        orr_bdm_result_free(res);
    }
    orr_fc_issue_free(issue);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_eu_example), cmocka_unit_test(test_eu_variants)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
