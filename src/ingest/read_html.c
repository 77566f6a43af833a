/*
** read_html.c — HTML pages and article extraction (placeholder until the extractor lands).
*/
#include "ingest.h"

int ingest_read_html(ingest_sink *sink, const char *data, size_t len, orr_error *err) {
    (void)data; (void)len;
    return orr_error_set(err, ORR_EUSAGE, "%s: HTML input is not supported yet", sink->name);
}


int orr_html_extract(const char *html, size_t len, const char *name, orr_doc **out,
                     orr_error *err) {
    (void)html; (void)len; (void)out;
    return orr_error_set(err, ORR_EUSAGE, "%s: HTML extraction is not supported yet", name);
}
