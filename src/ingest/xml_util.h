/*
** xml_util.h — libxml2 helpers for the XML-based readers (see xml_util.c).
*/
#ifndef ORR_XML_UTIL_H
#define ORR_XML_UTIL_H

#include "ingest.h"

#include <libxml/tree.h>

/* Parse in recovery mode; libxml2's errors become sink warnings. */
xmlDocPtr xml_parse_for_sink(ingest_sink *sink, const char *data, size_t len, orr_error *err);
/* Text content / attribute of a node, copied into the arena (NULL if none). */
char *xml_text_of(orr_arena *arena, xmlNodePtr node);
char *xml_attr(orr_arena *arena, xmlNodePtr node, const char *name);
/* First element child with this (case-insensitive, unprefixed) name. */
xmlNodePtr xml_child(xmlNodePtr node, const char *name);

#endif
