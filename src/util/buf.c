/*
** buf.c — growable byte buffers (after Redis's sds, much smaller): the one
** way the library accumulates output, file contents and messages.
*/
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void orr_buf_init(orr_buf *buf) {
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

void orr_buf_free(orr_buf *buf) {
    free(buf->data);
    orr_buf_init(buf);
}

int orr_buf_reserve(orr_buf *buf, size_t extra) {
    if (buf->len + extra + 1 <= buf->cap) return ORR_OK;
    size_t cap = buf->cap ? buf->cap : 256;
    while (cap < buf->len + extra + 1) cap *= 2;
    char *p = realloc(buf->data, cap);
    if (!p) return ORR_ENOMEM;
    buf->data = p;
    buf->cap = cap;
    return ORR_OK;
}

int orr_buf_append(orr_buf *buf, const void *data, size_t len) {
    if (orr_buf_reserve(buf, len)) return ORR_ENOMEM;
    if (len) memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return ORR_OK;
}

int orr_buf_puts(orr_buf *buf, const char *s) {
    return orr_buf_append(buf, s, strlen(s));
}

int orr_buf_printf(orr_buf *buf, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return ORR_EINTERNAL;
    if (orr_buf_reserve(buf, (size_t)n)) return ORR_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
    return ORR_OK;
}

char *orr_buf_steal(orr_buf *buf, size_t *len) {
    if (orr_buf_reserve(buf, 0)) return NULL;
    char *p = buf->data;
    if (len) *len = buf->len;
    orr_buf_init(buf);
    return p;
}
