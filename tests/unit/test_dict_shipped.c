/*
** test_dict_shipped.c — the shipped default dictionary (built by `make`
** into data/dict/default.orrdict, found through $ORRERY_DATA): the dated
** roles, spellings, titles and metonyms the issue pins, looked up through
** the real tokenizer.
*/
#include "testutil.h"

static orr_dict *dict;

static int setup(void **state) {
    (void)state;
    orr_error err;
    if (orr_dict_open(&dict, NULL, &err) != ORR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    orr_dict_close(dict);
    return 0;
}

/* "CODE|matched text|flags" of the first actor/agent match in text. */
static const char *lookup(const char *text, const char *date) {
    static char out[256];
    orr_arena *a = orr_arena_new(4096);
    orr_token *toks;
    size_t n;
    orr_error err;
    assert_int_equal(orr_text_tokenize(a, text, 0, strlen(text), &toks, &n, &err), ORR_OK);
    orr_dict_seq seq;
    assert_int_equal(orr_dict_seq_tokens(dict, a, text, toks, n, &seq), ORR_OK);
    orr_dict_match m;
    size_t k = orr_dict_scan(dict, &seq, orr_dict_date(date), ORR_DICT_ACTORS_AGENTS, &m, 1);
    if (k == 0) snprintf(out, sizeof out, "none");
    else {
        size_t s = toks[m.start].start, e = toks[m.end - 1].end;
        snprintf(out, sizeof out, "%s|%.*s|%s", m.code, (int)(e - s), text + s,
                 m.flags & ORR_MATCH_METONYM ? "metonym" : "");
    }
    orr_arena_free(a);
    return out;
}

static void test_people_2025(void **state) {
    (void)state;
    assert_string_equal(lookup("Marco Rubio", "2025-02-18"), "USAGOV|Marco Rubio|");
    assert_string_equal(lookup("Sergey Lavrov", "2025-02-18"), "RUSGOV|Sergey Lavrov|");
    assert_string_equal(lookup("Sergei Lavrov", "2025-02-18"), "RUSGOV|Sergei Lavrov|");
    assert_string_equal(lookup("Mike Waltz", "2025-02-18"), "USAGOV|Mike Waltz|");
    assert_string_equal(lookup("Volodymyr Zelensky", "2025-02-18"), "UKRGOV|Volodymyr Zelensky|");
    assert_string_equal(lookup("Zelenskyy", "2025-02-18"), "UKRGOV|Zelenskyy|");
    assert_string_equal(lookup("Zelenskiy", "2025-02-18"), "UKRGOV|Zelenskiy|");
    assert_string_equal(lookup("Donald Trump", "2017-06-01"), "USAGOV|Donald Trump|");
    assert_string_equal(lookup("Donald Trump", "2025-03-01"), "USAGOV|Donald Trump|");
    assert_string_equal(lookup("Donald Trump", "2022-06-01"), "USAELI|Donald Trump|");
    assert_string_equal(lookup("Ahmed al-Sharaa", "2025-05-14"), "SYRGOV|Ahmed al-Sharaa|");
    assert_string_equal(lookup("Ahmed al-Sharaa", "2024-06-01"), "SYRREB|Ahmed al-Sharaa|");
    assert_string_equal(lookup("Recep Tayyip Erdoğan", "2025-02-18"), "TURGOV|Recep Tayyip Erdoğan|");
    assert_string_equal(lookup("Erdogan", "2025-02-18"), "TURGOV|Erdogan|");
    /* Waltz's dated roles: congressman, adviser, then UN ambassador (nominee) */
    assert_string_equal(lookup("Mike Waltz", "2024-06-01"), "USALEG|Mike Waltz|");
    assert_string_equal(lookup("Mike Waltz", "2025-06-01"), "USAGOV|Mike Waltz|");
}

static void test_titles_and_metonyms(void **state) {
    (void)state;
    assert_string_equal(lookup("Russian Foreign Minister", "2025-02-18"), "RUSGOV|Russian Foreign Minister|");
    assert_string_equal(lookup("Ukrainian drones hit", "2025-02-18"), "UKRMIL|Ukrainian drones|");
    assert_string_equal(lookup("Indian police said", "2025-02-18"), "INDCOP|Indian police|");
    assert_string_equal(lookup("the Kremlin said", "2025-02-18"), "RUSGOV|Kremlin|metonym");
    assert_string_equal(lookup("Beijing said", "2025-02-18"), "CHNGOV|Beijing|metonym");
    assert_string_equal(lookup("Washington said", "2025-02-18"), "USAGOV|Washington|metonym");
    assert_string_equal(lookup("Russia's military", "2025-02-18"), "RUSMIL|Russia's military|");
    assert_string_equal(lookup("Russian Defence Minister", "2025-02-18"), "RUSGOVMIL|Russian Defence Minister|");
    assert_string_equal(lookup("US officials told us", "2025-02-18"), "USAGOV|US officials|");
    assert_string_equal(lookup("they told us nothing", "2025-02-18"), "none");   /* the pronoun */
}

/* the fixes of the Reuters precision audit (data/dict/README.md, "Fixes
   for news"): Soviet-era dates, organisations named after a place, and
   words that name no actor */
static void test_news_fixes(void **state) {
    (void)state;
    assert_string_equal(lookup("Moscow said", "1987-03-01"), "SUNGOV|Moscow|metonym");
    assert_string_equal(lookup("Moscow said", "2025-02-18"), "RUSGOV|Moscow|metonym");
    assert_string_equal(lookup("the Kremlin said", "1987-03-01"), "SUNGOV|Kremlin|metonym");
    assert_string_equal(lookup("Gorbachev said", "1987-03-01"), "SUNGOV|Gorbachev|");
    assert_string_equal(lookup("Shevardnadze said", "1987-03-01"), "SUNGOV|Shevardnadze|");
    assert_string_equal(lookup("Shevardnadze said", "1995-03-01"), "GEOGOV|Shevardnadze|");
    assert_string_equal(lookup("Manufacturers Hanover Trust said", "1987-03-01"),
                        "MNCUSA|Manufacturers Hanover Trust|");
    assert_string_equal(lookup("the Chicago Mercantile Exchange said", "1987-03-01"),
                        "USABUS|Chicago Mercantile Exchange|");
    assert_string_equal(lookup("Hanover said", "1987-03-01"), "DEU|Hanover|");  /* the city still is */
    /* matched, but no code: the phrase is no actor */
    assert_string_equal(lookup("Latin American debtors", "1987-03-01"), "|Latin American|");
    assert_string_equal(lookup("said Albert Soria", "1987-03-01"), "|Albert|");
    assert_string_equal(lookup("Prince Albert", "2010-01-01"), "MCOGOV|Prince Albert|");
}

/* the second round (dict3): Phoenix's other Soviet leaders, Bonn and
   Berlin by date, office holders of the 1980s, firms and currencies named
   after places, and words Phoenix gives to armed groups or places */
static void test_soviet_officials(void **state) {
    (void)state;
    assert_string_equal(lookup("Ryzhkov said", "1987-03-01"), "SUNGOV|Ryzhkov|");
    assert_string_equal(lookup("Nikolai Ryzhkov said", "1987-03-01"), "SUNGOV|Nikolai Ryzhkov|");
    assert_string_equal(lookup("Nikolay Ryzhkov said", "1995-03-01"), "RUSELI|Nikolay Ryzhkov|");
    assert_string_equal(lookup("Leonid Brezhnev said", "1975-03-01"), "SUNGOV|Leonid Brezhnev|");
    assert_string_equal(lookup("Yuri Andropov said", "1975-03-01"), "SUNSPY|Yuri Andropov|");
    assert_string_equal(lookup("Yegor Ligachev said", "1987-03-01"), "SUNGOV|Yegor Ligachev|");
    assert_string_equal(lookup("Talyzin said", "1987-03-01"), "SUNGOV|Talyzin|");
    assert_string_equal(lookup("Vsevolod Murakhovsky said", "1987-03-01"), "SUNGOV|Vsevolod Murakhovsky|");
    assert_string_equal(lookup("Petrovsky said", "1987-03-01"), "SUNGOV|Petrovsky|");
    assert_string_equal(lookup("Marshal Sergei Sokolov said", "1987-03-01"),
                        "SUNGOV|Marshal Sergei Sokolov|");
    assert_string_equal(lookup("Boris Yeltsin said", "1987-03-01"), "SUNELI|Boris Yeltsin|");
    assert_string_equal(lookup("Boris Yeltsin said", "1995-03-01"), "RUSGOV|Boris Yeltsin|");
    /* Gerasimov: the Soviet spokesman then, the Russian general now */
    assert_string_equal(lookup("Gerasimov said", "1987-03-01"), "SUNGOV|Gerasimov|");
    assert_string_equal(lookup("Gerasimov said", "2025-02-18"), "RUSMIL|Gerasimov|");
    /* after 1991 a Soviet-era figure no longer holds Soviet office */
    assert_string_equal(lookup("Gorbachev said", "2000-03-01"), "RUSELI|Gorbachev|");
}

static void test_bonn_berlin(void **state) {
    (void)state;
    assert_string_equal(lookup("Bonn said", "1987-03-01"), "DEUGOV|Bonn|metonym");
    assert_string_equal(lookup("Bonn said", "1995-03-01"), "DEUGOV|Bonn|metonym");
    assert_string_equal(lookup("Bonn said", "2010-03-01"), "DEU|Bonn|metonym");   /* a city again */
    assert_string_equal(lookup("East Berlin said", "1987-03-01"), "DDRGOV|East Berlin|metonym");
    assert_string_equal(lookup("Berlin said", "1987-03-01"), "DEU|Berlin|metonym");
    assert_string_equal(lookup("Berlin said", "2025-02-18"), "DEUGOV|Berlin|metonym");
}

static void test_office_holders_1987(void **state) {
    (void)state;
    assert_string_equal(lookup("James Baker said", "1987-03-01"), "USAGOV|James Baker|");
    assert_string_equal(lookup("James Baker said", "1990-03-01"), "USAGOV|James Baker|");
    assert_string_equal(lookup("James Baker said", "2000-03-01"), "USAELI|James Baker|");
    assert_string_equal(lookup("Kiichi Miyazawa said", "1987-03-01"), "JPNGOV|Kiichi Miyazawa|");
    assert_string_equal(lookup("Javier Perez de Cuellar said", "1987-03-01"),
                        "IGOUNO|Javier Perez de Cuellar|");
    assert_string_equal(lookup("Newt Gingrich said", "1987-03-01"), "USALEG|Newt Gingrich|");
    assert_string_equal(lookup("Constantine Mitsotakis said", "1987-03-01"),
                        "GRCOPP|Constantine Mitsotakis|");
    assert_string_equal(lookup("King Hassan said", "1987-03-01"), "MARGOV|King Hassan|");
}

static void test_names_with_places(void **state) {
    (void)state;
    assert_string_equal(lookup("Sapporo Breweries Ltd said", "1987-03-01"), "MNCJPN|Sapporo Breweries|");
    assert_string_equal(lookup("Bethlehem Steel Corp said", "1987-03-01"), "MNCUSA|Bethlehem Steel|");
    assert_string_equal(lookup("Rhone-Poulenc said", "1987-03-01"), "MNCFRA|Rhone-Poulenc|");
    assert_string_equal(lookup("Tesco said", "1987-03-01"), "MNCGBR|Tesco|");
    assert_string_equal(lookup("the Sapporo office", "1987-03-01"), "JPN|Sapporo|");  /* the city still is */
    /* matched, but no code: a currency, a number, a plain word, a person */
    assert_string_equal(lookup("100 mln Swiss francs of notes", "1987-03-01"), "|Swiss francs|");
    assert_string_equal(lookup("the Swiss said", "1987-03-01"), "CHE|Swiss|");  /* the people still are */
    assert_string_equal(lookup("270 mln U.S. dlrs", "1987-03-01"), "|U.S. dlrs|");
    assert_string_equal(lookup("the organization said", "1987-03-01"), "|organization|");
    assert_string_equal(lookup("a zero coupon bond", "1987-03-01"), "|zero|");
    assert_string_equal(lookup("non-OPEC producers", "1987-03-01"), "|non-OPEC producers|");
    assert_string_equal(lookup("the central city of Cordoba", "1987-03-01"), "|Cordoba|");
    assert_string_equal(lookup("said Lawrence Cohn", "1987-03-01"), "|Lawrence|");
    assert_string_equal(lookup("AGA's German contended", "1987-03-01"), "|AGA's German|");
    assert_string_equal(lookup("two DC-10 jets", "1987-03-01"), "|DC-10|");
    assert_string_equal(lookup("its Chevron U.S.A. Inc unit", "1987-03-01"), "MNCUSA|Chevron U.S.A.|");
    assert_string_equal(lookup("the New England banking laws", "1987-03-01"), "USA|New England|");
    assert_string_equal(lookup("the England team", "1987-03-01"), "GBR|England|");  /* England still is */
    assert_string_equal(lookup("the project in China Lake, Calif.", "1987-03-01"), "|China Lake|");
    /* the FSB exists from 1995; before, "FSB" is a savings bank */
    assert_string_equal(lookup("Lincoln Savings Bank FSB", "1987-03-01"), "|FSB|");
    assert_string_equal(lookup("the FSB said", "2025-02-18"), "RUSCOP|FSB|");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_people_2025),
        cmocka_unit_test(test_titles_and_metonyms),
        cmocka_unit_test(test_news_fixes),
        cmocka_unit_test(test_soviet_officials),
        cmocka_unit_test(test_bonn_berlin),
        cmocka_unit_test(test_office_holders_1987),
        cmocka_unit_test(test_names_with_places),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
