/*
** read_rss.c — RSS 2.0, RSS 1.0 (RDF) and Atom feeds: each <item> or
** <entry> becomes a document with its title, link, date and body.
** Bodies are usually HTML fragments (description, content:encoded, Atom
** content); they are turned into text with libxml2's HTML parser, one
** block element per line.  Items without any body are reported and
** skipped.
*/
#include "xml_util.h"

#include <libxml/HTMLparser.h>
#include <strings.h>

/* RFC 822 dates ("Tue, 18 Feb 2025 10:00:00 GMT") or ISO 8601 → YYYY-MM-DD. */
static int feed_date(const char *in, char out[11]) {
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    if (!in) return ORR_EFORMAT;
    while (*in == ' ' || *in == '\n' || *in == '\t') in++;
    if (ingest_normalize_date(in, out) == ORR_OK) return ORR_OK;
    const char *comma = strchr(in, ',');
    const char *p = comma ? comma + 1 : in;
    int day, year;
    char mon[4] = {0};
    if (sscanf(p, "%d %3s %d", &day, mon, &year) != 3) return ORR_EFORMAT;
    for (int m = 0; m < 12; m++)
        if (strncasecmp(mon, months + 3 * m, 3) == 0) {
            if (year < 100) year += year < 70 ? 2000 : 1900;
            if (day < 1 || day > 31 || year < 1000 || year > 9999) return ORR_EFORMAT;
            snprintf(out, 11, "%04d-%02d-%02d", year, m + 1, day);
            return ORR_OK;
        }
    return ORR_EFORMAT;
}

static int is_block(const xmlChar *name) {
    static const char *const blocks[] = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5",
                                         "h6", "blockquote", "tr", "section", "article", "pre"};
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
        if (xmlStrcasecmp(name, (const xmlChar *)blocks[i]) == 0) return 1;
    return 0;
}

static void html_text_walk(xmlNodePtr node, orr_buf *out) {
    for (xmlNodePtr c = node; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            orr_buf_puts(out, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE) {
            if (xmlStrcasecmp(c->name, (const xmlChar *)"script") == 0 ||
                xmlStrcasecmp(c->name, (const xmlChar *)"style") == 0)
                continue;
            int block = is_block(c->name);
            if (block && out->len && out->data[out->len - 1] != '\n') orr_buf_puts(out, "\n");
            html_text_walk(c->children, out);
            if (block && out->len && out->data[out->len - 1] != '\n') orr_buf_puts(out, "\n");
        }
    }
}

/* An HTML fragment (or plain text) as text, one block per line. */
static char *fragment_text(orr_arena *arena, const char *html) {
    size_t len = strlen(html);
    if (!memchr(html, '<', len)) return orr_arena_strdup(arena, html);
    htmlDocPtr doc = htmlReadMemory(html, (int)(len > INT32_MAX ? INT32_MAX : len), NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET);
    if (!doc) return orr_arena_strdup(arena, html);
    orr_buf out;
    orr_buf_init(&out);
    html_text_walk(xmlDocGetRootElement(doc), &out);
    xmlFreeDoc(doc);
    char *s = orr_arena_strndup(arena, out.data ? out.data : "", out.len);
    orr_buf_free(&out);
    return s;
}

static xmlNodePtr first_child_of(xmlNodePtr item, const char *const *names) {
    for (; *names; names++) {
        xmlNodePtr c = xml_child(item, *names);
        if (c) return c;
    }
    return NULL;
}

static int feed_item(ingest_sink *sink, xmlNodePtr item, int atom, orr_error *err) {
    static const char *const body_names[] = {"encoded", "content", "description", "summary", NULL};
    static const char *const date_names[] = {"pubDate", "published", "date", "updated", "issued", NULL};
    long line = xmlGetLineNo(item);
    xmlNodePtr body = first_child_of(item, body_names);
    orr_doc *doc = orr_doc_new();
    if (!doc) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", sink->name);
    char *raw = body ? xml_text_of(doc->arena, body) : NULL;
    if (!raw || !*raw) {
        ingest_warn(sink, ORR_EFORMAT, "%s:%ld: feed item has no description or content", sink->name, line);
        orr_doc_free(doc);
        return ORR_OK;
    }
    char origin[1024], date[11];
    snprintf(origin, sizeof origin, "%s:%ld", sink->name, line);
    doc->origin = orr_arena_strdup(doc->arena, origin);
    doc->text = fragment_text(doc->arena, raw);
    doc->text_len = strlen(doc->text);
    doc->title = xml_text_of(doc->arena, xml_child(item, "title"));
    xmlNodePtr link = xml_child(item, "link");
    doc->url = atom && link ? xml_attr(doc->arena, link, "href") : xml_text_of(doc->arena, link);
    doc->id = xml_text_of(doc->arena, xml_child(item, atom ? "id" : "guid"));
    xmlNodePtr author = xml_child(item, atom ? "author" : "creator");
    if (!author) author = xml_child(item, "author");
    if (author && atom && xml_child(author, "name")) author = xml_child(author, "name");
    doc->author = xml_text_of(doc->arena, author);
    char *raw_date = xml_text_of(doc->arena, first_child_of(item, date_names));
    if (raw_date && feed_date(raw_date, date) == ORR_OK) doc->date = orr_arena_strdup(doc->arena, date);
    else if (raw_date)
        ingest_warn(sink, ORR_EFORMAT, "%s:%ld: cannot read the item date '%.40s'; kept without a date",
                    sink->name, line, raw_date);
    return ingest_emit(sink, doc, 0, err);
}

static int feed_walk(ingest_sink *sink, xmlNodePtr node, orr_error *err) {
    for (xmlNodePtr c = node; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        int rc;
        if (xmlStrcasecmp(c->name, (const xmlChar *)"item") == 0) rc = feed_item(sink, c, 0, err);
        else if (xmlStrcasecmp(c->name, (const xmlChar *)"entry") == 0) rc = feed_item(sink, c, 1, err);
        else rc = feed_walk(sink, c->children, err);
        if (rc) return rc;
    }
    return ORR_OK;
}

int ingest_read_rss(ingest_sink *sink, const char *data, size_t len, orr_error *err) {
    xmlDocPtr xml = xml_parse_for_sink(sink, data, len, err);
    if (!xml) return err->code;
    size_t before = sink->n_docs, bad_before = sink->n_bad;
    int rc = feed_walk(sink, xmlDocGetRootElement(xml), err);
    xmlFreeDoc(xml);
    if (rc == ORR_OK && sink->n_docs == before && sink->n_bad == bad_before)
        ingest_warn(sink, ORR_EFORMAT, "%s: no <item> or <entry> elements found", sink->name);
    return rc;
}
