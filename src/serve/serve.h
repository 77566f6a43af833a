/*
** serve.h — internals of the HTTP server (src/serve).  The server is split
** so that everything except the socket layer can run without a network:
**
**   server.c   libmicrohttpd glue: connections, bodies, auth, cache, metrics
**   route.c    the route table (one row per endpoint) and the dispatcher
**   params.c   query-parameter and body validation (the fuzzed surface)
**   api_*.c    one file per group of endpoints, each building JSON (jansson)
**   static.c   dashboard files under the web root, never outside it
**   cache.c    the response cache for GET endpoints (cleared on ingest)
**
** A handler sees a serve_req (method, path segments, query parameters,
** body) and fills a serve_resp (status, content type, body).  It never
** touches the socket, so the fuzz target and unit tests call
** serve_dispatch() directly.
*/
#ifndef ORR_SERVE_H
#define ORR_SERVE_H

#include "../util/util.h"

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>

#define SERVE_MAX_PARAMS 32
#define SERVE_MAX_SEGS 8

typedef struct serve_param {
    const char *key, *value;
} serve_param;

typedef struct serve_req {
    const char *method;              /* "GET", "POST", ... */
    const char *path;                /* decoded, without the query string */
    const char *segs[SERVE_MAX_SEGS]; /* the path's wildcard segments, in order */
    int n_segs;
    serve_param params[SERVE_MAX_PARAMS];
    int n_params;
    int too_many_params;
    const char *body;
    size_t body_len;
    const char *content_type;        /* request Content-Type, or NULL */
    const char *authorization;       /* Authorization header, or NULL */
    orr_db *db;                      /* a handle for this request only */
} serve_req;

typedef struct serve_resp {
    int status;
    const char *content_type;        /* static string */
    orr_buf body;
    int file_fd;                     /* >= 0: send this file instead of body */
    size_t file_size;
    int cacheable;                   /* the handler allows caching this response */
} serve_resp;

/* ---- the server object shared by every worker thread ---------------- */

typedef struct serve_cache serve_cache;

enum { SERVE_N_BUCKETS = 12 };       /* latency histogram buckets */

typedef struct serve_route serve_route;

typedef struct serve_route_stats {
    atomic_uint_fast64_t by_class[6]; /* index status/100: 1xx..5xx */
} serve_route_stats;

typedef struct serve_db_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    orr_db **free_list;
    int n_free, n_total;
} serve_db_pool;

struct orr_server {
    struct MHD_Daemon *daemon;
    char *db_uri, *web_root, *token_hash, *cors_origin;
    size_t max_body;
    int port;
    int loopback_only;               /* bound to loopback: check Host (server.c) */
    serve_db_pool pool;
    serve_cache *cache;
    serve_route_stats *route_stats;  /* one per route-table row (+1 for 404s) */
    atomic_uint_fast64_t latency_bucket[SERVE_N_BUCKETS + 1];
    atomic_uint_fast64_t latency_sum_us, requests_total, cache_hits, cache_misses;
    atomic_uint_fast64_t in_flight, bodies_rejected;
    atomic_uint_fast64_t generation; /* bumped by writes; part of cache keys */
    pthread_mutex_t rel_lock;        /* guards `rel` while it is replaced */
    struct serve_rel *rel;           /* events in memory for relations (api_relate.c) */
    pthread_mutex_t net_lock;        /* igraph is not thread-safe (api_network.c) */
    orr_network *memo_net;           /* the last network built, under net_lock */
    uint64_t memo_gen;               /* ... for this data generation */
    char memo_key[64];               /* ... and these options */
};

/* Everything orr_serve_start does except listening: for tests and fuzzing,
** which call serve_dispatch() directly.  Free with orr_serve_stop(). */
int serve_server_open(orr_server **out, const orr_serve_config *cfg, orr_error *err);

/* ---- responses ---------------------------------------------------------- */

void serve_resp_init(serve_resp *resp);
void serve_resp_free(serve_resp *resp);
/* Serialise json (stolen) as the response body with this status. */
int serve_reply_json(serve_resp *resp, int status, json_t *json);
/* {"error": message, "param": param} with this status; param may be NULL. */
int serve_reply_error(serve_resp *resp, int status, const char *param, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* json_string(s), with bytes that are not UTF-8 replaced; null for NULL. */
json_t *serve_json_text(const char *s);

/* ---- routes ------------------------------------------------------------- */

typedef int (*serve_handler)(orr_server *srv, serve_req *req, serve_resp *resp);

enum {
    ROUTE_WRITE = 1,  /* needs the bearer token; disabled when none is set */
    ROUTE_CACHE = 2,  /* GET whose response may be cached until the next write */
    ROUTE_DB = 4      /* needs a database handle */
};

struct serve_route {
    const char *method;
    const char *pattern;   /* "/api/dyads/ * / *" with '*' matching one segment, no spaces */
    serve_handler handler;
    int flags;
    const char *name;      /* label in /metrics */
};

extern const serve_route serve_routes[];
extern const int serve_n_routes;

/* Find the route for method+path (filling req->segs).  Returns its index,
** or -1 for no path match, -2 when the path exists with another method. */
int serve_route_find(const char *method, const char *path, serve_req *req);

/*
** Handle one request end to end, without sockets: find the route, check
** auth, take a DB handle if needed, call the handler.  Returns the route
** index (or -1) for metrics.
*/
int serve_dispatch(orr_server *srv, serve_req *req, serve_resp *resp);

/* ---- parameters (params.c) ---------------------------------------------- */

const char *serve_param_get(const serve_req *req, const char *key);
/* Each returns ORR_OK, or fills a 400 reply naming the parameter and
** returns ORR_EUSAGE.  Absent parameters leave *out unchanged. */
int serve_param_int(const serve_req *req, serve_resp *resp, const char *key, int64_t lo,
                    int64_t hi, int64_t *out);
int serve_param_date(const serve_req *req, serve_resp *resp, const char *key, const char **out);
int serve_param_code(const serve_req *req, serve_resp *resp, const char *key, size_t max_len,
                     const char **out);
int serve_param_enum(const serve_req *req, serve_resp *resp, const char *key,
                     const char *const *choices, const char **out);
/* Every parameter present must be one of `known` (NULL-terminated). */
int serve_params_only(const serve_req *req, serve_resp *resp, const char *const *known);

/* Validators on plain strings (also used for path segments and JSON bodies). */
bool serve_valid_date(const char *s);        /* YYYY-MM-DD, a real calendar day */
bool serve_valid_code(const char *s, size_t max_len); /* [A-Z0-9]{1,max} */
/* "A..B" with both dates valid and A <= B; copies them into from/to. */
/* Parse a JSON body; fills a 400 naming "body" on failure. */
json_t *serve_body_json(const serve_req *req, serve_resp *resp);

/* ---- endpoints ---------------------------------------------------------- */

int api_healthz(orr_server *srv, serve_req *req, serve_resp *resp);
int api_metrics(orr_server *srv, serve_req *req, serve_resp *resp);
int api_events(orr_server *srv, serve_req *req, serve_resp *resp);
int api_actors(orr_server *srv, serve_req *req, serve_resp *resp);
int api_ingest(orr_server *srv, serve_req *req, serve_resp *resp);
int api_dyad(orr_server *srv, serve_req *req, serve_resp *resp);
int api_network(orr_server *srv, serve_req *req, serve_resp *resp);
int api_blocs(orr_server *srv, serve_req *req, serve_resp *resp);
int api_shifts(orr_server *srv, serve_req *req, serve_resp *resp);
int api_whatif(orr_server *srv, serve_req *req, serve_resp *resp);
int api_forecast(orr_server *srv, serve_req *req, serve_resp *resp);
int serve_static(orr_server *srv, serve_req *req, serve_resp *resp);

/* JSON for one stored event, with its evidence sentence and spans. */
json_t *serve_event_json(const orr_event *e);

/* ---- cache (cache.c) ----------------------------------------------------- */

serve_cache *serve_cache_new(size_t max_entries, size_t max_bytes);
void serve_cache_free(serve_cache *cache);
/* Copy the cached response for key into resp; returns 1 on a hit. */
int serve_cache_get(serve_cache *cache, const char *key, size_t key_len, serve_resp *resp);
void serve_cache_put(serve_cache *cache, const char *key, size_t key_len, const serve_resp *resp);
void serve_cache_clear(serve_cache *cache);

/* ---- the relations table shared by requests (api_relate.c) ------------ */

/* The in-memory event table for the current data generation, loaded from
** the store on first use and replaced after a write.  Read-only; reference
** counted so that a request keeps its table while another replaces it. */
typedef struct serve_rel {
    orr_relate *rel;
    uint64_t generation;
    atomic_int refs;
} serve_rel;

serve_rel *serve_rel_acquire(orr_server *srv, orr_db *db, orr_error *err);
void serve_rel_release(serve_rel *r);

/* Change points of a series (PELT from src/relate), appended to `out` as
** {"index","period","mean_before","mean_after"}. */
void serve_change_points(const double *x, size_t n, const char (*periods)[11], json_t *out);

/* ---- database handles (server.c) ---------------------------------------- */

orr_db *serve_db_acquire(orr_server *srv, orr_error *err);
void serve_db_release(orr_server *srv, orr_db *db);

/* ---- auth ---------------------------------------------------------------- */

/* May a loopback server answer a request with this Host header? */
bool serve_host_allowed(const char *host);

/* Is "Bearer <token>" the configured token?  Constant time in the token. */
bool serve_auth_ok(const orr_server *srv, const char *authorization);

#endif
