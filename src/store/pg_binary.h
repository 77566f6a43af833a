/*
** pg_binary.h — COPY rows in PostgreSQL's binary format, for the event
** bulk paths (pg_events.c).
**
** Why binary: in text format the server spends about a fifth of an event
** load parsing (NextCopyFrom, the types' input functions: date_in, strtod,
** strtoll) what the client just spent formatting.  In binary format an
** integer is four or eight big-endian bytes, a date is its day number, a
** float its IEEE bits, and a text its bytes (the server still checks they
** are valid UTF-8), so neither side parses or prints.
**
** The stream: a fixed header, then per row a 16-bit field count and per
** field a 32-bit length (-1 for NULL) and the bytes, then a -1 trailer.
** Inline: these run once per field of every event put.
*/
#ifndef ORR_PG_BINARY_H
#define ORR_PG_BINARY_H

#include "../util/util.h"

#include <stdint.h>
#include <string.h>

/* Append n big-endian bytes of v; the caller has reserved room. */
static inline void pg_bin_be(orr_buf *b, uint64_t v, int n) {
    for (int i = n - 1; i >= 0; i--) b->data[b->len++] = (char)(v >> (8 * i));
}

static inline int pg_bin_header(orr_buf *b) {
    static const char magic[] = "PGCOPY\n\377\r\n";  /* + its NUL, flags 0, no extension */
    if (orr_buf_reserve(b, 19)) return ORR_ENOMEM;
    memcpy(b->data + b->len, magic, 11);
    b->len += 11;
    pg_bin_be(b, 0, 4);
    pg_bin_be(b, 0, 4);
    return ORR_OK;
}

static inline int pg_bin_trailer(orr_buf *b) {
    if (orr_buf_reserve(b, 2)) return ORR_ENOMEM;
    pg_bin_be(b, 0xffff, 2);
    return ORR_OK;
}

/* Start a row of n fields, with room reserved for `extra` bytes of values. */
static inline int pg_bin_row(orr_buf *b, int n, size_t extra) {
    if (orr_buf_reserve(b, 2 + (size_t)n * 12 + extra)) return ORR_ENOMEM;
    pg_bin_be(b, (uint64_t)n, 2);
    return ORR_OK;
}

/*
** Field writers.  They write into the room pg_bin_row reserved: 12 bytes
** per field for the fixed-size ones, and the caller counts text lengths
** into `extra`.
*/
static inline void pg_bin_null(orr_buf *b) { pg_bin_be(b, 0xffffffffu, 4); }

static inline void pg_bin_int4(orr_buf *b, int32_t v) {
    pg_bin_be(b, 4, 4);
    pg_bin_be(b, (uint32_t)v, 4);
}

static inline void pg_bin_int8(orr_buf *b, int64_t v) {
    pg_bin_be(b, 8, 4);
    pg_bin_be(b, (uint64_t)v, 8);
}

static inline void pg_bin_float8(orr_buf *b, double v) {
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    pg_bin_be(b, 8, 4);
    pg_bin_be(b, bits, 8);
}

/* A date: days since 2000-01-01, PostgreSQL's epoch. */
static inline void pg_bin_date(orr_buf *b, int32_t days_since_2000) { pg_bin_int4(b, days_since_2000); }

/* A text of len bytes (its length counted into the row's `extra`), or NULL. */
static inline void pg_bin_text(orr_buf *b, const char *s, size_t len) {
    if (!s) {
        pg_bin_null(b);
        return;
    }
    pg_bin_be(b, len, 4);
    memcpy(b->data + b->len, s, len);
    b->len += len;
}

#endif
