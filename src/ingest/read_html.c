/*
** read_html.c — HTML pages: orr_html_extract() runs the extractor's layers
** (pre-pass, gumbo parse, flat tree, body, metadata; see html.h) on one
** page, and ingest_read_html() hands the result to the pipeline.
**
** gumbo allocates node by node; we give it a bump allocator over a
** scratch arena and drop the whole tree at once (its free is a no-op),
** which saves a tenth of the parse time and the tree walk to free it.
*/
#include "html.h"

#include <stdlib.h>

static void *scratch_alloc(void *userdata, size_t size) {
    return orr_arena_alloc((orr_arena *)userdata, size);
}
static void scratch_free(void *userdata, void *ptr) { (void)userdata; (void)ptr; }

/* The publisher's JSON-LD articleBody is the fallback when the DOM gave
** much less text (the body was missed or is loaded by script). */
static int prefer_jsonld_body(const char *ld_body, size_t dom_len) {
    if (!ld_body) return 0;
    size_t n = strlen(ld_body);
    return n > 200 && n > 2 * dom_len;
}

int orr_html_extract(const char *html, size_t len, const char *name, orr_doc **out,
                     orr_error *err) {
    *out = NULL;
    if (!name) name = "<html>";
    char *converted;
    size_t converted_len;
    if (html_to_utf8(html, len, &converted, &converted_len))
        return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", name);
    if (converted) {
        html = converted;
        len = converted_len;
    }
    html_prepass pp;
    if (html_prepass_run(html, len, &pp)) {
        orr_buf_free(&pp.out);
        free(converted);
        return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", name);
    }
    orr_arena *scratch = orr_arena_new(pp.out.len * 8 + 65536);
    orr_doc *doc = orr_doc_new();
    orr_buf text;
    orr_buf_init(&text);
    int rc = scratch && doc ? ORR_OK : ORR_ENOMEM;
    if (rc == ORR_OK) {
        GumboOptions opt = kGumboDefaultOptions;
        opt.allocator = scratch_alloc;
        opt.deallocator = scratch_free;
        opt.userdata = scratch;
        opt.max_errors = 0;
        GumboOutput *g = gumbo_parse_with_options(&opt, pp.out.data ? pp.out.data : "", pp.out.len);
        html_tree tree;
        rc = g ? html_tree_build(&tree, g->root, scratch) : ORR_ENOMEM;
        if (rc == ORR_OK) rc = html_body_extract(&tree, &text);
        if (rc == ORR_OK) {
            html_meta meta;
            html_meta_extract(&tree, &pp, doc->arena, &meta);
            doc->title = meta.title;
            doc->date = meta.date;
            doc->author = meta.author;
            doc->lang = meta.lang;
            doc->url = meta.url;
            if (prefer_jsonld_body(meta.article_body, text.len)) {
                doc->text = meta.article_body;
                doc->text_len = strlen(meta.article_body);
            } else {
                doc->text = orr_arena_strndup(doc->arena, text.data ? text.data : "", text.len);
                doc->text_len = text.len;
            }
            if (!doc->text) rc = ORR_ENOMEM;
        }
    }
    orr_buf_free(&text);
    orr_buf_free(&pp.out);
    orr_arena_free(scratch);
    free(converted);  /* after the metadata: JSON-LD slices pointed into it */
    if (rc) {
        orr_doc_free(doc);
        return orr_error_set(err, rc, "%s: out of memory while extracting the article", name);
    }
    *out = doc;
    return ORR_OK;
}

int ingest_read_html(ingest_sink *sink, const char *data, size_t len, orr_error *err) {
    orr_doc *doc;
    int rc = orr_html_extract(data, len, sink->name, &doc, err);
    if (rc) return rc;
    size_t i = 0;
    while (i < doc->text_len && (doc->text[i] == ' ' || doc->text[i] == '\n')) i++;
    if (i == doc->text_len) {  /* nothing to store: say so, never skip silently */
        ingest_warn(sink, ORR_EFORMAT, "%s: byte 0: no article text found in the HTML page",
                    sink->name);
        orr_doc_free(doc);
        return ORR_OK;
    }
    doc->origin = orr_arena_strdup(doc->arena, sink->name);
    doc->source = doc->url;
    return ingest_emit(sink, doc, 0, err);
}
