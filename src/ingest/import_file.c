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

#define IMPORT_CHUNK ((size_t)4 << 20)

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
    gzbuffer(gz, 1 << 20);
    int rc = import_stream(&r, gz, err);
    gzclose(gz);
    return rc;
}

/* --- into the store ----------------------------------------------------- */

typedef struct import_db {
    orr_db *db;
    size_t batch, in_batch;
    orr_import_stats *stats;
    orr_warn_fn on_warn;
    void *ctx;
    orr_error *err;
    int failed;
} import_db;

static int db_event(void *ctx, const orr_event *ev) {
    import_db *d = ctx;
    d->stats->rows++;
    if (d->in_batch == 0 && orr_db_begin(d->db, d->err)) return d->failed = 1;
    size_t n_new = 0;
    if (orr_db_put_events(d->db, ev, 1, &n_new, d->err)) return d->failed = 1;
    d->stats->stored += n_new;
    d->stats->duplicates += 1 - n_new;
    if (++d->in_batch == d->batch) {
        d->in_batch = 0;
        if (orr_db_commit(d->db, d->err)) return d->failed = 1;
    }
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
    import_db d = {db, batch ? batch : 10000, 0, stats, on_warn, ctx, err, 0};
    orr_error run_err = {0};
    int rc = orr_import_file(path, opts, db_event, db_warn, &d, &run_err);
    if (d.failed) {   /* the store failed: err already says why */
        if (d.in_batch) orr_db_rollback(db, NULL);
        return err ? err->code : ORR_EDB;
    }
    if (rc && rc != ORR_ESTOP) {
        if (d.in_batch) orr_db_rollback(db, NULL);
        if (err) *err = run_err;
        return rc;
    }
    if (d.in_batch && orr_db_commit(db, err)) return ORR_EDB;
    return ORR_OK;
}
