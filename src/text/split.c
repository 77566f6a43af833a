/*
** split.c — sentence splitting (placeholder: blank lines and ". ").
** To be replaced by the abbreviation-aware splitter.
*/
#include "../util/util.h"

int orr_text_split_sentences(orr_doc *doc, orr_error *err) {
    size_t cap = 16, n = 0;
    orr_sentence *s = orr_arena_alloc(doc->arena, cap * sizeof *s);
    const char *t = doc->text;
    size_t i = 0, len = doc->text_len;
    while (i < len) {
        while (i < len && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t')) i++;
        if (i >= len) break;
        size_t start = i;
        while (i < len && t[i] != '\n' && !(t[i] == '.' && (i + 1 == len || t[i + 1] == ' '))) i++;
        if (i < len && t[i] == '.') i++;
        if (n == cap) {
            orr_sentence *bigger = orr_arena_alloc(doc->arena, 2 * cap * sizeof *s);
            if (!bigger) return orr_error_set(err, ORR_ENOMEM, "out of memory");
            memcpy(bigger, s, n * sizeof *s);
            s = bigger;
            cap *= 2;
        }
        s[n++] = (orr_sentence){start, i, 0};
    }
    doc->sentences = s;
    doc->n_sentences = n;
    return ORR_OK;
}
