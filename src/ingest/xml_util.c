/*
** xml_util.c — parse an XML buffer with libxml2 so that its complaints
** become orrery warnings ("file:line: message") instead of text printed
** on stderr by the library's default handler.  Shared by the PETRARCH and
** RSS/Atom readers.  Network access and entity expansion are off.
*/
#include "xml_util.h"

#include <libxml/parser.h>

static void xml_error_to_sink(void *user, xmlErrorPtr e) {
    xmlParserCtxtPtr ctxt = user;
    ingest_sink *sink = ctxt ? ctxt->_private : NULL;
    if (!sink || !e) return;
    char msg[256];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "malformed XML");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
    ingest_warn(sink, ORR_EFORMAT, "%s:%d: XML: %s", sink->name, e->line, msg);
}

xmlDocPtr xml_parse_for_sink(ingest_sink *sink, const char *data, size_t len, orr_error *err) {
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        orr_error_set(err, ORR_ENOMEM, "%s: cannot start XML parser", sink->name);
        return NULL;
    }
    ctxt->_private = sink;
    ctxt->sax->serror = xml_error_to_sink;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;
    if (len > INT32_MAX) len = INT32_MAX;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, sink->name, NULL,
                                      XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING |
                                          XML_PARSE_NOCDATA | XML_PARSE_HUGE);
    xmlFreeParserCtxt(ctxt);
    if (!doc) orr_error_set(err, ORR_EFORMAT, "%s: not XML that can be read even in recovery mode", sink->name);
    return doc;
}

char *xml_text_of(orr_arena *arena, xmlNodePtr node) {
    if (!node) return NULL;
    xmlChar *content = xmlNodeGetContent(node);
    if (!content) return NULL;
    char *s = orr_arena_strdup(arena, (const char *)content);
    xmlFree(content);
    return s;
}

char *xml_attr(orr_arena *arena, xmlNodePtr node, const char *name) {
    xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = orr_arena_strdup(arena, (const char *)v);
    xmlFree(v);
    return s;
}

xmlNodePtr xml_child(xmlNodePtr node, const char *name) {
    for (xmlNodePtr c = node ? node->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrcasecmp(c->name, (const xmlChar *)name) == 0) return c;
    return NULL;
}
