/*
** import_file.c — event files in: stream a file (plain or gzip, via
** zlib's gz* functions which pass plain bytes through) in large chunks of
** whole lines, or inflate the members of a zip, and run the row loop of
** import_common.c on them.  Also the store path: rows to orr_db in
** batches, one transaction each, idempotent by (dataset, origin_id).
*/
#include "../relate/import.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#define IMPORT_CHUNK ((size_t)256 << 10)

typedef struct import_run {
    const orr_import_opts *opts;
    orr_event_fn on_event;
    orr_warn_fn on_warn;
    void *ctx;
    const char *name;
} import_run;

static int run_member(void *ctx, const char *member, char *data, size_t len, orr_error *err) {
    import_run *r = ctx;
    char name[600];
    snprintf(name, sizeof name, "%s/%s", r->name, member);
    import_file f;
    import_file_init(&f, name, r->opts, r->on_event, r->on_warn, r->ctx);
    int rc = import_lines(&f, data, len, err);
    import_file_done(&f);
    return rc;
}

/* data must be mutable and have one writable byte at data[len]. */
static int import_bytes(import_run *r, char *data, size_t len, orr_error *err) {
    if (import_is_zip(data, len))
        return import_unzip(r->name, (const unsigned char *)data, len, run_member, r, err);
    import_file f;
    import_file_init(&f, r->name, r->opts, r->on_event, r->on_warn, r->ctx);
    int rc = import_lines(&f, data, len, err);
    import_file_done(&f);
    return rc;
}

int orr_import_mem(const char *name, const char *data, size_t len, const orr_import_opts *opts,
                   orr_event_fn on_event, orr_warn_fn on_warn, void *ctx, orr_error *err) {
    import_run r = {opts, on_event, on_warn, ctx, name};
    char *copy;
    size_t n;
    if (orr_is_gzip(data, len)) {
        int rc = orr_gunzip(name, data, len, &copy, &n, err);
        if (rc) return rc;
    } else {
        if (!(copy = malloc(len + 1))) return orr_error_set(err, ORR_ENOMEM, "out of memory");
        memcpy(copy, data, len);
        copy[len] = '\0';
        n = len;
    }
    int rc = import_bytes(&r, copy, n, err);
    free(copy);
    return rc == ORR_ESTOP ? ORR_ESTOP : rc;
}

/* Read whole lines chunk by chunk; a zip is read whole, then unpacked. */
static int import_stream(import_run *r, gzFile gz, orr_error *err) {
    size_t cap = IMPORT_CHUNK, have = 0;
    char *buf = malloc(cap + 1);
    if (!buf) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    import_file f;
    import_file_init(&f, r->name, r->opts, r->on_event, r->on_warn, r->ctx);
    int rc = ORR_OK, first = 1, is_zip = 0;
    for (;;) {
        if (have == cap) {   /* a line longer than the buffer (or a zip): grow */
            char *p = cap < ((size_t)1 << 34) ? realloc(buf, cap * 2 + 1) : NULL;
            if (!p) { rc = orr_error_set(err, ORR_ENOMEM, "%s: out of memory", r->name); break; }
            buf = p;
            cap *= 2;
        }
        size_t want = cap - have > INT32_MAX ? INT32_MAX : cap - have;
        int n = gzread(gz, buf + have, (unsigned)want);
        if (n < 0) {
            int zerr;
            const char *msg = gzerror(gz, &zerr);
            rc = orr_error_set(err, zerr == Z_ERRNO ? ORR_EIO : ORR_EFORMAT, "%s: %s", r->name,
                               zerr == Z_ERRNO ? strerror(errno) : msg);
            break;
        }
        if (first && have + (size_t)n >= 4) {
            first = 0;
            is_zip = import_is_zip(buf, have + (size_t)n);
        }
        if (n == 0) {   /* end of input: the rest, newline or not */
            buf[have] = '\0';
            rc = is_zip ? import_bytes(r, buf, have, err) : import_lines(&f, buf, have, err);
            break;
        }
        have += (size_t)n;
        if (is_zip) continue;
        char *last = memrchr(buf, '\n', have);
        if (!last) continue;
        size_t upto = (size_t)(last - buf) + 1;
        if ((rc = import_lines(&f, buf, upto, err))) break;
        memmove(buf, buf + upto, have - upto);
        have -= upto;
    }
    import_file_done(&f);
    free(buf);
    return rc;
}

int orr_import_file(const char *path, const orr_import_opts *opts, orr_event_fn on_event,
                    orr_warn_fn on_warn, void *ctx, orr_error *err) {
    int is_stdin = strcmp(path, "-") == 0;
    import_run r = {opts, on_event, on_warn, ctx, is_stdin ? "<stdin>" : path};
    gzFile gz = is_stdin ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
    if (!gz) return orr_error_set(err, ORR_EIO, "%s: cannot open: %s", path, strerror(errno));
    gzbuffer(gz, 64 << 10);
    int rc = import_stream(&r, gz, err);
    gzclose(gz);
    return rc;
}

/* --- into the store ----------------------------------------------------- */

/*
** Rows go to the store in puts of up to IMPORT_PUT_MAX events, so that a
** backend with a bulk path (PostgreSQL's COPY) gets to use it; a put never
** straddles a transaction, which still holds exactly `batch` rows.  The
** row loop lends its strings only for the callback, so each buffered event
** is copied into an arena that lives until its put is done.
*/
#define IMPORT_PUT_MAX 2000

typedef struct import_db {
    orr_db *db;
    size_t batch, in_batch;      /* rows per transaction; rows put in this one */
    size_t put_max, n_buf;       /* events per put; events buffered */
    orr_event *buf;
    orr_arena *arena;            /* the buffered events' strings */
    orr_import_stats *stats;
    orr_warn_fn on_warn;
    void *ctx;
    orr_error *err;
    int failed, open;            /* the store failed; a transaction is open */
} import_db;

static const char *own_str(orr_arena *a, const char *s, int *oom) {
    if (!s) return NULL;
    char *c = orr_arena_strdup(a, s);
    if (!c) *oom = 1;
    return c;
}

/* Copy *ev into the buffer, its strings into the arena; nonzero if out of memory. */
static int buffer_event(import_db *d, const orr_event *ev) {
    orr_event *e = &d->buf[d->n_buf];
    *e = *ev;
    int oom = 0;
    orr_arena *a = d->arena;
    const char **strs[] = {&e->date_how, &e->source, &e->source_country, &e->source_agent,
                           &e->source_text, &e->target, &e->target_country, &e->target_agent,
                           &e->target_text, &e->verb_text, &e->plover, &e->issues, &e->url,
                           &e->dataset, &e->origin, &e->origin_id, &e->sentence_text};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) *strs[i] = own_str(a, *strs[i], &oom);
    if (oom) return 1;
    d->n_buf++;
    return 0;
}

/* Put the buffered events; commit when the transaction holds `batch` rows. */
static int flush_events(import_db *d) {
    if (d->n_buf == 0) return 0;
    if (!d->open) {
        if (orr_db_begin(d->db, d->err)) return d->failed = 1;
        d->open = 1;
    }
    size_t n_new = 0;
    if (orr_db_put_events(d->db, d->buf, d->n_buf, &n_new, d->err)) return d->failed = 1;
    d->stats->stored += n_new;
    d->stats->duplicates += d->n_buf - n_new;
    d->in_batch += d->n_buf;
    d->n_buf = 0;
    orr_arena_reset(d->arena);
    if (d->in_batch >= d->batch) {
        d->in_batch = d->open = 0;
        if (orr_db_commit(d->db, d->err)) return d->failed = 1;
    }
    return 0;
}

static int db_event(void *ctx, const orr_event *ev) {
    import_db *d = ctx;
    d->stats->rows++;
    if (buffer_event(d, ev)) {
        orr_error_set(d->err, ORR_ENOMEM, "out of memory");
        return d->failed = 1;
    }
    if (d->n_buf == d->put_max || d->in_batch + d->n_buf == d->batch) return flush_events(d);
    return 0;
}

static void db_warn(void *ctx, const orr_error *w) {
    import_db *d = ctx;
    d->stats->rows++;
    d->stats->bad++;
    if (d->on_warn) d->on_warn(d->ctx, w);
}

int orr_import_to_db(orr_db *db, const char *path, const orr_import_opts *opts, size_t batch,
                     orr_warn_fn on_warn, void *ctx, orr_import_stats *stats, orr_error *err) {
    orr_import_stats local = {0};
    if (!stats) stats = &local;
    memset(stats, 0, sizeof *stats);
    import_db d = {.db = db, .batch = batch ? batch : 10000, .stats = stats, .on_warn = on_warn,
                   .ctx = ctx, .err = err};
    d.put_max = d.batch < IMPORT_PUT_MAX ? d.batch : IMPORT_PUT_MAX;
    d.buf = malloc(d.put_max * sizeof *d.buf);
    d.arena = orr_arena_new((size_t)1 << 20);
    if (!d.buf || !d.arena) {
        free(d.buf);
        orr_arena_free(d.arena);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    orr_error run_err = {0};
    int rc = orr_import_file(path, opts, db_event, db_warn, &d, &run_err);
    if (!d.failed && (rc == ORR_OK || rc == ORR_ESTOP)) flush_events(&d);
    free(d.buf);
    orr_arena_free(d.arena);
    if (d.failed) {   /* the store failed: err already says why */
        if (d.open) orr_db_rollback(db, NULL);
        return err ? err->code : ORR_EDB;
    }
    if (rc && rc != ORR_ESTOP) {
        if (d.open) orr_db_rollback(db, NULL);
        if (err) *err = run_err;
        return rc;
    }
    if (d.open && orr_db_commit(db, err)) return ORR_EDB;
    return ORR_OK;
}
