/*
** fold.c — how a word is normalised for matching, identically for the
** dictionary phrases and for the text's tokens: case folded, diacritics
** stripped ("Erdoğan" = "Erdogan"), dots dropped ("U.S." = "US"), the
** curly apostrophe made straight, and a trailing possessive removed
** ("Russia's" = "Russia" + possessive).
**
** This is the hot path of lookup (every token passes through it), so
** ASCII words are folded with a byte loop and only words with other bytes
** go through utf8proc (decompose + casefold + strip marks into a stack
** buffer, no allocation).
*/
#include "dict.h"

#include <utf8proc.h>

/* Letters that Unicode does not decompose but readers expect folded. */
static utf8proc_int32_t fold_special(utf8proc_int32_t c) {
    switch (c) {
    case 0x0131: return 'i';                 /* dotless i (Turkish) */
    case 0x0142: case 0x0141: return 'l';    /* Polish l with stroke */
    case 0x00F8: case 0x00D8: return 'o';    /* o with stroke */
    case 0x0111: case 0x0110: return 'd';    /* d with stroke */
    case 0x00E6: return 'a';                 /* ae: rare in names, keep first */
    case 0x2019: case 0x2018: case 0x02BC: case 0x02BB: case 0x0060: case 0x00B4:
        return '\'';
    case 0x2010: case 0x2011: return '-';
    default: return c;
    }
}

static size_t fold_unicode(const char *in, size_t len, char *out, size_t cap) {
    utf8proc_int32_t cps[128];
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len,
                                            cps, 128,
                                            UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                                UTF8PROC_CASEFOLD | UTF8PROC_COMPAT);
    if (n < 0 || n > 128) return 0;   /* invalid UTF-8 or too long: no match */
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        utf8proc_int32_t c = fold_special(cps[i]);
        if (c == '.') continue;
        if (c >= 'A' && c <= 'Z') c += 32;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t k = utf8proc_encode_char(c, enc);
        if (k <= 0 || o + (size_t)k + 1 > cap) return 0;
        memcpy(out + o, enc, (size_t)k);
        o += (size_t)k;
    }
    out[o] = '\0';
    return o;
}

size_t dict_fold(const char *in, size_t len, char *out, size_t cap, int *possessive) {
    size_t o = 0;
    int ascii = 1;
    *possessive = 0;
    if (cap == 0) return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c >= 0x80) { ascii = 0; break; }
        if (c == '.') continue;
        if (c == '`') c = '\'';
        if (c >= 'A' && c <= 'Z') c += 32;
        if (o + 1 >= cap) return 0;
        out[o++] = (char)c;
    }
    if (!ascii) o = fold_unicode(in, len, out, cap);
    /* possessive: word's, words' (but keep a lone apostrophe word) */
    if (o >= 3 && out[o - 2] == '\'' && out[o - 1] == 's') {
        o -= 2;
        *possessive = 1;
    } else if (o >= 2 && out[o - 1] == '\'') {
        o -= 1;
        *possessive = 1;
    }
    out[o] = '\0';
    return o;
}

/* FNV-1a: words are short, and this is fast and good enough for a table
** whose probes compare the full string anyway. */
uint32_t dict_hash(const char *s, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

uint32_t dict_word_find(const orr_dict *d, const char *w, size_t len) {
    return dict_word_find_hashed(d, w, len, dict_hash(w, len));
}

uint32_t dict_word_find_hashed(const orr_dict *d, const char *w, size_t len, uint32_t h) {
    size_t cap = d->n[SEC_WORDHASH];
    if (cap == 0) return DICT_NONE;
    /* the slot carries the word's first 8 bytes: words up to 8 bytes are
    ** compared without touching the string pool */
    uint64_t pre = dict_prefix(w, len);
    for (size_t i = h & (cap - 1), probes = 0; probes < cap; i = (i + 1) & (cap - 1), probes++) {
        const dict_slot *sl = &d->wordhash[i];
        if (sl->word1 == 0) return DICT_NONE;
        if (sl->prefix != pre || sl->len != len) continue;
        uint32_t idx = sl->word1 - 1;
        if (len <= 8 || memcmp(d->str + d->words[idx].str + 8, w + 8, len - 8) == 0) return idx;
    }
    return DICT_NONE;
}
