/*
** arena.c — bump allocator for per-document memory.  A document's
** strings, sentences and tokens are allocated here and released together
** when the document is done, so the pipeline never frees piecemeal and
** never leaks a field.  Blocks grow geometrically; large requests get a
** block of their own.
*/
#include "orrery.h"

#include <stdlib.h>
#include <string.h>

typedef struct arena_block {
    struct arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} arena_block;

struct orr_arena {
    arena_block *head;
    size_t next_size;
};

static arena_block *arena_block_new(size_t size) {
    arena_block *b = malloc(sizeof *b + size);
    if (!b) return NULL;
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

orr_arena *orr_arena_new(size_t first_block) {
    orr_arena *a = malloc(sizeof *a);
    if (!a) return NULL;
    if (first_block < 1024) first_block = 1024;
    a->head = arena_block_new(first_block);
    if (!a->head) {
        free(a);
        return NULL;
    }
    a->next_size = first_block * 2;
    return a;
}

void orr_arena_free(orr_arena *a) {
    if (!a) return;
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void orr_arena_reset(orr_arena *a) {
    arena_block *b = a->head;
    while (b->next) {  /* free all but the oldest (last) block */
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = b;
    b->used = 0;
}

void *orr_arena_alloc(orr_arena *a, size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (size == 0) size = 16;
    arena_block *b = a->head;
    if (b->size - b->used < size) {
        size_t want = a->next_size;
        if (want < size) want = size;
        arena_block *nb = arena_block_new(want);
        if (!nb) return NULL;
        if (a->next_size < ((size_t)1 << 26)) a->next_size *= 2;
        nb->next = a->head;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    return p;
}

char *orr_arena_strndup(orr_arena *a, const char *s, size_t n) {
    char *p = orr_arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *orr_arena_strdup(orr_arena *a, const char *s) {
    return s ? orr_arena_strndup(a, s, strlen(s)) : NULL;
}
