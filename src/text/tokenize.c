/*
** tokenize.c — tokenisation (placeholder: whitespace and punctuation).
** To be replaced by the UD-English tokenizer.
*/
#include "../util/util.h"

#include <ctype.h>

int orr_text_tokenize(orr_arena *arena, const char *text, size_t start, size_t end,
                      orr_token **tokens, size_t *n_tokens, orr_error *err) {
    size_t cap = (end - start) + 1, n = 0;
    orr_token *tok = orr_arena_alloc(arena, cap * sizeof *tok);
    if (!tok) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    size_t i = start;
    while (i < end) {
        if (isspace((unsigned char)text[i])) { i++; continue; }
        size_t s = i;
        if (isalnum((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80)
            while (i < end && (isalnum((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80)) i++;
        else
            i++;
        tok[n++] = (orr_token){(uint32_t)s, (uint32_t)i};
    }
    *tokens = tok;
    *n_tokens = n;
    return ORR_OK;
}
