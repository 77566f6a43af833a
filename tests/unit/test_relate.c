/*
** test_relate.c — relations with known answers: dyad series and their
** bins, structural balance and frustration on hand-built triads, blocs on
** a graph with planted blocs, a PELT change point on a series with a known
** break, shifts on a dyad that turns hostile, and a what-if that flips a
** triad (a US-Russia thaw unbalancing US-Russia-China).
*/
#include "testutil.h"

#include <math.h>

/* n events a->b on a date with a QuadClass (Goldstein +3 coop, -5 conflict). */
static void add(orr_relate *rel, const char *a, const char *b, const char *date, int quad, int n) {
    for (int i = 0; i < n; i++) {
        orr_event e = {.sentence = -1, .source_country = a, .target_country = b, .quad = quad,
                       .root = quad <= 2 ? 4 : 19, .goldstein = quad <= 2 ? 3.0 : -5.0,
                       .num_mentions = 2};
        snprintf(e.date, sizeof e.date, "%s", date);
        orr_error err;
        assert_int_equal(orr_relate_add(rel, &e, &err), ORR_OK);
    }
}

typedef struct bins {
    int n;
    orr_dyad_bin b[16];
} bins;

static int collect_bin(void *ctx, const orr_dyad_bin *b) {
    bins *s = ctx;
    if (s->n < 16) s->b[s->n] = *b;
    s->n++;
    return 0;
}

static void test_series(void **state) {
    (void)state;
    orr_relate_filter f = {.weight_mentions = 1};
    orr_relate *rel = orr_relate_new(&f);
    add(rel, "USA", "RUS", "2025-01-15", 1, 3);
    add(rel, "USA", "RUS", "2025-02-18", 4, 1);
    add(rel, "USA", "RUS", "2025-02-20", 1, 1);
    add(rel, "RUS", "USA", "2025-02-20", 3, 1);
    bins s = {0};
    orr_error err;
    assert_int_equal(orr_relate_series(rel, "USA", "RUS", ORR_BY_MONTH, collect_bin, &s, &err), ORR_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.b[0].label, "2025-01");
    assert_string_equal(s.b[1].period, "2025-02-01");
    assert_int_equal(s.b[1].events, 2);
    assert_float_equal(s.b[1].weight, 4.0, 1e-9);            /* 2 mentions each */
    assert_float_equal(s.b[1].net_coop, 0.0, 1e-9);
    assert_float_equal(s.b[1].goldstein_mean, -1.0, 1e-9);   /* (3 - 5) / 2 */
    memset(&s, 0, sizeof s);
    assert_int_equal(orr_relate_series(rel, "USA", "RUS", ORR_BY_WEEK, collect_bin, &s, &err), ORR_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.b[1].label, "2025-W08");            /* 18 and 20 Feb 2025 */
    assert_string_equal(s.b[1].period, "2025-02-17");         /* a Monday */
    memset(&s, 0, sizeof s);
    assert_int_equal(orr_relate_series(rel, NULL, NULL, ORR_BY_QUARTER, collect_bin, &s, &err), ORR_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.b[0].label, "2025-Q1");
    assert_true(orr_relate_memory(rel) / orr_relate_count(rel) <= 40 * 1000);
    orr_relate_free(rel);
    /* filters: agent and dates */
    orr_relate_filter g = {.date_from = "2025-02-01"};
    rel = orr_relate_new(&g);
    add(rel, "USA", "RUS", "2025-01-15", 1, 3);
    add(rel, "USA", "RUS", "2025-02-18", 1, 2);
    assert_int_equal(orr_relate_count(rel), 2);
    orr_relate_free(rel);
}

typedef struct all_bins {
    int n;
    orr_dyad_bin b[64];
} all_bins;

static int collect_all(void *ctx, const orr_dyad_bin *b) {
    all_bins *s = ctx;
    assert_true(s->n < 64);
    s->b[s->n++] = *b;
    return 0;
}

/* The streaming path (dyad --from) gives exactly the bins of the table
** path, keeps no per-event table, and refuses what it cannot answer. */
static void test_series_stream(void **state) {
    (void)state;
    static const char *const actors[] = {"USA", "RUS", "EU", "IGOUNO", "CHN"};   /* hashed and direct codes */
    static const char *const dates[] = {"2024-12-31", "2025-01-01", "2025-01-15", "2025-03-02"};
    orr_relate_filter f = {.weight_mentions = 1};
    orr_relate *table = orr_relate_new(&f), *stream = orr_relate_new(&f);
    assert_int_equal(orr_relate_stream(stream, ORR_BY_MONTH), ORR_OK);
    int k = 0;
    for (int round = 0; round < 40; round++)   /* > the 32-event queue, in mixed order */
        for (int a = 0; a < 5; a++) {
            const char *src = actors[a], *dst = actors[(a + 1 + round % 4) % 5];
            add(table, src, dst, dates[round / 4 % 4], 1 + k % 4, 1);
            add(stream, src, dst, dates[round / 4 % 4], 1 + k % 4, 1);
            k++;
        }
    assert_int_equal(orr_relate_count(stream), 200);
    all_bins x = {0}, y = {0};
    orr_error err;
    assert_int_equal(orr_relate_series(table, NULL, NULL, ORR_BY_MONTH, collect_all, &x, &err), ORR_OK);
    assert_int_equal(orr_relate_series(stream, NULL, NULL, ORR_BY_MONTH, collect_all, &y, &err), ORR_OK);
    assert_int_equal(x.n, 60);   /* 20 dyads x 3 months */
    assert_int_equal(x.n, y.n);
    for (int i = 0; i < x.n; i++) {
        assert_string_equal(x.b[i].source, y.b[i].source);
        assert_string_equal(x.b[i].target, y.b[i].target);
        assert_string_equal(x.b[i].label, y.b[i].label);
        assert_int_equal(x.b[i].events, y.b[i].events);
        for (int q = 0; q < 4; q++) assert_true(x.b[i].quad[q] == y.b[i].quad[q]);
        assert_true(x.b[i].goldstein_sum == y.b[i].goldstein_sum);
    }
    memset(&y, 0, sizeof y);   /* one dyad */
    assert_int_equal(orr_relate_series(stream, "EU", "IGOUNO", ORR_BY_MONTH, collect_all, &y, &err), ORR_OK);
    assert_true(y.n > 0);
    for (int i = 0; i < y.n; i++) assert_string_equal(y.b[i].target, "IGOUNO");
    /* only the period it was built for; streaming must be chosen first */
    assert_int_equal(orr_relate_series(stream, NULL, NULL, ORR_BY_WEEK, collect_all, &y, &err), ORR_EUSAGE);
    assert_int_equal(orr_relate_stream(table, ORR_BY_MONTH), ORR_EUSAGE);
    orr_relate_free(table);
    orr_relate_free(stream);
}

/* A triangle A-B coop, B-C coop, A-C conflict: unbalanced, frustration 1. */
static void test_balance_triads(void **state) {
    (void)state;
    orr_relate *rel = orr_relate_new(NULL);
    add(rel, "AAA", "BBB", "2025-01-01", 1, 5);
    add(rel, "BBB", "CCC", "2025-01-01", 2, 5);
    add(rel, "AAA", "CCC", "2025-01-01", 4, 5);
    /* and a balanced one: D-E conflict, E-F conflict, D-F coop */
    add(rel, "DDD", "EEE", "2025-01-01", 4, 5);
    add(rel, "EEE", "FFF", "2025-01-01", 3, 5);
    add(rel, "DDD", "FFF", "2025-01-01", 1, 5);
    orr_network *net;
    orr_error err;
    orr_network_opts o = {NULL, NULL, 1, 0, 42};
    assert_int_equal(orr_network_build(rel, &o, &net, &err), ORR_OK);
    assert_int_equal(net->n_nodes, 6);
    assert_int_equal(net->n_edges, 6);
    assert_int_equal(net->triads, 2);
    assert_int_equal(net->balanced_triads, 1);
    assert_int_equal(net->frustration, 1);
    assert_true(net->frustration_exact);
    int a = orr_network_find(net, "AAA"), c = orr_network_find(net, "CCC");
    assert_true(orr_network_score(net, a, c) < 0);
    assert_float_equal(orr_network_score(net, a, c), -10.0 * 5 / 7, 1e-9);   /* shrunk */
    /* AAA: one tie of two hostile, by equal weight */
    assert_float_equal(net->nodes[a].isolation, 0.5, 1e-9);
    orr_network_free(net);
    orr_relate_free(rel);
}

/* Two planted blocs of four, friendly inside, hostile across. */
static void test_blocs_planted(void **state) {
    (void)state;
    const char *west[4] = {"USA", "GBR", "FRA", "DEU"}, *east[4] = {"RUS", "CHN", "IRN", "PRK"};
    orr_relate *rel = orr_relate_new(NULL);
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++) {
            add(rel, west[i], west[j], "2025-01-01", 1, 4);
            add(rel, east[i], east[j], "2025-01-01", 2, 4);
        }
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            if ((i + j) % 2 == 0) add(rel, west[i], east[j], "2025-01-01", 4, 4);
    orr_network *net;
    orr_error err;
    orr_network_opts o = {NULL, NULL, 1, 1, 42};
    assert_int_equal(orr_network_build(rel, &o, &net, &err), ORR_OK);
    assert_int_equal(net->n_blocs, 2);
    int bw = net->nodes[orr_network_find(net, "USA")].bloc, be = net->nodes[orr_network_find(net, "RUS")].bloc;
    assert_int_not_equal(bw, be);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(net->nodes[orr_network_find(net, west[i])].bloc, bw);
        assert_int_equal(net->nodes[orr_network_find(net, east[i])].bloc, be);
    }
    assert_int_equal(net->frustration, 0);
    assert_int_equal(net->balanced_triads, net->triads);
    /* deterministic: same input, same seed, same blocs */
    orr_network *again;
    assert_int_equal(orr_network_build(rel, &o, &again, &err), ORR_OK);
    for (size_t i = 0; i < net->n_nodes; i++) assert_int_equal(net->nodes[i].bloc, again->nodes[i].bloc);
    orr_network_free(again);
    orr_network_free(net);
    orr_relate_free(rel);
}

static void test_pelt_known_break(void **state) {
    (void)state;
    double x[40];
    for (int i = 0; i < 40; i++) x[i] = (i < 25 ? 1.0 : -3.0) + 0.3 * sin(i * 1.7);
    size_t cps[40], n;
    orr_error err;
    assert_int_equal(orr_pelt(x, 40, 0.09, 2 * log(40.0), 2, cps, &n, &err), ORR_OK);
    assert_int_equal(n, 1);
    assert_int_equal(cps[0], 25);
    /* a flat series: no change */
    for (int i = 0; i < 40; i++) x[i] = 0.3 * sin(i * 1.7);
    assert_int_equal(orr_pelt(x, 40, 0.09, 2 * log(40.0), 2, cps, &n, &err), ORR_OK);
    assert_int_equal(n, 0);
    /* two breaks */
    for (int i = 0; i < 40; i++) x[i] = (i < 10 ? 0 : i < 30 ? 5 : 0) + 0.1 * sin(i * 1.7);
    assert_int_equal(orr_pelt(x, 40, 0.09, 2 * log(40.0), 2, cps, &n, &err), ORR_OK);
    assert_int_equal(n, 2);
    assert_int_equal(cps[0], 10);
    assert_int_equal(cps[1], 30);
}

typedef struct shifts_seen {
    int n;
    orr_shift first;
} shifts_seen;

static int collect_shift(void *ctx, const orr_shift *s) {
    shifts_seen *ss = ctx;
    if (ss->n++ == 0) ss->first = *s;
    return 0;
}

static void test_shifts(void **state) {
    (void)state;
    orr_relate *rel = orr_relate_new(NULL);
    char date[11];
    for (int m = 1; m <= 12; m++) {
        snprintf(date, sizeof date, "2024-%02d-10", m);
        add(rel, "USA", "RUS", date, m <= 7 ? 1 : 4, 3);   /* turns hostile in August */
        add(rel, "USA", "GBR", date, 1, 3);                /* steady */
    }
    shifts_seen ss = {0};
    orr_error err;
    assert_int_equal(orr_relate_shifts(rel, ORR_BY_MONTH, NULL, 6, 10, collect_shift, &ss, &err), ORR_OK);
    assert_int_equal(ss.n, 1);
    assert_string_equal(ss.first.source, "USA");
    assert_string_equal(ss.first.target, "RUS");
    assert_string_equal(ss.first.change_at, "2024-08-01");
    assert_float_equal(ss.first.size, -8.0, 1e-9);
    assert_int_equal(ss.first.n_before, 7);
    orr_relate_free(rel);
}

/* USA-RUS hostile, RUS-CHN friendly, USA-CHN hostile: balanced.  A thaw
** (USA-RUS = +5) unbalances it and pushes CHN-RUS toward conflict. */
static void test_whatif_flips_triad(void **state) {
    (void)state;
    orr_relate *rel = orr_relate_new(NULL);
    add(rel, "USA", "RUS", "2025-01-01", 4, 8);
    add(rel, "RUS", "CHN", "2025-01-01", 1, 8);
    add(rel, "USA", "CHN", "2025-01-01", 3, 8);
    add(rel, "USA", "UKR", "2025-01-01", 2, 8);
    add(rel, "RUS", "UKR", "2025-01-01", 4, 8);
    orr_network *net;
    orr_error err;
    orr_network_opts o = {NULL, NULL, 1, 0, 42};
    assert_int_equal(orr_network_build(rel, &o, &net, &err), ORR_OK);
    orr_whatif_change ch;
    assert_int_equal(orr_whatif_parse("USA-RUS=5", &ch, &err), ORR_OK);
    assert_false(ch.relative);
    assert_int_equal(orr_whatif_parse("USA-RUS=+5", &ch, &err), ORR_OK);
    assert_true(ch.relative);
    assert_int_not_equal(orr_whatif_parse("USARUS+5", &ch, &err), ORR_OK);
    assert_int_equal(orr_whatif_parse("USA-RUS=5", &ch, &err), ORR_OK);
    orr_whatif_result *r;
    assert_int_equal(orr_whatif_run(net, &ch, 1, &r, &err), ORR_OK);
    assert_int_equal(r->unbalanced_before, 0);
    assert_int_equal(r->unbalanced_after, 2);   /* with CHN and with UKR */
    assert_int_equal(r->n_triads, 2);
    assert_true(r->triads[0].balanced_before);
    assert_false(r->triads[0].balanced_after);
    /* CHN-RUS is pushed toward conflict, CHN-USA toward cooperation */
    int saw_chn_rus = 0, saw_chn_usa = 0;
    for (size_t i = 0; i < r->n_dyads; i++) {
        if (!strcmp(r->dyads[i].a, "CHN") && !strcmp(r->dyads[i].b, "RUS")) {
            assert_true(r->dyads[i].pressure < 0);
            saw_chn_rus = 1;
        }
        if (!strcmp(r->dyads[i].a, "CHN") && !strcmp(r->dyads[i].b, "USA")) {
            assert_true(r->dyads[i].pressure > 0);
            saw_chn_usa = 1;
        }
    }
    assert_true(saw_chn_rus && saw_chn_usa);
    assert_non_null(strstr(r->summary, "USA-RUS from"));
    assert_non_null(strstr(r->summary, "2 triads become unbalanced"));
    orr_whatif_free(r);
    assert_int_equal(orr_whatif_parse("USA-XXX=+1", &ch, &err), ORR_OK);
    assert_int_equal(orr_whatif_run(net, &ch, 1, &r, &err), ORR_ENOTFOUND);
    orr_network_free(net);
    orr_relate_free(rel);
}

/* Windows as analysts type them, and the ones that must be refused. */
static void test_window_parse(void **state) {
    (void)state;
    char from[11], to[11];
    orr_error err;
    assert_int_equal(orr_window_parse("2024..2025-02", from, to, &err), ORR_OK);
    assert_string_equal(from, "2024-01-01");
    assert_string_equal(to, "2025-02-28");
    assert_int_equal(orr_window_parse("2024-02..2024-02", from, to, &err), ORR_OK);
    assert_string_equal(to, "2024-02-29");  /* leap year */
    assert_int_equal(orr_window_parse("..2025-02-18", from, to, &err), ORR_OK);
    assert_string_equal(from, "");
    assert_string_equal(to, "2025-02-18");
    assert_int_equal(orr_window_parse(NULL, from, to, &err), ORR_OK);
    assert_string_equal(from, "");
    const char *bad[] = {"2024", "2024-13..", "2023-02-29..", "2025..2024", "24..25", "2024-1..", "x..2024"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(orr_window_parse(bad[i], from, to, &err), ORR_EUSAGE);
        assert_non_null(strstr(err.message, bad[i]));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_series),
        cmocka_unit_test(test_window_parse),
        cmocka_unit_test(test_series_stream),
        cmocka_unit_test(test_balance_triads),
        cmocka_unit_test(test_blocs_planted),
        cmocka_unit_test(test_pelt_known_break),
        cmocka_unit_test(test_shifts),
        cmocka_unit_test(test_whatif_flips_triad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
