/*
** doc.c — the document record that flows through the pipeline.  Every
** field lives in the document's own arena, so freeing a document is one
** call however much the stages attached to it.
*/
#include "orrery.h"

#include <stdlib.h>

orr_doc *orr_doc_new(void) {
    orr_arena *arena = orr_arena_new(16384);
    if (!arena) return NULL;
    orr_doc *doc = orr_arena_alloc(arena, sizeof *doc);
    if (!doc) {
        orr_arena_free(arena);
        return NULL;
    }
    *doc = (orr_doc){0};
    doc->arena = arena;
    return doc;
}

void orr_doc_free(orr_doc *doc) {
    if (doc) orr_arena_free(doc->arena);  /* doc itself lives in its arena */
}
