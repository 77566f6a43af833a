/*
** read_petrarch_xml.c — PETRARCH XML records (placeholder).
*/
#include "ingest.h"

int ingest_read_petrarch_xml(ingest_sink *sink, const char *data, size_t len, orr_error *err) {
    (void)data; (void)len;
    return orr_error_set(err, ORR_EUSAGE, "%s: PETRARCH XML input is not supported yet", sink->name);
}

