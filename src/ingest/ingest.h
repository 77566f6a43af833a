/*
** ingest.h — internal interface between the format dispatcher (read.c) and
** the per-format readers.  A reader turns bytes into orr_doc records and
** hands each to ingest_emit(), which cleans the text, splits sentences and
** calls the user's callback.  A new input format is one reader file plus
** one line in read.c's format table.
*/
#ifndef ORR_INGEST_H
#define ORR_INGEST_H

#include "../util/util.h"

typedef struct ingest_sink {
    const char *name;     /* file name for messages */
    orr_doc_fn on_doc;
    orr_warn_fn on_warn;
    void *ctx;
    size_t n_docs;        /* documents emitted so far */
    size_t n_bad;         /* records reported as bad */
} ingest_sink;

/* Report a bad record (file:line: ...) and keep going. */
void ingest_warn(ingest_sink *sink, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
** Finish a document whose raw text is in doc->text (not yet cleaned):
** clean, lay out (plain text only, when is_plain_page), split sentences,
** pass to the callback, free it.  Returns ORR_ESTOP if the callback
** asked to stop.  Takes ownership of doc.
*/
int ingest_emit(ingest_sink *sink, orr_doc *doc, int is_plain_page, orr_error *err);

/* Normalise a date to YYYY-MM-DD (accepts YYYY-MM-DD..., YYYYMMDD). */
int ingest_normalize_date(const char *in, char out[11]);

/* Per-format readers: bytes in, documents out through the sink. */
int ingest_read_text(ingest_sink *sink, const char *data, size_t len, orr_error *err);
int ingest_read_html(ingest_sink *sink, const char *data, size_t len, orr_error *err);
int ingest_read_jsonl(ingest_sink *sink, const char *data, size_t len, orr_error *err);
int ingest_read_petrarch_xml(ingest_sink *sink, const char *data, size_t len, orr_error *err);
int ingest_read_rss(ingest_sink *sink, const char *data, size_t len, orr_error *err);

/* JSON lines, one line at a time (for orr_read_record), and the line cutter. */
int ingest_read_jsonl_line(ingest_sink *sink, const char *line, size_t len, size_t line_no,
                           orr_error *err);
int ingest_jsonl_lines(const char *data, size_t len,
                       int (*fn)(void *ctx, const char *line, size_t len, size_t n), void *ctx);

/* The fields of one JSON-lines record: NUL-terminated strings, NULL when
** absent or not strings; text_len / html_len count bytes. */
typedef struct ingest_jsonl_rec {
    const char *text, *html, *id, *date, *url, *title;
    size_t text_len, html_len;
    char *buf;  /* storage of the strings (jsonl_fast.c), freed by the caller */
} ingest_jsonl_rec;
/* A flat object of string values, read without jansson (jsonl_fast.c):
** 1 filled (free rec->buf), 0 not that simple case (parse with jansson),
** -1 out of memory. */
int ingest_jsonl_fast(const char *line, size_t len, ingest_jsonl_rec *rec);

#endif
