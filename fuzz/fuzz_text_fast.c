/*
** fuzz_text_fast.c — the text stage's shortcuts against their reference
** paths on arbitrary bytes: orr_text_tokenize (plain-word chunks taken
** whole) must give exactly the tokens of text_tokenize_reference, for the
** whole input and for every sentence the splitter finds.  Any difference
** aborts.
*/
#include "orrery.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

static void same_tokens(orr_arena *a, const char *t, size_t start, size_t end) {
    orr_error err;
    orr_token *fast, *ref;
    size_t nf, nr;
    int rf = orr_text_tokenize(a, t, start, end, &fast, &nf, &err);
    int rr = text_tokenize_reference(a, t, start, end, &ref, &nr, &err);
    if (rf != rr || nf != nr) abort();
    if (nf && memcmp(fast, ref, nf * sizeof *fast) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    orr_doc *doc = orr_doc_new();
    if (!doc) return 0;
    /* raw bytes first: the tokenizer must agree on anything */
    char *raw = orr_arena_alloc(doc->arena, size + 1);
    if (raw) {
        memcpy(raw, data, size);
        raw[size] = 0;
        same_tokens(doc->arena, raw, 0, size);
    }
    orr_error err;
    size_t replaced, clean_len;
    char *clean;
    if (orr_text_clean(doc->arena, (const char *)data, size, &clean, &clean_len, &replaced, &err)) {
        orr_doc_free(doc);
        return 0;
    }
    doc->text = clean;
    doc->text_len = clean_len;
    if (orr_text_split_sentences(doc, &err)) abort();
    for (size_t i = 0; i < doc->n_sentences; i++)
        same_tokens(doc->arena, doc->text, doc->sentences[i].start, doc->sentences[i].end);
    orr_doc_free(doc);
    return 0;
}
