/*
** read_petrarch_xml.c — PETRARCH/TABARI XML records:
**   <Sentences><Sentence date="20080801" id="X-1" ...><Text>...</Text>
**   [<Parse>...</Parse>] [<EventCoding .../>]</Sentence>...</Sentences>
** Each <Sentence> becomes one document (id, date, text).  Records with no
** <Text> or a bad date are reported with their line and skipped (bad
** date: kept without a date).  The validation format's <Environment> and
** <EventCoding> elements are read by `orrery validate`, not here.
*/
#include "xml_util.h"

#include <libxml/parser.h>

static int petrarch_record(ingest_sink *sink, xmlNodePtr sentence, orr_error *err) {
    long line = xmlGetLineNo(sentence);
    xmlNodePtr text = xml_child(sentence, "Text");
    if (!text) {
        ingest_warn(sink, ORR_EFORMAT, "%s:%ld: <Sentence> has no <Text> element", sink->name, line);
        return ORR_OK;
    }
    orr_doc *doc = orr_doc_new();
    if (!doc) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", sink->name);
    char origin[1024], date[11];
    snprintf(origin, sizeof origin, "%s:%ld", sink->name, line);
    doc->origin = orr_arena_strdup(doc->arena, origin);
    doc->id = xml_attr(doc->arena, sentence, "id");
    doc->source = xml_attr(doc->arena, sentence, "source");
    doc->text = xml_text_of(doc->arena, text);
    doc->text_len = doc->text ? strlen(doc->text) : 0;
    char *raw_date = xml_attr(doc->arena, sentence, "date");
    if (raw_date && ingest_normalize_date(raw_date, date) == ORR_OK)
        doc->date = orr_arena_strdup(doc->arena, date);
    else
        ingest_warn(sink, ORR_EFORMAT, "%s:%ld: <Sentence> date is %s'%.20s' (expected YYYYMMDD); kept without a date",
                    sink->name, line, raw_date ? "" : "missing ", raw_date ? raw_date : "");
    return ingest_emit(sink, doc, 0, err);
}

/* Walk the tree: <Sentence> elements at any depth (inside <Sentences> or not). */
static int petrarch_walk(ingest_sink *sink, xmlNodePtr node, orr_error *err) {
    for (xmlNodePtr c = node; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        int rc = xmlStrcasecmp(c->name, (const xmlChar *)"Sentence") == 0
                     ? petrarch_record(sink, c, err)
                     : petrarch_walk(sink, c->children, err);
        if (rc) return rc;
    }
    return ORR_OK;
}

int ingest_read_petrarch_xml(ingest_sink *sink, const char *data, size_t len, orr_error *err) {
    xmlDocPtr xml = xml_parse_for_sink(sink, data, len, err);
    if (!xml) return err->code;
    size_t before = sink->n_docs;
    int rc = petrarch_walk(sink, xmlDocGetRootElement(xml), err);
    xmlFreeDoc(xml);
    if (rc == ORR_OK && sink->n_docs == before)
        ingest_warn(sink, ORR_EFORMAT, "%s: no <Sentence> records found", sink->name);
    return rc;
}
