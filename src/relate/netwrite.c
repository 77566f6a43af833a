/*
** netwrite.c — the signed network written as JSON (netjson.c's object), DOT
** (Graphviz: green alliances, red dashed rivalries) or GraphML.
*/
#include "relate.h"
#include "netjson.h"

static void xml_code(FILE *out, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '<') fputs("&lt;", out);
        else if (*p == '>') fputs("&gt;", out);
        else if (*p == '&') fputs("&amp;", out);
        else if (*p == '"') fputs("&quot;", out);
        else if (*p < 0x20) fputc('?', out);
        else fputc(*p, out);
    }
}

/*
** JSON for people and scripts at once: the network's own object (netjson.c),
** written compact but with each node and each edge on a line of its own,
** so `grep '"id":"RUS"'` finds one actor's line.
*/
static int write_json(const orr_network *net, FILE *out, orr_error *err) {
    json_t *doc = relate_network_json(net);
    if (!doc) return orr_error_set(err, ORR_ENOMEM, "network: out of memory building JSON");
    const char *key;
    json_t *value;
    int first = 1;
    fputc('{', out);
    json_object_foreach(doc, key, value) {
        fprintf(out, "%s\"%s\":", first ? "" : ",", key);
        first = 0;
        if (!json_is_array(value)) {
            json_dumpf(value, out, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(6));
            continue;
        }
        fputc('[', out);
        for (size_t i = 0; i < json_array_size(value); i++) {
            fputs(i ? ",\n " : "\n ", out);
            json_dumpf(json_array_get(value, i), out, JSON_COMPACT | JSON_REAL_PRECISION(6));
        }
        fputs("]", out);
    }
    fputs("}\n", out);
    json_decref(doc);
    return ORR_OK;
}

static void write_dot(const orr_network *net, FILE *out) {
    fprintf(out, "graph orrery {\n  // signed network %s..%s: %zu/%zu triads balanced, frustration %zu\n",
            net->window_from, net->window_to, net->balanced_triads, net->triads, net->frustration);
    for (size_t i = 0; i < net->n_nodes; i++) {
        fputs("  \"", out);
        xml_code(out, net->nodes[i].code);
        fprintf(out, "\" [bloc=%d, isolation=%.3f];\n", net->nodes[i].bloc, net->nodes[i].isolation);
    }
    for (size_t i = 0; i < net->n_edges; i++) {
        const orr_net_edge *e = &net->edges[i];
        fputs("  \"", out);
        xml_code(out, net->nodes[e->a].code);
        fputs("\" -- \"", out);
        xml_code(out, net->nodes[e->b].code);
        fprintf(out, "\" [weight=%.3f, color=%s%s];\n", e->score, e->score > 0 ? "darkgreen" : "red",
                e->score > 0 ? "" : ", style=dashed");
    }
    fputs("}\n", out);
}

static void write_graphml(const orr_network *net, FILE *out) {
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
          "  <key id=\"bloc\" for=\"node\" attr.name=\"bloc\" attr.type=\"int\"/>\n"
          "  <key id=\"isolation\" for=\"node\" attr.name=\"isolation\" attr.type=\"double\"/>\n"
          "  <key id=\"score\" for=\"edge\" attr.name=\"score\" attr.type=\"double\"/>\n"
          "  <graph id=\"orrery\" edgedefault=\"undirected\">\n", out);
    for (size_t i = 0; i < net->n_nodes; i++) {
        fputs("    <node id=\"", out);
        xml_code(out, net->nodes[i].code);
        fprintf(out, "\"><data key=\"bloc\">%d</data><data key=\"isolation\">%.4f</data></node>\n",
                net->nodes[i].bloc, net->nodes[i].isolation);
    }
    for (size_t i = 0; i < net->n_edges; i++) {
        const orr_net_edge *e = &net->edges[i];
        fputs("    <edge source=\"", out);
        xml_code(out, net->nodes[e->a].code);
        fputs("\" target=\"", out);
        xml_code(out, net->nodes[e->b].code);
        fprintf(out, "\"><data key=\"score\">%.3f</data></edge>\n", e->score);
    }
    fputs("  </graph>\n</graphml>\n", out);
}

int orr_network_write(const orr_network *net, const char *format, FILE *out, orr_error *err) {
    if (strcmp(format, "json") == 0) return write_json(net, out, err);
    else if (strcmp(format, "dot") == 0) write_dot(net, out);
    else if (strcmp(format, "graphml") == 0) write_graphml(net, out);
    else return orr_error_set(err, ORR_EUSAGE, "unknown network format '%s' (json, dot, graphml)", format);
    return ORR_OK;
}
