/*
** import_icews.c — ICEWS .tab rows (20 columns, header "Event ID  Event
** Date ...") to orr_event.  ICEWS names actors and countries in words and
** describes them by sectors, not CAMEO codes, so: the country name (or,
** for IGOs with no country, the actor name) becomes an ISO alpha-3 / IGO
** code via orr_country_code; the sector list becomes one CAMEO agent by
** the first matching rule below; the full actor code is country + agent
** (BGDGOV).  The CAMEO code is ICEWS's own; Goldstein comes from the
** CAMEO table (ICEWS's Intensity when the table has no entry).
*/
#include "../relate/import.h"

enum {
    ICOL_ID, ICOL_DATE, ICOL_SNAME, ICOL_SSECTORS, ICOL_SCOUNTRY, ICOL_TEXT, ICOL_CODE,
    ICOL_INTENSITY, ICOL_TNAME, ICOL_TSECTORS, ICOL_TCOUNTRY, ICOL_STORY, ICOL_SENTENCE,
    ICOL_PUBLISHER, ICOL_N = 20
};

/* Sector substring -> CAMEO agent, first match wins (specific before general). */
static const struct {
    const char *sector, *agent;
} sector_agents[] = {
    {"Military", "MIL"},      {"Defense", "MIL"},        {"Marines", "MIL"},
    {"Police", "COP"},        {"Insurgent", "INS"},      {"Rebel", "REB"},
    {"Criminal", "CRM"},      {"Judicial", "JUD"},       {"Legislative", "LEG"},
    {"Executive", "GOV"},     {"Cabinet", "GOV"},        {"Ministry", "GOV"},
    {"Government", "GOV"},    {"Part", "PTY"},           {"Protest", "OPP"},
    {"Dissident", "OPP"},     {"Opposition", "OPP"},     {"Media", "MED"},
    {"News", "MED"},          {"Business", "BUS"},       {"Education", "EDU"},
    {"Medical", "HLH"},       {"Labor", "LAB"},          {"Agricultur", "AGR"},
    {"Human Rights", "HRI"},  {"Nongovernmental", "NGO"}, {"IGO", "IGO"},
    {"Religio", "REL"},       {"General Population", "CVL"}, {"Social", "CVL"},
};

static const char *icews_agent(const char *sectors) {
    if (import_missing(sectors)) return NULL;
    for (size_t i = 0; i < sizeof sector_agents / sizeof sector_agents[0]; i++)
        if (strstr(sectors, sector_agents[i].sector)) return sector_agents[i].agent;
    return NULL;
}

/* One side: country code from the country name, else from the actor name. */
static void icews_side(const char *name, const char *sectors, const char *country,
                       const char **out_country, const char **out_agent, const char **out_code,
                       char *code_buf) {
    const char *cc = import_missing(country) ? NULL : orr_country_code(country);
    if (!cc && !import_missing(name)) cc = orr_country_code(name);
    *out_country = cc;
    *out_agent = icews_agent(sectors);
    *out_code = NULL;
    if (cc) {
        snprintf(code_buf, 16, "%s%s", cc, *out_agent ? *out_agent : "");
        *out_code = code_buf;
    }
}

int import_icews_row(import_file *f, char **fld, size_t n, orr_event *ev, const char **why) {
    if (n < ICOL_N) {
        *why = "20 ICEWS columns";
        return -1;
    }
    import_event_init(f, ev, "icews");
    if (import_date(fld[ICOL_DATE], ev->date)) {
        *why = "Event Date as YYYY-MM-DD";
        return -1;
    }
    if (import_cameo_event(f, fld[ICOL_CODE], ev, why, 1)) return -1;
    int found = 0;
    orr_cameo_goldstein(f->opts ? f->opts->cameo : NULL, fld[ICOL_CODE], &found);
    if (!found && (import_double(fld[ICOL_INTENSITY], 0, &ev->goldstein) ||
                   ev->goldstein < -10 || ev->goldstein > 10)) {
        *why = "Intensity between -10 and 10";
        return -1;
    }
    if (import_missing(fld[ICOL_ID])) {
        *why = "an Event ID";
        return -1;
    }
    /* ICEWS ids are unique only together with the date */
    int k = snprintf(f->scratch, 64, "%s/%s", ev->date, fld[ICOL_ID]);
    if (k < 0 || k >= 64) {
        *why = "an Event ID of at most 50 characters";
        return -1;
    }
    ev->origin_id = f->scratch;
    icews_side(fld[ICOL_SNAME], fld[ICOL_SSECTORS], fld[ICOL_SCOUNTRY], &ev->source_country,
               &ev->source_agent, &ev->source, f->scratch + 64);
    icews_side(fld[ICOL_TNAME], fld[ICOL_TSECTORS], fld[ICOL_TCOUNTRY], &ev->target_country,
               &ev->target_agent, &ev->target, f->scratch + 80);
    ev->source_text = import_missing(fld[ICOL_SNAME]) ? NULL : fld[ICOL_SNAME];
    ev->target_text = import_missing(fld[ICOL_TNAME]) ? NULL : fld[ICOL_TNAME];
    ev->verb_text = import_missing(fld[ICOL_TEXT]) ? NULL : fld[ICOL_TEXT];
    return 0;
}
