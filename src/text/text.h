/*
** text.h — internals shared by the text stage (src/text): character
** classes over UTF-8, the abbreviation table, and a growable span list.
** The public entry points are in include/orrery.h.
*/
#ifndef ORR_TEXT_H
#define ORR_TEXT_H

#include "../util/util.h"

#include <stdint.h>

/*
** Character classes.  The tokenizer and splitter ask them of every byte,
** so the ASCII cases are inline here and only other code points call
** into chars.c (utf8proc).
*/
int32_t text_decode_utf8(const char *text, size_t i, size_t end, size_t *n);
int text_is_space_utf8(int32_t cp);
int text_is_letter_utf8(int32_t cp);
int text_is_alnum_utf8(int32_t cp);
int text_is_lower_utf8(int32_t cp);
int text_is_upper_utf8(int32_t cp);

/* Decode one code point at text[i] (i < end); *n gets its byte length.
** Invalid bytes decode as U+FFFD of length 1 (clean.c removed them anyway). */
static inline int32_t text_decode(const char *text, size_t i, size_t end, size_t *n) {
    if ((unsigned char)text[i] < 0x80) {
        *n = 1;
        return (unsigned char)text[i];
    }
    return text_decode_utf8(text, i, end, n);
}

/* Start of the code point that ends just before byte i (i > floor). */
size_t text_prev_start(const char *text, size_t floor, size_t i);

/* ASCII and Unicode white space */
static inline int text_is_space(int32_t cp) {
    if (cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
    return text_is_space_utf8(cp);
}

static inline int text_is_letter(int32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return text_is_letter_utf8(cp);
}

/* ASCII 0-9 only */
static inline int text_is_digit(int32_t cp) { return cp >= '0' && cp <= '9'; }

/* letter, digit or combining mark */
static inline int text_is_alnum(int32_t cp) {
    if (cp < 0x80) return text_is_letter(cp) || text_is_digit(cp);
    return text_is_alnum_utf8(cp);
}

static inline int text_is_lower(int32_t cp) {
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    return text_is_lower_utf8(cp);
}

/* upper or title case */
static inline int text_is_upper(int32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    return text_is_upper_utf8(cp);
}

int text_is_apostrophe(int32_t cp);   /* ' and U+2019 */
int text_is_closing(int32_t cp);      /* quotes and brackets that close */
int text_is_opening(int32_t cp);      /* quotes and brackets that open */

/* How a word followed by a period behaves (abbrev.c). */
typedef enum text_abbrev {
    ABBR_NONE = 0,   /* an ordinary word: the period ends a sentence */
    ABBR_TITLE,      /* Mr. Gen. Dr.: never ends a sentence */
    ABBR_NUMBER,     /* No. Vol. Art.: not before a number */
    ABBR_MONTH,      /* Jan. Sept.: not before a number; else ambiguous */
    ABBR_AMBIG,      /* Inc. Corp. U.S. a.m. initials: ends one only before a
                        word that typically starts a sentence ("The") */
    ABBR_NEVER       /* i.e. e.g. cf.: never ends a sentence */
} text_abbrev;

/* Classify word[0,len) (without its final period). */
text_abbrev text_abbrev_class(const char *word, size_t len);
/* Is word[0,len) a capitalised word that usually starts a sentence? */
int text_is_sentence_starter(const char *word, size_t len);

/* A growable array of sentence spans in an arena. */
typedef struct text_spans {
    orr_arena *arena;
    orr_sentence *items;
    size_t n, cap;
} text_spans;

int text_spans_push(text_spans *spans, size_t start, size_t end, int is_heading);

/* orr_text_tokenize without its shortcut for plain words (tokenize.c): the
** reference the tests and fuzz/fuzz_text_fast.c compare it with. */
int text_tokenize_reference(orr_arena *arena, const char *text, size_t start, size_t end,
                            orr_token **tokens, size_t *n_tokens, orr_error *err);

/* Bylines (byline.c): "By Jane Doe", "Colonel Dr Jane Doe  Registrar, X". */
int text_byline_explicit(const char *s, size_t len);
int text_byline_name_like(const char *s, size_t len);
/* The name part of a byline, white space squeezed (NULL: out of memory). */
char *text_byline_author(orr_arena *arena, const char *s, size_t len);
/* A dateline ("February 18, 2025", "2025-02-18") as YYYY-MM-DD; 0 if none. */
int text_parse_date(const char *s, size_t len, char out[11]);
/* Copy s[0,len) with runs of white space (NBSP included) made one space. */
char *text_squeeze(orr_arena *arena, const char *s, size_t len);

#endif
