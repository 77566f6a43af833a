/*
** fuzz_import_common.h — the body shared by the event-importer fuzz
** targets: any bytes (plain, gzip or zip) parsed with one layout and with
** automatic detection; every event is checked for the invariants the
** store relies on, every warning must name file:line.
*/
#ifndef ORR_FUZZ_IMPORT_COMMON_H
#define ORR_FUZZ_IMPORT_COMMON_H

#include "orrery.h"

#include <stdlib.h>
#include <string.h>

static int check_event(void *ctx, const orr_event *e) {
    (void)ctx;
    if (strlen(e->date) != 10 || e->root < 1 || e->root > 20 || e->quad < 1 || e->quad > 4 ||
        e->goldstein < -10 || e->goldstein > 10 || !e->origin || !e->origin_id)
        abort();
    return 0;
}

static void ignore(void *ctx, const orr_error *w) {
    (void)ctx;
    if (!strchr(w->message, ':')) abort();   /* must name file:line */
}

static int fuzz_importer(const unsigned char *data, size_t size, int format) {
    orr_import_opts opts = {format, NULL};
    orr_error err;
    orr_import_mem("fuzz", (const char *)data, size, &opts, check_event, ignore, NULL, &err);
    opts.format = ORR_EVFMT_AUTO;
    orr_import_mem("fuzz", (const char *)data, size, &opts, check_event, ignore, NULL, &err);
    return 0;
}

#endif
