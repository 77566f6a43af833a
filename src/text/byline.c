/*
** byline.c — recognise a byline and take the author's name from it.
** A byline is one short line: "By Jane Doe" ("(Reporting by Jane Doe;
** Editing by ...)" too), or a name of two to six
** capitalised words (titles such as "Colonel Dr" included) optionally
** followed by an affiliation after a comma, a dash, a bar or a wide gap
** ("Colonel Dr Rakesh Shrivastawa  Registrar, PDEU").  Generic page words
** ("Read", "News", "More") and sentence openers rule a line out, so link
** lines such as "Read More Stories" are not taken for names.
*/
#include "text.h"

#include <strings.h>

static const char *const generic_words[] = {
    "about", "advertisement", "also", "comments", "contact", "download", "follow", "home",
    "latest", "login", "more", "news", "policy", "posted", "privacy", "published", "read",
    "related", "share", "sign", "subscribe", "tags", "terms", "top", "updated", "video",
};

static int is_generic(const char *w, size_t len) {
    for (size_t i = 0; i < sizeof generic_words / sizeof generic_words[0]; i++)
        if (strlen(generic_words[i]) == len && strncasecmp(generic_words[i], w, len) == 0) return 1;
    return text_is_sentence_starter(w, len);
}

/* Length of the name part: up to a comma, bar, dash, bracket or wide gap. */
static size_t name_part(const char *s, size_t len) {
    size_t n, spaces = 0, gap = 0;
    for (size_t i = 0; i < len; i += n) {
        int32_t cp = text_decode(s, i, len, &n);
        if (cp == ',' || cp == '|' || cp == '(' || cp == ')' || cp == ';' || cp == '\t' ||
            cp == 0x2013 || cp == 0x2014 || (cp == '-' && spaces))
            return spaces ? gap : i;
        if (text_is_space(cp)) {
            if (spaces++ == 0) gap = i;
            if (spaces >= 2) return gap;
        } else {
            spaces = 0;
        }
    }
    return len;
}

/* Length of a "By " opening ("(Reporting by ", "Written by: " too), or 0. */
static size_t skip_by(const char *s, size_t len) {
    static const char *const leads[] = {"reporting by", "written by", "posted by", "story by", "by"};
    size_t i = 0;
    if (i < len && s[i] == '(') i++;
    for (size_t k = 0; k < sizeof leads / sizeof leads[0]; k++) {
        size_t n = strlen(leads[k]);
        if (len - i > n + 1 && strncasecmp(s + i, leads[k], n) == 0 && (s[i + n] == ' ' || s[i + n] == ':')) {
            i += n + 1;
            while (i < len && s[i] == ' ') i++;
            return i;
        }
    }
    return 0;
}

/* Two to six capitalised words, no digits, no generic words. */
static int name_words_ok(const char *s, size_t len) {
    size_t words = 0, n;
    size_t i = 0;
    while (i < len) {
        while (i < len && text_is_space(text_decode(s, i, len, &n))) i += n;
        if (i >= len) break;
        size_t w = i;
        int32_t first = text_decode(s, i, len, &n);
        if (!text_is_upper(first)) return 0;
        while (i < len) {
            int32_t cp = text_decode(s, i, len, &n);
            if (text_is_space(cp)) break;
            if (text_is_digit(cp)) return 0;
            if (!text_is_alnum(cp) && cp != '.' && cp != '-' && cp != '\'' && cp != 0x2019) return 0;
            i += n;
        }
        if (is_generic(s + w, i - w)) return 0;
        words++;
    }
    return words >= 2 && words <= 6;
}

static int one_short_line(const char *s, size_t len) {
    return len > 0 && len <= 160 && !memchr(s, '\n', len);
}

int text_byline_explicit(const char *s, size_t len) {
    if (!one_short_line(s, len)) return 0;
    size_t skip = skip_by(s, len);
    if (!skip) return 0;
    return name_words_ok(s + skip, name_part(s + skip, len - skip));
}

int text_byline_name_like(const char *s, size_t len) {
    if (!one_short_line(s, len)) return 0;
    size_t n, end = len;
    while (end > 0 && text_is_space(text_decode(s, text_prev_start(s, 0, end), len, &n)))
        end = text_prev_start(s, 0, end);
    if (end && (s[end - 1] == '.' || s[end - 1] == '!' || s[end - 1] == '?')) {
        /* a name may end in an initial ("Jr."), a sentence may not */
        if (end < 3 || s[end - 1] != '.' || s[end - 3] != ' ') return 0;
    }
    return name_words_ok(s, name_part(s, len));
}

char *text_byline_author(orr_arena *arena, const char *s, size_t len) {
    size_t skip = skip_by(s, len);
    return text_squeeze(arena, s + skip, name_part(s + skip, len - skip));
}

char *text_squeeze(orr_arena *arena, const char *s, size_t len) {
    char *out = orr_arena_alloc(arena, len + 1);
    if (!out) return NULL;
    size_t o = 0, n;
    int pending = 0;
    for (size_t i = 0; i < len; i += n) {
        int32_t cp = text_decode(s, i, len, &n);
        if (text_is_space(cp)) {
            pending = o > 0;
            continue;
        }
        if (pending) out[o++] = ' ';
        pending = 0;
        memcpy(out + o, s + i, n);
        o += n;
    }
    out[o] = '\0';
    return out;
}
