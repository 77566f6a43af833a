/*
** import_petrarch.c — PETRARCH-2's TSV event output to orr_event: each
** line is DATE (YYYYMMDD), SOURCE, TARGET, CAMEO CODE (CAMEO actor codes
** like USAGOV), then optional issues, story ids, URL and news source.
** PETRARCH has no event id, so origin_id is the row's content
** (date|source|target|code|ids): re-importing the same output is a no-op.
*/
#include "../relate/import.h"

int import_petrarch_row(import_file *f, char **fld, size_t n, orr_event *ev, const char **why) {
    if (n < 4) {
        *why = "DATE, SOURCE, TARGET, CODE";
        return -1;
    }
    import_event_init(f, ev, "petrarch");
    if (import_date(fld[0], ev->date)) {
        *why = "DATE as YYYYMMDD";
        return -1;
    }
    if (import_cameo_event(f, fld[3], ev, why, 1)) return -1;
    char *s = f->scratch;  /* [0,8) [8,16) [16,24) [24,32): countries, agents */
    import_cameo_actor(fld[1], s, s + 16);
    import_cameo_actor(fld[2], s + 8, s + 24);
    ev->source = *fld[1] ? fld[1] : NULL;
    ev->target = *fld[2] ? fld[2] : NULL;
    ev->source_country = s[0] ? s : NULL;
    ev->target_country = s[8] ? s + 8 : NULL;
    ev->source_agent = s[16] ? s + 16 : NULL;
    ev->target_agent = s[24] ? s + 24 : NULL;
    const char *ids = "";
    for (size_t i = 4; i < n; i++) {
        if (strncmp(fld[i], "http", 4) == 0) {
            if (!ev->url) ev->url = fld[i];
        } else if (!*ids && *fld[i]) {
            ids = fld[i];
        }
    }
    int k = snprintf(s + 32, sizeof f->scratch - 32, "%s|%s|%s|%s|%s", ev->date, fld[1], fld[2],
                     fld[3], ids);
    if (k < 0 || (size_t)k >= sizeof f->scratch - 32) {
        *why = "fields of at most 400 characters";
        return -1;
    }
    ev->origin_id = s + 32;
    return 0;
}
