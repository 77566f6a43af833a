/*
** chars.c — character classes over UTF-8 for the splitter, the tokenizer
** and the page layout.  Unicode categories come from utf8proc; the few
** punctuation sets that matter for sentences (quotes, brackets) are listed
** here because Unicode's Pi/Pf categories do not say which way a quote
** faces in practice (U+2019 closes and is also an apostrophe).
*/
#include "text.h"

#include <utf8proc.h>

int32_t text_decode_utf8(const char *text, size_t i, size_t end, size_t *n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                          (utf8proc_ssize_t)(end - i), &cp);
    if (k <= 0) {
        *n = 1;
        return 0xFFFD;
    }
    *n = (size_t)k;
    return cp;
}

size_t text_prev_start(const char *text, size_t floor, size_t i) {
    size_t j = i - 1;
    while (j > floor && ((unsigned char)text[j] & 0xC0) == 0x80 && i - j < 4) j--;
    return j;
}

/* The non-ASCII halves of the classes in text.h. */
int text_is_space_utf8(int32_t cp) {
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
           cp == 0x200B || cp == 0xFEFF;
}

int text_is_letter_utf8(int32_t cp) {
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

int text_is_alnum_utf8(int32_t cp) {
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

int text_is_lower_utf8(int32_t cp) { return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL; }

int text_is_upper_utf8(int32_t cp) {
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int text_is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019; }

int text_is_closing(int32_t cp) {
    switch (cp) {
    case '"': case '\'': case ')': case ']': case '}':
    case 0x2019: case 0x201D: case 0x00BB: case 0x203A: case 0x300D: case 0x300F:
        return 1;
    default:
        return 0;
    }
}

int text_is_opening(int32_t cp) {
    switch (cp) {
    case '"': case '\'': case '(': case '[': case '{': case '`':
    case 0x2018: case 0x201C: case 0x00AB: case 0x2039: case 0x300C: case 0x300E:
    case 0x00BF: case 0x00A1:
        return 1;
    default:
        return 0;
    }
}

int text_spans_push(text_spans *spans, size_t start, size_t end, int is_heading) {
    if (spans->n == spans->cap) {
        size_t cap = spans->cap ? spans->cap * 2 : 32;
        orr_sentence *bigger = orr_arena_alloc(spans->arena, cap * sizeof *bigger);
        if (!bigger) return ORR_ENOMEM;
        if (spans->n) memcpy(bigger, spans->items, spans->n * sizeof *bigger);
        spans->items = bigger;
        spans->cap = cap;
    }
    spans->items[spans->n++] = (orr_sentence){start, end, is_heading};
    return ORR_OK;
}
