/*
** pg_conn.c — the PostgreSQL backend's session layer over libpq: connect
** with retries and backoff, set timeouts, run statements, stream rows
** through cursors and COPY rows in.  Everything above it (postgres.c,
** pg_events.c) speaks SQL through these few functions, so the rules for a
** lost connection live in one place:
**
**   - connecting retries while the server does not answer (not started
**     yet, restarting, refusing because it is starting up), with a
**     doubling delay, then fails naming the URI and the attempts made;
**     a server that answers and says no (bad password, no such database)
**     fails at once;
**   - a statement that finds its session dead outside a transaction gets
**     a new session and runs once more; inside a transaction (a batch) the
**     server has already rolled the batch back, so the statement fails with
**     an error that says so, and the next batch reconnects.  Nothing else is
**     safe: replaying half a batch on a new session would commit it half.
*/
#include "pg_store.h"

#include <stdlib.h>
#include <time.h>

enum {
    PG_CONNECT_ATTEMPTS = 6,      /* waits 0.1, 0.2, 0.4, 0.8, 1.6 s between them */
    PG_FIRST_DELAY_MS = 100,
    PG_FETCH_ROWS = 2000,
    PG_COPY_CHUNK = 1 << 20
};

/* Connection keywords: our defaults first, the URI last so it overrides them. */
static const char *const connect_keys[] = {"connect_timeout", "fallback_application_name",
                                           "client_encoding", "keepalives", "keepalives_idle",
                                           "keepalives_interval", "keepalives_count", "dbname",
                                           NULL};

/*
** Timeouts the session gets unless the server, role, database or URI
** (?options=-c%20statement_timeout%3D...) already set one: no statement
** runs forever, no lock is waited for forever, and a client that hangs
** inside a batch does not hold its locks forever.
*/
static const char session_sql[] =
    "SELECT set_config('statement_timeout', CASE current_setting('statement_timeout')"
    "  WHEN '0' THEN '600s' ELSE current_setting('statement_timeout') END, false),"
    " set_config('lock_timeout', CASE current_setting('lock_timeout')"
    "  WHEN '0' THEN '120s' ELSE current_setting('lock_timeout') END, false),"
    " set_config('idle_in_transaction_session_timeout',"
    "  CASE current_setting('idle_in_transaction_session_timeout')"
    "  WHEN '0' THEN '600s' ELSE current_setting('idle_in_transaction_session_timeout') END, false),"
    " set_config('DateStyle', 'ISO, YMD', false),"
    " set_config('temp_buffers', '32MB', false)";

/* The library never prints: server notices ("already exists, skipping") are dropped. */
static void ignore_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* libpq messages end in a newline; messages here are one line. */
static void trim_message(char *m) {
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) m[--n] = '\0';
    char *out = m;
    for (char *p = m; *p; p++) {  /* one line, single spaces */
        char c = *p == '\n' || *p == '\t' ? ' ' : *p;
        if (c != ' ' || (out > m && out[-1] != ' ')) *out++ = c;
    }
    *out = '\0';
}

int pg_connect(pg_store *s, PGconn **out, orr_error *err) {
    const char *values[] = {"10", "orrery", "UTF8", "1", "30", "10", "3", s->uri, NULL};
    long delay = PG_FIRST_DELAY_MS, waited = 0;
    char why[400] = "";
    for (int attempt = 1;; attempt++) {
        PGconn *c = PQconnectdbParams(connect_keys, values, 1);
        if (c && PQstatus(c) == CONNECTION_OK) {
            PQsetNoticeProcessor(c, ignore_notice, NULL);
            PGresult *res = PQexec(c, session_sql);
            int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
            PQclear(res);
            if (ok) {
                *out = c;
                return ORR_OK;
            }
        }
        snprintf(why, sizeof why, "%s", c ? PQerrorMessage(c) : "out of memory");
        trim_message(why);
        PQfinish(c);
        /* Retry only while nobody answers; a server that answers and refuses won't change its mind. */
        PGPing ping = PQpingParams(connect_keys, values, 1);
        if ((ping != PQPING_NO_RESPONSE && ping != PQPING_REJECT) || attempt == PG_CONNECT_ATTEMPTS)
            return orr_error_set(err, ORR_EDB, "%s: cannot connect (%d attempt%s over %.1f s): %s",
                                 s->name, attempt, attempt == 1 ? "" : "s", waited / 1000.0, why);
        sleep_ms(delay);
        waited += delay;
        delay *= 2;
    }
}

int pg_lost(const pg_store *s) { return !s->conn || PQstatus(s->conn) == CONNECTION_BAD; }

int pg_reconnect(pg_store *s, orr_error *err) {
    PQfinish(s->conn);
    s->conn = NULL;
    pg_events_session_reset(s);
    return pg_connect(s, &s->conn, err);
}

int pg_fail(pg_store *s, PGconn *conn, const PGresult *res, const char *what, orr_error *err) {
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(s->sqlstate, sizeof s->sqlstate, "%s", state ? state : "");
    char msg[400];
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    snprintf(msg, sizeof msg, "%s", primary ? primary : PQerrorMessage(conn));
    trim_message(msg);
    /* Lost: libpq saw the end, or the server said it is ending the session. */
    int lost = PQstatus(conn) == CONNECTION_BAD || strncmp(s->sqlstate, "08", 2) == 0 ||
               strncmp(s->sqlstate, "57P0", 4) == 0;
    if (lost)
        return orr_error_set(err, ORR_EDB, "%s: %s: connection lost%s (%s)", s->name, what,
                             s->in_batch ? " during a batch: the server rolled the batch back;"
                                           " rerunning is safe (stores are idempotent)"
                                         : "",
                             msg);
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    return orr_error_set(err, ORR_EDB, "%s: %s: %s%s%s", s->name, what, msg, detail ? ": " : "",
                         detail ? detail : "");
}

static int result_ok(const PGresult *res) {
    ExecStatusType st = PQresultStatus(res);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* Run sql (with params, or as a multi-statement script when n_params < 0). */
static PGresult *run(pg_store *s, const char *what, const char *sql, int n_params,
                     const char *const *params, int may_retry, orr_error *err) {
    for (int attempt = 0;; attempt++) {
        if (pg_lost(s) && !s->in_batch && attempt == 0 && pg_reconnect(s, err)) return NULL;
        PGresult *res = n_params < 0 ? PQexec(s->conn, sql)
                                     : PQexecParams(s->conn, sql, n_params, NULL, params, NULL, NULL, 0);
        if (result_ok(res)) return res;
        if (attempt == 0 && may_retry && !s->in_batch && pg_lost(s)) {
            PQclear(res);
            if (pg_reconnect(s, err)) return NULL;
            continue;
        }
        pg_fail(s, s->conn, res, what, err);
        PQclear(res);
        return NULL;
    }
}

PGresult *pg_run(pg_store *s, const char *what, const char *sql, int n_params,
                 const char *const *params, orr_error *err) {
    return run(s, what, sql, n_params, params, 1, err);
}

int pg_exec(pg_store *s, const char *what, const char *sql, orr_error *err) {
    PGresult *res = run(s, what, sql, -1, NULL, 1, err);
    PQclear(res);
    return res ? ORR_OK : ORR_EDB;
}

/*
** Rows come through a WITH HOLD cursor, PG_FETCH_ROWS at a time, so a
** query over a billion events never sits in client memory, and the
** callback may use the store meanwhile (nested queries, even batches that
** commit: a held cursor survives the commit).
*/
int pg_each_row(pg_store *s, const char *what, const char *sql, int n_params,
                const char *const *params, pg_row_fn fn, void *ctx, orr_error *err) {
    if (s->in_batch && pg_flush_sentences(s, err)) return ORR_EDB;
    char name[40], fetch[80], close_sql[60];
    snprintf(name, sizeof name, "orrery_cursor_%u", s->cursor_seq++);
    snprintf(fetch, sizeof fetch, "FETCH %d FROM %s", PG_FETCH_ROWS, name);
    snprintf(close_sql, sizeof close_sql, "CLOSE %s", name);
    orr_buf declare;
    orr_buf_init(&declare);
    if (orr_buf_printf(&declare, "DECLARE %s NO SCROLL CURSOR WITH HOLD FOR %s", name, sql))
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    PGresult *res = run(s, what, declare.data, n_params, params, 1, err);
    orr_buf_free(&declare);
    if (!res) return ORR_EDB;
    PQclear(res);
    int rc = ORR_OK, stop = 0;
    while (!stop) {
        if (!(res = run(s, what, fetch, 0, NULL, 0, err))) {
            rc = ORR_EDB;
            break;
        }
        int n = PQntuples(res);
        for (int r = 0; r < n && !stop; r++) stop = fn(ctx, res, r) != 0;
        PQclear(res);
        if (n < PG_FETCH_ROWS) break;
    }
    if (!pg_lost(s)) {
        orr_error ignored;
        PQclear(run(s, what, close_sql, 0, NULL, 0, rc ? &ignored : err));
    }
    return rc;
}

int pg_copy_begin(pg_store *s, const char *what, const char *copy_sql, orr_error *err) {
    PGresult *res = PQexec(s->conn, copy_sql);
    int ok = PQresultStatus(res) == PGRES_COPY_IN;
    if (!ok) pg_fail(s, s->conn, res, what, err);
    PQclear(res);
    return ok ? ORR_OK : ORR_EDB;
}

/*
** Send what rows holds and empty it.  A failure is remembered in
** s->copy_failed and reported by pg_copy_end, which must run anyway to
** bring the session out of COPY.
*/
void pg_copy_send(pg_store *s, orr_buf *rows) {
    for (size_t off = 0; !s->copy_failed && off < rows->len; off += PG_COPY_CHUNK) {
        size_t len = rows->len - off < PG_COPY_CHUNK ? rows->len - off : PG_COPY_CHUNK;
        s->copy_failed = PQputCopyData(s->conn, rows->data + off, (int)len) != 1;
    }
    rows->len = 0;
}

int pg_copy_end(pg_store *s, const char *what, const char *abort_why, orr_error *err) {
    int sent = !s->copy_failed && PQputCopyEnd(s->conn, abort_why) == 1;
    s->copy_failed = 0;
    /* Drain every result before judging: a session the server ended is
    ** only seen as lost once libpq has read to the end. */
    PGresult *res, *failed = NULL;
    while ((res = PQgetResult(s->conn))) {
        if (!failed && PQresultStatus(res) != PGRES_COMMAND_OK) failed = res;
        else PQclear(res);
    }
    int rc = failed || !sent ? pg_fail(s, s->conn, failed, what, err) : ORR_OK;
    PQclear(failed);
    return rc;
}

int pg_copy_in(pg_store *s, const char *what, const char *copy_sql, const orr_buf *rows,
               orr_error *err) {
    if (pg_copy_begin(s, what, copy_sql, err)) return ORR_EDB;
    orr_buf all = *rows;  /* pg_copy_send empties its buffer; the caller's stays as it was */
    pg_copy_send(s, &all);
    return pg_copy_end(s, what, NULL, err);
}

int pg_copy_text(orr_buf *row, const char *s, size_t len) {
    if (!s) return orr_buf_append(row, "\\N", 2);
    if (orr_buf_reserve(row, 2 * len)) return ORR_ENOMEM;
    char *out = row->data + row->len;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        switch (c) {
        case '\\': *out++ = '\\'; *out++ = '\\'; break;
        case '\t': *out++ = '\\'; *out++ = 't'; break;
        case '\n': *out++ = '\\'; *out++ = 'n'; break;
        case '\r': *out++ = '\\'; *out++ = 'r'; break;
        default: *out++ = c;
        }
    }
    row->len = (size_t)(out - row->data);
    row->data[row->len] = '\0';
    return ORR_OK;
}

const char *pg_str(const PGresult *res, int row, int col) {
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

int64_t pg_i64(const PGresult *res, int row, int col, int64_t if_null) {
    return PQgetisnull(res, row, col) ? if_null : strtoll(PQgetvalue(res, row, col), NULL, 10);
}
