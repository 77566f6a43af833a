/*
** postgres.c — the PostgreSQL backend: open (connect, migrate), batches,
** documents and sentences, and the backend's table of functions.  Events
** are in pg_events.c, the session layer (retries, cursors, COPY) in
** pg_conn.c, the schema in schema_postgres.h.
**
** Documents go in one INSERT ... ON CONFLICT (hash) DO NOTHING each, since
** the caller needs each id back at once; their sentences are gathered as
** COPY rows and sent in one COPY per batch (at commit, before any read,
** or every few megabytes), which is where the bytes are.
*/
#include "pg_store.h"
#include "schema_postgres.h"

#include <stdlib.h>

enum { PG_SENTENCE_FLUSH_BYTES = 8 << 20 };

/* The URI as shown in messages: user:password@ loses its password. */
static char *uri_without_password(const char *uri) {
    char *name = strdup(uri);
    if (!name) return NULL;
    char *scheme = strstr(name, "://");
    if (!scheme) return name;
    char *auth = scheme + 3, *at = strchr(auth, '@'), *slash = strchr(auth, '/');
    if (!at || (slash && slash < at)) return name;
    char *colon = memchr(auth, ':', (size_t)(at - auth));
    if (colon) memmove(colon, at, strlen(at) + 1);
    return name;
}

static void pg_close(void *impl) {
    pg_store *s = impl;
    if (!s) return;
    pg_partitions_collect(s, NULL);
    PQfinish(s->conn);
    PQfinish(s->ddl);
    for (int k = 1; k < PG_LOADERS_MAX; k++) {
        PQfinish(s->load[k]);
        orr_buf_free(&s->load_copy[k]);
    }
    free(s->part);
    orr_buf_free(&s->sentences);
    orr_buf_free(&s->copy);
    orr_buf_free(&s->keys);
    free(s->ids);
    free(s->order);
    free(s->months);
    free(s->uri);
    free(s->name);
    free(s);
}

/*
** Migrations run one per transaction under a transaction-scoped advisory
** lock, so concurrent first opens of an empty database queue up instead of
** creating the same tables twice; each re-reads the version once it holds
** the lock.
*/
static int pg_migrate(pg_store *s, orr_error *err) {
    for (;;) {
        if (pg_exec(s, "starting migration",
                    "BEGIN; SELECT pg_advisory_xact_lock(7283361049);"
                    " CREATE TABLE IF NOT EXISTS schema_version ("
                    " version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                    err))
            return ORR_EDB;
        s->in_batch = 1;  /* inside a transaction now: a lost session must not retry */
        PGresult *res = pg_run(s, "reading schema version",
                               "SELECT coalesce(max(version), 0) FROM schema_version", 0, NULL, err);
        int version = res ? (int)pg_i64(res, 0, 0, 0) : -1;
        PQclear(res);
        int rc = ORR_OK, done = version >= PG_N_MIGRATIONS;
        if (version < 0) rc = ORR_EDB;
        else if (version > PG_N_MIGRATIONS)
            rc = orr_error_set(err, ORR_EDB, "%s: schema version %d is newer than this orrery (%d)",
                               s->name, version, PG_N_MIGRATIONS);
        else if (!done) {
            char mark[96];
            snprintf(mark, sizeof mark, "INSERT INTO schema_version (version) VALUES (%d)", version + 1);
            rc = pg_exec(s, "migrating schema", pg_migrations[version], err);
            if (!rc) rc = pg_exec(s, "migrating schema", mark, err);
        }
        if (!rc) rc = pg_exec(s, "committing migration", "COMMIT", err);
        s->in_batch = 0;
        if (rc) {
            if (!pg_lost(s)) pg_exec(s, "rolling back", "ROLLBACK", NULL);
            return rc;
        }
        if (done) return ORR_OK;
    }
}

int store_pg_open(const char *uri, void **impl, orr_error *err) {
    pg_store *s = calloc(1, sizeof *s);
    if (!s || !(s->uri = strdup(uri)) || !(s->name = uri_without_password(uri))) {
        pg_close(s);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    orr_buf_init(&s->sentences);
    orr_buf_init(&s->copy);
    orr_buf_init(&s->keys);
    for (int k = 1; k < PG_LOADERS_MAX; k++) orr_buf_init(&s->load_copy[k]);
    /* Loading sessions a put spreads its events over (pg_events.c).  The
    ** default, 1, keeps a batch one transaction and lets concurrent writers
    ** of the same keys simply wait on each other; 2+ is for bulk backfills
    ** by a single writer (docs/scaling.md, "Loading sessions"). */
    const char *loaders = getenv("ORRERY_PG_LOADERS");
    s->n_loaders = loaders && *loaders ? atoi(loaders) : 1;
    if (s->n_loaders < 1) s->n_loaders = 1;
    if (s->n_loaders > PG_LOADERS_MAX) s->n_loaders = PG_LOADERS_MAX;
    int rc = pg_connect(s, &s->conn, err);
    if (!rc) rc = pg_migrate(s, err);
    if (!rc) rc = pg_load_partitions(s, err);
    if (rc) {
        pg_close(s);
        return rc;
    }
    *impl = s;
    return ORR_OK;
}

/* --- batches ------------------------------------------------------------- */

static int pg_begin(void *impl, orr_error *err) {
    pg_store *s = impl;
    if (s->in_batch) return orr_error_set(err, ORR_EUSAGE, "%s: a batch is already open", s->name);
    if (pg_exec(s, "starting a batch", "BEGIN", err)) return ORR_EDB;
    s->in_batch = 1;
    s->savepoints &= ~1u;  /* a new transaction on the main session: no savepoint yet */
    return ORR_OK;
}

static int pg_commit(void *impl, orr_error *err) {
    pg_store *s = impl;
    int rc = pg_flush_sentences(s, err);
    /* The loading sessions' shares first: a crash between the commits leaves
    ** part of the batch stored, which a rerun completes (pg_events.c). */
    if (!rc) rc = pg_loaders_end(s, 1, err);
    if (!rc) {
        PGresult *res = PQexec(s->conn, "COMMIT");
        /* A COMMIT that fails on the server (deferred checks) reports ROLLBACK. */
        if (PQresultStatus(res) != PGRES_COMMAND_OK || strcmp(PQcmdStatus(res), "COMMIT") != 0) {
            if (pg_lost(s))
                rc = orr_error_set(err, ORR_EDB,
                                   "%s: connection lost while committing a batch: it may or may not"
                                   " be stored; rerunning is safe (stores are idempotent)",
                                   s->name);
            else
                rc = pg_fail(s, s->conn, res, "committing a batch", err);
        }
        PQclear(res);
    }
    if (rc) pg_loaders_end(s, 0, NULL);
    if (rc && !pg_lost(s)) pg_exec(s, "rolling back", "ROLLBACK", NULL);
    if (rc) s->stage_ready = 0;  /* it may have been created in this batch */
    s->in_batch = 0;
    s->sentences.len = 0;
    return rc;
}

static int pg_rollback(void *impl, orr_error *err) {
    pg_store *s = impl;
    s->sentences.len = 0;
    s->stage_ready = 0;  /* it may have been created in this batch */
    int was_open = s->in_batch;
    s->in_batch = 0;
    pg_loaders_end(s, 0, NULL);
    if (pg_lost(s)) return ORR_OK;  /* the server rolled it back when the session died */
    if (!was_open) return orr_error_set(err, ORR_EUSAGE, "%s: no batch to roll back", s->name);
    PGresult *res = PQexec(s->conn, "ROLLBACK");
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? ORR_OK
                                                      : pg_fail(s, s->conn, res, "rolling back", err);
    PQclear(res);
    return rc;
}

/* --- documents and sentences --------------------------------------------- */

int pg_flush_sentences(pg_store *s, orr_error *err) {
    if (s->sentences.len == 0) return ORR_OK;
    int rc = pg_copy_in(s, "storing sentences",
                        "COPY sentences (doc_id, idx, start, \"end\", is_heading, text) FROM STDIN",
                        &s->sentences, err);
    s->sentences.len = 0;
    return rc;
}

static int queue_sentences(pg_store *s, const orr_doc *doc, int64_t doc_id, orr_error *err) {
    orr_buf *b = &s->sentences;
    for (size_t i = 0; i < doc->n_sentences; i++) {
        const orr_sentence *sen = &doc->sentences[i];
        if (orr_buf_printf(b, "%lld\t%zu\t%zu\t%zu\t%s\t", (long long)doc_id, i, sen->start,
                           sen->end, sen->is_heading ? "t" : "f") ||
            pg_copy_text(b, doc->text + sen->start, sen->end - sen->start) ||
            orr_buf_append(b, "\n", 1))
            return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    return b->len >= PG_SENTENCE_FLUSH_BYTES ? pg_flush_sentences(s, err) : ORR_OK;
}

static int put_doc_in_batch(pg_store *s, const orr_doc *doc, const char *hash, int64_t *doc_id,
                            int *was_new, orr_error *err) {
    const char *params[] = {hash,      doc->id,   doc->url,  doc->title,  doc->subtitle, doc->author,
                            doc->date, doc->lang, doc->source, doc->origin, doc->text ? doc->text : ""};
    PGresult *res = pg_run(s, "storing document",
                           "INSERT INTO documents (hash, record_id, url, title, subtitle, author,"
                           " date, lang, source, origin, text)"
                           " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)"
                           " ON CONFLICT (hash) DO NOTHING RETURNING id",
                           11, params, err);
    if (!res) return ORR_EDB;
    *was_new = PQntuples(res) == 1;
    if (*was_new) *doc_id = pg_i64(res, 0, 0, 0);
    PQclear(res);
    if (*was_new) return queue_sentences(s, doc, *doc_id, err);
    res = pg_run(s, "looking up document", "SELECT id FROM documents WHERE hash = $1", 1, params, err);
    if (!res) return ORR_EDB;
    int found = PQntuples(res) == 1;
    if (found) *doc_id = pg_i64(res, 0, 0, 0);
    PQclear(res);
    return found ? ORR_OK
                 : orr_error_set(err, ORR_EDB, "%s: document %s vanished while being stored",
                                 s->name, hash);
}

static int pg_put_doc(void *impl, const orr_doc *doc, const char *hash, int64_t *doc_id,
                      int *was_new, orr_error *err) {
    pg_store *s = impl;
    if (s->in_batch) return put_doc_in_batch(s, doc, hash, doc_id, was_new, err);
    /* Outside a batch a document and its sentences still go in together. */
    if (pg_begin(s, err)) return ORR_EDB;
    if (put_doc_in_batch(s, doc, hash, doc_id, was_new, err)) {
        pg_rollback(s, NULL);
        return ORR_EDB;
    }
    return pg_commit(s, err);
}

typedef struct row_call {
    orr_doc_row_fn doc_fn;
    orr_sentence_row_fn sentence_fn;
    void *ctx;
} row_call;

static int doc_row(void *ctx, const PGresult *res, int r) {
    row_call *call = ctx;
    orr_doc_row row = {pg_i64(res, r, 0, 0), pg_str(res, r, 1), pg_str(res, r, 2),
                       pg_str(res, r, 3),      pg_str(res, r, 4), pg_str(res, r, 5),
                       pg_str(res, r, 6),      pg_str(res, r, 7), pg_str(res, r, 8),
                       pg_i64(res, r, 9, 0)};
    return call->doc_fn(call->ctx, &row);
}

static int pg_list_docs(void *impl, orr_doc_row_fn fn, void *ctx, orr_error *err) {
    row_call call = {.doc_fn = fn, .ctx = ctx};
    return pg_each_row(impl, "listing documents",
                       "SELECT d.id, d.url, d.title, d.author, d.date, d.lang, d.source, d.hash,"
                       " to_char(d.ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                       " (SELECT count(*) FROM sentences WHERE doc_id = d.id)"
                       " FROM documents d ORDER BY d.id",
                       0, NULL, doc_row, &call, err);
}

static int sentence_row(void *ctx, const PGresult *res, int r) {
    row_call *call = ctx;
    orr_sentence_row row = {pg_i64(res, r, 0, 0), pg_i64(res, r, 1, 0), pg_i64(res, r, 2, 0),
                            pg_i64(res, r, 3, 0), (int)pg_i64(res, r, 4, 0), pg_str(res, r, 5)};
    return call->sentence_fn(call->ctx, &row);
}

static int pg_list_sentences(void *impl, int64_t doc_id, orr_sentence_row_fn fn, void *ctx,
                             orr_error *err) {
    row_call call = {.sentence_fn = fn, .ctx = ctx};
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)doc_id);
    const char *params[] = {id};
    return pg_each_row(impl, "listing sentences",
                       "SELECT doc_id, idx, start, \"end\", is_heading::int, text FROM sentences"
                       " WHERE $1::bigint < 0 OR doc_id = $1::bigint ORDER BY doc_id, idx",
                       1, params, sentence_row, &call, err);
}

const store_backend store_pg_backend = {
    .name = "postgresql",
    .close = pg_close,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .put_doc = pg_put_doc,
    .list_docs = pg_list_docs,
    .list_sentences = pg_list_sentences,
    .put_events = pg_put_events,
    .query_events = pg_query_events,
};
