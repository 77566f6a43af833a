/*
** import_zip.c — read the members of a .zip archive (GDELT ships its
** exports zipped) with zlib's raw inflate, walking the local file headers
** in order.  Hand-written because it is 100 lines against zlib, which is
** already linked, instead of a new dependency (libzip/minizip).  Handles
** stored and deflated members and data descriptors (flag bit 3); not
** zip64, encryption or multi-disk archives, which are reported as errors.
*/
#include "../relate/import.h"

#include <stdlib.h>
#include <zlib.h>

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

int import_is_zip(const void *data, size_t len) {
    const unsigned char *p = data;
    return len >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4;
}

/* Inflate raw deflate data at in[0,avail) into a malloc'd buffer; *used
** gets the compressed bytes consumed. */
static int zip_inflate(const char *name, size_t at, const unsigned char *in, size_t avail,
                       size_t hint, char **out, size_t *out_len, size_t *used, orr_error *err) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, -15) != Z_OK)
        return orr_error_set(err, ORR_ENOMEM, "%s: cannot start inflate", name);
    orr_buf buf;
    orr_buf_init(&buf);
    zs.next_in = (Bytef *)in;
    zs.avail_in = avail > UINT32_MAX ? UINT32_MAX : (uInt)avail;
    int rc = Z_OK;
    size_t grow = hint > 0 && hint < ((size_t)1 << 30) ? hint + 1 : 65536;
    while (rc != Z_STREAM_END) {
        if (orr_buf_reserve(&buf, grow)) {
            rc = Z_MEM_ERROR;
            break;
        }
        grow = buf.cap;
        zs.next_out = (Bytef *)buf.data + buf.len;
        zs.avail_out = (uInt)(buf.cap - buf.len - 1);
        rc = inflate(&zs, Z_NO_FLUSH);
        buf.len = buf.cap - 1 - zs.avail_out;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
        if (rc != Z_OK && rc != Z_STREAM_END) break;
    }
    *used = (size_t)((const unsigned char *)zs.next_in - in);
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        orr_buf_free(&buf);
        return orr_error_set(err, ORR_EFORMAT, "%s: byte %zu: corrupt or truncated zip member", name, at);
    }
    if (orr_buf_reserve(&buf, 0)) {
        orr_buf_free(&buf);
        return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", name);
    }
    buf.data[buf.len] = '\0';
    *out = orr_buf_steal(&buf, out_len);
    return ORR_OK;
}

int import_unzip(const char *name, const unsigned char *data, size_t len, import_zip_fn fn,
                 void *ctx, orr_error *err) {
    size_t at = 0;
    while (at + 4 <= len && le32(data + at) == 0x04034b50) {
        if (at + 30 > len) break;
        const unsigned char *h = data + at;
        uint32_t flags = le16(h + 6), method = le16(h + 8);
        size_t csize = le32(h + 18), usize = le32(h + 22);
        size_t nlen = le16(h + 26), xlen = le16(h + 28);
        size_t body = at + 30 + nlen + xlen;
        if (body > len)
            return orr_error_set(err, ORR_EFORMAT, "%s: byte %zu: truncated zip header", name, at);
        if (flags & 1)
            return orr_error_set(err, ORR_EFORMAT, "%s: byte %zu: encrypted zip member", name, at);
        if (csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu)
            return orr_error_set(err, ORR_EFORMAT, "%s: byte %zu: zip64 is not supported", name, at);
        char member[256];
        snprintf(member, sizeof member, "%.*s", (int)(nlen < 255 ? nlen : 255), (const char *)h + 30);
        char *out = NULL;
        size_t out_len = 0, used = 0;
        if (method == 8) {
            int rc = zip_inflate(name, body, data + body, len - body, usize, &out, &out_len, &used, err);
            if (rc) return rc;
        } else if (method == 0 && !(flags & 8)) {
            if (csize > len - body)
                return orr_error_set(err, ORR_EFORMAT, "%s: byte %zu: truncated zip member", name, at);
            if (!(out = malloc(csize + 1))) return orr_error_set(err, ORR_ENOMEM, "out of memory");
            memcpy(out, data + body, csize);
            out[csize] = '\0';
            out_len = used = csize;
        } else {
            return orr_error_set(err, ORR_EFORMAT, "%s: byte %zu: zip compression method %u is not supported",
                                 name, at, (unsigned)method);
        }
        at = body + used;
        if (flags & 8) {   /* data descriptor, with or without its signature */
            if (at + 4 <= len && le32(data + at) == 0x08074b50) at += 4;
            at += 12;
        }
        int rc = ORR_OK;
        if (nlen == 0 || h[30 + nlen - 1] != '/') rc = fn(ctx, member, out, out_len, err);
        free(out);
        if (rc) return rc;
    }
    return ORR_OK;
}
