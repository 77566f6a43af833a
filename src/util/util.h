/*
** util.h — small internal helpers shared by every stage: growable byte
** buffers, whole-file reading (plain, gzip, stdin), content hashes.
** Internal to liborrery; the public API is include/orrery.h.
*/
#ifndef ORR_UTIL_H
#define ORR_UTIL_H

#include "orrery.h"

#include <stdbool.h>
#include <string.h>

/* A growable byte buffer, always NUL-terminated when len > 0 or after use. */
typedef struct orr_buf {
    char *data;
    size_t len, cap;
} orr_buf;

void orr_buf_init(orr_buf *buf);
void orr_buf_free(orr_buf *buf);
int orr_buf_reserve(orr_buf *buf, size_t extra);
int orr_buf_append(orr_buf *buf, const void *data, size_t len);
int orr_buf_puts(orr_buf *buf, const char *s);
int orr_buf_printf(orr_buf *buf, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Hand the bytes to the caller (malloc'd) and reset the buffer. */
char *orr_buf_steal(orr_buf *buf, size_t *len);

/*
** Read a whole file into *out (malloc'd, NUL-terminated).  "-" reads stdin.
** gzip input (magic 1f 8b) is decompressed transparently.
*/
int orr_read_file(const char *path, char **out, size_t *len, orr_error *err);

/* Is this buffer gzip-compressed?  Decompress it (malloc'd result). */
bool orr_is_gzip(const void *data, size_t len);
int orr_gunzip(const char *name, const void *data, size_t len, char **out,
               size_t *out_len, orr_error *err);

/* SHA-256 of bytes as 64 lowercase hex digits + NUL. */
void orr_sha256_hex(const void *data, size_t len, char hex[65]);

/* Length of the valid UTF-8 sequence at p (RFC 3629, as jansson checks it:
** no overlong forms, surrogates or values above U+10FFFF; 1 for ASCII), or 0
** if the bytes from p to end do not start one.  p < end. */
size_t orr_utf8_seq_len(const unsigned char *p, const unsigned char *end);

/* Line number (1-based) of byte offset `off` in data. */
size_t orr_line_of(const char *data, size_t off);

/*
** Path of a shipped data file (e.g. "dict/default.orrdict"): under
** $ORRERY_DATA if set, else the data directory compiled in (ORR_DATA_DIR,
** the source tree's data/ or PREFIX/share/orrery).  Writes into out.
*/
int orr_data_path(const char *name, char *out, size_t out_size);

/*
** Path of a shipped data file (e.g. "dict/default.orrdict"): under
** $ORRERY_DATA if set, else the data directory compiled in (ORR_DATA_DIR,
** the source tree's data/ or PREFIX/share/orrery).  Writes into out.
*/
int orr_data_path(const char *name, char *out, size_t out_size);

#endif
