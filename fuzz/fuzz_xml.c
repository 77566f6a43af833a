/*
** fuzz_xml.c — libFuzzer target for the XML readers: PETRARCH records and
** RSS/Atom feeds (the first input byte picks which).
*/
#include "orrery.h"

static int check_doc(void *ctx, orr_doc *doc) {
    (void)ctx;
    for (size_t i = 0; i < doc->n_sentences; i++)
        if (doc->sentences[i].start > doc->sentences[i].end || doc->sentences[i].end > doc->text_len)
            __builtin_trap();
    return 0;
}

static void ignore_warning(void *ctx, const orr_error *w) { (void)ctx; (void)w; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    orr_format fmt = data[0] & 1 ? ORR_FMT_RSS : ORR_FMT_PETRARCH_XML;
    orr_error err;
    orr_read_docs_mem("fuzz.xml", (const char *)data + 1, size - 1, fmt, check_doc, ignore_warning,
                      NULL, &err);
    return 0;
}
