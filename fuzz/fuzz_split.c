/*
** fuzz_split.c — arbitrary bytes through the text stage: clean (UTF-8
** repair, NFC), page layout, sentence splitting and tokenisation, with
** the invariants every later stage relies on checked: sentences are in
** order, inside the text and do not overlap; tokens lie inside their
** sentence, in order, non-empty, on UTF-8 boundaries.
*/
#include "orrery.h"

#include <stdlib.h>
#include <string.h>

static int is_boundary(const char *t, size_t len, size_t i) {
    return i == 0 || i == len || ((unsigned char)t[i] & 0xC0) != 0x80;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    orr_doc *doc = orr_doc_new();
    if (!doc) return 0;
    orr_error err;
    size_t replaced;
    char *clean;
    size_t clean_len;
    if (orr_text_clean(doc->arena, (const char *)data, size, &clean, &clean_len, &replaced, &err)) {
        orr_doc_free(doc);
        return 0;
    }
    doc->text = clean;
    doc->text_len = clean_len;
    if (orr_text_page_layout(doc, &err) || orr_text_split_sentences(doc, &err)) abort();
    size_t prev_end = 0;
    for (size_t i = 0; i < doc->n_sentences; i++) {
        const orr_sentence *s = &doc->sentences[i];
        if (s->start < prev_end || s->end <= s->start || s->end > doc->text_len) abort();
        if (!is_boundary(doc->text, doc->text_len, s->start) ||
            !is_boundary(doc->text, doc->text_len, s->end))
            abort();
        prev_end = s->end;
        orr_token *tok;
        size_t n;
        if (orr_text_tokenize(doc->arena, doc->text, s->start, s->end, &tok, &n, &err)) abort();
        size_t tend = s->start;
        for (size_t k = 0; k < n; k++) {
            if (tok[k].start < tend || tok[k].end <= tok[k].start || tok[k].end > s->end) abort();
            if (!is_boundary(doc->text, doc->text_len, tok[k].start) ||
                !is_boundary(doc->text, doc->text_len, tok[k].end))
                abort();
            if (k > 0) (void)orr_text_token_continues_word(doc->text, &tok[k - 1], &tok[k]);
            tend = tok[k].end;
        }
    }
    /* fields come from the cleaned text (up to 3x the input: U+FFFD) */
    if (doc->title && strlen(doc->title) > clean_len) abort();
    if (doc->author && strlen(doc->author) > clean_len) abort();
    orr_doc_free(doc);
    return 0;
}
