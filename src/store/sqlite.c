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
    sqlite3_stmt *find_doc, *insert_doc, *insert_sentence;
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

const store_backend store_sqlite_backend = {
    "sqlite",          sqlite_close,     sqlite_begin,         sqlite_commit,
    sqlite_rollback,   sqlite_put_doc,   sqlite_list_docs,     sqlite_list_sentences,
};
