/*
** fuzz_import_gdelt.c — libFuzzer target for the gdelt event importer: any
** bytes (plain, gzip or zip) parsed as gdelt rows, every event checked for
** the invariants the store relies on.  Also tries automatic detection.
*/
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

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    orr_import_opts opts = {ORR_EVFMT_GDELT, NULL};
    orr_error err;
    orr_import_mem("fuzz", (const char *)data, size, &opts, check_event, ignore, NULL, &err);
    opts.format = ORR_EVFMT_AUTO;
    orr_import_mem("fuzz", (const char *)data, size, &opts, check_event, ignore, NULL, &err);
    return 0;
}
