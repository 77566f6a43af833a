/*
** store.c — open a store by URI and dispatch every orr_db_* call to its
** backend.  A path means SQLite; postgres:// or postgresql:// means
** PostgreSQL; no URI means $ORRERY_DB, else ./orrery.db.
*/
#include "store.h"

#include <stdlib.h>

int orr_db_open(orr_db **out, const char *uri, orr_error *err) {
    if (!uri || !*uri) uri = getenv("ORRERY_DB");
    if (!uri || !*uri) uri = "orrery.db";
    orr_db *db = calloc(1, sizeof *db);
    if (!db) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    int rc;
    if (strncmp(uri, "postgres://", 11) == 0 || strncmp(uri, "postgresql://", 13) == 0) {
        db->backend = &store_pg_backend;
        rc = store_pg_open(uri, &db->impl, err);
    } else {
        db->backend = &store_sqlite_backend;
        rc = store_sqlite_open(uri, &db->impl, err);
    }
    if (rc) {
        free(db);
        return rc;
    }
    *out = db;
    return ORR_OK;
}

void orr_db_close(orr_db *db) {
    if (!db) return;
    db->backend->close(db->impl);
    free(db);
}

int orr_db_begin(orr_db *db, orr_error *err) { return db->backend->begin(db->impl, err); }
int orr_db_commit(orr_db *db, orr_error *err) { return db->backend->commit(db->impl, err); }
int orr_db_rollback(orr_db *db, orr_error *err) { return db->backend->rollback(db->impl, err); }

int orr_db_put_doc(orr_db *db, const orr_doc *doc, int64_t *doc_id, int *was_new,
                   orr_error *err) {
    char hash[65];
    orr_sha256_hex(doc->text ? doc->text : "", doc->text ? doc->text_len : 0, hash);
    return db->backend->put_doc(db->impl, doc, hash, doc_id, was_new, err);
}

int orr_db_list_docs(orr_db *db, orr_doc_row_fn fn, void *ctx, orr_error *err) {
    return db->backend->list_docs(db->impl, fn, ctx, err);
}

int orr_db_list_sentences(orr_db *db, int64_t doc_id, orr_sentence_row_fn fn, void *ctx,
                          orr_error *err) {
    return db->backend->list_sentences(db->impl, doc_id, fn, ctx, err);
}

int orr_db_put_events(orr_db *db, const orr_event *events, size_t n, size_t *n_new,
                      orr_error *err) {
    size_t dummy;
    return db->backend->put_events(db->impl, events, n, n_new ? n_new : &dummy, err);
}

int orr_db_query_events(orr_db *db, const orr_event_filter *filter, orr_event_fn fn, void *ctx,
                        orr_error *err) {
    static const orr_event_filter any = {0};
    return db->backend->query_events(db->impl, filter ? filter : &any, fn, ctx, err);
}
