/*
** doc.c — the document record that flows through the pipeline.  Every
** field lives in the document's own arena, so freeing a document is one
** call however much the stages attached to it.
*/
#include "orrery.h"

#include <stdlib.h>
#include <string.h>

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

static char *copy_str(orr_arena *a, const char *s, int *fail) {
    if (!s) return NULL;
    char *c = orr_arena_strdup(a, s);
    *fail |= !c;
    return c;
}

orr_doc *orr_doc_copy(const orr_doc *d) {
    orr_doc *c = orr_doc_new();
    if (!c) return NULL;
    orr_arena *a = c->arena;
    int fail = 0;
    c->origin = copy_str(a, d->origin, &fail);
    c->id = copy_str(a, d->id, &fail);
    c->url = copy_str(a, d->url, &fail);
    c->title = copy_str(a, d->title, &fail);
    c->subtitle = copy_str(a, d->subtitle, &fail);
    c->author = copy_str(a, d->author, &fail);
    c->lang = copy_str(a, d->lang, &fail);
    c->source = copy_str(a, d->source, &fail);
    c->date = copy_str(a, d->date, &fail);
    c->text = orr_arena_strndup(a, d->text ? d->text : "", d->text_len);
    c->text_len = d->text_len;
    c->n_sentences = d->n_sentences;
    c->invalid_utf8 = d->invalid_utf8;
    c->sentences = orr_arena_alloc(a, (d->n_sentences + 1) * sizeof *c->sentences);
    if (fail || !c->text || !c->sentences) {
        orr_doc_free(c);
        return NULL;
    }
    if (d->n_sentences) memcpy(c->sentences, d->sentences, d->n_sentences * sizeof *c->sentences);
    return c;
}
