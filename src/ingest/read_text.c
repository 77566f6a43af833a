/*
** read_text.c — plain text: the whole file is one document.  Page layout
** (furniture, title, byline, headings) is worked out by the text stage.
*/
#include "ingest.h"

int ingest_read_text(ingest_sink *sink, const char *data, size_t len, orr_error *err) {
    orr_doc *doc = orr_doc_new();
    if (!doc) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", sink->name);
    doc->origin = orr_arena_strdup(doc->arena, sink->name);
    doc->text = orr_arena_strndup(doc->arena, data, len);
    doc->text_len = len;
    if (!doc->origin || !doc->text) {
        orr_doc_free(doc);
        return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", sink->name);
    }
    return ingest_emit(sink, doc, 1, err);
}
