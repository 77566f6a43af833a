/*
** netjson.c — the signed network as JSON, built with jansson: the window,
** every node (bloc, degree, ties, isolation, centrality), every edge (net
** cooperation score and its sign, cooperation and conflict weights), the
** structural balance and the blocs' quality.  One builder, so the CLI and
** the HTTP API cannot drift apart.
*/
#include "netjson.h"
#include "../util/json.h"


static json_t *node_json(const orr_net_node *n) {
    return json_pack("{s:s, s:i, s:i, s:i, s:o, s:o, s:o, s:o, s:I}", "id", n->code, "bloc", n->bloc,
                     "degree", n->degree, "negative_ties", n->n_negative, "strength_pos",
                     orr_json_number(n->strength_pos), "strength_neg", orr_json_number(n->strength_neg),
                     "isolation", orr_json_number(n->isolation), "betweenness",
                     orr_json_number(n->betweenness), "events", (json_int_t)n->events);
}

static json_t *edge_json(const orr_network *net, const orr_net_edge *e) {
    return json_pack("{s:s, s:s, s:o, s:i, s:o, s:o, s:o}", "source", net->nodes[e->a].code, "target",
                     net->nodes[e->b].code, "score", orr_json_number(e->score), "sign",
                     e->score > 0 ? 1 : -1, "coop", orr_json_number(e->coop), "conflict",
                     orr_json_number(e->conflict), "goldstein_mean", orr_json_number(e->goldstein_mean));
}

json_t *relate_network_json(const orr_network *net) {
    json_t *nodes = json_array(), *edges = json_array();
    for (size_t i = 0; i < net->n_nodes; i++) json_array_append_new(nodes, node_json(&net->nodes[i]));
    for (size_t i = 0; i < net->n_edges; i++) json_array_append_new(edges, edge_json(net, &net->edges[i]));
    double share = net->triads ? (double)net->balanced_triads / (double)net->triads : 1.0;
    return json_pack("{s:{s:s, s:s}, s:{s:I, s:I, s:o, s:I, s:b}, s:i, s:o, s:o, s:o}", "window", "from",
                     net->window_from, "to", net->window_to, "balance", "triads", (json_int_t)net->triads,
                     "balanced_triads", (json_int_t)net->balanced_triads, "share_balanced",
                     orr_json_number(share), "frustration", (json_int_t)net->frustration,
                     "frustration_exact", net->frustration_exact, "n_blocs", net->n_blocs,
                     "bloc_quality", orr_json_number(net->bloc_quality), "nodes", nodes, "edges", edges);
}
