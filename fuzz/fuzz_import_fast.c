/*
** fuzz_import_fast.c — differential target for the importer's row loop:
** the same bytes parsed by the one-scan tab path and by the line-by-line
** reference path (import_file.slow_only) must give the same events, field
** for field, and the same warnings.  Any difference aborts.
*/
#include "relate/import.h"

#include <stdlib.h>
#include <string.h>

static void put_str(orr_buf *b, const char *s) {
    orr_buf_puts(b, s ? s : "(null)");
    orr_buf_append(b, "|", 1);
}

static int record_event(void *ctx, const orr_event *e) {
    orr_buf *b = ctx;
    const char *strs[] = {e->date, e->date_how, e->source, e->source_country, e->source_agent,
                          e->source_text, e->target, e->target_country, e->target_agent,
                          e->target_text, e->verb_text, e->code, e->plover, e->issues, e->url,
                          e->dataset, e->origin, e->origin_id, e->sentence_text};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) put_str(b, strs[i]);
    orr_buf_printf(b, "%d %d %a %d %d %d\n", e->root, e->quad, e->goldstein, e->num_mentions,
                   e->num_sources, e->num_articles);
    return 0;
}

static void record_warning(void *ctx, const orr_error *w) {
    orr_buf *b = ctx;
    orr_buf_printf(b, "warn %d %s\n", w->code, w->message);
}

/* Parse a private copy (NULs are written into it) in two chunks of whole
** lines, cut after the middle, as import_stream hands them over. */
static void run(const unsigned char *data, size_t size, int format, int slow, orr_buf *out) {
    char *copy = malloc(size + 1);
    if (!copy) abort();
    memcpy(copy, data, size);
    copy[size] = '\0';
    orr_import_opts opts = {(orr_event_format)format, NULL};
    import_file f;
    import_file_init(&f, "fuzz", &opts, record_event, record_warning, out);
    f.slow_only = slow;
    orr_error err = {0};
    char *nl = memchr(copy + size / 2, '\n', size - size / 2);
    size_t cut = nl ? (size_t)(nl - copy) + 1 : size;
    int rc = import_lines(&f, copy, cut, &err);
    if (rc == ORR_OK) rc = import_lines(&f, copy + cut, size - cut, &err);
    orr_buf_printf(out, "rc %d %s rows %zu bad %zu\n", rc, rc ? err.message : "", f.rows, f.bad);
    import_file_done(&f);
    free(copy);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    for (int format = ORR_EVFMT_AUTO; format <= ORR_EVFMT_PETRARCH; format++) {
        orr_buf fast, slow;
        orr_buf_init(&fast);
        orr_buf_init(&slow);
        run(data, size, format, 0, &fast);
        run(data, size, format, 1, &slow);
        if (fast.len != slow.len || memcmp(fast.data, slow.data, fast.len) != 0) abort();
        orr_buf_free(&fast);
        orr_buf_free(&slow);
    }
    return 0;
}
