/*
** fuzz_html.c — libFuzzer target for the HTML reader: arbitrary bytes go
** through orr_html_extract() (pre-pass, gumbo, tree, scoring, metadata,
** JSON-LD) and through the ingest path that cleans and splits the text.
*/
#include "orrery.h"

#include <stddef.h>
#include <stdint.h>

static int count_doc(void *ctx, orr_doc *doc) {
    (void)doc;
    ++*(size_t *)ctx;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    orr_error err = {0};
    orr_doc *doc = NULL;
    if (orr_html_extract((const char *)data, size, "fuzz", &doc, &err) == ORR_OK) orr_doc_free(doc);
    size_t n = 0;
    orr_read_docs_mem("fuzz", (const char *)data, size, ORR_FMT_HTML, count_doc, NULL, &n, &err);
    return 0;
}
