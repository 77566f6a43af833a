/*
** import_gdelt.c — GDELT event rows to orr_event.  GDELT 2.0 exports have
** 61 tab-separated columns, GDELT 1.0 daily files 58 (57 before April
** 2013, without SOURCEURL); the first 35 columns are the same in all.
** Files with a header row (e.g. gdeltPyR's CSV samples, which add a
** CAMEOCodeDescription column after EventCode) are mapped by column name,
** so extra or reordered columns do not matter.
*/
#include "../relate/import.h"

#include <strings.h>

static const struct {
    int col;
    const char *name;
} gdelt_names[] = {
    {GCOL_ID, "GLOBALEVENTID"},       {GCOL_DATE, "SQLDATE"},
    {GCOL_A1CODE, "Actor1Code"},      {GCOL_A1NAME, "Actor1Name"},
    {GCOL_A1COUNTRY, "Actor1CountryCode"}, {GCOL_A1GROUP, "Actor1KnownGroupCode"},
    {GCOL_A1TYPE, "Actor1Type1Code"}, {GCOL_A2CODE, "Actor2Code"},
    {GCOL_A2NAME, "Actor2Name"},      {GCOL_A2COUNTRY, "Actor2CountryCode"},
    {GCOL_A2GROUP, "Actor2KnownGroupCode"}, {GCOL_A2TYPE, "Actor2Type1Code"},
    {GCOL_CODE, "EventCode"},         {GCOL_QUAD, "QuadClass"},
    {GCOL_GOLDSTEIN, "GoldsteinScale"}, {GCOL_MENTIONS, "NumMentions"},
    {GCOL_SOURCES, "NumSources"},     {GCOL_ARTICLES, "NumArticles"},
    {GCOL_URL, "SOURCEURL"},
};
#define N_GDELT_NAMES (sizeof gdelt_names / sizeof gdelt_names[0])

/* Positions in the standard layouts (same for 1.0 and 2.0 up to 34). */
static const int gdelt_fixed[GCOL_N] = {
    [GCOL_ID] = 0,         [GCOL_DATE] = 1,      [GCOL_A1CODE] = 5,   [GCOL_A1NAME] = 6,
    [GCOL_A1COUNTRY] = 7,  [GCOL_A1GROUP] = 8,   [GCOL_A1TYPE] = 12,  [GCOL_A2CODE] = 15,
    [GCOL_A2NAME] = 16,    [GCOL_A2COUNTRY] = 17, [GCOL_A2GROUP] = 18, [GCOL_A2TYPE] = 22,
    [GCOL_CODE] = 26,      [GCOL_QUAD] = 29,     [GCOL_GOLDSTEIN] = 30, [GCOL_MENTIONS] = 31,
    [GCOL_SOURCES] = 32,   [GCOL_ARTICLES] = 33, [GCOL_URL] = -1,
};

static void gdelt_set_min(import_file *f) {
    f->min_cols = 0;
    for (int i = 0; i < GCOL_N; i++)
        if (f->col[i] + 1 > f->min_cols) f->min_cols = f->col[i] + 1;
}

int import_gdelt_header(import_file *f, char **fld, size_t n) {
    if (n < 3 || strcasecmp(fld[0], "GLOBALEVENTID") != 0) return 0;
    for (int i = 0; i < GCOL_N; i++) f->col[i] = -1;
    for (size_t j = 0; j < n; j++)
        for (size_t k = 0; k < N_GDELT_NAMES; k++)
            if (strcasecmp(fld[j], gdelt_names[k].name) == 0) f->col[gdelt_names[k].col] = (int)j;
    if (f->col[GCOL_DATE] < 0 || f->col[GCOL_CODE] < 0) return 0;
    gdelt_set_min(f);
    return 1;
}

static int all_digits(const char *s) {
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

int import_gdelt_by_count(import_file *f, char **fld, size_t n) {
    int url;
    switch (n) {
    case 57: url = -1; break;   /* GDELT 1.0 before April 2013 */
    case 58: url = 57; break;   /* GDELT 1.0 daily */
    case 61: url = 60; break;   /* GDELT 2.0 */
    case 62: url = 61; break;   /* 2.0 plus one description column */
    default: return 0;
    }
    memcpy(f->col, gdelt_fixed, sizeof f->col);
    f->col[GCOL_URL] = url;
    /* a description column inserted after EventCode (gdeltPyR) shifts the rest */
    if (n == 62 && !all_digits(fld[27]))
        for (int i = 0; i < GCOL_N; i++)
            if (f->col[i] > 26) f->col[i]++;
    if (n == 62 && !all_digits(fld[27])) f->col[GCOL_URL] = 61;
    gdelt_set_min(f);
    return 1;
}

/* Field of a semantic column; beyond the stored ones only the last
** field of the row is kept (see split_tabs). */
static const char *col(char **fld, const import_file *f, size_t n, int which) {
    int c = f->col[which];
    if (c < 0) return "";
    if ((size_t)c < f->n_stored) return fld[c];
    return (size_t)c == n - 1 && f->last_field ? f->last_field : "";
}

static const char *nonempty(const char *s) { return s && *s ? s : NULL; }

/* Country or IGO root of one side: CountryCode, else KnownGroupCode, else
** the first three letters of the actor code if they name a country. */
static const char *gdelt_country(const char *country, const char *group, const char *code,
                                 char buf[8]) {
    if (*country) return country;
    if (*group) return group;
    char agent[8];
    import_cameo_actor(code, buf, agent);
    return buf[0] ? buf : NULL;
}

int import_gdelt_row(import_file *f, char **fld, size_t n, orr_event *ev, const char **why) {
    if ((int)n < f->min_cols) {
        *why = "all GDELT columns";
        return -1;
    }
    import_event_init(f, ev, "gdelt");
    if (import_date(col(fld, f, n, GCOL_DATE), ev->date)) {
        *why = "SQLDATE as YYYYMMDD";
        return -1;
    }
    if (import_cameo_event(f, col(fld, f, n, GCOL_CODE), ev, why,
                           import_missing(col(fld, f, n, GCOL_GOLDSTEIN))))
        return -1;
    const char *id = col(fld, f, n, GCOL_ID);
    if (!*id) {
        *why = "a GLOBALEVENTID";
        return -1;
    }
    ev->origin_id = id;
    char *buf = f->scratch;  /* two 8-byte country buffers */
    ev->source = nonempty(col(fld, f, n, GCOL_A1CODE));
    ev->source_text = nonempty(col(fld, f, n, GCOL_A1NAME));
    ev->source_country = gdelt_country(col(fld, f, n, GCOL_A1COUNTRY), col(fld, f, n, GCOL_A1GROUP),
                                       col(fld, f, n, GCOL_A1CODE), buf);
    ev->source_agent = nonempty(col(fld, f, n, GCOL_A1TYPE));
    ev->target = nonempty(col(fld, f, n, GCOL_A2CODE));
    ev->target_text = nonempty(col(fld, f, n, GCOL_A2NAME));
    ev->target_country = gdelt_country(col(fld, f, n, GCOL_A2COUNTRY), col(fld, f, n, GCOL_A2GROUP),
                                       col(fld, f, n, GCOL_A2CODE), buf + 8);
    ev->target_agent = nonempty(col(fld, f, n, GCOL_A2TYPE));
    int32_t quad = 0;
    if (import_int(col(fld, f, n, GCOL_QUAD), &quad) || quad > 4) {
        *why = "QuadClass 1-4";
        return -1;
    }
    if (quad) ev->quad = quad;
    if (import_double(col(fld, f, n, GCOL_GOLDSTEIN), ev->goldstein, &ev->goldstein) ||
        ev->goldstein < -10 || ev->goldstein > 10) {
        *why = "GoldsteinScale between -10 and 10";
        return -1;
    }
    if (import_int(col(fld, f, n, GCOL_MENTIONS), &ev->num_mentions) ||
        import_int(col(fld, f, n, GCOL_SOURCES), &ev->num_sources) ||
        import_int(col(fld, f, n, GCOL_ARTICLES), &ev->num_articles)) {
        *why = "NumMentions, NumSources, NumArticles as counts";
        return -1;
    }
    ev->url = nonempty(col(fld, f, n, GCOL_URL));
    return 0;
}
