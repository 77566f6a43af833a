/*
** store.h — the store's narrow waist (like SQLite's VFS): every backend
** fills one table of functions, and orr_db_* in store.c dispatch through
** it.  SQLite (sqlite.c) is the default; PostgreSQL goes in its own file.
** Adding a query means one slot here and one function per backend.
*/
#ifndef ORR_STORE_H
#define ORR_STORE_H

#include "../util/util.h"

typedef struct store_backend {
    const char *name;
    void (*close)(void *impl);
    int (*begin)(void *impl, orr_error *err);
    int (*commit)(void *impl, orr_error *err);
    int (*rollback)(void *impl, orr_error *err);
    int (*put_doc)(void *impl, const orr_doc *doc, const char *hash, int64_t *doc_id,
                   int *was_new, orr_error *err);
    int (*list_docs)(void *impl, orr_doc_row_fn fn, void *ctx, orr_error *err);
    int (*list_sentences)(void *impl, int64_t doc_id, orr_sentence_row_fn fn, void *ctx,
                          orr_error *err);
    int (*put_events)(void *impl, const orr_event *events, size_t n, size_t *n_new,
                      orr_error *err);
    int (*query_events)(void *impl, const orr_event_filter *filter, orr_event_fn fn, void *ctx,
                        orr_error *err);
} store_backend;

struct orr_db {
    const store_backend *backend;
    void *impl;
};

/* Backends: open returns the impl pointer. */
int store_sqlite_open(const char *path, void **impl, orr_error *err);
extern const store_backend store_sqlite_backend;
int store_pg_open(const char *uri, void **impl, orr_error *err);
extern const store_backend store_pg_backend;

#endif
