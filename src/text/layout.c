/*
** layout.c — plain-text page layout (placeholder): the first non-empty
** line becomes the title.  To be replaced by the furniture-aware version.
*/
#include "../util/util.h"

int orr_text_page_layout(orr_doc *doc, orr_error *err) {
    (void)err;
    const char *p = doc->text, *end = doc->text + doc->text_len;
    while (p < end && (*p == '\n' || *p == ' ')) p++;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) eol = end;
    if (eol > p && !doc->title) doc->title = orr_arena_strndup(doc->arena, p, (size_t)(eol - p));
    return ORR_OK;
}
