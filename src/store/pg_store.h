/*
** pg_store.h — what the PostgreSQL backend's files share: the store
** handle, the session layer (pg_conn.c: connect with retries, run a
** statement, stream rows through a cursor, COPY in) and the entry points
** of the document half (postgres.c), the event partitions
** (pg_partitions.c) and the event half (pg_events.c).
*/
#ifndef ORR_PG_STORE_H
#define ORR_PG_STORE_H

#include "store.h"

#include <libpq-fe.h>

enum { PG_LOADERS_MAX = 4 };  /* loading sessions a put may spread its events over */

/* events_id_seq's increment (schema migration 2): each nextval is a block of ids. */
#define PG_ID_BLOCK 1024
#define PG_ID_BLOCK_SQL "1024"

typedef struct pg_store {
    PGconn *conn;          /* the session every statement runs on */
    PGconn *ddl;           /* a second session for partition DDL, opened on first need */
    char *uri;             /* as given, for connecting */
    char *name;            /* the URI without its password, for messages */
    int in_batch;          /* between orr_db_begin and commit/rollback */
    unsigned stage_ready;  /* bit k: loading session k has created its temp staging table */
    unsigned put_one_ready; /* bit k: loading session k has prepared the one-event statement */
    int n_loaders;         /* loading sessions (ORRERY_PG_LOADERS, 1..PG_LOADERS_MAX); 0 is conn */
    PGconn *load[PG_LOADERS_MAX]; /* loading sessions 1.. (opened on first need); [0] unused */
    unsigned load_open;    /* bit k: load[k] has a transaction open in this batch */
    unsigned savepoints;   /* bit k: session k's transaction holds savepoint orrery_put (pg_events.c) */
    orr_buf load_copy[PG_LOADERS_MAX]; /* COPY rows for load[k], k >= 1 ([0] is copy) */
    unsigned char *part;   /* the loading session of each event being put (reused) */
    unsigned cursor_seq;   /* names nested cursors apart */
    orr_buf sentences;     /* COPY rows of the batch's sentences, sent before any read and at commit */
    orr_buf copy;          /* COPY rows of the events being put (reused) */
    orr_buf keys;          /* COPY rows of their (dataset, origin_id) keys (reused) */
    int64_t *ids;          /* event ids drawn for the fast path (reused) */
    size_t *order;         /* the fast path's row order, by month (reused) */
    size_t cap_ids;
    unsigned skip_fast;    /* puts left to skip the fast path after it met a duplicate */
    int copy_failed;       /* sending the current COPY's data failed (pg_copy_send) */
    char sqlstate[6];      /* SQLSTATE of the last failure, "" if none */
    int *months;           /* yyyymm of each events partition known to exist, sorted */
    size_t n_months, cap_months;
    int prefetch_year;     /* year the ddl session is making in the background, 0 if none */
} pg_store;

/* --- pg_conn.c: sessions ------------------------------------------------ */

/* Connect to s->uri, retrying with backoff while the server does not answer. */
int pg_connect(pg_store *s, PGconn **out, orr_error *err);
/* Replace a lost s->conn by a new session (with retries). */
int pg_reconnect(pg_store *s, orr_error *err);
/* Did the session die (server gone, backend terminated)? */
int pg_lost(const pg_store *s);

/*
** Run one statement with text parameters (NULL values are SQL NULL) and
** return its result, or NULL with *err set.  `what` names the operation in
** messages.  Outside a batch a lost session is replaced and the statement
** rerun once; inside one the batch is gone and the error says so.
*/
PGresult *pg_run(pg_store *s, const char *what, const char *sql, int n_params,
                 const char *const *params, orr_error *err);
int pg_exec(pg_store *s, const char *what, const char *sql, orr_error *err);

/* Fill err (and s->sqlstate) from a failed result or session; returns ORR_EDB. */
int pg_fail(pg_store *s, PGconn *conn, const PGresult *res, const char *what, orr_error *err);

/* Stream the rows of a query through a cursor, `fetch` rows at a time.
** fn returns nonzero to stop (not an error). */
typedef int (*pg_row_fn)(void *ctx, const PGresult *res, int row);
int pg_each_row(pg_store *s, const char *what, const char *sql, int n_params,
                const char *const *params, pg_row_fn fn, void *ctx, orr_error *err);

/* COPY rows (text format, already escaped) into a table. */
int pg_copy_in(pg_store *s, const char *what, const char *copy_sql, const orr_buf *rows,
               orr_error *err);
/*
** The same in steps, to stream rows while they are made: the server loads
** one chunk while the client formats the next.  pg_copy_send sends and
** empties the buffer; pg_copy_end finishes the COPY (abort_why non-NULL:
** make it fail with that message) and reports any failure on the way.
*/
int pg_copy_begin(pg_store *s, const char *what, const char *copy_sql, orr_error *err);
void pg_copy_send(pg_store *s, orr_buf *rows);
int pg_copy_end(pg_store *s, const char *what, const char *abort_why, orr_error *err);
/* Append a value to a COPY text row: NULL as \N, tab/newline/backslash escaped. */
int pg_copy_text(orr_buf *row, const char *s, size_t len);

/* A column as a C string, NULL when SQL NULL. */
const char *pg_str(const PGresult *res, int row, int col);
int64_t pg_i64(const PGresult *res, int row, int col, int64_t if_null);

/* --- postgres.c: batches, documents --------------------------------------- */

int pg_flush_sentences(pg_store *s, orr_error *err);

/* --- pg_partitions.c: monthly partitions of events -------------------------- */

/* Learn which monthly partitions exist (at open). */
int pg_load_partitions(pg_store *s, orr_error *err);
/* Check the events' dates (ORR_EUSAGE naming the event) and make missing partitions. */
int pg_partitions_for(pg_store *s, const orr_event *events, size_t n, orr_error *err);
/* Wait for the partitions being made in the background; adopt them unless err is NULL (closing). */
int pg_partitions_collect(pg_store *s, orr_error *err);
/* A date checked by pg_partitions_for as PostgreSQL's day number (days since 2000-01-01). */
int32_t pg_date_day(const char *date);

/* --- pg_events.c: events ---------------------------------------------------- */

int pg_put_events(void *impl, const orr_event *events, size_t n, size_t *n_new, orr_error *err);
int pg_query_events(void *impl, const orr_event_filter *f, orr_event_fn fn, void *ctx,
                    orr_error *err);
/* Forget what lived in the old session (temp table, prepared statement). */
void pg_events_session_reset(pg_store *s);
/* End the loading sessions' transactions of this batch: commit (err set on failure) or roll back. */
int pg_loaders_end(pg_store *s, int commit, orr_error *err);
/* Run a statement on every loading session with a transaction open (after new partitions). */
int pg_loaders_exec(pg_store *s, const char *what, const char *sql, orr_error *err);

#endif
