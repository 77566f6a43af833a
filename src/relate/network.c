/*
** network.c — the signed alignment network of a time window.  Each pair
** of actors with events in the window (either direction, domestic events
** left out) becomes one undirected edge whose score is the net
** cooperation share on a Goldstein-like scale:
**     score = 10 * (coop - conflict) / (coop + conflict + 2)
** with coop = QuadClass 1+2 and conflict = QuadClass 3+4 (weighted by
** mentions if the table is).  Positive edges are alliances, negative ones
** rivalries.  On that graph: structural balance (Heider, Cartwright &
** Harary: a triangle is balanced when the product of its signs is
** positive), the frustration index (fewest edges whose removal makes the
** graph balanced), blocs by signed community detection (igraph's
** spinglass with negative links, Traag & Bruggeman 2009), and per-actor
** isolation (share of |score| on negative ties) and betweenness.
*/
#include "relate.h"

#include <igraph/igraph.h>
#include <math.h>
#include <stdlib.h>

/* Thin evidence is shrunk toward neutral: one cooperative event scores
** 10/(1+2) = 3.3, not 10 (a Beta-prior-like pseudo-count). */
#define NET_SHRINK 2.0

static int edge_cmp(const void *x, const void *y) {
    const orr_net_edge *a = x, *b = y;
    if (a->a != b->a) return a->a < b->a ? -1 : 1;
    return (a->b > b->b) - (a->b < b->b);
}

static int find_edge(const orr_network *net, int a, int b) {
    if (a > b) { int t = a; a = b; b = t; }
    orr_net_edge key = {.a = a, .b = b};
    const orr_net_edge *e = bsearch(&key, net->edges, net->n_edges, sizeof key, edge_cmp);
    return e ? (int)(e - net->edges) : -1;
}

double orr_network_score(const orr_network *net, int a, int b) {
    int e = a == b ? -1 : find_edge(net, a, b);
    return e < 0 ? 0.0 : net->edges[e].score;
}

int orr_network_find(const orr_network *net, const char *code) {
    for (size_t i = 0; i < net->n_nodes; i++)
        if (strcmp(net->nodes[i].code, code) == 0) return (int)i;
    return -1;
}

void orr_network_free(orr_network *net) {
    if (!net) return;
    free(net->nodes);
    free(net->edges);
    free(net);
}

typedef struct code_idx {
    char code[8];
    int actor;
} code_idx;

static int code_idx_cmp(const void *a, const void *b) {
    return strcmp(((const code_idx *)a)->code, ((const code_idx *)b)->code);
}

/* Pairs in the window -> edges over nodes sorted by code. */
static int network_edges(const orr_relate *rel, const orr_network_opts *o, orr_network *net,
                         orr_error *err) {
    int32_t from = INT32_MIN, to = INT32_MAX;
    if ((o->from && *o->from && rel_parse_day(o->from, &from)) || (o->to && *o->to && rel_parse_day(o->to, &to)))
        return orr_error_set(err, ORR_EUSAGE, "window dates must be YYYY-MM-DD");
    rel_map m;
    if (rel_map_init(&m, 1024)) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    for (size_t i = 0; i < rel->n; i++) {
        if (rel->day[i] < from || rel->day[i] > to || rel->src[i] == rel->tgt[i]) continue;
        unsigned a = rel->src[i], b = rel->tgt[i];
        rel_acc *acc = rel_map_get(&m, a < b ? (uint64_t)a << 16 | b : (uint64_t)b << 16 | a);
        if (!acc) {
            rel_map_free(&m);
            return orr_error_set(err, ORR_ENOMEM, "out of memory");
        }
        rel_acc_add(acc, rel, i);
    }
    size_t n;
    rel_acc *accs = rel_map_sorted(&m, &n);
    rel_map_free(&m);
    int *node_of = calloc(rel->n_actors + 1, sizeof *node_of);   /* actor -> node + 1 */
    code_idx *codes = calloc(rel->n_actors + 1, sizeof *codes);
    net->edges = calloc(n + 1, sizeof *net->edges);
    if (!accs || !node_of || !codes || !net->edges) {
        free(accs); free(node_of); free(codes);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    size_t n_codes = 0;
    for (size_t i = 0; i < n; i++) {
        double coop = accs[i].quad[0] + accs[i].quad[1], conflict = accs[i].quad[2] + accs[i].quad[3];
        if (coop + conflict < o->min_events || coop == conflict) continue;
        int ends[2] = {(int)(accs[i].key >> 16), (int)(accs[i].key & 0xFFFF)};
        for (int k = 0; k < 2; k++)
            if (!node_of[ends[k]]) {
                node_of[ends[k]] = -1;
                snprintf(codes[n_codes].code, 8, "%s", rel->actor_code[ends[k]]);
                codes[n_codes++].actor = ends[k];
            }
    }
    qsort(codes, n_codes, sizeof *codes, code_idx_cmp);
    net->nodes = calloc(n_codes + 1, sizeof *net->nodes);
    if (!net->nodes) {
        free(accs); free(node_of); free(codes);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n_codes; i++) {
        node_of[codes[i].actor] = (int)i + 1;
        memcpy(net->nodes[i].code, codes[i].code, 8);
    }
    net->n_nodes = n_codes;
    for (size_t i = 0; i < n; i++) {
        double coop = accs[i].quad[0] + accs[i].quad[1], conflict = accs[i].quad[2] + accs[i].quad[3];
        if (coop + conflict < o->min_events || coop == conflict) continue;
        int a = node_of[accs[i].key >> 16] - 1, b = node_of[accs[i].key & 0xFFFF] - 1;
        orr_net_edge *e = &net->edges[net->n_edges++];
        e->a = a < b ? a : b;
        e->b = a < b ? b : a;
        e->coop = coop;
        e->conflict = conflict;
        e->score = 10.0 * (coop - conflict) / (coop + conflict + NET_SHRINK);
        e->goldstein_mean = accs[i].weight > 0 ? accs[i].gsum / accs[i].weight : 0;
        net->nodes[a].events += accs[i].events;
        net->nodes[b].events += accs[i].events;
    }
    qsort(net->edges, net->n_edges, sizeof *net->edges, edge_cmp);
    free(accs); free(node_of); free(codes);
    return ORR_OK;
}

static void network_isolation(orr_network *net) {
    for (size_t i = 0; i < net->n_edges; i++) {
        const orr_net_edge *e = &net->edges[i];
        int ends[2] = {e->a, e->b};
        for (int k = 0; k < 2; k++) {
            orr_net_node *v = &net->nodes[ends[k]];
            v->degree++;
            if (e->score < 0) {
                v->n_negative++;
                v->strength_neg += -e->score;
            } else {
                v->strength_pos += e->score;
            }
        }
    }
    for (size_t i = 0; i < net->n_nodes; i++) {
        orr_net_node *v = &net->nodes[i];
        double total = v->strength_pos + v->strength_neg;
        v->isolation = total > 0 ? v->strength_neg / total : 0;
    }
}

/* igraph must not print or abort inside the library. */
typedef struct igraph_guard {
    igraph_error_handler_t *error;
    igraph_warning_handler_t *warning;
} igraph_guard;

static igraph_guard igraph_quiet(void) {
    igraph_guard g = {igraph_set_error_handler(igraph_error_handler_ignore),
                      igraph_set_warning_handler(igraph_warning_handler_ignore)};
    return g;
}

static void igraph_restore(igraph_guard g) {
    igraph_set_error_handler(g.error);
    igraph_set_warning_handler(g.warning);
}

static int build_igraph(const orr_network *net, const int *subset_of, int n_sub, int which,
                        igraph_t *g, igraph_vector_t *w) {
    igraph_vector_int_t el;
    if (igraph_vector_int_init(&el, 0)) return -1;
    if (igraph_vector_init(w, 0)) { igraph_vector_int_destroy(&el); return -1; }
    for (size_t i = 0; i < net->n_edges; i++) {
        const orr_net_edge *e = &net->edges[i];
        int a = subset_of ? subset_of[e->a] : e->a, b = subset_of ? subset_of[e->b] : e->b;
        if (subset_of && (which != subset_of[net->n_nodes + e->a] || which != subset_of[net->n_nodes + e->b]))
            continue;
        if (igraph_vector_int_push_back(&el, a) || igraph_vector_int_push_back(&el, b) ||
            igraph_vector_push_back(w, e->score)) {
            igraph_vector_int_destroy(&el);
            igraph_vector_destroy(w);
            return -1;
        }
    }
    int rc = igraph_create(g, &el, n_sub, IGRAPH_UNDIRECTED) ? -1 : 0;
    igraph_vector_int_destroy(&el);
    if (rc) igraph_vector_destroy(w);
    return rc;
}

static int network_betweenness(orr_network *net, orr_error *err) {
    if (net->n_nodes < 3) return ORR_OK;
    igraph_guard guard = igraph_quiet();
    igraph_t g;
    igraph_vector_t w, res;
    int rc = ORR_OK;
    if (build_igraph(net, NULL, (int)net->n_nodes, 0, &g, &w)) {
        igraph_restore(guard);
        return orr_error_set(err, ORR_ENOMEM, "igraph: cannot build the graph");
    }
    if (igraph_vector_init(&res, 0) ||
        igraph_betweenness(&g, &res, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL)) {
        rc = orr_error_set(err, ORR_EINTERNAL, "igraph: betweenness failed");
    } else {
        double norm = (double)(net->n_nodes - 1) * (double)(net->n_nodes - 2) / 2.0;
        for (size_t i = 0; i < net->n_nodes; i++) net->nodes[i].betweenness = VECTOR(res)[i] / norm;
    }
    igraph_vector_destroy(&res);
    igraph_vector_destroy(&w);
    igraph_destroy(&g);
    igraph_restore(guard);
    return rc;
}

/* --- balance and frustration -------------------------------------------- */

/* Connected components: comp[v], returns their number. */
static int components(const orr_network *net, int *comp) {
    int n = (int)net->n_nodes, n_comp = 0;
    for (int v = 0; v < n; v++) comp[v] = -1;
    int changed;
    for (int v = 0; v < n; v++) {
        if (comp[v] >= 0) continue;
        comp[v] = n_comp++;
        do {   /* relaxation over the edge list: fine for networks of countries */
            changed = 0;
            for (size_t i = 0; i < net->n_edges; i++) {
                int a = net->edges[i].a, b = net->edges[i].b;
                if (comp[a] >= 0 && comp[b] < 0) { comp[b] = comp[a]; changed = 1; }
                else if (comp[b] >= 0 && comp[a] < 0) { comp[a] = comp[b]; changed = 1; }
            }
        } while (changed);
    }
    return n_comp;
}

/* Frustrated edges of a 2-colouring (side[v] = +-1) within one component. */
static size_t frustrated(const orr_network *net, const int *comp, int c, const signed char *side) {
    size_t k = 0;
    for (size_t i = 0; i < net->n_edges; i++) {
        const orr_net_edge *e = &net->edges[i];
        if (comp[e->a] == c && (e->score > 0) != (side[e->a] == side[e->b])) k++;
    }
    return k;
}

/*
** Frustration index of one component.  The index is the minimum, over all
** ways of splitting the actors into two camps, of the edges that disagree
** (a positive tie across camps or a negative one within a camp).  Up to
** 20 actors every split is tried (exact); beyond, a local search — start
** from 32 deterministic pseudo-random splits, move single actors while
** that lowers the count — gives an upper bound, reported as such.
*/
static size_t component_frustration(const orr_network *net, const int *comp, int c, int *exact) {
    int n = (int)net->n_nodes, members[20], m = 0;
    for (int v = 0; v < n; v++)
        if (comp[v] == c) { if (m < 20) members[m] = v; m++; }
    signed char *side = calloc(net->n_nodes + 1, 1);
    if (!side) return 0;
    for (int v = 0; v < n; v++) side[v] = 1;
    size_t best = SIZE_MAX;
    if (m <= 20) {
        for (uint32_t mask = 0; mask < (1u << (m - 1)); mask++) {   /* member 0 fixed */
            for (int j = 1; j < m; j++) side[members[j]] = (mask >> (j - 1) & 1) ? -1 : 1;
            size_t k = frustrated(net, comp, c, side);
            if (k < best) best = k;
        }
        *exact = 1;
    } else {
        uint64_t state = 0x9E3779B97F4A7C15ULL;
        for (int start = 0; start < 32; start++) {
            for (int v = 0; v < n; v++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                side[v] = (state >> 33) & 1 ? 1 : -1;
            }
            size_t k = frustrated(net, comp, c, side);
            for (int improved = 1; improved;) {
                improved = 0;
                for (int v = 0; v < n; v++) {
                    if (comp[v] != c) continue;
                    side[v] = (signed char)-side[v];
                    size_t k2 = frustrated(net, comp, c, side);
                    if (k2 < k) { k = k2; improved = 1; }
                    else side[v] = (signed char)-side[v];
                }
            }
            if (k < best) best = k;
        }
        *exact = 0;
    }
    free(side);
    return best == SIZE_MAX ? 0 : best;
}

int orr_network_balance(orr_network *net, orr_error *err) {
    net->triads = net->balanced_triads = net->frustration = 0;
    net->frustration_exact = 1;
    /* triangles: for each edge (a,b), a < b, every c > b adjacent to both */
    for (size_t i = 0; i < net->n_edges; i++) {
        const orr_net_edge *e = &net->edges[i];
        for (size_t j = i + 1; j < net->n_edges && net->edges[j].a == e->a; j++) {
            int c = net->edges[j].b;
            int k = find_edge(net, e->b, c);
            if (k < 0) continue;
            net->triads++;
            int neg = (e->score < 0) + (net->edges[j].score < 0) + (net->edges[k].score < 0);
            if (neg % 2 == 0) net->balanced_triads++;
        }
    }
    int *comp = malloc((net->n_nodes + 1) * sizeof *comp);
    if (!comp) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    int n_comp = components(net, comp);
    for (int c = 0; c < n_comp; c++) {
        int exact = 1;
        net->frustration += component_frustration(net, comp, c, &exact);
        if (!exact) net->frustration_exact = 0;
    }
    free(comp);
    return ORR_OK;
}

/* --- blocs --------------------------------------------------------------- */

int orr_network_blocs(orr_network *net, unsigned long seed, orr_error *err) {
    int n = (int)net->n_nodes;
    /* sub[v]: index within its component; sub[n + v]: the component */
    int *sub = malloc(((size_t)n * 2 + 1) * sizeof *sub), *comp = sub + n;
    if (!sub) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    int n_comp = components(net, comp);
    int next_bloc = 0, rc = ORR_OK;
    double best_q = 0;
    int biggest = 0;
    igraph_guard guard = igraph_quiet();
    igraph_rng_seed(igraph_rng_default(), seed ? seed : 42);
    for (int c = 0; c < n_comp && !rc; c++) {
        int size = 0;
        for (int v = 0; v < n; v++)
            if (comp[v] == c) sub[v] = size++;
        if (size < 3) {   /* alone, or a pair: one bloc if allies, two if rivals */
            int first = -1;
            for (int v = 0; v < n; v++) {
                if (comp[v] != c) continue;
                if (first >= 0 && orr_network_score(net, first, v) > 0) net->nodes[v].bloc = next_bloc;
                else net->nodes[v].bloc = ++next_bloc;
                if (first < 0) first = v;
            }
            continue;
        }
        igraph_t g;
        igraph_vector_t w;
        igraph_vector_int_t membership;
        igraph_real_t modularity = 0, temperature = 0;
        if (build_igraph(net, sub, size, c, &g, &w)) {
            rc = orr_error_set(err, ORR_ENOMEM, "igraph: cannot build the graph");
            break;
        }
        igraph_vector_int_init(&membership, 0);
        if (igraph_community_spinglass(&g, &w, &modularity, &temperature, &membership, NULL,
                                       size < 25 ? size : 25, 0, 1.0, 0.01, 0.99,
                                       IGRAPH_SPINCOMM_UPDATE_CONFIG, 1.0, IGRAPH_SPINCOMM_IMP_NEG,
                                       1.0)) {
            rc = orr_error_set(err, ORR_EINTERNAL, "igraph: spinglass community detection failed");
        } else {
            /* renumber communities in order of their first (alphabetical) member */
            int map[64];
            for (int k = 0; k < 64; k++) map[k] = 0;
            for (int v = 0; v < n; v++) {
                if (comp[v] != c) continue;
                int k = (int)VECTOR(membership)[sub[v]] & 63;
                if (!map[k]) map[k] = ++next_bloc;
                net->nodes[v].bloc = map[k];
            }
            if (size > biggest) { biggest = size; best_q = modularity; }
        }
        igraph_vector_int_destroy(&membership);
        igraph_vector_destroy(&w);
        igraph_destroy(&g);
    }
    igraph_restore(guard);
    free(sub);
    net->n_blocs = next_bloc;
    net->bloc_quality = best_q;
    return rc;
}

int orr_network_build(const orr_relate *rel, const orr_network_opts *opts, orr_network **out,
                      orr_error *err) {
    static const orr_network_opts defaults = {NULL, NULL, 1, 1, 42};
    const orr_network_opts *o = opts ? opts : &defaults;
    orr_network *net = calloc(1, sizeof *net);
    if (!net) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    snprintf(net->window_from, sizeof net->window_from, "%s", o->from ? o->from : "");
    snprintf(net->window_to, sizeof net->window_to, "%s", o->to ? o->to : "");
    int rc = network_edges(rel, o, net, err);
    if (!rc) {
        network_isolation(net);
        rc = network_betweenness(net, err);
    }
    if (!rc) rc = orr_network_balance(net, err);
    if (!rc && o->blocs) rc = orr_network_blocs(net, o->seed, err);
    if (rc) {
        orr_network_free(net);
        return rc;
    }
    *out = net;
    return ORR_OK;
}
