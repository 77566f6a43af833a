/*
** sqlite.c — the SQLite backend: one file, WAL journal, foreign keys on,
** schema migrations by PRAGMA user_version.  Every statement is prepared
** once and reused; nothing is built by string concatenation.
*/
#include "store.h"
#include "schema_sqlite.h"

#include <sqlite3.h>
#include <stdlib.h>

typedef struct sqlite_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *find_doc, *insert_doc, *insert_sentence, *insert_event;
} sqlite_store;

static int db_error(sqlite_store *s, orr_error *err, const char *what) {
    return orr_error_set(err, ORR_EDB, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static int exec_sql(sqlite_store *s, const char *sql, orr_error *err) {
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        orr_error_set(err, ORR_EDB, "%s: %s", s->path, msg ? msg : "error");
        sqlite3_free(msg);
        return ORR_EDB;
    }
    return ORR_OK;
}

static int migrate(sqlite_store *s, orr_error *err) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err, "reading schema version");
    int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (version > SQLITE_N_MIGRATIONS)
        return orr_error_set(err, ORR_EDB,
                             "%s: schema version %d is newer than this orrery (%d)", s->path,
                             version, SQLITE_N_MIGRATIONS);
    for (int v = version; v < SQLITE_N_MIGRATIONS; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if (exec_sql(s, "BEGIN IMMEDIATE", err)) return ORR_EDB;
        if (exec_sql(s, sqlite_migrations[v], err) || exec_sql(s, pragma, err)) {
            exec_sql(s, "ROLLBACK", NULL);
            return ORR_EDB;
        }
        if (exec_sql(s, "COMMIT", err)) return ORR_EDB;
    }
    return ORR_OK;
}

static int prepare(sqlite_store *s, sqlite3_stmt **st, const char *sql, orr_error *err) {
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return db_error(s, err, "preparing statement");
    return ORR_OK;
}

static void sqlite_close(void *impl) {
    sqlite_store *s = impl;
    if (!s) return;
    sqlite3_finalize(s->find_doc);
    sqlite3_finalize(s->insert_doc);
    sqlite3_finalize(s->insert_sentence);
    sqlite3_finalize(s->insert_event);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

int store_sqlite_open(const char *path, void **impl, orr_error *err) {
    sqlite_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    int rc = ORR_OK;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        rc = db_error(s, err, "cannot open database");
    if (!rc) sqlite3_busy_timeout(s->db, 10000);
    if (!rc) rc = exec_sql(s, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;", err);
    if (!rc) rc = migrate(s, err);
    if (!rc) rc = prepare(s, &s->find_doc, "SELECT id FROM documents WHERE hash = ?1", err);
    if (!rc)
        rc = prepare(s, &s->insert_doc,
                     "INSERT INTO documents (hash, record_id, url, title, subtitle, author, date,"
                     " lang, source, origin, text) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
                     err);
    if (!rc)
        rc = prepare(s, &s->insert_sentence,
                     "INSERT INTO sentences (doc_id, idx, start, end, is_heading, text)"
                     " VALUES (?1,?2,?3,?4,?5,?6)",
                     err);
    if (!rc)
        rc = prepare(s, &s->insert_event,
                     "INSERT OR IGNORE INTO events (doc_id, sentence_idx, date, date_how,"
                     " source_code, source_country, source_agent, source_text, source_start, source_end,"
                     " target_code, target_country, target_agent, target_text, target_start, target_end,"
                     " verb_text, verb_start, verb_end, code, root, quad, goldstein, plover, issues,"
                     " num_mentions, num_sources, num_articles, url, dataset, origin, origin_id)"
                     " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,"
                     "?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32)",
                     err);
    if (rc) {
        sqlite_close(s);
        return rc;
    }
    *impl = s;
    return ORR_OK;
}

static int sqlite_begin(void *impl, orr_error *err) { return exec_sql(impl, "BEGIN IMMEDIATE", err); }
static int sqlite_commit(void *impl, orr_error *err) { return exec_sql(impl, "COMMIT", err); }
static int sqlite_rollback(void *impl, orr_error *err) { return exec_sql(impl, "ROLLBACK", err); }

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

static int put_sentences(sqlite_store *s, const orr_doc *doc, int64_t doc_id, orr_error *err) {
    sqlite3_stmt *st = s->insert_sentence;
    for (size_t i = 0; i < doc->n_sentences; i++) {
        const orr_sentence *sen = &doc->sentences[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, doc_id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)sen->start);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)sen->end);
        sqlite3_bind_int(st, 5, sen->is_heading);
        sqlite3_bind_text(st, 6, doc->text + sen->start, (int)(sen->end - sen->start), SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) return db_error(s, err, "storing sentence");
    }
    sqlite3_reset(st);
    return ORR_OK;
}

static int sqlite_put_doc(void *impl, const orr_doc *doc, const char *hash, int64_t *doc_id,
                          int *was_new, orr_error *err) {
    sqlite_store *s = impl;
    sqlite3_stmt *st = s->find_doc;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *doc_id = sqlite3_column_int64(st, 0);
        *was_new = 0;
        sqlite3_reset(st);
        return ORR_OK;
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) return db_error(s, err, "looking up document");
    st = s->insert_doc;
    sqlite3_reset(st);
    const char *fields[] = {hash, doc->id, doc->url, doc->title, doc->subtitle, doc->author,
                            doc->date, doc->lang, doc->source, doc->origin};
    for (int i = 0; i < 10; i++) bind_text(st, i + 1, fields[i]);
    sqlite3_bind_text(st, 11, doc->text ? doc->text : "", (int)doc->text_len, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        sqlite3_reset(st);
        return db_error(s, err, "storing document");
    }
    sqlite3_reset(st);
    *doc_id = sqlite3_last_insert_rowid(s->db);
    *was_new = 1;
    return put_sentences(s, doc, *doc_id, err);
}

static const char *col_text(sqlite3_stmt *st, int i) {
    return (const char *)sqlite3_column_text(st, i);
}

static int sqlite_list_docs(void *impl, orr_doc_row_fn fn, void *ctx, orr_error *err) {
    sqlite_store *s = impl;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT d.id, d.url, d.title, d.author, d.date, d.lang, d.source, d.hash,"
                           " d.ingested_at, (SELECT count(*) FROM sentences WHERE doc_id = d.id)"
                           " FROM documents d ORDER BY d.id",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err, "listing documents");
    int rc = ORR_OK, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        orr_doc_row row = {sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2),
                           col_text(st, 3), col_text(st, 4), col_text(st, 5), col_text(st, 6),
                           col_text(st, 7), col_text(st, 8), sqlite3_column_int64(st, 9)};
        if (fn(ctx, &row)) {
            rc = ORR_ESTOP;
            break;
        }
    }
    if (rc == ORR_OK && step != SQLITE_DONE) rc = db_error(s, err, "listing documents");
    sqlite3_finalize(st);
    return rc == ORR_ESTOP ? ORR_OK : rc;
}

static int sqlite_list_sentences(void *impl, int64_t doc_id, orr_sentence_row_fn fn, void *ctx,
                                 orr_error *err) {
    sqlite_store *s = impl;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT doc_id, idx, start, end, is_heading, text FROM sentences"
                           " WHERE ?1 < 0 OR doc_id = ?1 ORDER BY doc_id, idx",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err, "listing sentences");
    sqlite3_bind_int64(st, 1, doc_id);
    int rc = ORR_OK, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        orr_sentence_row row = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                                sqlite3_column_int(st, 4), col_text(st, 5)};
        if (fn(ctx, &row)) {
            rc = ORR_ESTOP;
            break;
        }
    }
    if (rc == ORR_OK && step != SQLITE_DONE) rc = db_error(s, err, "listing sentences");
    sqlite3_finalize(st);
    return rc == ORR_ESTOP ? ORR_OK : rc;
}

/* --- events ----------------------------------------------------------- */

static void bind_span(sqlite3_stmt *st, int i, int32_t v) {
    if (v >= 0) sqlite3_bind_int(st, i, v);
    else sqlite3_bind_null(st, i);
}

static void bind_count(sqlite3_stmt *st, int i, int32_t v) {
    if (v > 0) sqlite3_bind_int(st, i, v);
    else sqlite3_bind_null(st, i);
}

static void bind_event(sqlite3_stmt *st, const orr_event *e) {
    if (e->doc_id > 0) sqlite3_bind_int64(st, 1, e->doc_id);
    else sqlite3_bind_null(st, 1);
    bind_span(st, 2, e->sentence);
    bind_text(st, 3, e->date);
    bind_text(st, 4, e->date_how);
    const char *side[2][4] = {{e->source, e->source_country, e->source_agent, e->source_text},
                              {e->target, e->target_country, e->target_agent, e->target_text}};
    int32_t span[2][2] = {{e->source_start, e->source_end}, {e->target_start, e->target_end}};
    for (int k = 0; k < 2; k++) {
        for (int j = 0; j < 4; j++) bind_text(st, 5 + 6 * k + j, side[k][j]);
        bind_span(st, 9 + 6 * k, span[k][0]);
        bind_span(st, 10 + 6 * k, span[k][1]);
    }
    bind_text(st, 17, e->verb_text);
    bind_span(st, 18, e->verb_start);
    bind_span(st, 19, e->verb_end);
    bind_text(st, 20, e->code);
    sqlite3_bind_int(st, 21, e->root);
    sqlite3_bind_int(st, 22, e->quad);
    sqlite3_bind_double(st, 23, e->goldstein);
    bind_text(st, 24, e->plover);
    bind_text(st, 25, e->issues);
    bind_count(st, 26, e->num_mentions);
    bind_count(st, 27, e->num_sources);
    bind_count(st, 28, e->num_articles);
    bind_text(st, 29, e->url);
    bind_text(st, 30, e->dataset ? e->dataset : "orrery");
    bind_text(st, 31, e->origin);
    bind_text(st, 32, e->origin_id);
}

static int sqlite_put_events(void *impl, const orr_event *events, size_t n, size_t *n_new,
                             orr_error *err) {
    sqlite_store *s = impl;
    sqlite3_stmt *st = s->insert_event;
    *n_new = 0;
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        bind_event(st, &events[i]);
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlite3_reset(st);
            return db_error(s, err, "storing event");
        }
        *n_new += (size_t)sqlite3_changes(s->db);
    }
    sqlite3_reset(st);
    return ORR_OK;
}

static int32_t col_span(sqlite3_stmt *st, int i) {
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

/* Fill an orr_event from a row of the query below (strings borrowed). */
static void row_to_event(sqlite3_stmt *st, orr_event *e) {
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(st, 0);
    e->doc_id = sqlite3_column_int64(st, 1);
    e->sentence = col_span(st, 2);
    snprintf(e->date, sizeof e->date, "%s", col_text(st, 3) ? col_text(st, 3) : "");
    e->date_how = col_text(st, 4);
    e->source = col_text(st, 5); e->source_country = col_text(st, 6);
    e->source_agent = col_text(st, 7); e->source_text = col_text(st, 8);
    e->source_start = col_span(st, 9); e->source_end = col_span(st, 10);
    e->target = col_text(st, 11); e->target_country = col_text(st, 12);
    e->target_agent = col_text(st, 13); e->target_text = col_text(st, 14);
    e->target_start = col_span(st, 15); e->target_end = col_span(st, 16);
    e->verb_text = col_text(st, 17);
    e->verb_start = col_span(st, 18); e->verb_end = col_span(st, 19);
    snprintf(e->code, sizeof e->code, "%s", col_text(st, 20) ? col_text(st, 20) : "");
    e->root = sqlite3_column_int(st, 21);
    e->quad = sqlite3_column_int(st, 22);
    e->goldstein = sqlite3_column_double(st, 23);
    e->plover = col_text(st, 24); e->issues = col_text(st, 25);
    e->num_mentions = sqlite3_column_int(st, 26);
    e->num_sources = sqlite3_column_int(st, 27);
    e->num_articles = sqlite3_column_int(st, 28);
    e->url = col_text(st, 29); e->dataset = col_text(st, 30);
    e->origin = col_text(st, 31); e->origin_id = col_text(st, 32);
    e->sentence_text = col_text(st, 33);
}

static const char query_events_sql[] =
    "SELECT e.id, e.doc_id, e.sentence_idx, e.date, e.date_how,"
    " e.source_code, e.source_country, e.source_agent, e.source_text, e.source_start, e.source_end,"
    " e.target_code, e.target_country, e.target_agent, e.target_text, e.target_start, e.target_end,"
    " e.verb_text, e.verb_start, e.verb_end, e.code, e.root, e.quad, e.goldstein, e.plover, e.issues,"
    " e.num_mentions, e.num_sources, e.num_articles, e.url, e.dataset, e.origin, e.origin_id, s.text"
    " FROM events e LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence_idx"
    " WHERE (?1 IS NULL OR e.source_country = ?1 OR e.target_country = ?1)"
    "   AND (?2 IS NULL OR e.source_country = ?2)"
    "   AND (?3 IS NULL OR e.target_country = ?3)"
    "   AND (?4 IS NULL OR substr(e.code, 1, length(?4)) = ?4)"
    "   AND (?5 = 0 OR e.root = ?5) AND (?6 = 0 OR e.quad = ?6)"
    "   AND (?7 IS NULL OR e.date >= ?7) AND (?8 IS NULL OR e.date <= ?8)"
    "   AND (?9 IS NULL OR e.dataset = ?9) AND (?10 = 0 OR e.doc_id = ?10)"
    " ORDER BY e.date, e.id LIMIT ?11 OFFSET ?12";

static int sqlite_query_events(void *impl, const orr_event_filter *f, orr_event_fn fn, void *ctx,
                               orr_error *err) {
    sqlite_store *s = impl;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, query_events_sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err, "querying events");
    bind_text(st, 1, f->actor);
    bind_text(st, 2, f->source);
    bind_text(st, 3, f->target);
    bind_text(st, 4, f->code_prefix);
    sqlite3_bind_int(st, 5, f->root);
    sqlite3_bind_int(st, 6, f->quad);
    bind_text(st, 7, f->date_from);
    bind_text(st, 8, f->date_to);
    bind_text(st, 9, f->dataset);
    sqlite3_bind_int64(st, 10, f->doc_id);
    sqlite3_bind_int64(st, 11, f->limit > 0 ? f->limit : -1);
    sqlite3_bind_int64(st, 12, f->offset > 0 ? f->offset : 0);
    int rc = ORR_OK, step;
    orr_event e;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        row_to_event(st, &e);
        if (fn(ctx, &e)) {
            rc = ORR_ESTOP;
            break;
        }
    }
    if (rc == ORR_OK && step != SQLITE_DONE) rc = db_error(s, err, "querying events");
    sqlite3_finalize(st);
    return rc == ORR_ESTOP ? ORR_OK : rc;
}

const store_backend store_sqlite_backend = {
    .name = "sqlite",
    .close = sqlite_close,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .put_doc = sqlite_put_doc,
    .list_docs = sqlite_list_docs,
    .list_sentences = sqlite_list_sentences,
    .put_events = sqlite_put_events,
    .query_events = sqlite_query_events,
};
