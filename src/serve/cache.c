/*
** cache.c — a bounded response cache for GET endpoints.  Aggregates over
** the event store (dyad series, networks) cost milliseconds; the same
** question asked again is answered from memory.  Keys carry the server's
** write generation, and a write (ingest) clears the table, so a cached
** answer is never older than the data.  When the table is full it is
** simply emptied: the working set of a dashboard is small, and this keeps
** memory bounded under any request pattern.  A read-write lock lets every
** worker thread read at once.
*/
#include "serve.h"

#include <stdlib.h>

typedef struct cache_entry {
    struct cache_entry *next;
    uint64_t hash;
    size_t key_len, body_len;
    int status;
    const char *content_type;
    char *key, *body;
} cache_entry;

struct serve_cache {
    pthread_rwlock_t lock;
    cache_entry **slots;
    size_t n_slots, n_entries, n_bytes, max_entries, max_bytes;
};

/* FNV-1a: keys are short and the table is small. */
static uint64_t cache_hash(const char *key, size_t len) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
    return h;
}

serve_cache *serve_cache_new(size_t max_entries, size_t max_bytes) {
    serve_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->n_slots = 1;
    while (c->n_slots < max_entries) c->n_slots <<= 1;
    c->slots = calloc(c->n_slots, sizeof *c->slots);
    if (!c->slots || pthread_rwlock_init(&c->lock, NULL) != 0) {
        free(c->slots);
        free(c);
        return NULL;
    }
    c->max_entries = max_entries;
    c->max_bytes = max_bytes;
    return c;
}

static void cache_clear_locked(serve_cache *c) {
    for (size_t i = 0; i < c->n_slots; i++) {
        cache_entry *e = c->slots[i];
        while (e) {
            cache_entry *next = e->next;
            free(e->key);
            free(e->body);
            free(e);
            e = next;
        }
        c->slots[i] = NULL;
    }
    c->n_entries = c->n_bytes = 0;
}

void serve_cache_clear(serve_cache *c) {
    if (!c) return;
    pthread_rwlock_wrlock(&c->lock);
    cache_clear_locked(c);
    pthread_rwlock_unlock(&c->lock);
}

void serve_cache_free(serve_cache *c) {
    if (!c) return;
    cache_clear_locked(c);
    pthread_rwlock_destroy(&c->lock);
    free(c->slots);
    free(c);
}

static cache_entry *cache_find(serve_cache *c, uint64_t h, const char *key, size_t len) {
    for (cache_entry *e = c->slots[h & (c->n_slots - 1)]; e; e = e->next)
        if (e->hash == h && e->key_len == len && memcmp(e->key, key, len) == 0) return e;
    return NULL;
}

int serve_cache_get(serve_cache *c, const char *key, size_t len, serve_resp *resp) {
    if (!c) return 0;
    uint64_t h = cache_hash(key, len);
    int hit = 0;
    pthread_rwlock_rdlock(&c->lock);
    cache_entry *e = cache_find(c, h, key, len);
    if (e) {
        resp->body.len = 0;
        hit = orr_buf_append(&resp->body, e->body, e->body_len) == ORR_OK;
        resp->status = e->status;
        resp->content_type = e->content_type;
    }
    pthread_rwlock_unlock(&c->lock);
    return hit;
}

void serve_cache_put(serve_cache *c, const char *key, size_t len, const serve_resp *resp) {
    if (!c || resp->file_fd >= 0 || resp->body.len > c->max_bytes / 4) return;
    cache_entry *e = calloc(1, sizeof *e);
    if (!e) return;
    e->key = malloc(len ? len : 1);
    e->body = malloc(resp->body.len ? resp->body.len : 1);
    if (!e->key || !e->body) {
        free(e->key);
        free(e->body);
        free(e);
        return;
    }
    memcpy(e->key, key, len);
    if (resp->body.len) memcpy(e->body, resp->body.data, resp->body.len);
    e->key_len = len;
    e->body_len = resp->body.len;
    e->status = resp->status;
    e->content_type = resp->content_type;
    e->hash = cache_hash(key, len);
    pthread_rwlock_wrlock(&c->lock);
    if (cache_find(c, e->hash, key, len)) {  /* another thread was first */
        pthread_rwlock_unlock(&c->lock);
        free(e->key);
        free(e->body);
        free(e);
        return;
    }
    if (c->n_entries + 1 > c->max_entries || c->n_bytes + len + e->body_len > c->max_bytes)
        cache_clear_locked(c);
    cache_entry **slot = &c->slots[e->hash & (c->n_slots - 1)];
    e->next = *slot;
    *slot = e;
    c->n_entries++;
    c->n_bytes += len + e->body_len;
    pthread_rwlock_unlock(&c->lock);
}
