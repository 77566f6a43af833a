/*
** events.c — salience hints for a forecast from the event store
** (`orrery forecast FILE --salience-from-events`).
**
** A heuristic, documented as such in docs/forecast.md: an actor that
** appears in many events with the other parties to an issue is taken to
** care about it more.  For each actor we count the stored events whose
** other side is another actor of the issue (either direction; events
** inside one country are not counted) and scale by the busiest actor.
** Event volume measures attention in the news as much as commitment, so
** the hints are a starting point for the analyst, not a measurement.
*/
#include "../util/util.h"

typedef struct hint_ctx {
    const orr_fc_issue *issue;
    size_t self;
    double count;
} hint_ctx;

static bool hint_is_other_party(const hint_ctx *h, const char *code) {
    if (!code) return false;
    for (size_t i = 0; i < h->issue->n_actors; i++)
        if (i != h->self && strcmp(h->issue->actors[i].name, code) == 0) return true;
    return false;
}

static int hint_on_event(void *ctx, const orr_event *e) {
    hint_ctx *h = ctx;
    const char *me = h->issue->actors[h->self].name;
    const char *src = e->source_country, *dst = e->target_country;
    if (src && strcmp(src, me) == 0 && hint_is_other_party(h, dst)) h->count++;
    else if (dst && strcmp(dst, me) == 0 && hint_is_other_party(h, src)) h->count++;
    return 0;
}

int orr_fc_salience_from_events(orr_db *db, const orr_fc_issue *issue, const char *date_from,
                                const char *date_to, double *counts, double *hints, orr_error *err) {
    double max = 0;
    for (size_t i = 0; i < issue->n_actors; i++) {
        hint_ctx h = {.issue = issue, .self = i};
        orr_event_filter f = {.actor = issue->actors[i].name, .date_from = date_from, .date_to = date_to};
        int rc = orr_db_query_events(db, &f, hint_on_event, &h, err);
        if (rc) return rc;
        counts[i] = h.count;
        if (h.count > max) max = h.count;
    }
    for (size_t i = 0; i < issue->n_actors; i++) hints[i] = max > 0 ? counts[i] / max : 0;
    return ORR_OK;
}
