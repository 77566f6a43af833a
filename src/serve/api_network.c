/*
** api_network.c — the signed network of a window and what follows from
** it, over the relations stage: GET /api/network?window=A..B,
** GET /api/blocs?window=A..B, GET /api/shifts?since=DATE, POST
** /api/whatif, and the change points drawn on a dyad's timeline.
**
** Debian's igraph is built without thread safety (IGRAPH_THREAD_SAFE 0),
** and orr_network_build uses it for blocs and betweenness, so network
** builds are serialised by srv->net_lock, and the last network built is
** kept for the next request on the same window.  Answers are cached until
** the next write, so the lock is rarely contended.
*/
#include "serve.h"
#include "../util/json.h"
#include "../relate/netjson.h"

#include <math.h>
#include <stdlib.h>

#define WHATIF_MAX_CHANGES 16

/* ?window=A..B (default: everything) and ?min_events=N into opts. */
static int window_opts(const serve_req *req, serve_resp *resp, const char *window, char from[11],
                       char to[11], orr_network_opts *opts) {
    orr_error err;
    memset(opts, 0, sizeof *opts);
    if (orr_window_parse(window, from, to, &err)) return serve_reply_error(resp, 400, "window", "%s", err.message);
    opts->from = from[0] ? from : NULL;
    opts->to = to[0] ? to : NULL;
    return ORR_OK;
}

/*
** Run fn on the network of a window, under the igraph lock.  The last
** network built is kept (srv->memo_net) with the data generation and
** options it was built for, so the dashboard's /api/network, /api/blocs
** and what-if on the same window build it once: spinglass on a couple of
** hundred actors takes seconds.  fn runs under the lock, so the memo can
** be replaced without reference counts.
*/
typedef int (*network_fn)(const orr_network *net, void *ctx);

static int with_network(orr_server *srv, serve_req *req, serve_resp *resp,
                        const orr_network_opts *opts, network_fn fn, void *ctx) {
    char key[64];
    snprintf(key, sizeof key, "%s..%s|%g|%d", opts->from ? opts->from : "", opts->to ? opts->to : "",
             opts->min_events, opts->blocs);
    uint64_t gen = atomic_load(&srv->generation);
    orr_error err;
    pthread_mutex_lock(&srv->net_lock);
    if (!srv->memo_net || srv->memo_gen != gen || strcmp(srv->memo_key, key) != 0) {
        serve_rel *r = serve_rel_acquire(srv, req->db, &err);
        orr_network *net = NULL;
        int rc = r ? orr_network_build(r->rel, opts, &net, &err) : err.code;
        if (r) serve_rel_release(r);
        if (rc != ORR_OK) {
            pthread_mutex_unlock(&srv->net_lock);
            return serve_reply_error(resp, rc == ORR_EUSAGE ? 400 : 500, NULL, "%s", err.message);
        }
        orr_network_free(srv->memo_net);
        srv->memo_net = net;
        srv->memo_gen = gen;
        snprintf(srv->memo_key, sizeof srv->memo_key, "%s", key);
    }
    int rc = fn(srv->memo_net, ctx);
    pthread_mutex_unlock(&srv->net_lock);
    return rc;
}

typedef struct network_out {
    int blocs_only;
    json_t **out;
} network_out;

static json_t *blocs_json(const orr_network *net) {
    json_t *blocs = json_array();
    for (int b = 1; b <= net->n_blocs; b++) {
        json_t *members = json_array();
        for (size_t i = 0; i < net->n_nodes; i++)
            if (net->nodes[i].bloc == b) json_array_append_new(members, json_string(net->nodes[i].code));
        json_array_append_new(blocs, json_pack("{s:i, s:o}", "id", b, "members", members));
    }
    return json_pack("{s:{s:s, s:s}, s:o, s:i, s:o}", "window", "from", net->window_from, "to",
                     net->window_to, "blocs", blocs, "n_blocs", net->n_blocs, "quality",
                     orr_json_number(net->bloc_quality));
}

static int network_to_json(const orr_network *net, void *ctx) {
    network_out *o = ctx;
    *o->out = o->blocs_only ? blocs_json(net) : relate_network_json(net);
    return ORR_OK;
}

static int network_common(orr_server *srv, serve_req *req, serve_resp *resp, int blocs_only) {
    static const char *const known[] = {"window", "min_events", NULL};
    int64_t min_events = 1;
    char from[11], to[11];
    orr_network_opts opts;
    if (serve_params_only(req, resp, known) ||
        serve_param_int(req, resp, "min_events", 1, 1000000, &min_events) ||
        window_opts(req, resp, serve_param_get(req, "window"), from, to, &opts))
        return ORR_EUSAGE;
    opts.min_events = (double)min_events;
    opts.blocs = 1;
    json_t *out = NULL;
    network_out o = {blocs_only, &out};
    if (with_network(srv, req, resp, &opts, network_to_json, &o)) return ORR_EUSAGE;
    return serve_reply_json(resp, 200, out);
}

int api_network(orr_server *srv, serve_req *req, serve_resp *resp) {
    return network_common(srv, req, resp, 0);
}

int api_blocs(orr_server *srv, serve_req *req, serve_resp *resp) {
    return network_common(srv, req, resp, 1);
}

/* ---- GET /api/shifts ------------------------------------------------------ */

static int collect_shift(void *ctx, const orr_shift *s) {
    json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:I, s:I}",
                                         "source", s->source, "target", s->target, "before_from",
                                         s->before_from, "change_at", s->change_at, "after_to",
                                         s->after_to, "mean_before", orr_json_number(s->mean_before), "mean_after",
                                         orr_json_number(s->mean_after), "size", orr_json_number(s->size), "points",
                                         (json_int_t)s->n_points, "events", (json_int_t)s->events,
                                         "points_after", (json_int_t)s->n_after));
    return 0;
}

int api_shifts(orr_server *srv, serve_req *req, serve_resp *resp) {
    static const char *const known[] = {"since", "by", "limit", "min_points", NULL};
    static const char *const periods[] = {"week", "month", "quarter", "year", NULL};
    const char *since = NULL, *by_name = "month";
    int64_t limit = 20, min_points = 6;
    if (serve_params_only(req, resp, known) || serve_param_date(req, resp, "since", &since) ||
        serve_param_enum(req, resp, "by", periods, &by_name) ||
        serve_param_int(req, resp, "limit", 1, 1000, &limit) ||
        serve_param_int(req, resp, "min_points", 4, 1000, &min_points))
        return ORR_EUSAGE;
    orr_period by = ORR_BY_MONTH;  /* by_name was checked against the periods */
    orr_period_parse(by_name, &by);
    orr_error err;
    serve_rel *r = serve_rel_acquire(srv, req->db, &err);
    if (!r) return serve_reply_error(resp, 500, NULL, "%s", err.message);
    json_t *list = json_array();
    int rc = orr_relate_shifts(r->rel, by, since, (size_t)min_points, (size_t)limit, collect_shift, list, &err);
    serve_rel_release(r);
    if (rc != ORR_OK) {
        json_decref(list);
        return serve_reply_error(resp, 500, NULL, "%s", err.message);
    }
    return serve_reply_json(resp, 200, json_pack("{s:o, s:s, s:o}", "since", serve_json_text(since), "by",
                                                 by_name, "shifts", list));
}

/* ---- POST /api/whatif -------------------------------------------------------- */

/* Body: {"changes": ["USA-RUS=+5", ...], "window": "A..B"} */
static int whatif_body(serve_resp *resp, json_t *body, orr_whatif_change *changes, size_t *n,
                       const char **window) {
    json_t *list = json_object_get(body, "changes"), *w = json_object_get(body, "window");
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) if (strcmp(key, "changes") != 0 && strcmp(key, "window") != 0)
        return serve_reply_error(resp, 400, key, "unknown field (expected \"changes\" and \"window\")");
    if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > WHATIF_MAX_CHANGES)
        return serve_reply_error(resp, 400, "changes", "expected 1 to %d strings like \"USA-RUS=+5\"",
                                 WHATIF_MAX_CHANGES);
    if (w && !json_is_string(w)) return serve_reply_error(resp, 400, "window", "expected \"FROM..TO\"");
    *window = w ? json_string_value(w) : NULL;
    size_t i;
    json_array_foreach(list, i, v) {
        orr_error err;
        if (!json_is_string(v)) return serve_reply_error(resp, 400, "changes", "change %zu is not a string", i);
        if (orr_whatif_parse(json_string_value(v), &changes[i], &err) != ORR_OK)
            return serve_reply_error(resp, 400, "changes", "change %zu: %s", i, err.message);
    }
    *n = json_array_size(list);
    return ORR_OK;
}

static json_t *whatif_json(const orr_whatif_result *res) {
    json_t *triads = json_array(), *dyads = json_array(), *actors = json_array();
    for (size_t i = 0; i < res->n_triads; i++) {
        const orr_whatif_triad *t = &res->triads[i];
        json_array_append_new(triads, json_pack("{s:[s,s,s], s:o, s:o, s:o, s:b, s:b}", "actors", t->a, t->b,
                                                t->c, "ab", orr_json_number(t->ab), "ac", orr_json_number(t->ac), "bc", orr_json_number(t->bc),
                                                "balanced_before", t->balanced_before, "balanced_after",
                                                t->balanced_after));
    }
    for (size_t i = 0; i < res->n_dyads && i < 50; i++) {
        const orr_whatif_pressure *d = &res->dyads[i];
        json_array_append_new(dyads, json_pack("{s:s, s:s, s:o, s:o, s:b}", "a", d->a, "b", d->b, "current",
                                               orr_json_number(d->current), "pressure", orr_json_number(d->pressure), "has_tie",
                                               d->has_tie));
    }
    for (size_t i = 0; i < res->n_actors; i++) {
        const orr_whatif_actor *a = &res->actors[i];
        json_array_append_new(actors, json_pack("{s:s, s:o, s:o, s:o}", "code", a->code, "pressure",
                                                orr_json_number(a->pressure), "isolation_before",
                                                orr_json_number(a->isolation_before), "isolation_after",
                                                orr_json_number(a->isolation_after)));
    }
    return json_pack("{s:o, s:I, s:I, s:o, s:o, s:o}", "summary", serve_json_text(res->summary),
                     "unbalanced_before", (json_int_t)res->unbalanced_before, "unbalanced_after",
                     (json_int_t)res->unbalanced_after, "triads", triads, "dyads", dyads, "actors", actors);
}

typedef struct whatif_run_ctx {
    const orr_whatif_change *changes;
    size_t n;
    json_t *out;
    orr_error err;
    int rc;
} whatif_run_ctx;

static int whatif_on_network(const orr_network *net, void *ctx) {
    whatif_run_ctx *w = ctx;
    orr_whatif_result *res;
    w->rc = orr_whatif_run(net, w->changes, w->n, &res, &w->err);
    if (w->rc == ORR_OK) {
        w->out = whatif_json(res);
        orr_whatif_free(res);
    }
    return ORR_OK;
}

int api_whatif(orr_server *srv, serve_req *req, serve_resp *resp) {
    static const char *const known[] = {NULL};
    if (serve_params_only(req, resp, known)) return ORR_EUSAGE;
    json_t *body = serve_body_json(req, resp);
    if (!body) return ORR_EUSAGE;
    orr_whatif_change changes[WHATIF_MAX_CHANGES];
    size_t n = 0;
    const char *window = NULL;
    char from[11], to[11];
    orr_network_opts opts;
    int rc = whatif_body(resp, body, changes, &n, &window);
    if (!rc) rc = window_opts(req, resp, window, from, to, &opts);
    json_decref(body);  /* window points into body: copied into from/to above */
    if (rc) return rc;
    opts.min_events = 1;
    opts.blocs = 1;  /* the same network the dashboard has built for this window */
    whatif_run_ctx w = {changes, n, NULL, {0}, ORR_OK};
    if (with_network(srv, req, resp, &opts, whatif_on_network, &w)) return ORR_EUSAGE;
    if (w.rc != ORR_OK)
        return serve_reply_error(resp, w.rc == ORR_EUSAGE || w.rc == ORR_ENOTFOUND ? 400 : 500,
                                 w.rc == ORR_EUSAGE || w.rc == ORR_ENOTFOUND ? "changes" : NULL, "%s",
                                 w.err.message);
    return serve_reply_json(resp, 200, w.out);
}

/* ---- change points on a dyad's timeline ------------------------------------------- */

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/*
** PELT (src/relate) on the bin means, with the same choices as the
** relations stage's shift ranking: noise variance from the median
** absolute first difference (robust to the very jumps we look for),
** penalty 2 ln n per change (BIC-like), segments of at least 2 bins.
*/
void serve_change_points(const double *x, size_t n, const char (*periods)[11], json_t *out) {
    if (n < 4) return;
    double *d = malloc((n - 1) * sizeof *d);
    size_t *cps = malloc((n + 1) * sizeof *cps);
    if (!d || !cps) {
        free(d);
        free(cps);
        return;
    }
    for (size_t i = 1; i < n; i++) d[i - 1] = fabs(x[i] - x[i - 1]);
    qsort(d, n - 1, sizeof *d, cmp_double);
    double med = (n - 1) % 2 ? d[(n - 1) / 2] : (d[(n - 1) / 2 - 1] + d[(n - 1) / 2]) / 2;
    double sigma = 1.4826 * med / sqrt(2.0), sigma2 = sigma * sigma < 0.1 ? 0.1 : sigma * sigma;
    size_t n_cps = 0;
    if (orr_pelt(x, n, sigma2, 2.0 * log((double)n), 2, cps, &n_cps, NULL) == ORR_OK) {
        size_t prev = 0;
        for (size_t k = 0; k < n_cps; k++) {
            size_t at = cps[k], next = k + 1 < n_cps ? cps[k + 1] : n;
            if (at == 0 || at >= n) continue;
            double m0 = 0, m1 = 0;
            for (size_t i = prev; i < at; i++) m0 += x[i];
            for (size_t i = at; i < next; i++) m1 += x[i];
            m0 /= (double)(at - prev);
            m1 /= (double)(next - at);
            json_array_append_new(out, json_pack("{s:I, s:s, s:o, s:o}", "index", (json_int_t)at, "period",
                                                 periods[at], "mean_before", orr_json_number(m0), "mean_after", orr_json_number(m1)));
            prev = at;
        }
    }
    free(d);
    free(cps);
}
