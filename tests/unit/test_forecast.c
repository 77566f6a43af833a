/*
** test_forecast.c — the expected-utility model checked against arithmetic
** done by hand from the equations (docs/forecast.md), the two baselines,
** and the named variants.
**
** The hand case: three actors on a 0-100 scale.
**
**   actor  position  capability  salience   weight w = c*s
**   A          0         1          1           1
**   B         50         1          0.5         0.5
**   C        100         0.5        1           0.5          W = 2
**
** Normalised by the spread of positions (100): x = 0, 0.5, 1.
*/
#include "testutil.h"

#include "forecast/bdm.h"

#include <math.h>

#define EPS 1e-9

static const double cap3[3] = {1, 1, 0.5}, sal3[3] = {1, 0.5, 1};

static bdm_model model3(double *x, double *r) {
    x[0] = 0, x[1] = 0.5, x[2] = 1;
    r[0] = r[1] = r[2] = 1;
    bdm_model m = {.n = 3, .c = cap3, .s = sal3, .x = x, .r = r, .q = 1, .t = 1};
    bdm_prepare(&m);
    return m;
}

/*
** Votes v_k(a over b) = w_k (|x_k - b| - |x_k - a|); P = positive / |all|.
**   A over B: A +1*0.5, B -0.5*0.5, C -0.5*0.5  -> P_AB = 0.5/1 = 1/2, P_BA = 1/2
**   A over C: A +1*1,   B  0,       C -0.5*1    -> P_AC = 1/1.5 = 2/3, P_CA = 1/3
**   B over C: A +1*0.5, B +0.5*0.5, C -0.5*0.5  -> P_BC = 0.75/1 = 3/4, P_CB = 1/4
** Median voter: cumulative weight reaches W/2 = 1 exactly at A, so the
** median is the midpoint of A and B: 0.25 (25 on the scale).
*/
static void test_hand_probabilities(void **state) {
    (void)state;
    double x[3], r[3];
    bdm_model m = model3(x, r);
    assert_float_equal(bdm_vote(&m, 1, x[0], x[1]), -0.25, EPS);
    assert_float_equal(bdm_probability(&m, 0, 1), 0.5, EPS);
    assert_float_equal(bdm_probability(&m, 1, 0), 0.5, EPS);
    assert_float_equal(bdm_probability(&m, 0, 2), 2.0 / 3, EPS);
    assert_float_equal(bdm_probability(&m, 2, 0), 1.0 / 3, EPS);
    assert_float_equal(bdm_probability(&m, 1, 2), 0.75, EPS);
    assert_float_equal(bdm_probability(&m, 2, 1), 0.25, EPS);
    assert_float_equal(m.mu, 0.25, EPS);
}

/*
** With r = 1: U_s = 2 - 4(1/2 - d/2) = 2d, U_f = -2d, U_sq = 0, so (Q = 1)
**   EU_i(i challenges j) = s_j (P 2d - (1-P) 2d) + (1 - s_j) 2d = 2d (1 - 2 s_j (1 - P_ij)).
**   EU_A(AB) = 1   (1 - 2*0.5*(1/2)) = 0.5      EU_B(BA) = 1 (1 - 2*1*(1/2))   = 0
**   EU_A(AC) = 2   (1 - 2*1*(1/3))   = 2/3      EU_C(CA) = 2 (1 - 2*1*(2/3))   = -2/3
**   EU_B(BC) = 1   (1 - 2*1*(1/4))   = 0.5      EU_C(CB) = 1 (1 - 2*0.5*(3/4)) = 0.25
** Security S_k = sum over j != k of EU_j(jk):
**   S_A = 0 - 2/3 = -2/3,  S_B = 0.5 + 0.25 = 3/4,  S_C = 2/3 + 0.5 = 7/6.
** R_k = (2 S_k - max - min) / (max - min), max - min = 11/6:
**   R_A = (-4/3 - 7/6 + 2/3) / (11/6) = -1   -> r_A = (1 + 1/3) / (1 - 1/3) = 2
**   R_B = (3/2 - 7/6 + 2/3) / (11/6) = 6/11  -> r_B = (1 - 2/11) / (1 + 2/11) = 9/13
**   R_C = +1                                 -> r_C = (2/3) / (4/3) = 1/2
*/
static void test_hand_risk(void **state) {
    (void)state;
    double x[3], r[3];
    bdm_model m = model3(x, r);
    assert_float_equal(bdm_expected_utility(&m, 0, 0, 1), 0.5, EPS);
    assert_float_equal(bdm_expected_utility(&m, 1, 1, 0), 0.0, EPS);
    assert_float_equal(bdm_expected_utility(&m, 0, 0, 2), 2.0 / 3, EPS);
    assert_float_equal(bdm_expected_utility(&m, 2, 2, 0), -2.0 / 3, EPS);
    assert_float_equal(bdm_expected_utility(&m, 1, 1, 2), 0.5, EPS);
    assert_float_equal(bdm_expected_utility(&m, 2, 2, 1), 0.25, EPS);
    assert_int_equal(bdm_update_risk(&m), ORR_OK);
    assert_float_equal(r[0], 2.0, EPS);
    assert_float_equal(r[1], 9.0 / 13, EPS);
    assert_float_equal(r[2], 0.5, EPS);
}

/*
** Offers with those exponents; a = EU(i challenges j), b = EU(j challenges
** i), both with i's exponent.
**
** A (r = 2).  A-B, d = 1/2: U_s = 2 - 4(1/4)^2 = 1.75, U_f = 2 - 4(3/4)^2 = -0.25,
**   U_sq = 2 - 4(1/2)^2 = 1.
**   a = 0.5 (0.5*1.75 + 0.5*(-0.25)) + 0.5*1.75 - 1 = 0.375 + 0.875 - 1 = 0.25
**   b = 1 (0.5*1.75 + 0.5*(-0.25)) + 0 - 1 = 0.75 - 1 = -0.25   b < 0: no offer.
** A-C, d = 1: U_s = 2, U_f = -2, U_sq = 1.
**   a = (2/3*2 - 1/3*2) - 1 = -1/3;  b = (1/3*2 - 2/3*2) - 1 = -5/3: no offer.  A stays.
**
** C (r = 1/2).  U_sq = 2 - 4 sqrt(1/2) = -0.828427.
** C-A, d = 1: U_s = 2, U_f = -2.
**   a = (1/3*2 - 2/3*2) + 0.828427 = 0.161760;  b = (2/3*2 - 1/3*2) + 0.828427 = 1.495094
**   b > a > 0: C expects to lose a confrontation: offer to move to 0 (a move of 1).
** C-B, d = 1/2: U_s = 2 - 4 sqrt(1/4) = 0, U_f = 2 - 4 sqrt(3/4) = -1.464102.
**   a = 0.5 (1/4*0 + 3/4*(-1.464102)) + 0.5*0 + 0.828427 = -0.549038 + 0.828427 = 0.279389
**   b = 1 (3/4*0 + 1/4*(-1.464102)) + 0.828427 = -0.366025 + 0.828427 = 0.462401
**   b > a > 0: confrontation, move to 0.5 (a move of 1/2): C's best offer, from B.
**
** B (r = 9/13).  (1/4)^(9/13) = e^(-0.959742) = 0.382992, (3/4)^(9/13) = 0.819415,
**   (1/2)^(9/13) = 0.618863: U_s = 0.468034, U_f = -1.277660, U_sq = -0.475453.
** B-A: a = 1 (0.5 U_s + 0.5 U_f) + 0.475453 = -0.404813 + 0.475453 = 0.070639
**      b = 0.5 (0.5 U_s + 0.5 U_f) + 0.5 U_s + 0.475453 = -0.202407 + 0.234017 + 0.475453 = 0.507063
**      b > a > 0: confrontation, B offered A's position 0.
** B-C: a = 1 (3/4 U_s + 1/4 U_f) + 0.475453 = 0.507063
**      b = 0.5 (1/4 U_s + 3/4 U_f) + 0.5 U_s + 0.475453 = 0.288851;  b < a: no offer.
** After round 1: A 0, B 0, C 50.  Median: A+B weigh 1.5 > 1 -> 0.
** Mean: (1*0 + 0.5*0 + 0.5*50) / 2 = 12.5.
*/
static void test_hand_offers(void **state) {
    (void)state;
    double x[3], r[3] = {2, 9.0 / 13, 0.5};
    bdm_model m = model3(x, r);
    r[0] = 2, r[1] = 9.0 / 13, r[2] = 0.5;
    assert_float_equal(bdm_expected_utility(&m, 0, 0, 1), 0.25, EPS);
    assert_float_equal(bdm_expected_utility(&m, 0, 1, 0), -0.25, EPS);
    assert_float_equal(bdm_expected_utility(&m, 0, 0, 2), -1.0 / 3, EPS);
    assert_float_equal(bdm_expected_utility(&m, 0, 2, 0), -5.0 / 3, EPS);
    assert_float_equal(bdm_expected_utility(&m, 2, 2, 0), 0.161760, 1e-6);
    assert_float_equal(bdm_expected_utility(&m, 2, 0, 2), 1.495094, 1e-6);
    assert_float_equal(bdm_expected_utility(&m, 2, 2, 1), 0.279389, 1e-6);
    assert_float_equal(bdm_expected_utility(&m, 2, 1, 2), 0.462401, 1e-6);
    assert_float_equal(bdm_expected_utility(&m, 1, 1, 0), 0.070639, 1e-6);
    assert_float_equal(bdm_expected_utility(&m, 1, 0, 1), 0.507063, 1e-6);
    assert_float_equal(bdm_expected_utility(&m, 1, 1, 2), 0.507063, 1e-6);
    assert_float_equal(bdm_expected_utility(&m, 1, 2, 1), 0.288851, 1e-6);
    double nx;
    int from;
    assert_int_equal(bdm_offer(&m, 0, 1, &nx), ORR_OFFER_NONE);
    assert_int_equal(bdm_offer(&m, 0, 2, &nx), ORR_OFFER_NONE);
    assert_int_equal(bdm_offer(&m, 2, 0, &nx), ORR_OFFER_CONFRONT);
    assert_float_equal(nx, 0, EPS);
    assert_int_equal(bdm_best_offer(&m, 2, &from, &nx), ORR_OFFER_CONFRONT);
    assert_int_equal(from, 1);
    assert_float_equal(nx, 0.5, EPS);
    assert_int_equal(bdm_best_offer(&m, 1, &from, &nx), ORR_OFFER_CONFRONT);
    assert_int_equal(from, 0);
    assert_float_equal(nx, 0, EPS);
    assert_int_equal(bdm_best_offer(&m, 0, &from, &nx), ORR_OFFER_NONE);
    assert_int_equal(from, -1);
}

static const char hand_csv[] =
    "# issue: hand-computed three-actor case\n"
    "# scale: 0-100\n"
    "actor,capability,position,salience\n"
    "A,1,0,1\n"
    "B,1,50,0.5\n"
    "C,0.5,100,1\n";

/* The same case end to end through the reader and orr_bdm_run. */
static void test_hand_round(void **state) {
    (void)state;
    orr_fc_issue *issue;
    orr_error err;
    assert_int_equal(orr_fc_issue_parse("hand.csv", hand_csv, strlen(hand_csv), &issue, &err), ORR_OK);
    assert_string_equal(issue->title, "hand-computed three-actor case");
    orr_bdm_options opts;
    orr_bdm_options_default(&opts);
    opts.max_rounds = 1;
    orr_bdm_result *res;
    assert_int_equal(orr_bdm_run(issue, &opts, &res, &err), ORR_OK);
    assert_float_equal(res->initial_median, 25, EPS);
    assert_float_equal(res->initial_mean, 37.5, EPS);  /* (0 + 25 + 50) / 2 */
    assert_int_equal(res->n_rounds, 1);
    const orr_bdm_move *mv = res->rounds[0].moves;
    assert_int_equal(mv[0].kind, ORR_OFFER_NONE);
    assert_float_equal(mv[0].position, 0, EPS);
    assert_int_equal(mv[1].kind, ORR_OFFER_CONFRONT);
    assert_int_equal(mv[1].from, 0);
    assert_float_equal(mv[1].position, 0, EPS);
    assert_float_equal(mv[1].risk, 9.0 / 13, EPS);
    assert_int_equal(mv[2].kind, ORR_OFFER_CONFRONT);
    assert_int_equal(mv[2].from, 1);
    assert_float_equal(mv[2].position, 50, EPS);
    assert_float_equal(res->rounds[0].median, 0, EPS);
    assert_float_equal(res->rounds[0].mean, 12.5, EPS);
    assert_float_equal(res->forecast, 0, EPS);
    assert_int_equal(res->converged, 0);
    orr_bdm_result_free(res);
    orr_fc_issue_free(issue);
}

/*
** Variants on the hand case (r = 1).
** all-pairs: the denominator sums |votes| over every ordered pair of actors:
**   2 x (1 [A,B] + 1.5 [A,C] + 1 [B,C]) = 7, so P_AB = 0.5 / 7 = 1/14.
** sq-sign with Q = 1/2, T = 1, mu = 0.25: for A challenging B, drift =
**   (|0 - 0.25| + 0.5) / 4 = 0.1875, U_b = 2 - 4(0.5 - 0.1875) = 0.75, U_sq = 0.
**   published: 0.5 - 0.5*0 - 0.5*0.75 = 0.125;  sq-sign: 0.5 + 0.375 = 0.875.
*/
static void test_variants(void **state) {
    (void)state;
    double x[3], r[3];
    bdm_model m = model3(x, r);
    m.variant = ORR_BDM_ALL_PAIRS;
    bdm_prepare(&m);
    assert_float_equal(m.all_pairs, 7, EPS);
    assert_float_equal(bdm_probability(&m, 0, 1), 1.0 / 14, EPS);
    m.variant = 0;
    m.q = 0.5;
    bdm_prepare(&m);
    assert_float_equal(bdm_expected_utility(&m, 0, 0, 1), 0.125, EPS);
    m.variant = ORR_BDM_SQ_SIGN;
    assert_float_equal(bdm_expected_utility(&m, 0, 0, 1), 0.875, EPS);

    unsigned flags;
    orr_error err;
    assert_int_equal(orr_bdm_variant_parse("all-pairs,own-risk", &flags, &err), ORR_OK);
    assert_int_equal(flags, ORR_BDM_ALL_PAIRS | ORR_BDM_OWN_RISK);
    assert_int_equal(orr_bdm_variant_parse("published", &flags, &err), ORR_OK);
    assert_int_equal(flags, 0);
    assert_int_equal(orr_bdm_variant_parse("bogus", &flags, &err), ORR_EUSAGE);
    assert_non_null(strstr(err.message, "unknown variant 'bogus'"));
    assert_int_equal(orr_bdm_variant_parse("risk-neutral,risk-positions", &flags, &err), ORR_EUSAGE);
}

/* A compromise offer: b > 0 > a, b > |a|: i moves |a|/b of the way. */
static void test_compromise_offer(void **state) {
    (void)state;
    /* Two actors, A weak (c 0.1, s 0.2: weight 0.02), B strong (c 1, s 1).
    ** r = 1, d = 1.  Votes A over B: A +0.02, B -1  -> P_AB = 0.02/1.02 = 1/51.
    ** a = EU_A(AB) = 2 (1 - 2*s_B*(1 - 1/51))  = 2 (1 - 100/51) = -98/51  = -1.921569
    ** b = EU_A(BA) = 2 (1 - 2*s_A*(1 - 50/51)) = 2 (1 - 0.4/51) = 101.2/51 = 1.984314
    ** b > 0 > a and b > |a|: compromise, A moves 98/101.2 = 0.968379 of the way. */
    static const double c[2] = {0.1, 1}, s[2] = {0.2, 1};
    double x[2] = {0, 1}, r[2] = {1, 1};
    bdm_model m = {.n = 2, .c = c, .s = s, .x = x, .r = r, .q = 1, .t = 1};
    bdm_prepare(&m);
    assert_float_equal(bdm_probability(&m, 0, 1), 1.0 / 51, EPS);
    double a = -98.0 / 51, b = 101.2 / 51;
    assert_float_equal(bdm_expected_utility(&m, 0, 0, 1), a, EPS);
    assert_float_equal(bdm_expected_utility(&m, 0, 1, 0), b, EPS);
    double nx;
    assert_int_equal(bdm_offer(&m, 0, 1, &nx), ORR_OFFER_COMPROMISE);
    assert_float_equal(nx, 98 / 101.2, EPS);
}

/* Baselines: weighted mean and median, including the tie rule. */
static void test_baselines(void **state) {
    (void)state;
    double x[4] = {10, 0, 40, 100}, w[4] = {1, 1, 1, 1};
    assert_float_equal(orr_fc_weighted_mean(x, w, 4), 37.5, EPS);
    assert_float_equal(orr_fc_weighted_median(x, w, 4), 25, EPS);  /* tie between 10 and 40 */
    double w2[4] = {1, 1, 3, 0};
    assert_float_equal(orr_fc_weighted_median(x, w2, 4), 40, EPS);
    assert_float_equal(orr_fc_weighted_mean(x, w2, 4), 26, EPS);    /* (10 + 0 + 120) / 5 */
    double w0[4] = {0, 0, 0, 0};
    assert_true(isnan(orr_fc_weighted_mean(x, w0, 4)));
    assert_true(isnan(orr_fc_weighted_median(x, w0, 4)));
}

static void expect_error(const char *text, const char *needle) {
    orr_fc_issue *issue = NULL;
    orr_error err;
    orr_error_clear(&err);
    int rc = orr_fc_issue_parse("in.csv", text, strlen(text), &issue, &err);
    if (rc == ORR_OK || !strstr(err.message, needle))
        fail_msg("input %s: rc %d, message '%s', expected '%s'", text, rc, err.message, needle);
    assert_null(issue);
}

static void test_reader_errors(void **state) {
    (void)state;
    expect_error("", "no header line");
    expect_error("actor,capability,position\nA,1,2\n", "in.csv:1: header has no 'salience' column");
    expect_error("actor,capability,position,salience,colour\n", "unknown column 'colour'");
    expect_error("actor,capability,position,salience\nA,1,2\n", "in.csv:2: 3 fields, the header has 4");
    expect_error("# scale: 0-10\nactor,capability,position,salience\nA,x,2,1\n",
                 "in.csv:3: capability 'x' of A is not a number");
    expect_error("# scale: 0-10\nactor,capability,position,salience\nA,1,20,1\n",
                 "in.csv:3: position 20 of A is outside the scale 0-10");
    expect_error("actor,capability,position,salience\nA,1,2,1.5\n", "in.csv:2: salience of A is outside 0-1");
    expect_error("actor,capability,position,salience\nA,-1,2,1\n", "capability -1 of A is negative");
    expect_error("actor,capability,position,salience,risk\nA,1,2,1,3\n", "risk 3 of A is outside 0.5-2");
    expect_error("actor,capability,position,salience\nA,1,2,1\nA,1,3,1\n",
                 "in.csv:3: actor A appears twice (first on line 2)");
    expect_error("actor,capability,position,salience\n\"A,1,2,1\n", "in.csv:2: unterminated quote");
    expect_error("actor,capability,position,salience\nA,1,nan,1\n", "position 'nan' of A is not a number");
    expect_error("# scale: 5-1\n", "in.csv:1: scale '5-1' is not LO-HI");
    expect_error("actor,capability,position,salience\n", "no actors");
    expect_error("{\"actors\": [}", "in.csv:1: bad JSON");
    expect_error("{\"scale\": [0, 10], \"actors\": [{\"actor\": \"A\", \"capability\": 1, \"position\": 2}]}",
                 "actors[0]: A has no \"salience\"");
    expect_error("{\"actors\": [{\"actor\": \"A\", \"capability\": 1, \"position\": \"2\", \"salience\": 1}]}",
                 "\"position\" of A is not a number");
}

static void test_reader_ok(void **state) {
    (void)state;
    static const char csv[] =
        "# scale: -5..5\r\n# salience: 0-100\r\n# a comment\r\n"
        "Position , Actor, Salience, Capability, Risk, Note\r\n"
        "-5, \"Left, the\", 50, 2, , far left\r\n"
        "\r\n"
        "5,Right,100,1,1.5,\"quoted \"\"note\"\"\"\r\n";
    orr_fc_issue *issue;
    orr_error err;
    assert_int_equal(orr_fc_issue_parse("ok.csv", csv, strlen(csv), &issue, &err), ORR_OK);
    assert_int_equal(issue->n_actors, 2);
    assert_true(issue->has_scale);
    assert_float_equal(issue->scale_lo, -5, EPS);
    assert_float_equal(issue->scale_hi, 5, EPS);
    assert_string_equal(issue->actors[0].name, "Left, the");
    assert_float_equal(issue->actors[0].salience, 0.5, EPS);
    assert_float_equal(issue->actors[0].capability, 2, EPS);
    assert_float_equal(issue->actors[0].risk, 0, EPS);
    assert_int_equal(issue->actors[0].line, 5);
    assert_float_equal(issue->actors[1].risk, 1.5, EPS);
    assert_int_equal(issue->actors[1].line, 7);
    orr_fc_issue_free(issue);

    static const char json[] =
        "{\"issue\": \"t\", \"scale\": \"0-100\", \"salience_scale\": 100, \"actors\": ["
        "{\"actor\": \"A\", \"capability\": 1, \"position\": 0, \"salience\": 100},"
        "{\"actor\": \"B\", \"capability\": 1, \"position\": 50, \"salience\": 50}]}";
    assert_int_equal(orr_fc_issue_parse("ok.json", json, strlen(json), &issue, &err), ORR_OK);
    assert_int_equal(issue->n_actors, 2);
    assert_string_equal(issue->title, "t");
    assert_float_equal(issue->actors[1].salience, 0.5, EPS);
    assert_float_equal(issue->scale_hi, 100, EPS);
    orr_fc_issue_free(issue);

    /* A spreadsheet's byte-order mark before the header is skipped. */
    static const char bom[] = "\xEF\xBB\xBF# scale: 0-1\nactor,capability,position,salience\nA,1,0.5,1\n";
    assert_int_equal(orr_fc_issue_parse("bom.csv", bom, strlen(bom), &issue, &err), ORR_OK);
    assert_string_equal(issue->actors[0].name, "A");
    orr_fc_issue_free(issue);

    /* No scale in the file: parses, and the caller declares one. */
    static const char noscale[] = "actor,capability,position,salience\nA,1,4,1\nB,1,10,1\n";
    assert_int_equal(orr_fc_issue_parse("n.csv", noscale, strlen(noscale), &issue, &err), ORR_OK);
    assert_false(issue->has_scale);
    assert_int_equal(orr_fc_issue_set_scale(issue, 0, 5, &err), ORR_EFORMAT);
    assert_non_null(strstr(err.message, "n.csv:3: position 10 of B is outside the scale 0-5"));
    assert_int_equal(orr_fc_issue_set_scale(issue, 0, 10, &err), ORR_OK);
    orr_fc_issue_free(issue);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_probabilities), cmocka_unit_test(test_hand_risk),
        cmocka_unit_test(test_hand_offers),        cmocka_unit_test(test_hand_round),
        cmocka_unit_test(test_variants),           cmocka_unit_test(test_compromise_offer),
        cmocka_unit_test(test_baselines),          cmocka_unit_test(test_reader_errors),
        cmocka_unit_test(test_reader_ok),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
