/*
** clean.c — make outside text safe for every later stage: invalid UTF-8
** bytes become U+FFFD (counted, so the reader can report them), NUL bytes
** are dropped, CRLF becomes LF, and the result is NFC-normalised by
** utf8proc so that "Erdoğan" has one spelling whatever the source.
*/
#include "../util/util.h"

#include <stdlib.h>
#include <utf8proc.h>

/* Copy `in` to buf replacing invalid sequences; count replacements. */
static int repair_utf8(const char *in, size_t len, orr_buf *buf, size_t *replaced) {
    static const char fffd[] = "\xEF\xBF\xBD";
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        if (c == '\r' && i + 1 < len && in[i + 1] == '\n') {
            i++;
            continue;
        }
        if (c == 0) {
            i++;
            continue;
        }
        if (c < 0x80) {  /* a run of plain ASCII is copied at once */
            size_t j = i + 1;
            while (j < len && (unsigned char)in[j] < 0x80 && in[j] != '\r' && in[j] != 0) j++;
            if (orr_buf_append(buf, in + i, j - i)) return ORR_ENOMEM;
            i = j;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0) {
            if (orr_buf_append(buf, fffd, 3)) return ORR_ENOMEM;
            (*replaced)++;
            i++;
            continue;
        }
        if (orr_buf_append(buf, in + i, (size_t)n)) return ORR_ENOMEM;
        i += (size_t)n;
    }
    return ORR_OK;
}

static int is_ascii(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80) return 0;
    return 1;
}

int orr_text_clean(orr_arena *arena, const char *in, size_t len, char **out, size_t *out_len,
                   size_t *replaced, orr_error *err) {
    orr_buf buf;
    orr_buf_init(&buf);
    *replaced = 0;
    if (repair_utf8(in, len, &buf, replaced) || orr_buf_reserve(&buf, 0)) {
        orr_buf_free(&buf);
        return orr_error_set(err, ORR_ENOMEM, "out of memory cleaning text");
    }
    const char *text = buf.data;
    size_t text_len = buf.len;
    utf8proc_uint8_t *nfc = NULL;
    if (!is_ascii(text, text_len)) {  /* ASCII is already NFC */
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)text_len,
                                          &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n >= 0) {
            text = (const char *)nfc;
            text_len = (size_t)n;
        }
    }
    *out = orr_arena_strndup(arena, text, text_len);
    *out_len = text_len;
    free(nfc);
    orr_buf_free(&buf);
    if (!*out) return orr_error_set(err, ORR_ENOMEM, "out of memory cleaning text");
    return ORR_OK;
}
