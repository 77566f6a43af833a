/*
** pg_events.c — events in PostgreSQL: monthly partitions made on demand,
** bulk put through COPY, queries streamed through a cursor.
**
** Putting n events is four statements whatever n is:
**
**   1. the rows are written by binary COPY into a temporary staging table
**      (one per session), each getting its event id from events_id_seq;
**   2. one INSERT claims each row's (dataset, origin_id) in event_keys
**      with ON CONFLICT DO NOTHING, in staging order, so of a key that
**      repeats within the call the first row wins (a row conflicts with
**      one inserted earlier by the same statement), and returns the ids
**      it claimed;
**   3. the same statement copies into events the staged rows whose id was
**      claimed, and the rows without an origin_id (coded events, which
**      SQLite's UNIQUE lets through too, NULLs being distinct there);
**   4. the staging table is emptied by the next call.
**
** That is the careful path.  A fresh import first tries the fast one:
** draw the ids from events_id_seq (in blocks: one nextval per PG_ID_BLOCK
** ids, see draw_ids), then, under a savepoint, COPY the keys
** straight into event_keys and the rows straight into events (COPY fills
** pages and indexes in bulk, partition by partition; INSERT ... SELECT
** goes a row at a time).  The first key already stored, or repeated in the
** call, makes that COPY fail with a unique violation; the savepoint is
** rolled back and the careful path runs.  A session that met duplicates
** skips the fast path for its next puts (re-imports are all duplicates).
**
** A call with only a few events (an importer putting one row at a time)
** does the careful claim-then-insert in one prepared statement per event.
**
** So a re-import, or a rerun after a client was killed mid-batch, stores
** each key once: the key and its event commit or roll back together, and
** a concurrent importer of the same key waits on the key's index entry and
** then skips it.
**
** Monthly partitions are made on demand first (pg_partitions.c).  Every
** COPY here is binary and streamed (see "put" below).
*/
#include "pg_binary.h"
#include "pg_store.h"

#include <pthread.h>
#include <stdlib.h>

static const char copy_stage_sql[] =
    "COPY events_stage (doc_id, sentence_idx, date, date_how,"
    " source_code, source_country, source_agent, source_text, source_start, source_end,"
    " target_code, target_country, target_agent, target_text, target_start, target_end,"
    " verb_text, verb_start, verb_end, code, root, quad, goldstein, plover, issues,"
    " num_mentions, num_sources, num_articles, url, dataset, origin, origin_id)"
    " FROM STDIN (FORMAT binary)";

static const char copy_events_sql[] =
    "COPY events (id, doc_id, sentence_idx, date, date_how,"
    " source_code, source_country, source_agent, source_text, source_start, source_end,"
    " target_code, target_country, target_agent, target_text, target_start, target_end,"
    " verb_text, verb_start, verb_end, code, root, quad, goldstein, plover, issues,"
    " num_mentions, num_sources, num_articles, url, dataset, origin, origin_id)"
    " FROM STDIN (FORMAT binary)";

static const char copy_keys_sql[] =
    "COPY event_keys (dataset, origin_id, event_id, date) FROM STDIN (FORMAT binary)";

static const char insert_events_sql[] =
    "WITH claimed AS ("
    "  INSERT INTO event_keys (dataset, origin_id, event_id, date)"
    "  SELECT dataset, origin_id, id, date"
    "  FROM events_stage WHERE origin_id IS NOT NULL ORDER BY id"
    "  ON CONFLICT DO NOTHING RETURNING event_id)"
    " INSERT INTO events SELECT st.* FROM events_stage st"
    " WHERE st.origin_id IS NULL OR st.id IN (SELECT event_id FROM claimed)";

void pg_events_session_reset(pg_store *s) {
    s->stage_ready &= ~1u;
    s->savepoints &= ~1u;
    s->put_one_ready &= ~1u;
}

/* --- loading sessions -------------------------------------------------------- */

/*
** One PostgreSQL session is one server core, and the server does ~90% of
** the work of a put.  So a put's events are spread over s->n_loaders
** sessions (ORRERY_PG_LOADERS, default 1): session 0 is s->conn, the
** others are s->load[k], each with its own transaction in the batch,
** committed just before s->conn's.  An event goes to the session given by
** a hash of its key (dataset, origin_id), so every copy of a key is
** claimed by one session: the ON CONFLICT claims and the fast path's
** unique violations work as with one session, and no two sessions of a
** store ever wait on each other's key.  Events without a key go to session 0.
**
** The price: a batch commits as one transaction per loading session, so a
** crash between the commits stores part of it; a rerun stores the rest,
** each key once (docs/scaling.md §4).  Inside a batch, reads on s->conn do
** not see the other sessions' rows until the batch commits.
**
** The statements of the careful paths are run on session k by swapping
** s->conn with s->load[k] around them (loader_swap twice), so pg_exec and
** the COPY helpers serve every session unchanged.
*/
static void loader_swap(pg_store *s, unsigned k) {
    if (!k) return;
    PGconn *t = s->conn;
    s->conn = s->load[k];
    s->load[k] = t;
}

/*
** The hash leaves out the key's last PG_KEY_RUN_CHARS characters, so keys
** that differ only there (GDELT's rising numeric ids: runs of 1,000) go to
** one session together: each session then appends runs of keys to the
** key index, instead of both sessions contending for its right-most page
** key by key.  Any function of the key is correct; this one is faster.
*/
enum { PG_KEY_RUN_CHARS = 3 };

static unsigned loader_of(const pg_store *s, const orr_event *e) {
    if (s->n_loaders < 2 || !e->origin_id) return 0;
    uint32_t h = 2166136261u;  /* FNV-1a over dataset, a separator, origin_id */
    for (const char *p = e->dataset ? e->dataset : "orrery"; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    h = (h ^ 0xffu) * 16777619u;
    size_t len = strlen(e->origin_id);
    len = len > PG_KEY_RUN_CHARS ? len - PG_KEY_RUN_CHARS : 0;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)e->origin_id[i]) * 16777619u;
    return h % (unsigned)s->n_loaders;
}

/* Loading session k connected and inside this batch's transaction. */
static int loader_ready(pg_store *s, unsigned k, orr_error *err) {
    unsigned bit = 1u << k;
    if (!k || (s->load_open & bit)) return ORR_OK;
    if (s->load[k] && PQstatus(s->load[k]) == CONNECTION_BAD) {
        PQfinish(s->load[k]);
        s->load[k] = NULL;
    }
    if (!s->load[k]) {
        s->stage_ready &= ~bit;
        s->put_one_ready &= ~bit;
        if (pg_connect(s, &s->load[k], err)) return ORR_EDB;
    }
    PGresult *res = PQexec(s->load[k], "BEGIN");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) pg_fail(s, s->load[k], res, "starting a batch on a loading session", err);
    PQclear(res);
    if (ok) s->load_open |= bit;
    s->savepoints &= ~bit;  /* a new transaction: no savepoint yet */
    return ok ? ORR_OK : ORR_EDB;
}

int pg_loaders_end(pg_store *s, int commit, orr_error *err) {
    int rc = ORR_OK;
    for (unsigned k = 1; k < PG_LOADERS_MAX; k++) {
        unsigned bit = 1u << k;
        if (!(s->load_open & bit)) continue;
        int committing = commit && !rc;
        PGresult *res = PQexec(s->load[k], committing ? "COMMIT" : "ROLLBACK");
        int ok = PQresultStatus(res) == PGRES_COMMAND_OK &&
                 (!committing || strcmp(PQcmdStatus(res), "COMMIT") == 0);
        if (!ok && committing) rc = pg_fail(s, s->load[k], res, "committing a loading session", err);
        PQclear(res);
        if (!committing || !ok) s->stage_ready &= ~bit;
        if (PQstatus(s->load[k]) == CONNECTION_BAD) {
            PQfinish(s->load[k]);
            s->load[k] = NULL;
        }
    }
    s->load_open = 0;
    return rc;
}

int pg_loaders_exec(pg_store *s, const char *what, const char *sql, orr_error *err) {
    for (unsigned k = 1; k < PG_LOADERS_MAX; k++) {
        if (!(s->load_open & 1u << k)) continue;
        loader_swap(s, k);
        int rc = pg_exec(s, what, sql, err);
        loader_swap(s, k);
        if (rc) return rc;
    }
    return ORR_OK;
}

/* Run sql on each session of the mask `used` (ready and in the batch). */
static int loaders_run(pg_store *s, unsigned used, const char *what, const char *sql,
                       orr_error *err) {
    for (unsigned k = 0; k < PG_LOADERS_MAX; k++) {
        if (!(used & 1u << k)) continue;
        int rc = loader_ready(s, k, err);
        loader_swap(s, k);
        if (!rc) rc = pg_exec(s, what, sql, err);
        loader_swap(s, k);
        if (rc) return rc;
    }
    return ORR_OK;
}

/* --- put ------------------------------------------------------------------- */

/*
** Rows go to the server in binary COPY format (pg_binary.h) and are sent
** in chunks of PG_STREAM_BYTES as they are made: the server parses and
** stores one chunk while the client formats the next, instead of waiting
** for the whole put to be formatted.
*/
enum { PG_STREAM_BYTES = 128 * 1024, PG_EVENT_TEXTS = 17 };

static void bin_int4_or_null(orr_buf *b, int64_t v, int is_null) {
    if (is_null) pg_bin_null(b);
    else pg_bin_int4(b, (int32_t)v);
}

/*
** One event as a binary COPY row of events' columns, with its id first
** when id >= 0 (the staging table's id comes from its default).  NULLs as
** in SQLite: no document, no span (-1), unknown counts (0).
*/
static int bin_event_row(orr_buf *b, const orr_event *e, int64_t id) {
    const char *text[PG_EVENT_TEXTS] = {
        e->date_how,    e->source,         e->source_country, e->source_agent, e->source_text,
        e->target,      e->target_country, e->target_agent,   e->target_text,  e->verb_text,
        e->code,        e->plover,         e->issues,         e->url,
        e->dataset ? e->dataset : "orrery", e->origin,        e->origin_id};
    size_t len[PG_EVENT_TEXTS], extra = 0;
    for (int k = 0; k < PG_EVENT_TEXTS; k++) extra += len[k] = text[k] ? strlen(text[k]) : 0;
    if (pg_bin_row(b, id >= 0 ? 33 : 32, extra)) return ORR_ENOMEM;
    if (id >= 0) pg_bin_int8(b, id);
    if (e->doc_id > 0) pg_bin_int8(b, e->doc_id);
    else pg_bin_null(b);
    bin_int4_or_null(b, e->sentence, e->sentence < 0);
    pg_bin_date(b, pg_date_day(e->date));
    pg_bin_text(b, text[0], len[0]);
    const int32_t span[2][2] = {{e->source_start, e->source_end}, {e->target_start, e->target_end}};
    for (int side = 0; side < 2; side++) {
        for (int k = 1 + 4 * side; k < 5 + 4 * side; k++) pg_bin_text(b, text[k], len[k]);
        bin_int4_or_null(b, span[side][0], span[side][0] < 0);
        bin_int4_or_null(b, span[side][1], span[side][1] < 0);
    }
    pg_bin_text(b, text[9], len[9]);
    bin_int4_or_null(b, e->verb_start, e->verb_start < 0);
    bin_int4_or_null(b, e->verb_end, e->verb_end < 0);
    pg_bin_text(b, text[10], len[10]);
    pg_bin_int4(b, e->root);
    pg_bin_int4(b, e->quad);
    pg_bin_float8(b, e->goldstein);
    pg_bin_text(b, text[11], len[11]);
    pg_bin_text(b, text[12], len[12]);
    bin_int4_or_null(b, e->num_mentions, e->num_mentions <= 0);
    bin_int4_or_null(b, e->num_sources, e->num_sources <= 0);
    bin_int4_or_null(b, e->num_articles, e->num_articles <= 0);
    for (int k = 13; k < PG_EVENT_TEXTS; k++) pg_bin_text(b, text[k], len[k]);
    return ORR_OK;
}

/* An event's (dataset, origin_id, event_id, date) row of event_keys; none without an origin_id. */
static int bin_key_row(orr_buf *b, const orr_event *e, int64_t id) {
    if (!e->origin_id) return ORR_OK;
    const char *dataset = e->dataset ? e->dataset : "orrery";
    size_t ld = strlen(dataset), lo = strlen(e->origin_id);
    if (pg_bin_row(b, 4, ld + lo)) return ORR_ENOMEM;
    pg_bin_text(b, dataset, ld);
    pg_bin_text(b, e->origin_id, lo);
    pg_bin_int8(b, id);
    pg_bin_date(b, pg_date_day(e->date));
    return ORR_OK;
}

typedef int (*bin_row_fn)(orr_buf *b, const orr_event *e, int64_t id);

/*
** COPY rows made by row_fn from the n events, with the ids drawn in
** s->ids if with_ids: in s->order if by_month (events: a run per
** partition), else in the caller's order (event_keys, whose key index
** then grows at its right edge when origin ids rise, as imports' do).
*/
enum { PG_CALLER_ORDER = 0, PG_BY_MONTH = 1 };

static int copy_events_of(pg_store *s, int only, const char *what, const char *copy_sql,
                          const orr_event *events, size_t n, int with_ids, int by_month,
                          bin_row_fn row_fn, orr_error *err) {
    if (pg_copy_begin(s, what, copy_sql, err)) return ORR_EDB;
    orr_buf *b = &s->copy;
    b->len = 0;
    int rc = pg_bin_header(b);
    for (size_t k = 0; !rc && k < n; k++) {
        size_t i = by_month ? s->order[k] : k;
        if (only >= 0 && s->part[i] != only) continue;
        rc = row_fn(b, &events[i], with_ids ? s->ids[i] : -1);
        if (b->len >= PG_STREAM_BYTES) pg_copy_send(s, b);
    }
    if (!rc) rc = pg_bin_trailer(b);
    if (!rc) pg_copy_send(s, b);
    if (!rc) return pg_copy_end(s, what, NULL, err);
    b->len = 0;
    pg_copy_end(s, what, "out of memory", NULL);
    return orr_error_set(err, ORR_ENOMEM, "out of memory");
}

static int copy_events(pg_store *s, const char *what, const char *copy_sql, const orr_event *events,
                       size_t n, int with_ids, int by_month, bin_row_fn row_fn, orr_error *err) {
    return copy_events_of(s, -1, what, copy_sql, events, n, with_ids, by_month, row_fn, err);
}

enum { PG_FAST_SKIP = 16 };  /* puts without the fast path after it met a duplicate */

/* Room for the ids, row order and loading session of n events. */
static int put_arrays(pg_store *s, size_t n, orr_error *err) {
    if (n <= s->cap_ids) return ORR_OK;
    int64_t *ids = realloc(s->ids, n * sizeof *ids);
    if (ids) s->ids = ids;
    size_t *order = ids ? realloc(s->order, n * sizeof *order) : NULL;
    if (order) s->order = order;
    unsigned char *part = order ? realloc(s->part, n) : NULL;
    if (part) s->part = part;
    if (!ids || !order || !part) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    s->cap_ids = n;
    return ORR_OK;
}

/*
** Draw the ids of the events of loading session k (s->part[i] == k) into
** s->ids, in the caller's order: ceil(m / PG_ID_BLOCK) calls of nextval
** for its m events, each a block of PG_ID_BLOCK ids (the sequence counts
** in blocks, schema migration 2).  Drawing them one nextval each cost the
** server ~6% of an import.  Each session draws its own blocks on its own
** thread, so a session's rows get one run of rising ids (they fill their
** own pages of the (date, id) key) and no session waits for another's
** draw; the threads write disjoint elements of s->ids.
*/
static int draw_ids(pg_store *s, unsigned k, size_t n, orr_error *err) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++) m += s->part[i] == k;
    size_t blocks = (m + PG_ID_BLOCK - 1) / PG_ID_BLOCK;
    char count[24];
    snprintf(count, sizeof count, "%zu", blocks);
    const char *params[] = {count};
    /* Inside a batch (always, here), so no retry on a new session: run it directly,
    ** with the ids in binary (eight big-endian bytes each, nothing to print or parse). */
    PGresult *res = PQexecParams(s->conn,
                                 "SELECT nextval('events_id_seq') FROM generate_series(1, $1::int)",
                                 1, NULL, params, NULL, NULL, 1);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        pg_fail(s, s->conn, res, "drawing event ids", err);
        PQclear(res);
        return ORR_EDB;
    }
    int ok = (size_t)PQntuples(res) == blocks;
    size_t next = 0;  /* ids handed out so far */
    for (size_t b = 0; ok && b < blocks; b++) {
        const unsigned char *v = (const unsigned char *)PQgetvalue(res, (int)b, 0);
        uint64_t first = 0;
        ok = PQgetlength(res, (int)b, 0) == 8;
        for (int j = 0; ok && j < 8; j++) first = first << 8 | v[j];
        for (uint64_t id = first; ok && id < first + PG_ID_BLOCK && next < n; next++)
            if (s->part[next] == k) s->ids[next] = (int64_t)id++;
    }
    PQclear(res);
    return ok ? ORR_OK : orr_error_set(err, ORR_EDB, "%s: drawing event ids: short answer", s->name);
}

/*
** The fast path writes its rows month by month.  COPY into a partitioned
** table batches rows per partition but keeps only a few partitions'
** batches at once, so rows of many months interleaved (a file with dates
** all over a decade) flush tiny batches and touch every partition's
** indexes in turn; grouped by month, each partition gets one run.  Only
** the row order on the wire changes: ids were drawn in the caller's
** order, and the fast path stores all rows or none, so which duplicate
** would win does not arise.  A counting sort on the month: stable, O(n).
*/
static void order_by_month(pg_store *s, const orr_event *events, size_t n) {
    int lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++) {   /* dates were checked by pg_partitions_for */
        int ym = atoi(events[i].date) * 12 + atoi(events[i].date + 5) - 1;
        if (i == 0 || ym < lo) lo = ym;
        if (i == 0 || ym > hi) hi = ym;
    }
    size_t span = (size_t)(hi - lo) + 1, stack[512];
    size_t *count = span + 1 <= 512 ? stack : calloc(span + 1, sizeof *count);
    if (!count) {   /* out of memory: the caller's order is correct, only slower */
        for (size_t i = 0; i < n; i++) s->order[i] = i;
        return;
    }
    memset(count, 0, (span + 1) * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[atoi(events[i].date) * 12 + atoi(events[i].date + 5) - 1 - lo + 1]++;
    for (size_t m = 1; m <= span; m++) count[m] += count[m - 1];
    for (size_t i = 0; i < n; i++)
        s->order[count[atoi(events[i].date) * 12 + atoi(events[i].date + 5) - 1 - lo]++] = i;
    if (count != stack) free(count);
}

/*
** Loading session k's share of a fast put, start to end: open the put's
** savepoint (releasing the previous put's, which was kept in case a
** later session failed), draw its ids, COPY its keys, then its rows.
** ORR_ESTOP when a key was already stored or repeated (a unique
** violation): the caller rolls every session back to the savepoint.
*/
static int put_share(pg_store *s, unsigned k, const orr_event *events, size_t n, orr_error *err) {
    const char *sp = s->savepoints & 1u << k ? "RELEASE SAVEPOINT orrery_put; SAVEPOINT orrery_put"
                                             : "SAVEPOINT orrery_put";
    PGresult *res = PQexec(s->conn, sp);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) pg_fail(s, s->conn, res, "storing events", err);
    PQclear(res);
    if (!ok) return ORR_EDB;
    int rc = draw_ids(s, k, n, err);
    if (!rc)
        rc = copy_events_of(s, (int)k, "storing event keys", copy_keys_sql, events, n, 1,
                            PG_CALLER_ORDER, bin_key_row, err);
    if (rc == ORR_EDB && strcmp(s->sqlstate, "23505") == 0 && !pg_lost(s)) return ORR_ESTOP;
    if (!rc)
        rc = copy_events_of(s, (int)k, "storing events", copy_events_sql, events, n, 1, PG_BY_MONTH,
                            bin_event_row, err);
    return rc == ORR_ESTOP ? ORR_EDB : rc;  /* ids are drawn fresh: rows cannot collide */
}

/*
** One loading session's share on its own thread.  It works on a shallow
** copy of the store with that session as conn and its own row buffer:
** the order and part arrays are only read while the threads run, each
** writes only its own events' elements of ids, and nothing else of the
** store is touched, so the threads share no written state.
*/
typedef struct loader_job {
    pg_store view;
    unsigned k;
    const orr_event *events;
    size_t n;
    int rc, started;
    orr_error err;
    pthread_t thread;
} loader_job;

static void *loader_job_run(void *arg) {
    loader_job *j = arg;
    j->rc = put_share(&j->view, j->k, j->events, j->n, &j->err);
    return NULL;
}

/*
** put_share on every session of the mask `used` at the same time:
** session 0 on this thread, each other one on a thread of its own, so
** every server session is fed without waiting for another's socket, and
** the sessions meet once per put, at the end (a barrier between the keys
** and the rows, and savepoints and ids drawn in turn on the main thread,
** left the servers idle ~10% of a two-session load).  Returns ORR_ESTOP
** when the only failures were unique violations.
*/
static int put_shares(pg_store *s, unsigned used, const orr_event *events, size_t n,
                      orr_error *err) {
    loader_job jobs[PG_LOADERS_MAX];
    for (unsigned k = 1; k < PG_LOADERS_MAX; k++) {
        loader_job *j = &jobs[k];
        j->started = 0;
        j->rc = ORR_OK;
        if (!(used & 1u << k)) continue;
        j->view = *s;
        j->view.conn = s->load[k];
        j->view.copy = s->load_copy[k];
        j->view.copy_failed = 0;
        j->view.sqlstate[0] = '\0';
        j->k = k, j->events = events, j->n = n;
        j->err = (orr_error){0};
        j->started = pthread_create(&j->thread, NULL, loader_job_run, j) == 0;
        if (!j->started) loader_job_run(j);  /* no thread: the same work, in turn */
    }
    orr_error mine = {0};
    int rc0 = used & 1u ? put_share(s, 0, events, n, &mine) : ORR_OK;
    int result = rc0;
    if (rc0 && err) *err = mine;
    for (unsigned k = 1; k < PG_LOADERS_MAX; k++) {
        loader_job *j = &jobs[k];
        if (!(used & 1u << k)) continue;
        if (j->started) pthread_join(j->thread, NULL);
        s->load_copy[k] = j->view.copy;  /* the thread may have grown the buffer */
        if (!j->rc) continue;
        if (j->rc == ORR_ESTOP && result == ORR_OK) result = ORR_ESTOP;
        else if (j->rc != ORR_ESTOP && (result == ORR_OK || result == ORR_ESTOP)) result = j->rc;
        else continue;
        if (err) *err = j->err;
        memcpy(s->sqlstate, j->view.sqlstate, sizeof s->sqlstate);
    }
    return result;
}

/*
** Try to store all n events by COPY alone.  Returns ORR_OK (all stored),
** ORR_ESTOP (a key was already there: nothing stored, use the careful
** path) or an error.  Each session's savepoint stays open after a put
** that stored everything (the next put releases it on the way), so the
** sessions need no extra round trip per put.
*/
static int put_fast(pg_store *s, const orr_event *events, size_t n, orr_error *err) {
    int rc = put_arrays(s, n, err);
    if (rc) return rc;
    unsigned used = 0;
    for (size_t i = 0; i < n; i++) {
        s->part[i] = (unsigned char)loader_of(s, &events[i]);
        used |= 1u << s->part[i];
    }
    for (unsigned k = 0; k < PG_LOADERS_MAX; k++)
        if ((used & 1u << k) && loader_ready(s, k, err)) return ORR_EDB;
    order_by_month(s, events, n);
    rc = put_shares(s, used, events, n, err);
    if (rc == ORR_OK || rc == ORR_ESTOP) s->savepoints |= used;
    if (rc == ORR_ESTOP &&  /* a unique_violation: a key already stored, or repeated */
        loaders_run(s, used, "storing events", "ROLLBACK TO SAVEPOINT orrery_put", err))
        return ORR_EDB;
    return rc;
}

/* Many events: COPY into the staging table, then one claim-and-insert. */
static int put_by_copy(pg_store *s, unsigned k, const orr_event *events, size_t n,
                       size_t *n_new, orr_error *err) {
    int rc = ORR_OK;
    /* The staging table lives as long as the session, but one created in a
    ** batch that rolled back is gone: rollback clears stage_ready. */
    if (!(s->stage_ready & 1u << k)) {
        rc = pg_exec(s, "creating the staging table",
                     "CREATE TEMP TABLE IF NOT EXISTS events_stage (LIKE events INCLUDING DEFAULTS)",
                     err);
        if (!rc) s->stage_ready |= 1u << k;
    }
    if (!rc) rc = pg_exec(s, "emptying the staging table", "TRUNCATE events_stage", err);
    if (!rc)
        rc = copy_events(s, "staging events", copy_stage_sql, events, n, 0, PG_CALLER_ORDER,
                         bin_event_row, err);
    if (rc) return rc;
    PGresult *res = pg_run(s, "storing events", insert_events_sql, 0, NULL, err);
    if (!res) return ORR_EDB;
    *n_new += (size_t)strtoull(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return ORR_OK;
}

/*
** A few events (importers that put one row per call): one prepared
** statement each, a single round trip, the same claim-then-insert as the
** COPY path.  Parameters are the COPY columns in order.
*/
static const char put_one_sql[] =
    "WITH claimed AS ("
    "  INSERT INTO event_keys (dataset, origin_id, event_id, date)"
    "  SELECT $30::text, $32::text, nextval('events_id_seq'), $3::date WHERE $32::text IS NOT NULL"
    "  ON CONFLICT DO NOTHING RETURNING event_id)"
    " INSERT INTO events (id, doc_id, sentence_idx, date, date_how,"
    " source_code, source_country, source_agent, source_text, source_start, source_end,"
    " target_code, target_country, target_agent, target_text, target_start, target_end,"
    " verb_text, verb_start, verb_end, code, root, quad, goldstein, plover, issues,"
    " num_mentions, num_sources, num_articles, url, dataset, origin, origin_id)"
    " SELECT coalesce((SELECT event_id FROM claimed), nextval('events_id_seq')),"
    " $1::bigint, $2::int, $3::date, $4::text, $5::text, $6::text, $7::text, $8::text,"
    " $9::int, $10::int, $11::text, $12::text, $13::text, $14::text, $15::int, $16::int,"
    " $17::text, $18::int, $19::int, $20::text, $21::int, $22::int, $23::float8, $24::text,"
    " $25::text, $26::int, $27::int, $28::int, $29::text, $30::text, $31::text, $32::text"
    " WHERE $32::text IS NULL OR EXISTS (SELECT 1 FROM claimed)";

enum { PG_ROW_PATH_MAX = 8 };  /* below this many events a call skips the staging table */

static const char *num_param(char *buf, long long v, int is_null) {
    if (is_null) return NULL;
    snprintf(buf, 24, "%lld", v);
    return buf;
}

static int put_one(pg_store *s, unsigned k, const orr_event *e, size_t *n_new, orr_error *err) {
    if (!(s->put_one_ready & 1u << k)) {
        PGresult *res = PQprepare(s->conn, "orrery_put_event", put_one_sql, 0, NULL);
        int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok) pg_fail(s, s->conn, res, "preparing to store events", err);
        PQclear(res);
        if (!ok) return ORR_EDB;
        s->put_one_ready |= 1u << k;
    }
    char num[13][24];
    const char *v[32] = {
        num_param(num[0], e->doc_id, e->doc_id <= 0), num_param(num[1], e->sentence, e->sentence < 0),
        e->date, e->date_how, e->source, e->source_country, e->source_agent, e->source_text,
        num_param(num[2], e->source_start, e->source_start < 0),
        num_param(num[3], e->source_end, e->source_end < 0),
        e->target, e->target_country, e->target_agent, e->target_text,
        num_param(num[4], e->target_start, e->target_start < 0),
        num_param(num[5], e->target_end, e->target_end < 0), e->verb_text,
        num_param(num[6], e->verb_start, e->verb_start < 0),
        num_param(num[7], e->verb_end, e->verb_end < 0), e->code, num_param(num[8], e->root, 0),
        num_param(num[9], e->quad, 0), NULL, e->plover, e->issues,
        num_param(num[10], e->num_mentions, e->num_mentions <= 0),
        num_param(num[11], e->num_sources, e->num_sources <= 0),
        num_param(num[12], e->num_articles, e->num_articles <= 0), e->url,
        e->dataset ? e->dataset : "orrery", e->origin, e->origin_id};
    char goldstein[32];
    snprintf(goldstein, sizeof goldstein, "%.17g", e->goldstein);
    v[22] = goldstein;
    PGresult *res = PQexecPrepared(s->conn, "orrery_put_event", 32, v, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (ok) *n_new += (size_t)strtoull(PQcmdTuples(res), NULL, 10);
    else pg_fail(s, s->conn, res, "storing event", err);
    PQclear(res);
    return ok ? ORR_OK : ORR_EDB;
}

/* The careful path on each loading session in turn, with the events whose key it owns. */
static int put_by_copy_split(pg_store *s, const orr_event *events, size_t n, size_t *n_new,
                             orr_error *err) {
    orr_event *mine = malloc(n * sizeof *mine);
    if (!mine) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    int rc = ORR_OK;
    for (unsigned k = 0; !rc && k < (unsigned)s->n_loaders; k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (loader_of(s, &events[i]) == k) mine[m++] = events[i];
        if (m == 0) continue;
        rc = loader_ready(s, k, err);
        loader_swap(s, k);
        if (!rc) rc = put_by_copy(s, k, mine, m, n_new, err);
        loader_swap(s, k);
    }
    free(mine);
    return rc;
}

static int put_events_in_batch(pg_store *s, const orr_event *events, size_t n, size_t *n_new,
                               orr_error *err) {
    int rc = pg_partitions_for(s, events, n, err);
    if (rc) return rc;
    if (n >= PG_ROW_PATH_MAX && s->skip_fast == 0) {
        rc = put_fast(s, events, n, err);
        if (rc == ORR_OK) *n_new = n;
        if (rc != ORR_ESTOP) return rc;
        s->skip_fast = PG_FAST_SKIP;
    } else if (s->skip_fast) {
        s->skip_fast--;
    }
    if (n < PG_ROW_PATH_MAX) {
        for (size_t i = 0; !rc && i < n; i++) {
            unsigned k = loader_of(s, &events[i]);
            rc = loader_ready(s, k, err);
            loader_swap(s, k);
            if (!rc) rc = put_one(s, k, &events[i], n_new, err);
            loader_swap(s, k);
        }
        return rc;
    }
    if (s->n_loaders < 2) return put_by_copy(s, 0, events, n, n_new, err);
    return put_by_copy_split(s, events, n, n_new, err);
}

int pg_put_events(void *impl, const orr_event *events, size_t n, size_t *n_new, orr_error *err) {
    pg_store *s = impl;
    *n_new = 0;
    if (n == 0) return ORR_OK;
    if (s->in_batch) return put_events_in_batch(s, events, n, n_new, err);
    if (pg_exec(s, "starting a batch", "BEGIN", err)) return ORR_EDB;
    s->in_batch = 1;
    s->savepoints &= ~1u;
    int rc = put_events_in_batch(s, events, n, n_new, err);
    if (!rc) rc = pg_loaders_end(s, 1, err);
    if (!rc) rc = pg_exec(s, "committing events", "COMMIT", err);
    if (rc) pg_loaders_end(s, 0, NULL);
    if (rc && !pg_lost(s)) pg_exec(s, "rolling back", "ROLLBACK", NULL);
    if (rc) s->stage_ready = 0;
    s->in_batch = 0;
    if (rc) *n_new = 0;
    return rc;
}

/* --- query ----------------------------------------------------------------- */

static const char query_events_sql[] =
    "SELECT e.id, e.doc_id, e.sentence_idx, to_char(e.date, 'YYYY-MM-DD'), e.date_how,"
    " e.source_code, e.source_country, e.source_agent, e.source_text, e.source_start, e.source_end,"
    " e.target_code, e.target_country, e.target_agent, e.target_text, e.target_start, e.target_end,"
    " e.verb_text, e.verb_start, e.verb_end, e.code, e.root, e.quad, e.goldstein, e.plover, e.issues,"
    " e.num_mentions, e.num_sources, e.num_articles, e.url, e.dataset, e.origin, e.origin_id, s.text"
    " FROM events e LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence_idx"
    " WHERE ($1::text IS NULL OR e.source_country = $1 OR e.target_country = $1)"
    "   AND ($2::text IS NULL OR e.source_country = $2)"
    "   AND ($3::text IS NULL OR e.target_country = $3)"
    "   AND ($4::text IS NULL OR starts_with(e.code, $4))"
    "   AND ($5::int = 0 OR e.root = $5) AND ($6::int = 0 OR e.quad = $6)"
    "   AND ($7::date IS NULL OR e.date >= $7) AND ($8::date IS NULL OR e.date <= $8)"
    "   AND ($9::text IS NULL OR e.dataset = $9) AND ($10::bigint = 0 OR e.doc_id = $10)"
    " ORDER BY e.date, e.id LIMIT $11::bigint OFFSET $12::bigint";

typedef struct event_call {
    orr_event_fn fn;
    void *ctx;
} event_call;

static int32_t col_span(const PGresult *res, int r, int c) { return (int32_t)pg_i64(res, r, c, -1); }

static int event_row(void *ctx, const PGresult *res, int r) {
    event_call *call = ctx;
    orr_event e = {0};
    e.id = pg_i64(res, r, 0, 0);
    e.doc_id = pg_i64(res, r, 1, 0);
    e.sentence = col_span(res, r, 2);
    snprintf(e.date, sizeof e.date, "%s", PQgetvalue(res, r, 3));
    e.date_how = pg_str(res, r, 4);
    e.source = pg_str(res, r, 5); e.source_country = pg_str(res, r, 6);
    e.source_agent = pg_str(res, r, 7); e.source_text = pg_str(res, r, 8);
    e.source_start = col_span(res, r, 9); e.source_end = col_span(res, r, 10);
    e.target = pg_str(res, r, 11); e.target_country = pg_str(res, r, 12);
    e.target_agent = pg_str(res, r, 13); e.target_text = pg_str(res, r, 14);
    e.target_start = col_span(res, r, 15); e.target_end = col_span(res, r, 16);
    e.verb_text = pg_str(res, r, 17);
    e.verb_start = col_span(res, r, 18); e.verb_end = col_span(res, r, 19);
    snprintf(e.code, sizeof e.code, "%s", PQgetvalue(res, r, 20));
    e.root = (int)pg_i64(res, r, 21, 0);
    e.quad = (int)pg_i64(res, r, 22, 0);
    e.goldstein = PQgetisnull(res, r, 23) ? 0 : strtod(PQgetvalue(res, r, 23), NULL);
    e.plover = pg_str(res, r, 24); e.issues = pg_str(res, r, 25);
    e.num_mentions = (int32_t)pg_i64(res, r, 26, 0);
    e.num_sources = (int32_t)pg_i64(res, r, 27, 0);
    e.num_articles = (int32_t)pg_i64(res, r, 28, 0);
    e.url = pg_str(res, r, 29); e.dataset = pg_str(res, r, 30);
    e.origin = pg_str(res, r, 31); e.origin_id = pg_str(res, r, 32);
    e.sentence_text = pg_str(res, r, 33);
    return call->fn(call->ctx, &e);
}

int pg_query_events(void *impl, const orr_event_filter *f, orr_event_fn fn, void *ctx,
                    orr_error *err) {
    char root[16], quad[16], doc[24], limit[24], offset[24];
    snprintf(root, sizeof root, "%d", f->root);
    snprintf(quad, sizeof quad, "%d", f->quad);
    snprintf(doc, sizeof doc, "%lld", (long long)f->doc_id);
    snprintf(limit, sizeof limit, "%lld", (long long)f->limit);
    snprintf(offset, sizeof offset, "%lld", (long long)(f->offset > 0 ? f->offset : 0));
    const char *params[] = {f->actor,  f->source,  f->target, f->code_prefix,
                            root,      quad,       f->date_from, f->date_to,
                            f->dataset, doc,       f->limit > 0 ? limit : NULL, offset};
    event_call call = {fn, ctx};
    return pg_each_row(impl, "querying events", query_events_sql, 12, params, event_row, &call, err);
}
