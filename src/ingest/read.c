/*
** read.c — choose a reader for a file (by --in or by sniffing its first
** bytes) and run it.  Decompression and stdin are handled by
** orr_read_file(); every reader sees plain bytes.
*/
#include "ingest.h"

#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>

typedef int (*reader_fn)(ingest_sink *, const char *, size_t, orr_error *);

static const struct {
    orr_format format;
    const char *name;
    reader_fn read;
} format_table[] = {
    {ORR_FMT_TEXT, "text", ingest_read_text},
    {ORR_FMT_HTML, "html", ingest_read_html},
    {ORR_FMT_JSONL, "jsonl", ingest_read_jsonl},
    {ORR_FMT_PETRARCH_XML, "petrarch-xml", ingest_read_petrarch_xml},
    {ORR_FMT_RSS, "rss", ingest_read_rss},
};
#define N_FORMATS (sizeof format_table / sizeof format_table[0])

const char *orr_format_name(orr_format format) {
    if (format == ORR_FMT_AUTO) return "auto";
    for (size_t i = 0; i < N_FORMATS; i++)
        if (format_table[i].format == format) return format_table[i].name;
    return "unknown";
}

int orr_format_parse(const char *name, orr_format *out) {
    if (strcasecmp(name, "auto") == 0) {
        *out = ORR_FMT_AUTO;
        return ORR_OK;
    }
    if (strcasecmp(name, "txt") == 0) name = "text";
    if (strcasecmp(name, "json") == 0) name = "jsonl";
    if (strcasecmp(name, "xml") == 0) name = "petrarch-xml";
    if (strcasecmp(name, "atom") == 0) name = "rss";
    for (size_t i = 0; i < N_FORMATS; i++)
        if (strcasecmp(format_table[i].name, name) == 0) {
            *out = format_table[i].format;
            return ORR_OK;
        }
    return ORR_EUSAGE;
}

static int starts_with_ci(const char *p, const char *end, const char *word) {
    size_t n = strlen(word);
    return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0;
}

/* Look at the first non-blank bytes (and a little further) to guess. */
orr_format orr_format_sniff(const char *data, size_t len) {
    const char *p = data, *end = data + len;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    if (p == end) return ORR_FMT_TEXT;
    if (*p == '{') return ORR_FMT_JSONL;
    if (*p != '<') return ORR_FMT_TEXT;
    size_t window = (size_t)(end - p) < 4096 ? (size_t)(end - p) : 4096;
    const char *w_end = p + window;
    for (const char *q = p; q < w_end; q++) {
        if (*q != '<') continue;
        if (starts_with_ci(q, w_end, "<html") || starts_with_ci(q, w_end, "<!doctype html") ||
            starts_with_ci(q, w_end, "<head") || starts_with_ci(q, w_end, "<body"))
            return ORR_FMT_HTML;
        if (starts_with_ci(q, w_end, "<rss") || starts_with_ci(q, w_end, "<feed") ||
            starts_with_ci(q, w_end, "<rdf:rdf"))
            return ORR_FMT_RSS;
        if (starts_with_ci(q, w_end, "<sentences") || starts_with_ci(q, w_end, "<sentence"))
            return ORR_FMT_PETRARCH_XML;
    }
    return ORR_FMT_HTML;
}

void ingest_warn(ingest_sink *sink, int code, const char *fmt, ...) {
    orr_error warning;
    va_list ap;
    va_start(ap, fmt);
    warning.code = code;
    vsnprintf(warning.message, sizeof warning.message, fmt, ap);
    va_end(ap);
    sink->n_bad++;
    if (sink->on_warn) sink->on_warn(sink->ctx, &warning);
}

int ingest_emit(ingest_sink *sink, orr_doc *doc, int is_plain_page, orr_error *err) {
    char *clean;
    size_t clean_len, replaced = 0;
    int rc = orr_text_clean(doc->arena, doc->text ? doc->text : "", doc->text ? doc->text_len : 0,
                            &clean, &clean_len, &replaced, err);
    if (rc == ORR_OK) {
        doc->text = clean;
        doc->text_len = clean_len;
        doc->invalid_utf8 += replaced;
        if (replaced)
            ingest_warn(sink, ORR_EFORMAT, "%s: %zu invalid UTF-8 byte%s replaced by U+FFFD",
                        doc->origin ? doc->origin : sink->name, replaced, replaced == 1 ? "" : "s");
        if (is_plain_page) rc = orr_text_page_layout(doc, err);
    }
    if (rc == ORR_OK) rc = orr_text_split_sentences(doc, err);
    if (rc == ORR_OK) {
        sink->n_docs++;
        if (sink->on_doc && sink->on_doc(sink->ctx, doc)) rc = ORR_ESTOP;
    }
    orr_doc_free(doc);
    return rc;
}

typedef struct split_ctx {
    orr_record record;
    orr_record_fn on_record;
    void *ctx;
} split_ctx;

static int split_line(void *ctx, const char *line, size_t len, size_t n) {
    split_ctx *c = ctx;
    c->record.data = line;
    c->record.len = len;
    c->record.line = n;
    return c->on_record(c->ctx, &c->record);
}

int orr_read_split(const char *name, const char *data, size_t len, orr_format format,
                   orr_record_fn on_record, void *ctx, orr_error *err) {
    if (format == ORR_FMT_AUTO) format = orr_format_sniff(data, len);
    if (!strcmp(orr_format_name(format), "unknown"))
        return orr_error_set(err, ORR_EUSAGE, "%s: unknown input format", name);
    split_ctx c = {{name, format, data, len, 1}, on_record, ctx};
    if (format == ORR_FMT_JSONL) return ingest_jsonl_lines(data, len, split_line, &c);
    return on_record(ctx, &c.record);
}

int orr_read_record(const orr_record *record, orr_doc_fn on_doc, orr_warn_fn on_warn, void *ctx,
                    orr_error *err) {
    ingest_sink sink = {record->name, on_doc, on_warn, ctx, 0, 0};
    orr_error_clear(err);
    if (record->format == ORR_FMT_JSONL)
        return ingest_read_jsonl_line(&sink, record->data, record->len, record->line, err);
    for (size_t i = 0; i < N_FORMATS; i++)
        if (format_table[i].format == record->format)
            return format_table[i].read(&sink, record->data, record->len, err);
    return orr_error_set(err, ORR_EUSAGE, "%s: unknown input format", record->name);
}

/* orr_read_docs_mem: the records of the input, each read in turn. */
typedef struct serial_ctx {
    orr_doc_fn on_doc;
    orr_warn_fn on_warn;
    void *ctx;
    orr_error *err;
} serial_ctx;

static int read_in_turn(void *ctx, const orr_record *record) {
    serial_ctx *c = ctx;
    return orr_read_record(record, c->on_doc, c->on_warn, c->ctx, c->err);
}

int orr_read_docs_mem(const char *name, const char *data, size_t len, orr_format format,
                      orr_doc_fn on_doc, orr_warn_fn on_warn, void *ctx, orr_error *err) {
    char *plain = NULL;
    size_t plain_len;
    orr_error_clear(err);
    if (orr_is_gzip(data, len)) {
        int rc = orr_gunzip(name, data, len, &plain, &plain_len, err);
        if (rc) return rc;
        data = plain;
        len = plain_len;
    }
    serial_ctx c = {on_doc, on_warn, ctx, err};
    int rc = orr_read_split(name, data, len, format, read_in_turn, &c, err);
    free(plain);
    return rc;
}

int orr_read_docs(const char *path, orr_format format, orr_doc_fn on_doc, orr_warn_fn on_warn,
                  void *ctx, orr_error *err) {
    char *data;
    size_t len;
    int rc = orr_read_file(path, &data, &len, err);
    if (rc) return rc;
    rc = orr_read_docs_mem(strcmp(path, "-") == 0 ? "<stdin>" : path, data, len, format, on_doc,
                           on_warn, ctx, err);
    free(data);
    return rc;
}
