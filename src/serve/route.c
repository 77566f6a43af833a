/*
** route.c — the route table (one row per endpoint) and the dispatcher
** that applies, in order: path match, method check, bearer-token auth for
** write endpoints, the response cache for cacheable GETs, a database
** handle from the pool, and finally the handler.
*/
#include "serve.h"

#include <stdlib.h>
#include <strings.h>

const serve_route serve_routes[] = {
    {"GET", "/healthz", api_healthz, 0, "healthz"},
    {"GET", "/metrics", api_metrics, 0, "metrics"},
    {"GET", "/api/events", api_events, ROUTE_DB | ROUTE_CACHE, "events"},
    {"GET", "/api/actors", api_actors, ROUTE_DB | ROUTE_CACHE, "actors"},
    {"GET", "/api/dyads/*/*", api_dyad, ROUTE_DB | ROUTE_CACHE, "dyads"},
    {"GET", "/api/network", api_network, ROUTE_DB | ROUTE_CACHE, "network"},
    {"GET", "/api/blocs", api_blocs, ROUTE_DB | ROUTE_CACHE, "blocs"},
    {"GET", "/api/shifts", api_shifts, ROUTE_DB | ROUTE_CACHE, "shifts"},
    {"POST", "/api/whatif", api_whatif, ROUTE_DB, "whatif"},
    {"POST", "/api/forecast", api_forecast, 0, "forecast"},
    {"POST", "/api/ingest", api_ingest, ROUTE_DB | ROUTE_WRITE, "ingest"},
};
const int serve_n_routes = (int)(sizeof serve_routes / sizeof serve_routes[0]);

/* Does path match pattern segment by segment?  '*' takes one non-empty
** segment and records it in req->segs (pointing into `scratch`). */
static bool route_match(const char *pattern, const char *path, serve_req *req) {
    int n_segs = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '*') {
            const char *end = strchr(s, '/');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            if (len == 0 || n_segs >= SERVE_MAX_SEGS) return false;
            req->segs[n_segs++] = s;
            s += len;
            p++;
        } else if (*p++ != *s++) {
            return false;
        }
    }
    if (*p || *s) return false;
    req->n_segs = n_segs;
    return true;
}

int serve_route_find(const char *method, const char *path, serve_req *req) {
    int path_found = 0;
    for (int i = 0; i < serve_n_routes; i++) {
        if (!route_match(serve_routes[i].pattern, path, req)) continue;
        bool same = strcmp(serve_routes[i].method, method) == 0 ||
                    (strcmp(method, "HEAD") == 0 && strcmp(serve_routes[i].method, "GET") == 0);
        if (same) return i;
        path_found = 1;
    }
    req->n_segs = 0;
    return path_found ? -2 : -1;
}

/*
** Wildcard segments point into the path; handlers want them as separate
** strings, so the dispatcher copies them (segments are short: a path is
** limited by the server to a few kilobytes).
*/
static void split_segs(serve_req *req, char *copy) {
    for (int i = 0; i < req->n_segs; i++) {
        size_t off = (size_t)(req->segs[i] - req->path);
        char *seg = copy + off;
        char *slash = strchr(seg, '/');
        if (slash) *slash = 0;
        req->segs[i] = seg;
    }
}

/* The cache key: the generation, the path, and the parameters sorted so
** that ?a=1&b=2 and ?b=2&a=1 share an entry. */
static int param_cmp(const void *a, const void *b) {
    const serve_param *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->value ? x->value : "", y->value ? y->value : "");
}

static void cache_key(orr_server *srv, const serve_req *req, orr_buf *key) {
    serve_param sorted[SERVE_MAX_PARAMS];
    int n = req->n_params;
    memcpy(sorted, req->params, (size_t)n * sizeof *sorted);
    qsort(sorted, (size_t)n, sizeof *sorted, param_cmp);
    /* generation, path, then key NUL value NUL ...: NUL cannot occur in a
    ** decoded parameter, so distinct requests cannot share a key.  No
    ** printf here: this runs on every cacheable request. */
    uint64_t gen = atomic_load(&srv->generation);
    orr_buf_append(key, &gen, sizeof gen);
    orr_buf_append(key, req->path, strlen(req->path) + 1);
    for (int i = 0; i < n; i++) {
        orr_buf_append(key, sorted[i].key, strlen(sorted[i].key) + 1);
        const char *v = sorted[i].value ? sorted[i].value : "";
        orr_buf_append(key, v, strlen(v) + 1);
    }
}

bool serve_auth_ok(const orr_server *srv, const char *authorization) {
    if (!srv->token_hash || !authorization) return false;
    if (strncasecmp(authorization, "Bearer ", 7) != 0) return false;
    const char *given = authorization + 7;
    /* Compare digests, not tokens: the time taken depends on neither the
    ** token's length nor on how many leading bytes the guess got right. */
    char hex[65];
    orr_sha256_hex(given, strlen(given), hex);
    unsigned diff = 0;
    for (int i = 0; i < 64; i++) diff |= (unsigned)(hex[i] ^ srv->token_hash[i]);
    return diff == 0;
}

static int run_handler(orr_server *srv, const serve_route *route, serve_req *req,
                       serve_resp *resp) {
    if (!(route->flags & ROUTE_DB)) return route->handler(srv, req, resp);
    orr_error err;
    req->db = serve_db_acquire(srv, &err);
    if (!req->db) return serve_reply_error(resp, 503, NULL, "database unavailable: %s", err.message);
    int rc = route->handler(srv, req, resp);
    serve_db_release(srv, req->db);
    req->db = NULL;
    return rc;
}

int serve_dispatch(orr_server *srv, serve_req *req, serve_resp *resp) {
    int idx = serve_route_find(req->method, req->path, req);
    if (idx == -1) {
        bool api = strncmp(req->path, "/api/", 5) == 0 || strcmp(req->path, "/api") == 0;
        bool get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
        if (!api && get && srv->web_root) serve_static(srv, req, resp);
        else if (!api && !get && srv->web_root) serve_reply_error(resp, 405, NULL, "method not allowed");
        else serve_reply_error(resp, 404, NULL, "no such endpoint: %s", req->path);
        return -1;
    }
    if (idx == -2) {
        serve_reply_error(resp, 405, NULL, "method %s not allowed here", req->method);
        return -1;
    }
    const serve_route *route = &serve_routes[idx];
    if (route->flags & ROUTE_WRITE) {
        if (!srv->token_hash) {
            serve_reply_error(resp, 403, NULL,
                              "write endpoints are disabled: start the server with ORRERY_TOKEN set");
            return idx;
        }
        if (!serve_auth_ok(srv, req->authorization)) {
            serve_reply_error(resp, 401, "Authorization", "expected 'Authorization: Bearer TOKEN'");
            return idx;
        }
    }
    char *copy = strdup(req->path);
    if (!copy) {
        serve_reply_error(resp, 500, NULL, "out of memory");
        return idx;
    }
    split_segs(req, copy);
    if (route->flags & ROUTE_CACHE) {
        orr_buf key;
        orr_buf_init(&key);
        cache_key(srv, req, &key);
        if (key.data && serve_cache_get(srv->cache, key.data, key.len, resp)) {
            atomic_fetch_add(&srv->cache_hits, 1);
        } else {
            atomic_fetch_add(&srv->cache_misses, 1);
            run_handler(srv, route, req, resp);
            if (resp->status == 200 && key.data) serve_cache_put(srv->cache, key.data, key.len, resp);
        }
        orr_buf_free(&key);
    } else {
        run_handler(srv, route, req, resp);
    }
    free(copy);
    return idx;
}
