/*
** read_rss.c — RSS and Atom feeds (placeholder).
*/
#include "ingest.h"

int ingest_read_rss(ingest_sink *sink, const char *data, size_t len, orr_error *err) {
    (void)data; (void)len;
    return orr_error_set(err, ORR_EUSAGE, "%s: RSS/Atom input is not supported yet", sink->name);
}

