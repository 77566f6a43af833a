/*
** io.c — whole-file input.  Every reader of outside input gets its bytes
** here, so gzip detection and stdin ("-") work the same for all formats.
*/
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

bool orr_is_gzip(const void *data, size_t len) {
    const unsigned char *p = data;
    return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

int orr_gunzip(const char *name, const void *data, size_t len, char **out,
               size_t *out_len, orr_error *err) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 15 + 32) != Z_OK)
        return orr_error_set(err, ORR_ENOMEM, "%s: cannot start gzip decoder", name);
    orr_buf buf;
    orr_buf_init(&buf);
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)len;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (orr_buf_reserve(&buf, len * 3 + 4096)) {
            rc = Z_MEM_ERROR;
            break;
        }
        zs.next_out = (Bytef *)buf.data + buf.len;
        zs.avail_out = (uInt)(buf.cap - buf.len - 1);
        rc = inflate(&zs, Z_NO_FLUSH);
        buf.len = buf.cap - 1 - zs.avail_out;
        if (rc == Z_STREAM_END && zs.avail_in > 0 && orr_is_gzip(zs.next_in, zs.avail_in)) {
            inflateReset(&zs);  /* concatenated gzip members */
            rc = Z_OK;
            continue;
        }
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            rc = Z_DATA_ERROR;  /* truncated */
            break;
        }
    }
    size_t consumed = len - zs.avail_in;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        orr_buf_free(&buf);
        return orr_error_set(err, ORR_EFORMAT,
                             "%s: byte %zu: corrupt or truncated gzip data", name, consumed);
    }
    buf.data[buf.len] = '\0';
    *out = orr_buf_steal(&buf, out_len);
    return ORR_OK;
}

static int read_stream(FILE *f, const char *name, orr_buf *buf, orr_error *err) {
    for (;;) {
        if (orr_buf_reserve(buf, 65536)) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", name);
        size_t n = fread(buf->data + buf->len, 1, buf->cap - buf->len - 1, f);
        buf->len += n;
        buf->data[buf->len] = '\0';
        if (n == 0) break;
    }
    if (ferror(f)) return orr_error_set(err, ORR_EIO, "%s: read error: %s", name, strerror(errno));
    return ORR_OK;
}

int orr_read_file(const char *path, char **out, size_t *len, orr_error *err) {
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) return orr_error_set(err, ORR_EIO, "%s: cannot open: %s", path, strerror(errno));
    orr_buf buf;
    orr_buf_init(&buf);
    int rc = read_stream(f, name, &buf, err);
    if (!is_stdin) fclose(f);
    if (rc == ORR_OK && orr_buf_reserve(&buf, 0)) rc = orr_error_set(err, ORR_ENOMEM, "%s: out of memory", name);
    if (rc) {
        orr_buf_free(&buf);
        return rc;
    }
    if (orr_is_gzip(buf.data, buf.len)) {
        rc = orr_gunzip(name, buf.data, buf.len, out, len, err);
        orr_buf_free(&buf);
        return rc;
    }
    *out = orr_buf_steal(&buf, len);
    return ORR_OK;
}

size_t orr_line_of(const char *data, size_t off) {
    size_t line = 1;
    for (size_t i = 0; i < off && data[i]; i++)
        if (data[i] == '\n') line++;
    return line;
}
