/*
** jsonl_fast.c — the fields of one JSON-lines record without building a
** JSON tree, for the common case only: one flat object whose values are
** all strings.
**
** Why hand-written: jansson (json_loadb) builds and checks a tree, and the
** reader then copies the strings out of it; on the coder's benchmark
** (bench/bench_code.sh) that was ~140 instructions per input byte, 6 % of
** all the work, as much as tokenizing every sentence.  This scanner makes
** one pass and copies each string once.  It accepts a strict subset of
** what jansson accepts and returns the same strings: anything else — a
** value that is not a string, an escaped or repeated key, a \u escape of
** NUL or of a surrogate, a control character, bad UTF-8, bytes after the
** object — returns 0 and the caller parses the line with jansson, which
** stays the reference and reports every error.  fuzz/fuzz_jsonl_fast.c
** checks the two agree on every input.
*/
#include "ingest.h"

#include <stdlib.h>

#define FAST_MAX_KEYS 32

static const char *skip_ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

static int hex4(const char *p, const char *end, unsigned *out) {
    if (end - p < 4) return 0;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/*
** The string whose opening quote is at p: its unescaped bytes are
** appended at *o (NUL-terminated).  Returns the position after the closing
** quote, or NULL when the string is not in the simple case.
*/
static const char *scan_string(const char *p, const char *end, char **o) {
    char *w = *o;
    p++;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            *w++ = 0;
            *o = w;
            return p + 1;
        }
        if (c < 0x20) return NULL;
        if (c >= 0x80) {
            size_t n = orr_utf8_seq_len((const unsigned char *)p, (const unsigned char *)end);
            if (!n) return NULL;
            memcpy(w, p, n);
            w += n;
            p += n;
            continue;
        }
        if (c != '\\') {
            *w++ = (char)c;
            p++;
            continue;
        }
        if (++p >= end) return NULL;
        switch (*p++) {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '/': *w++ = '/'; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u': {
            unsigned v;
            if (!hex4(p, end, &v) || v == 0 || (v >= 0xD800 && v <= 0xDFFF)) return NULL;
            p += 4;
            if (v < 0x80) *w++ = (char)v;  /* 6 escape bytes give at most 3 */
            else if (v < 0x800) {
                *w++ = (char)(0xC0 | (v >> 6));
                *w++ = (char)(0x80 | (v & 0x3F));
            } else {
                *w++ = (char)(0xE0 | (v >> 12));
                *w++ = (char)(0x80 | ((v >> 6) & 0x3F));
                *w++ = (char)(0x80 | (v & 0x3F));
            }
            break;
        }
        default: return NULL;
        }
    }
    return NULL;
}

/* The field the key names, or NULL (keys are compared as written). */
static const char **field_of(ingest_jsonl_rec *r, const char *key, size_t n, size_t **len) {
    *len = NULL;
#define FIELD(name, slot) if (n == sizeof name - 1 && memcmp(key, name, n) == 0) return &r->slot
    if (n == 4 && memcmp(key, "text", 4) == 0) { *len = &r->text_len; return &r->text; }
    if (n == 4 && memcmp(key, "html", 4) == 0) { *len = &r->html_len; return &r->html; }
    FIELD("id", id);
    FIELD("date", date);
    FIELD("url", url);
    FIELD("title", title);
#undef FIELD
    return NULL;
}

int ingest_jsonl_fast(const char *line, size_t len, ingest_jsonl_rec *rec) {
    memset(rec, 0, sizeof *rec);
    const char *p = line, *end = line + len;
    p = skip_ws(p, end);
    if (p >= end || *p != '{') return 0;
    /* unescaped strings are never longer than their escaped form */
    char *buf = malloc(len + 1), *o = buf;
    if (!buf) return -1;
    const char *keys[FAST_MAX_KEYS];
    size_t key_len[FAST_MAX_KEYS], n_keys = 0;
    p = skip_ws(p + 1, end);
    if (p < end && *p == '}') p++;
    else
        for (;;) {
            if (p >= end || *p != '"' || n_keys == FAST_MAX_KEYS) goto slow;
            const char *k = p + 1, *ke = k;
            while (ke < end && *ke != '"' && *ke != '\\' && (unsigned char)*ke >= 0x20 &&
                   (unsigned char)*ke < 0x80)
                ke++;
            if (ke >= end || *ke != '"') goto slow;  /* escaped or non-ASCII key */
            for (size_t i = 0; i < n_keys; i++)
                if (key_len[i] == (size_t)(ke - k) && memcmp(keys[i], k, key_len[i]) == 0) goto slow;
            keys[n_keys] = k;
            key_len[n_keys++] = (size_t)(ke - k);
            p = skip_ws(ke + 1, end);
            if (p >= end || *p != ':') goto slow;
            p = skip_ws(p + 1, end);
            if (p >= end || *p != '"') goto slow;  /* only string values */
            char *val = o;
            if (!(p = scan_string(p, end, &o))) goto slow;
            size_t *vlen;
            const char **slot = field_of(rec, k, (size_t)(ke - k), &vlen);
            if (slot) {
                *slot = val;
                if (vlen) *vlen = (size_t)(o - 1 - val);
            }
            p = skip_ws(p, end);
            if (p < end && *p == ',') { p = skip_ws(p + 1, end); continue; }
            if (p < end && *p == '}') { p++; break; }
            goto slow;
        }
    if (skip_ws(p, end) != end) goto slow;
    rec->buf = buf;
    return 1;
slow:
    free(buf);
    memset(rec, 0, sizeof *rec);
    return 0;
}
