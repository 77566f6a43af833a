/*
** test_dict.c — dictionary readers (every format feature), diagnostics,
** the compiled file (round trip and rejection of damaged files), and
** lookup (dates and their boundaries, folding, possessives, hyphens,
** agent composition, metonyms).  The shipped dictionary is tested in
** test_dict_shipped.c.
*/
#include "testutil.h"

#include "dict/dict.h"

/* ---- helpers ---- */

typedef struct diags { char text[8192]; size_t n[3]; } diags;

static void collect(void *ctx, const orr_dict_diag *d) {
    diags *g = ctx;
    g->n[d->severity]++;
    size_t len = strlen(g->text);
    snprintf(g->text + len, sizeof g->text - len, "%s:%zu:%d:%s\n", d->file, d->line, d->severity,
             d->message);
}

typedef struct built { orr_dict *d; void *bin; diags g; } built;

/* Build from pairs of (name, text), NULL-terminated. */
static built *build(const char *const *files) {
    built *t = calloc(1, sizeof *t);
    orr_dict_builder *b = orr_dict_builder_new(collect, &t->g);
    assert_non_null(b);
    orr_error err;
    for (size_t i = 0; files[i]; i += 2)
        assert_int_equal(orr_dict_builder_add_mem(b, files[i], files[i + 1], strlen(files[i + 1]),
                                                  ORR_DICT_AUTO, &err), ORR_OK);
    orr_dict_builder_check(b);
    size_t len;
    assert_int_equal(orr_dict_builder_compile(b, &t->bin, &len, &err), ORR_OK);
    orr_dict_builder_free(b);
    assert_int_equal(orr_dict_open_mem(&t->d, t->bin, len, &err), ORR_OK);
    return t;
}

static void built_free(built *t) {
    orr_dict_close(t->d);
    free(t->bin);
    free(t);
}

/* Match space-separated TEXT; returns "CODE@start-end/flags" of the first match or "none". */
static const char *first(const orr_dict *d, const char *text, const char *date, int types) {
    static char out[128];
    char buf[512];
    const char *toks[64];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", text);
    for (char *t = strtok(buf, " "); t && n < 64; t = strtok(NULL, " ")) toks[n++] = t;
    orr_arena *a = orr_arena_new(4096);
    orr_dict_seq seq;
    assert_int_equal(orr_dict_seq_strings(d, a, toks, n, &seq), ORR_OK);
    orr_dict_match m[8];
    size_t k = orr_dict_scan(d, &seq, date ? orr_dict_date(date) : 0, types, m, 8);
    if (k == 0) snprintf(out, sizeof out, "none");
    else snprintf(out, sizeof out, "%s@%zu-%zu/%d", m[0].code[0] ? m[0].code : "-", m[0].start,
                  m[0].end, m[0].flags);
    orr_arena_free(a);
    return out;
}

static const char *code_on(const orr_dict *d, const char *text, const char *date) {
    static char out[64];
    const char *r = first(d, text, date, ORR_DICT_ACTORS_AGENTS);
    size_t n = strcspn(r, "@");
    snprintf(out, sizeof out, "%.*s", (int)n, r);
    return out;
}

/* ---- dates and folding ---- */

static void test_dates(void **state) {
    (void)state;
    assert_int_equal(dict_parse_date("450703", 6), 19450703);
    assert_int_equal(dict_parse_date("300101", 6), 20300101);   /* pivot: YY <= 30 is 20YY */
    assert_int_equal(dict_parse_date("310101", 6), 19310101);
    assert_int_equal(dict_parse_date("20250218", 8), 20250218);
    assert_int_equal(dict_parse_date("2025021", 7), -1);
    assert_int_equal(dict_parse_date("20251301", 8), -1);
    assert_int_equal(dict_parse_date("20230229", 8), -1);
    assert_int_equal(dict_parse_date("20240229", 8), 20240229);
    assert_int_equal(dict_parse_date("2024a229", 8), -1);
    assert_int_equal(orr_dict_date("2025-02-18"), 20250218);
    assert_int_equal(orr_dict_date("2025/02/18"), -1);
}

static void test_fold(void **state) {
    (void)state;
    char out[64];
    int poss;
    assert_int_equal(dict_fold("Erdoğan", strlen("Erdoğan"), out, sizeof out, &poss), 7);
    assert_string_equal(out, "erdogan");
    dict_fold("ÉLYSÉE", strlen("ÉLYSÉE"), out, sizeof out, &poss);
    assert_string_equal(out, "elysee");
    dict_fold("Kılıçdaroğlu", strlen("Kılıçdaroğlu"), out, sizeof out, &poss);
    assert_string_equal(out, "kilicdaroglu");
    dict_fold("Wałęsa", strlen("Wałęsa"), out, sizeof out, &poss);
    assert_string_equal(out, "walesa");
    dict_fold("U.S.", 4, out, sizeof out, &poss);
    assert_string_equal(out, "us");
    dict_fold("Russia's", 8, out, sizeof out, &poss);
    assert_string_equal(out, "russia");
    assert_int_equal(poss, 1);
    dict_fold("Russia’s", strlen("Russia’s"), out, sizeof out, &poss);
    assert_string_equal(out, "russia");
    assert_int_equal(poss, 1);
    dict_fold("Allies'", 7, out, sizeof out, &poss);
    assert_string_equal(out, "allies");
    assert_int_equal(poss, 1);
    dict_fold("'s", 2, out, sizeof out, &poss);
    assert_string_equal(out, "'s");
    assert_int_equal(poss, 0);
    assert_int_equal(dict_fold("\xff\xfe", 2, out, sizeof out, &poss), 0);   /* invalid UTF-8 */
}

/* ---- actors ---- */

static const char *const actors_files[] = {
    "t.actors.txt",
    "# comment line\n"
    "RUSSIAN_FEDERATION_  [RUS]\n"
    "+RUSSIA_\n"
    "+RUSSIAN\n"
    "\n"
    "DONALD_TRUMP_  # president\n"
    "+TRUMP_\n"
    "\t[USAELI <20170120]\n"
    "\t[USAGOV 20170120-20210120]\n"
    "\t[USAELI 20210120-20250120]\n"
    "\t[USAGOV >20250120]\n"
    "JAMES_BYRNES_  ; TABARI comment\n"
    "\t[USAELI 18970101-450703]\n"
    "\t[USAGOV 450703-470121]\n"
    "\t[USAELI]\n"
    "TABARI_STYLE_ [USAELI; USAGOV 20000101-20011231] [USAMIL >20100101]\n"
    "AHMED_AL-SHARAA_\n"
    "+JOLANI_\n"
    "\t[SYRREB <20241208]\n"
    "\t[SYRGOV >20241208]\n"
    "ERDOĞAN_ [TURGOV]\n",
    "t.agents.txt",
    "POLICE {} [~COP]\nFOREIGN_MINISTER [~GOV]\nMILITARY {} [~MIL]\nHUMAN_RIGHTS_BODY [NGO~]\n",
    NULL};

static void test_actor_dates(void **state) {
    (void)state;
    built *t = build(actors_files);
    assert_int_equal(t->g.n[2], 0);
    const orr_dict *d = t->d;
    assert_string_equal(code_on(d, "Donald Trump", "2017-06-01"), "USAGOV");
    assert_string_equal(code_on(d, "Donald Trump", "2022-06-01"), "USAELI");
    assert_string_equal(code_on(d, "Donald Trump", "2025-03-01"), "USAGOV");
    assert_string_equal(code_on(d, "Trump", "2016-01-01"), "USAELI");
    /* boundaries are inclusive; on a hand-over day the later-starting role wins */
    assert_string_equal(code_on(d, "Trump", "2017-01-19"), "USAELI");
    assert_string_equal(code_on(d, "Trump", "2017-01-20"), "USAGOV");
    assert_string_equal(code_on(d, "Trump", "2021-01-19"), "USAGOV");
    assert_string_equal(code_on(d, "Trump", "2021-01-20"), "USAELI");
    assert_string_equal(code_on(d, "Trump", "2025-01-20"), "USAGOV");
    /* 6-digit dates, default code when no restriction holds */
    assert_string_equal(code_on(d, "James Byrnes", "1946-01-01"), "USAGOV");
    assert_string_equal(code_on(d, "James Byrnes", "1950-01-01"), "USAELI");
    /* TABARI: restrictions on the entry line, ';' inside brackets */
    assert_string_equal(code_on(d, "TABARI STYLE", "2001-06-01"), "USAGOV");
    assert_string_equal(code_on(d, "TABARI STYLE", "2005-06-01"), "USAELI");
    assert_string_equal(code_on(d, "TABARI STYLE", "2015-06-01"), "USAMIL");
    /* no date: the default, else the latest-starting role */
    assert_string_equal(code_on(d, "James Byrnes", NULL), "USAELI");
    assert_string_equal(code_on(d, "Donald Trump", NULL), "USAGOV");
    /* hyphens: joined, split into tokens, or absent */
    assert_string_equal(code_on(d, "Ahmed al-Sharaa", "2025-05-14"), "SYRGOV");
    assert_string_equal(code_on(d, "Ahmed al - Sharaa", "2025-05-14"), "SYRGOV");
    assert_string_equal(code_on(d, "Ahmed al Sharaa", "2024-01-01"), "SYRREB");
    assert_string_equal(code_on(d, "Jolani", "2024-12-08"), "SYRGOV");
    assert_string_equal(code_on(d, "Erdogan", "2024-12-08"), "TURGOV");
    assert_string_equal(code_on(d, "ERDOĞAN", NULL), "TURGOV");
    /* longest match and token spans */
    assert_string_equal(first(d, "said Donald Trump today", "2025-03-01", ORR_DICT_ACTORS_AGENTS),
                        "USAGOV@1-3/0");
    built_free(t);
}

static void test_compose(void **state) {
    (void)state;
    built *t = build(actors_files);
    const orr_dict *d = t->d;
    assert_string_equal(code_on(d, "Russian foreign minister", NULL), "RUSGOV");
    assert_string_equal(code_on(d, "Russian foreign ministers", NULL), "RUSGOV");   /* plural made */
    assert_string_equal(code_on(d, "Russian police", NULL), "RUSCOP");
    assert_string_equal(code_on(d, "Russia 's military", NULL), "RUSMIL");
    assert_string_equal(code_on(d, "Russia's military", NULL), "RUSMIL");
    assert_string_equal(code_on(d, "Russia ' s military", NULL), "RUSMIL");
    assert_string_equal(code_on(d, "Russian human rights body", NULL), "NGORUS");   /* NGO~ */
    assert_string_equal(code_on(d, "police", NULL), "COP");                         /* agent alone */
    /* possessive included in the span and flagged */
    assert_string_equal(first(d, "Russia 's", NULL, ORR_DICT_ACTORS_AGENTS), "RUS@0-2/10");
    char flags[64];
    snprintf(flags, sizeof flags, "RUSCOP@0-2/%d", ORR_MATCH_COMPOSED | ORR_MATCH_DEFAULT);
    assert_string_equal(first(d, "Russian police", NULL, ORR_DICT_ACTORS_AGENTS), flags);
    built_free(t);
}

static void test_actor_diagnostics(void **state) {
    (void)state;
    static const char *const files[] = {
        "bad.actors.txt",
        "+ORPHAN_SYNONYM\n"                      /* 1: error */
        "ALPHA_ [ABCD]\n"                        /* 2: bad code shape */
        "\t[ALPGOV 20201301-20211231]\n"         /* 3: bad date */
        "\t[ALPGOV 20210101-20200101]\n"         /* 4: reversed range */
        "BETA_\n"                                /* 5: overlap (line 7) */
        "\t[BETGOV 20100101-20151231]\n"
        "\t[BETELI 20150101-20201231]\n"
        "GAMMA_ [GAMGOV]\n"                      /* 8 */
        "+SHARED_NAME_\n"
        "DELTA_ [DELELI]\n"                      /* 10 */
        "+SHARED_NAME_\n"                        /* 11: also GAMMA with other codes */
        "EPSILON_\n"                             /* 12: no code */
        "ZETA_\n\t[ZETXYZ >20100101]\n"           /* 13-14: unknown agent XYZ (ZET is a country) */
        "ZET_ [ZET]\n"
        "ETA_ [ETA]\n\t[ETAGOV >2010]\n"         /* 17: bad date */
        "THETA_\n",                              /* 18: no code, last entry: warning */
        "a.agents.txt", "POLICE {} [~COP]\n", NULL};
    built *t = build(files);
    const char *g = t->g.text;
    assert_non_null(strstr(g, "bad.actors.txt:1:2:synonym '+' line before any entry"));
    assert_non_null(strstr(g, "bad.actors.txt:2:1:bad code shape 'ABCD'"));
    assert_non_null(strstr(g, "bad.actors.txt:3:2:bad date in range"));
    assert_non_null(strstr(g, "bad.actors.txt:4:2:date range '20210101-20200101' ends before it starts"));
    assert_non_null(strstr(g, "bad.actors.txt:7:1:overlapping date ranges: [BETGOV] (line 6) and [BETELI]"));
    assert_non_null(strstr(g, "bad.actors.txt:11:1:phrase 'SHARED_NAME_' is also entry 'GAMMA_' (line 8)"));
    assert_non_null(strstr(g, "bad.actors.txt:12:0:entry 'EPSILON_' has no code: read as a synonym of the next entry (line 13)"));
    assert_string_equal(code_on(t->d, "epsilon", "2020-01-01"), "ZETXYZ");
    assert_non_null(strstr(g, "bad.actors.txt:14:1:unknown agent code 'XYZ' in ZETXYZ"));
    assert_non_null(strstr(g, "bad.actors.txt:17:2:bad date '2010'"));
    assert_non_null(strstr(g, "bad.actors.txt:18:1:entry 'THETA_' has no code: it matches but codes nothing"));
    /* the later entry wins the shared phrase */
    assert_string_equal(code_on(t->d, "shared name", NULL), "DELELI");
    built_free(t);
}

/* ---- agents ---- */

static void test_agents(void **state) {
    (void)state;
    static const char *const files[] = {
        "c.actors.txt", "CHINA_ [CHN]\n+CHINESE_\n",
        "x.agents.txt",
        "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON\n"
        "CONGRESS!PERSON! [~LEG]\n"
        "SECRETARY [~GOV]\n"                 /* plural SECRETARIES */
        "BOSS [~BUS]\n"                      /* plural BOSSES */
        "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\n"
        "POLICE {} [~COP]\n"
        "HUSBAND!PERSON![~AGR]\n"
        "ISLAMIC_EXTREMIST\n"                /* no code: warning */
        "BOGUS!NOPE! [~GOV]\n"               /* unknown substitution: error */
        "ODD [GOV]\n"                       /* no ~: warning */
        "!SELF! = A, B_!SELF!\n"            /* 12: nested marker: error (fuzzer found endless expansion) */
        "X!SELF!!SELF!!SELF! [~GOV]\n",     /* unknown set now: error, and no blow-up */
        NULL};
    built *t = build(files);
    const orr_dict *d = t->d;
    assert_string_equal(code_on(d, "Chinese congresswoman", NULL), "CHNLEG");
    assert_string_equal(code_on(d, "Chinese congressperson", NULL), "CHNLEG");
    assert_string_equal(code_on(d, "Chinese congresswomans", NULL), "CHN");   /* no plural of a substitution */
    assert_string_equal(code_on(d, "Chinese secretaries", NULL), "CHNGOV");
    assert_string_equal(code_on(d, "Chinese bosses", NULL), "CHNBUS");
    assert_string_equal(code_on(d, "Chinese attorneys general", NULL), "CHNGOVATG");
    assert_string_equal(code_on(d, "Chinese attorney generals", NULL), "CHN");
    assert_string_equal(code_on(d, "Chinese polices", NULL), "CHN");
    assert_string_equal(code_on(d, "Chinese husbandmen", NULL), "CHNAGR");
    assert_non_null(strstr(t->g.text, "x.agents.txt:8:1:agent 'ISLAMIC_EXTREMIST' has no [code]"));
    assert_non_null(strstr(t->g.text, "x.agents.txt:9:2:unknown substitution set !NOPE!"));
    assert_non_null(strstr(t->g.text, "x.agents.txt:10:1:agent code 'GOV' without '~'"));
    assert_non_null(strstr(t->g.text, "x.agents.txt:11:2:substitution set contains a '!' marker"));
    assert_non_null(strstr(t->g.text, "x.agents.txt:12:2:unknown substitution set !SELF!"));
    orr_dict_agent_info ai;
    assert_int_equal(orr_dict_agent(d, 0, &ai), ORR_OK);
    assert_string_equal(ai.code, "LEG");
    assert_int_equal(ai.prefix, 0);
    built_free(t);
}

/* ---- verbs ---- */

static void test_verbs(void **state) {
    (void)state;
    static const char *const files[] = {
        "CAMEO.test.txt",
        "&CURRENCY\n+MONEY\n+CASH_\n"
        "&AUXVERB_\n+WILL\n+IS_TO\n"
        "---  ALTER   [---]  ---\n"
        "ALTER\nCHANGE\nPUT {PUTS PUTTING }  # irregular\n"
        "+CORDON_OFF\n"
        "WIRE_+TAP\n"
        "- * DEAL  [031]  # REVISE\n"
        "- * (TO) [042:043] # RUSH\n"
        "- * (BEFORE COURT) [:173]\n"
        "- * (FOR {FINANCIAL AID} [0344]\n"   /* unbalanced: warning */
        "- * &CURRENCY [1722]\n"
        "---  ACCUSE   [112]  ---\n"
        "ACCUSE\nCRY\n"
        "+CRACK_DOWN {+CRACKED_DOWN , +CRACKS_DOWN,+CRACKING_DOWN}\n"   /* commas: separators */
        "- * DIPLXMATIC  [###]  # TABARI discard code, not a comment\n"
        "~ a (a b ATTACK) SAY = a b 015\n"
        "~ broken transform\n",
        NULL};
    built *t = build(files);
    const orr_dict *d = t->d;
    int V = 1 << ORR_MATCH_VERB;
    assert_string_equal(first(d, "altered", NULL, V), "---@0-1/0");
    assert_string_equal(first(d, "changing", NULL, V), "---@0-1/0");
    assert_string_equal(first(d, "changes", NULL, V), "---@0-1/0");
    assert_string_equal(first(d, "putting", NULL, V), "---@0-1/0");
    assert_string_equal(first(d, "cordoned off", NULL, V), "---@0-2/0");
    assert_string_equal(first(d, "wire taps", NULL, V), "---@0-2/0");
    assert_string_equal(first(d, "wire tapping", NULL, V), "none");   /* no consonant doubling, as in PETRARCH */
    assert_string_equal(first(d, "accuses", NULL, V), "112@0-1/0");
    assert_string_equal(first(d, "cried", NULL, V), "112@0-1/0");
    assert_string_equal(first(d, "cries", NULL, V), "112@0-1/0");
    assert_string_equal(first(d, "cracked down", NULL, V), "112@0-2/0");
    assert_string_equal(first(d, "cracking down", NULL, V), "112@0-2/0");
    assert_string_equal(first(d, "cracks down", NULL, V), "112@0-2/0");
    assert_string_equal(first(d, "Russia , Ukraine", NULL, V), "none");   /* no "," verb */
    orr_dict_verb_block vb;
    assert_int_equal(orr_dict_verb_block_get(d, 0, &vb), ORR_OK);
    assert_string_equal(vb.name, "ALTER");
    assert_int_equal(vb.n_patterns, 5);
    orr_dict_pattern p;
    assert_int_equal(orr_dict_verb_pattern(d, 0, 1, &p), ORR_OK);
    assert_string_equal(p.text, "* (TO)");
    assert_string_equal(p.code, "042");
    assert_string_equal(p.code2, "043");
    assert_string_equal(p.comment, "RUSH");
    assert_int_equal(orr_dict_verb_pattern(d, 0, 2, &p), ORR_OK);
    assert_string_equal(p.code, "");
    assert_string_equal(p.code2, "173");
    assert_int_equal(orr_dict_verb_pattern(d, 1, 0, &p), ORR_OK);
    assert_string_equal(p.code, "###");
    assert_string_equal(p.comment, "TABARI discard code, not a comment");
    size_t nm;
    int ss = orr_dict_synset(d, "&CURRENCY", &nm);
    assert_true(ss >= 0);
    assert_int_equal(nm, 3);   /* MONEY, MONEYS (plural made), CASH (no plural: '_') */
    assert_string_equal(orr_dict_synset_member(d, ss, 2), "CASH");
    ss = orr_dict_synset(d, "&AUXVERB", &nm);
    assert_int_equal(nm, 2);   /* label ends in '_': no plurals */
    assert_string_equal(orr_dict_synset_member(d, ss, 1), "IS TO");
    assert_int_equal(orr_dict_n_transforms(d), 2);
    assert_non_null(strstr(t->g.text, "unbalanced ( ) or { } in pattern"));
    assert_non_null(strstr(t->g.text, "transformation without '= result'"));
    assert_non_null(strstr(t->g.text, "',' between irregular forms read as a space"));
    built_free(t);
}

/* ---- discards and issues ---- */

static void test_discards_issues(void **state) {
    (void)state;
    static const char *const files[] = {
        "x.discards.txt", "+ACADEMY AWARD   # story\nWORLD CUP\nBASEBALL_\n",
        "x.issues.txt",
        "<ISSUE CATEGORY=\"ID_ATROCITY\" TYPE=\"ALL\">\n"
        "n:atrocity [ID_ATROCITY]\n"
        "ethnic v:purge [ID_ATROCITY]\n"
        "al+zarqawi network [NAMED_TERROR_GROUP]\n"
        "~Saturday Night massacre\n"
        "no code here\n"
        "</ISSUE>\n",
        NULL};
    built *t = build(files);
    const orr_dict *d = t->d;
    int D = 1 << ORR_MATCH_DISCARD, I = 1 << ORR_MATCH_ISSUE;
    orr_dict_discard_info di;
    assert_string_equal(first(d, "the Academy Award went", NULL, D), "-@1-3/0");
    assert_int_equal(orr_dict_discard(d, 0, &di), ORR_OK);
    assert_int_equal(di.story, 1);
    assert_int_equal(orr_dict_discard(d, 1, &di), ORR_OK);
    assert_int_equal(di.story, 0);
    assert_string_equal(first(d, "World Cup", NULL, D), "-@0-2/0");
    assert_string_equal(first(d, "baseball", NULL, D), "-@0-1/0");
    assert_string_equal(first(d, "atrocities", NULL, I), "ID_ATROCITY@0-1/0");
    assert_string_equal(first(d, "ethnic purging", NULL, I), "ID_ATROCITY@0-2/0");
    assert_string_equal(first(d, "ethnic purged", NULL, I), "ID_ATROCITY@0-2/0");
    assert_string_equal(first(d, "al-Zarqawi network", NULL, I), "NAMED_TERROR_GROUP@0-2/0");
    assert_string_equal(first(d, "Saturday Night massacre", NULL, I), "-@0-3/0");
    orr_dict_issue_info ii;
    assert_int_equal(orr_dict_issue(d, 3, &ii), ORR_OK);
    assert_int_equal(ii.ignore, 1);
    assert_string_equal(ii.category, "ID_ATROCITY");
    assert_non_null(strstr(t->g.text, "x.issues.txt:6:2:issue phrase without [CODE]"));
    built_free(t);
}

/* ---- metonyms ---- */

static void test_metonyms(void **state) {
    (void)state;
    static const char *const files[] = {
        "c.actors.txt", "CHINA_ [CHN]\n+BEIJING_\n",
        "z.metonyms.txt", "BEIJING_ [CHNGOV]\n",
        NULL};
    built *t = build(files);
    orr_arena *a = orr_arena_new(1024);
    const char *toks[] = {"Beijing", "said"};
    orr_dict_seq seq;
    assert_int_equal(orr_dict_seq_strings(t->d, a, toks, 2, &seq), ORR_OK);
    orr_dict_match m;
    assert_int_equal(orr_dict_match_at(t->d, &seq, 0, 20250218, ORR_DICT_ACTORS_AGENTS, &m), 1);
    assert_string_equal(m.code, "CHNGOV");
    assert_true(m.flags & ORR_MATCH_METONYM);
    uint32_t r;
    assert_string_equal(orr_dict_actor_code(t->d, m.shadow, 20250218, &r), "CHN");
    char why[512];
    orr_dict_explain(t->d, &m, 20250218, why, sizeof why);
    assert_non_null(strstr(why, "literal reading CHN"));
    assert_non_null(strstr(t->g.text, "z.metonyms.txt:1:0:phrase 'BEIJING_' overrides 'CHINA_' (c.actors.txt:1)"));
    orr_arena_free(a);
    built_free(t);
}

/* ---- the compiled file ---- */

static void test_compiled_rejects_damage(void **state) {
    (void)state;
    orr_dict_builder *b = orr_dict_builder_new(NULL, NULL);
    orr_error err;
    const char *txt = "RUSSIA_ [RUS]\n";
    assert_int_equal(orr_dict_builder_add_mem(b, "r.actors.txt", txt, strlen(txt), ORR_DICT_AUTO, &err), ORR_OK);
    void *bin;
    size_t len;
    assert_int_equal(orr_dict_builder_compile(b, &bin, &len, &err), ORR_OK);
    orr_dict_builder_free(b);
    orr_dict *d;
    assert_int_equal(orr_dict_open_mem(&d, bin, len, &err), ORR_OK);
    orr_dict_close(d);
    unsigned char *p = bin;
    p[len - 3] ^= 0x40;   /* one flipped bit: CRC mismatch */
    assert_int_equal(orr_dict_open_mem(&d, bin, len, &err), ORR_EFORMAT);
    assert_non_null(strstr(err.message, "checksum"));
    p[len - 3] ^= 0x40;
    assert_int_equal(orr_dict_open_mem(&d, bin, len - 8, &err), ORR_EFORMAT);   /* truncated */
    uint32_t v = 99;
    memcpy(p + 8, &v, 4);   /* version */
    assert_int_equal(orr_dict_open_mem(&d, bin, len, &err), ORR_EFORMAT);
    assert_non_null(strstr(err.message, "version 99"));
    p[0] = 'X';
    assert_int_equal(orr_dict_open_mem(&d, bin, len, &err), ORR_EFORMAT);
    assert_non_null(strstr(err.message, "bad magic"));
    free(bin);
    assert_int_equal(orr_dict_open(&d, "/nonexistent/x.orrdict", &err), ORR_EIO);
}

static void test_kind_of(void **state) {
    (void)state;
    assert_int_equal(orr_dict_kind_of("data/dict/Phoenix.Countries.actors.txt"), ORR_DICT_ACTORS);
    assert_int_equal(orr_dict_kind_of("current.metonyms.txt"), ORR_DICT_METONYMS);
    assert_int_equal(orr_dict_kind_of("Phoenix.agents.txt"), ORR_DICT_AGENTS);
    assert_int_equal(orr_dict_kind_of("CAMEO.2.0.txt"), ORR_DICT_VERBS);
    assert_int_equal(orr_dict_kind_of("PETR.Validate.verbs.txt"), ORR_DICT_VERBS);
    assert_int_equal(orr_dict_kind_of("Phoenix.discards.txt"), ORR_DICT_DISCARDS);
    assert_int_equal(orr_dict_kind_of("Phoenix.IssueCoding.txt"), ORR_DICT_ISSUES);
    assert_int_equal(orr_dict_kind_of("readme.txt"), ORR_DICT_AUTO);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_actor_dates),
        cmocka_unit_test(test_compose),
        cmocka_unit_test(test_actor_diagnostics),
        cmocka_unit_test(test_agents),
        cmocka_unit_test(test_verbs),
        cmocka_unit_test(test_discards_issues),
        cmocka_unit_test(test_metonyms),
        cmocka_unit_test(test_compiled_rejects_damage),
        cmocka_unit_test(test_kind_of),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
