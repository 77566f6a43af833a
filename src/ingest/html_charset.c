/*
** html_charset.c — pages that are not UTF-8.  gumbo reads UTF-8 only, so
** a page declaring another charset (<meta charset=...> or the http-equiv
** Content-Type) is converted first with iconv from the C library.  Pages
** whose bytes are valid UTF-8 are left alone whatever they declare:
** mislabelled UTF-8 pages are more common than real Latin-1 ones.
*/
#include "html.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <strings.h>

static int valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (k == 0 || i + k > n) return 0;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80) return 0;
        i += k;
    }
    return 1;
}

/* The charset named in the first 4 KB ("charset=windows-1252"), or 0. */
static int declared_charset(const char *html, size_t len, char *out, size_t out_size) {
    size_t window = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 < window; i++) {
        if ((html[i] != 'c' && html[i] != 'C') || strncasecmp(html + i, "charset", 7) != 0) continue;
        size_t j = i + 7;
        while (j < window && (html[j] == ' ' || html[j] == '=' || html[j] == '"' || html[j] == '\''))
            j++;
        size_t n = 0;
        while (j < window && n + 1 < out_size &&
               (isalnum((unsigned char)html[j]) || html[j] == '-' || html[j] == '_' || html[j] == ':'))
            out[n++] = html[j++];
        out[n] = '\0';
        if (n) return 1;
    }
    return 0;
}

int html_to_utf8(const char *html, size_t len, char **out, size_t *out_len) {
    *out = NULL;
    *out_len = 0;
    char charset[40];
    if (!declared_charset(html, len, charset, sizeof charset)) return ORR_OK;
    if (strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "utf8") == 0) return ORR_OK;
    if (valid_utf8((const unsigned char *)html, len)) return ORR_OK;
    /* Latin-1 labels are Windows-1252 in practice (as browsers treat them). */
    if (strcasecmp(charset, "iso-8859-1") == 0 || strcasecmp(charset, "latin1") == 0 ||
        strcasecmp(charset, "us-ascii") == 0)
        strcpy(charset, "WINDOWS-1252");
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1) return ORR_OK;  /* unknown charset: gumbo replaces bad bytes */
    size_t cap = len * 3 + 16;
    char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return ORR_ENOMEM;
    }
    char *in = (char *)html, *w = buf;
    size_t in_left = len, out_left = cap - 1;
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &w, &out_left) != (size_t)-1) break;
        if (errno == E2BIG || out_left < 3) break;
        /* an undecodable byte: U+FFFD, and on */
        memcpy(w, "\xEF\xBF\xBD", 3);
        w += 3;
        out_left -= 3;
        in++;
        in_left--;
    }
    iconv_close(cd);
    *w = '\0';
    *out = buf;
    *out_len = (size_t)(w - buf);
    return ORR_OK;
}
