/*
** fuzz_jsonl.c — libFuzzer target for the JSON-lines reader (and, through
** it, cleaning and sentence splitting of whatever text it yields).
*/
#include "orrery.h"

static int count_doc(void *ctx, orr_doc *doc) {
    ++*(size_t *)ctx;
    for (size_t i = 0; i < doc->n_sentences; i++)
        if (doc->sentences[i].end > doc->text_len) __builtin_trap();
    return 0;
}

static void ignore_warning(void *ctx, const orr_error *w) { (void)ctx; (void)w; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t n = 0;
    orr_error err;
    orr_read_docs_mem("fuzz.jsonl", (const char *)data, size, ORR_FMT_JSONL, count_doc,
                      ignore_warning, &n, &err);
    return 0;
}
