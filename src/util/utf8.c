/*
** utf8.c — the length of one valid UTF-8 sequence.  The JSON-lines fast
** reader and the direct JSON writer both need the exact rule jansson
** applies (RFC 3629: no overlong forms, no surrogates, nothing above
** U+10FFFF) byte by byte in their inner loops, where a call into
** utf8proc per character would cost more than the check itself.
*/
#include "util.h"

size_t orr_utf8_seq_len(const unsigned char *p, const unsigned char *end) {
    unsigned c = p[0], need, min, v;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { need = 1; min = 0x80; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; min = 0x800; v = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; min = 0x10000; v = c & 0x07; }
    else return 0;
    if ((size_t)(end - p) <= need) return 0;
    for (unsigned i = 1; i <= need; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    return need + 1;
}
