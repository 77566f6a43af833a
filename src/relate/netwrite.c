/*
** netwrite.c — the signed network as JSON (for the web and scripts), DOT
** (Graphviz: green alliances, red dashed rivalries) or GraphML.
*/
#include "relate.h"

static void json_code(FILE *out, const char *s) {
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
        else if (*p < 0x20) fprintf(out, "\\u%04x", *p);
        else fputc(*p, out);
    }
    fputc('"', out);
}

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

static void write_json(const orr_network *net, FILE *out) {
    fprintf(out, "{\"window\":{\"from\":\"%s\",\"to\":\"%s\"},", net->window_from, net->window_to);
    fprintf(out, "\"balance\":{\"triads\":%zu,\"balanced\":%zu,\"share_balanced\":%.4f,"
                 "\"frustration\":%zu,\"frustration_exact\":%s},",
            net->triads, net->balanced_triads,
            net->triads ? (double)net->balanced_triads / (double)net->triads : 1.0, net->frustration,
            net->frustration_exact ? "true" : "false");
    fprintf(out, "\"blocs\":%d,\"bloc_modularity\":%.4f,\n\"nodes\":[", net->n_blocs, net->bloc_quality);
    for (size_t i = 0; i < net->n_nodes; i++) {
        const orr_net_node *v = &net->nodes[i];
        fprintf(out, "%s{\"id\":", i ? ",\n " : "");
        json_code(out, v->code);
        fprintf(out, ",\"bloc\":%d,\"degree\":%d,\"negative_ties\":%d,\"strength_pos\":%.3f,"
                     "\"strength_neg\":%.3f,\"isolation\":%.4f,\"betweenness\":%.4f,\"events\":%lld}",
                v->bloc, v->degree, v->n_negative, v->strength_pos, v->strength_neg, v->isolation,
                v->betweenness, (long long)v->events);
    }
    fprintf(out, "],\n\"edges\":[");
    for (size_t i = 0; i < net->n_edges; i++) {
        const orr_net_edge *e = &net->edges[i];
        fprintf(out, "%s{\"a\":", i ? ",\n " : "");
        json_code(out, net->nodes[e->a].code);
        fprintf(out, ",\"b\":");
        json_code(out, net->nodes[e->b].code);
        fprintf(out, ",\"score\":%.3f,\"sign\":%d,\"coop\":%g,\"conflict\":%g,\"goldstein_mean\":%.3f}",
                e->score, e->score > 0 ? 1 : -1, e->coop, e->conflict, e->goldstein_mean);
    }
    fprintf(out, "]}\n");
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
    if (strcmp(format, "json") == 0) write_json(net, out);
    else if (strcmp(format, "dot") == 0) write_dot(net, out);
    else if (strcmp(format, "graphml") == 0) write_graphml(net, out);
    else return orr_error_set(err, ORR_EUSAGE, "unknown network format '%s' (json, dot, graphml)", format);
    return ORR_OK;
}
