/*
** read_jsonl.c — JSON lines: one {"id","date","url","title","text"|"html"}
** object per line: the common flat case is read by jsonl_fast.c, any other
** line by jansson.  A line that is not such an
** object is reported as file:line with jansson's reason and skipped; the
** rest of the file is read.  "html" bodies go through article extraction.
*/
#include "ingest.h"

#include <jansson.h>
#include <stdlib.h>

/* Normalise a date to YYYY-MM-DD: accepts YYYY-MM-DD[...], YYYYMMDD. */
int ingest_normalize_date(const char *in, char out[11]) {
    int y, m, d;
    char tail;
    if (!in) return ORR_EFORMAT;
    if (sscanf(in, "%4d-%2d-%2d", &y, &m, &d) == 3 ||
        (strlen(in) >= 8 && sscanf(in, "%4d%2d%2d%c", &y, &m, &d, &tail) >= 3 &&
         strspn(in, "0123456789") >= 8)) {
        if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return ORR_EFORMAT;
        snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
        return ORR_OK;
    }
    return ORR_EFORMAT;
}

static const char *json_field(json_t *obj, const char *key) {
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Build a document from one record's fields; NULL + warning if unusable. */
static orr_doc *jsonl_doc(ingest_sink *sink, const ingest_jsonl_rec *r, size_t line, orr_error *err) {
    if (!r->text && !r->html) {
        ingest_warn(sink, ORR_EFORMAT, "%s:%zu: expected a \"text\" or \"html\" string field",
                    sink->name, line);
        return NULL;
    }
    orr_doc *doc = NULL;
    if (r->text) {
        doc = orr_doc_new();
        if (doc) {
            doc->text_len = r->text_len;
            doc->text = orr_arena_strndup(doc->arena, r->text, doc->text_len);
        }
    } else {
        orr_error xerr;
        if (orr_html_extract(r->html, r->html_len, sink->name, &doc, &xerr)) {
            ingest_warn(sink, xerr.code, "%s:%zu: %s", sink->name, line, xerr.message);
            return NULL;
        }
    }
    if (!doc) {
        orr_error_set(err, ORR_ENOMEM, "%s:%zu: out of memory", sink->name, line);
        return NULL;
    }
    char origin[1024], date[11];
    snprintf(origin, sizeof origin, "%s:%zu", sink->name, line);
    doc->origin = orr_arena_strdup(doc->arena, origin);
    if (r->id) doc->id = orr_arena_strdup(doc->arena, r->id);
    if (r->url) doc->url = orr_arena_strdup(doc->arena, r->url);
    if (r->title) doc->title = orr_arena_strdup(doc->arena, r->title);
    const char *d = r->date;
    if (d && ingest_normalize_date(d, date) == ORR_OK) doc->date = orr_arena_strdup(doc->arena, date);
    else if (d)
        ingest_warn(sink, ORR_EFORMAT, "%s:%zu: \"date\" is not YYYY-MM-DD or YYYYMMDD: '%.40s' (kept the document without a date)",
                    sink->name, line, d);
    return doc;
}

static int jsonl_emit(ingest_sink *sink, const ingest_jsonl_rec *r, size_t line, orr_error *err) {
    orr_doc *doc = jsonl_doc(sink, r, line, err);
    if (!doc && err && err->code) return err->code;
    return doc ? ingest_emit(sink, doc, 0, err) : ORR_OK;
}

/* One line of JSON lines (leading blanks already skipped, not empty). */
int ingest_read_jsonl_line(ingest_sink *sink, const char *q, size_t len, size_t line,
                           orr_error *err) {
    ingest_jsonl_rec r;
    int fast = ingest_jsonl_fast(q, len, &r);
    if (fast < 0) return orr_error_set(err, ORR_ENOMEM, "%s:%zu: out of memory", sink->name, line);
    if (fast) {
        int rc = jsonl_emit(sink, &r, line, err);
        free(r.buf);
        return rc;
    }
    json_error_t jerr;
    int rc = ORR_OK;
    json_t *obj = json_loadb(q, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!obj) {
        ingest_warn(sink, ORR_EFORMAT, "%s:%zu:%d: expected a JSON object: %s", sink->name, line,
                    jerr.column, jerr.text);
    } else if (!json_is_object(obj)) {
        ingest_warn(sink, ORR_EFORMAT, "%s:%zu: expected a JSON object, found another value",
                    sink->name, line);
    } else {
        char idbuf[32];
        r.text = json_field(obj, "text");
        r.html = json_field(obj, "html");
        r.text_len = r.text ? json_string_length(json_object_get(obj, "text")) : 0;
        r.html_len = r.html ? json_string_length(json_object_get(obj, "html")) : 0;
        r.id = json_field(obj, "id");
        json_t *idv = json_object_get(obj, "id");
        if (!r.id && json_is_integer(idv)) {
            snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(idv));
            r.id = idbuf;
        }
        r.url = json_field(obj, "url");
        r.title = json_field(obj, "title");
        r.date = json_field(obj, "date");
        rc = jsonl_emit(sink, &r, line, err);
    }
    json_decref(obj);
    return rc;
}

/* Call fn on every non-blank line with its 1-based number; stops at the
** first non-zero return.  Shared by the reader and orr_read_split(). */
int ingest_jsonl_lines(const char *data, size_t len,
                       int (*fn)(void *ctx, const char *line, size_t len, size_t n), void *ctx) {
    size_t line = 0;
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        line++;
        const char *q = p;
        while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
        if (q < eol) {
            int rc = fn(ctx, q, (size_t)(eol - q), line);
            if (rc) return rc;
        }
        p = eol + 1;
    }
    return ORR_OK;
}

typedef struct jsonl_ctx {
    ingest_sink *sink;
    orr_error *err;
} jsonl_ctx;

static int jsonl_one(void *ctx, const char *q, size_t len, size_t line) {
    jsonl_ctx *c = ctx;
    return ingest_read_jsonl_line(c->sink, q, len, line, c->err);
}

int ingest_read_jsonl(ingest_sink *sink, const char *data, size_t len, orr_error *err) {
    jsonl_ctx c = {sink, err};
    return ingest_jsonl_lines(data, len, jsonl_one, &c);
}
