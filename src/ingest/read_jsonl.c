/*
** read_jsonl.c — JSON lines (placeholder).
*/
#include "ingest.h"

int ingest_read_jsonl(ingest_sink *sink, const char *data, size_t len, orr_error *err) {
    (void)data; (void)len;
    return orr_error_set(err, ORR_EUSAGE, "%s: JSON-lines input is not supported yet", sink->name);
}

