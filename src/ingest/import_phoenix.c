/*
** import_phoenix.c — Phoenix rows (26 columns: EventID, Date, Year, Month,
** Day, SourceActorFull, SourceActorEntity, SourceActorRole,
** SourceActorAttribute, TargetActorFull, TargetActorEntity,
** TargetActorRole, TargetActorAttribute, EventCode, EventRootCode,
** QuadClass, GoldsteinScore, Issues, Lat, Lon, LocationName, StateName,
** CountryCode, SentenceID, URLs, NewsSources) to orr_event.  Phoenix's
** QuadClass counts 0 for neutral roots 01-02; orrery's follows GDELT
** (derived from the root), so Phoenix's is not used.
*/
#include "../relate/import.h"

enum {
    PCOL_ID, PCOL_DATE, PCOL_SFULL = 5, PCOL_SENTITY, PCOL_SROLE, PCOL_TFULL = 9, PCOL_TENTITY,
    PCOL_TROLE, PCOL_CODE = 13, PCOL_GOLDSTEIN = 16, PCOL_ISSUES, PCOL_URLS = 24, PCOL_N = 26
};

static const char *present(const char *s) { return import_missing(s) ? NULL : s; }

int import_phoenix_row(import_file *f, char **fld, size_t n, orr_event *ev, const char **why) {
    if (n < PCOL_N) {
        *why = "26 Phoenix columns";
        return -1;
    }
    import_event_init(f, ev, "phoenix");
    if (import_date(fld[PCOL_DATE], ev->date)) {
        *why = "Date as YYYYMMDD";
        return -1;
    }
    if (import_cameo_event(f, fld[PCOL_CODE], ev, why, 1)) return -1;
    if (import_double(fld[PCOL_GOLDSTEIN], ev->goldstein, &ev->goldstein) ||
        ev->goldstein < -10 || ev->goldstein > 10) {
        *why = "GoldsteinScore between -10 and 10";
        return -1;
    }
    if (import_missing(fld[PCOL_ID])) {
        *why = "an EventID";
        return -1;
    }
    ev->origin_id = fld[PCOL_ID];
    ev->source = present(fld[PCOL_SFULL]);
    ev->source_country = present(fld[PCOL_SENTITY]);
    ev->source_agent = present(fld[PCOL_SROLE]);
    ev->target = present(fld[PCOL_TFULL]);
    ev->target_country = present(fld[PCOL_TENTITY]);
    ev->target_agent = present(fld[PCOL_TROLE]);
    ev->issues = present(fld[PCOL_ISSUES]);
    char *urls = fld[PCOL_URLS], *semi = strchr(urls, ';');
    if (semi) *semi = '\0';   /* several URLs: keep the first */
    urls = (char *)present(urls);
    while (urls && (*urls == '[' || *urls == '\'' || *urls == ' ')) urls++;
    ev->url = urls && *urls ? urls : NULL;
    return 0;
}
