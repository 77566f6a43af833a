/*
** server.c — libmicrohttpd glue: start and stop the daemon, read request
** bodies under a size limit, turn MHD's view of a request into a
** serve_req, call serve_dispatch(), and send the serve_resp back with the
** security headers every response carries.  Also the pool of database
** handles (one SQLite connection per worker, never shared between
** threads at once) and the per-request metrics.
*/
#include "serve.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SERVE_MAX_PATH 2048
#define SERVE_DEFAULT_BODY (8u << 20)

/* What we keep about one request while its body arrives. */
typedef struct conn_state {
    orr_buf body;
    int too_large;
} conn_state;

/* ---- database handles ---------------------------------------------------- */

static int pool_open(serve_db_pool *pool, const char *uri, int n, orr_error *err) {
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->freed, NULL);
    pool->free_list = calloc((size_t)n, sizeof *pool->free_list);
    if (!pool->free_list) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        int rc = orr_db_open(&pool->free_list[i], uri, err);
        if (rc) return rc;
        pool->n_free = pool->n_total = i + 1;
    }
    return ORR_OK;
}

static void pool_close(serve_db_pool *pool) {
    for (int i = 0; i < pool->n_free; i++) orr_db_close(pool->free_list[i]);
    free(pool->free_list);
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->freed);
}

orr_db *serve_db_acquire(orr_server *srv, orr_error *err) {
    serve_db_pool *pool = &srv->pool;
    if (pool->n_total == 0) {
        orr_error_set(err, ORR_EDB, "no database handles");
        return NULL;
    }
    pthread_mutex_lock(&pool->lock);
    while (pool->n_free == 0) pthread_cond_wait(&pool->freed, &pool->lock);
    orr_db *db = pool->free_list[--pool->n_free];
    pthread_mutex_unlock(&pool->lock);
    return db;
}

void serve_db_release(orr_server *srv, orr_db *db) {
    serve_db_pool *pool = &srv->pool;
    pthread_mutex_lock(&pool->lock);
    pool->free_list[pool->n_free++] = db;
    pthread_cond_signal(&pool->freed);
    pthread_mutex_unlock(&pool->lock);
}

/* ---- metrics ------------------------------------------------------------- */

static const double latency_le[SERVE_N_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

static void metrics_record(orr_server *srv, int route, int status, double seconds) {
    int r = route >= 0 ? route : serve_n_routes;
    int cls = status / 100;
    if (cls < 1 || cls > 5) cls = 5;
    atomic_fetch_add(&srv->route_stats[r].by_class[cls], 1);
    int b = 0;
    while (b < SERVE_N_BUCKETS && seconds > latency_le[b]) b++;
    atomic_fetch_add(&srv->latency_bucket[b], 1);
    atomic_fetch_add(&srv->latency_sum_us, (uint_fast64_t)(seconds * 1e6));
    atomic_fetch_add(&srv->requests_total, 1);
}

int api_metrics(orr_server *srv, serve_req *req, serve_resp *resp) {
    orr_buf *b = &resp->body;
    resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
    orr_buf_puts(b, "# HELP orrery_http_requests_total HTTP requests by route and status class.\n"
                    "# TYPE orrery_http_requests_total counter\n");
    for (int r = 0; r <= serve_n_routes; r++)
        for (int c = 1; c <= 5; c++) {
            uint_fast64_t n = atomic_load(&srv->route_stats[r].by_class[c]);
            if (n)
                orr_buf_printf(b, "orrery_http_requests_total{route=\"%s\",code=\"%dxx\"} %llu\n",
                               r < serve_n_routes ? serve_routes[r].name : "other", c,
                               (unsigned long long)n);
        }
    orr_buf_puts(b, "# HELP orrery_http_request_duration_seconds Time to answer a request.\n"
                    "# TYPE orrery_http_request_duration_seconds histogram\n");
    unsigned long long cum = 0;
    for (int i = 0; i <= SERVE_N_BUCKETS; i++) {
        cum += atomic_load(&srv->latency_bucket[i]);
        if (i < SERVE_N_BUCKETS)
            orr_buf_printf(b, "orrery_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                           latency_le[i], cum);
        else
            orr_buf_printf(b, "orrery_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
    }
    orr_buf_printf(b, "orrery_http_request_duration_seconds_sum %.6f\n",
                   (double)atomic_load(&srv->latency_sum_us) / 1e6);
    orr_buf_printf(b, "orrery_http_request_duration_seconds_count %llu\n", cum);
    orr_buf_printf(b,
                   "# HELP orrery_http_in_flight Requests being answered now.\n"
                   "# TYPE orrery_http_in_flight gauge\norrery_http_in_flight %llu\n"
                   "# HELP orrery_cache_hits_total Answers served from the response cache.\n"
                   "# TYPE orrery_cache_hits_total counter\norrery_cache_hits_total %llu\n"
                   "# HELP orrery_cache_misses_total Cacheable requests computed afresh.\n"
                   "# TYPE orrery_cache_misses_total counter\norrery_cache_misses_total %llu\n"
                   "# HELP orrery_http_bodies_rejected_total Request bodies over the size limit.\n"
                   "# TYPE orrery_http_bodies_rejected_total counter\n"
                   "orrery_http_bodies_rejected_total %llu\n"
                   "# HELP orrery_data_generation Writes (ingests) since the server started.\n"
                   "# TYPE orrery_data_generation counter\norrery_data_generation %llu\n",
                   (unsigned long long)atomic_load(&srv->in_flight),
                   (unsigned long long)atomic_load(&srv->cache_hits),
                   (unsigned long long)atomic_load(&srv->cache_misses),
                   (unsigned long long)atomic_load(&srv->bodies_rejected),
                   (unsigned long long)atomic_load(&srv->generation));
    return ORR_OK;
}

int api_healthz(orr_server *srv, serve_req *req, serve_resp *resp) {
    json_t *j = json_pack("{s:s, s:s}", "status", "ok", "version", ORR_VERSION);
    return serve_reply_json(resp, 200, j);
}

/* ---- the Host header on a loopback server ---------------------------------- */

/*
** A server on loopback is reachable only from this machine, but a web page
** from anywhere can make a browser here send requests to it under another
** name (DNS rebinding).  Such requests carry that other name in Host, so a
** loopback server answers only requests addressed to a loopback name.
*/
bool serve_host_allowed(const char *host) {
    if (!host) return true;  /* HTTP/1.0 without Host: not from a browser */
    char name[256];
    size_t len;
    if (host[0] == '[') {    /* [v6]:port */
        const char *close = strchr(host, ']');
        if (!close) return false;
        len = (size_t)(close - host - 1);
        host++;
    } else {
        const char *colon = strchr(host, ':');
        len = colon ? (size_t)(colon - host) : strlen(host);
    }
    if (len == 0 || len >= sizeof name) return false;
    memcpy(name, host, len);
    name[len] = 0;
    if (strcasecmp(name, "localhost") == 0) return true;
    struct in_addr v4;
    struct in6_addr v6;
    if (inet_pton(AF_INET, name, &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    return inet_pton(AF_INET6, name, &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

/* ---- MHD callbacks ------------------------------------------------------- */

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value) {
    serve_req *req = cls;
    if (req->n_params >= SERVE_MAX_PARAMS) {
        req->too_many_params = 1;
        return MHD_NO;
    }
    req->params[req->n_params++] = (serve_param){key ? key : "", value};
    return MHD_YES;
}

static void add_headers(orr_server *srv, struct MHD_Response *r, const serve_resp *resp,
                        const serve_req *req) {
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    bool api = strncmp(req->path, "/api/", 5) == 0;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, api ? "no-store" : "no-cache");
    if (strncmp(resp->content_type, "text/html", 9) == 0)
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; "
                                "style-src 'self' 'unsafe-inline'; connect-src 'self'; "
                                "frame-ancestors 'none'");
    if (srv->cors_origin) {
        MHD_add_response_header(r, "Access-Control-Allow-Origin", srv->cors_origin);
        MHD_add_response_header(r, "Vary", "Origin");
    }
    if (resp->status == 401) MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
}

static enum MHD_Result send_resp(orr_server *srv, struct MHD_Connection *conn, serve_resp *resp,
                                 const serve_req *req) {
    struct MHD_Response *r;
    if (resp->file_fd >= 0) {
        r = MHD_create_response_from_fd((uint64_t)resp->file_size, resp->file_fd);
        if (r) resp->file_fd = -1;  /* MHD closes it */
    } else {
        size_t len = resp->body.len;
        char *data = orr_buf_steal(&resp->body, &len);
        r = MHD_create_response_from_buffer(len, data ? data : (char *)"",
                                            data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (!r) free(data);
    }
    if (!r) return MHD_NO;
    add_headers(srv, r, resp, req);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
    orr_server *srv = cls;
    conn_state *st = *con_cls;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st) return MHD_NO;
        orr_buf_init(&st->body);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > srv->max_body) st->too_large = 1;
        *con_cls = st;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!st->too_large && st->body.len + *upload_data_size <= srv->max_body) {
            if (orr_buf_append(&st->body, upload_data, *upload_data_size)) st->too_large = 1;
        } else {
            st->too_large = 1;
            orr_buf_free(&st->body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    atomic_fetch_add(&srv->in_flight, 1);
    serve_req req = {.method = method, .path = url};
    req.body = st->body.data;
    req.body_len = st->body.len;
    req.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    req.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_param, &req);
    serve_resp resp;
    serve_resp_init(&resp);
    int route = -1;
    if (st->too_large) {
        atomic_fetch_add(&srv->bodies_rejected, 1);
        serve_reply_error(&resp, 413, "body", "request body over the limit of %zu bytes", srv->max_body);
    } else if (srv->loopback_only &&
               !serve_host_allowed(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))) {
        serve_reply_error(&resp, 421, "Host",
                          "this server listens on loopback and answers only to a loopback Host name");
    } else if (strlen(url) > SERVE_MAX_PATH) {
        serve_reply_error(&resp, 414, NULL, "path longer than %d bytes", SERVE_MAX_PATH);
    } else if (strcmp(method, "OPTIONS") == 0 && srv->cors_origin) {
        resp.status = 204;
        resp.content_type = "text/plain";
    } else {
        route = serve_dispatch(srv, &req, &resp);
    }
    enum MHD_Result ret = send_resp(srv, conn, &resp, &req);
    serve_resp_free(&resp);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    metrics_record(srv, route, resp.status,
                   (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    atomic_fetch_sub(&srv->in_flight, 1);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    conn_state *st = *con_cls;
    if (!st) return;
    orr_buf_free(&st->body);
    free(st);
    *con_cls = NULL;
}

/* ---- start and stop -------------------------------------------------------- */

static int parse_bind(const char *bind, int port, struct sockaddr_storage *addr, int *ipv6,
                      orr_error *err) {
    memset(addr, 0, sizeof *addr);
    if (strcmp(bind, "localhost") == 0) bind = "127.0.0.1";
    struct sockaddr_in *v4 = (struct sockaddr_in *)addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)addr;
    if (inet_pton(AF_INET, bind, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        *ipv6 = 0;
    } else if (inet_pton(AF_INET6, bind, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        *ipv6 = 1;
    } else {
        return orr_error_set(err, ORR_EUSAGE, "bind address '%s': expected an IPv4 or IPv6 address",
                             bind);
    }
    return ORR_OK;
}

static int server_init(orr_server *srv, const orr_serve_config *cfg, int threads, orr_error *err) {
    srv->max_body = cfg->max_body ? cfg->max_body : SERVE_DEFAULT_BODY;
    pthread_mutex_init(&srv->rel_lock, NULL);
    pthread_mutex_init(&srv->net_lock, NULL);
    srv->db_uri = strdup(cfg->db_uri && *cfg->db_uri ? cfg->db_uri : "orrery.db");
    srv->route_stats = calloc((size_t)serve_n_routes + 1, sizeof *srv->route_stats);
    srv->cache = serve_cache_new(4096, 64u << 20);
    if (!srv->db_uri || !srv->route_stats || !srv->cache)
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    if (cfg->token && *cfg->token) {
        srv->token_hash = malloc(65);
        if (!srv->token_hash) return orr_error_set(err, ORR_ENOMEM, "out of memory");
        orr_sha256_hex(cfg->token, strlen(cfg->token), srv->token_hash);
    }
    if (cfg->cors_origin && *cfg->cors_origin && !(srv->cors_origin = strdup(cfg->cors_origin)))
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    if (cfg->web_root) {
        char real[PATH_MAX];
        struct stat sb;
        if (!realpath(cfg->web_root, real) || stat(real, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return orr_error_set(err, ORR_ENOTFOUND, "%s: web root is not a directory", cfg->web_root);
        if (!(srv->web_root = strdup(real))) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    return pool_open(&srv->pool, srv->db_uri, threads, err);
}

int serve_server_open(orr_server **out, const orr_serve_config *cfg, orr_error *err) {
    *out = NULL;
    int threads = cfg->threads > 0 ? cfg->threads : 2;
    if (threads > 256) return orr_error_set(err, ORR_EUSAGE, "threads %d: at most 256", threads);
    orr_server *srv = calloc(1, sizeof *srv);
    if (!srv) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    int rc = server_init(srv, cfg, threads, err);
    if (rc) {
        orr_serve_stop(srv);
        return rc;
    }
    *out = srv;
    return ORR_OK;
}

int orr_serve_start(orr_server **out, const orr_serve_config *cfg, orr_error *err) {
    *out = NULL;
    if (cfg->port < 0 || cfg->port > 65535)
        return orr_error_set(err, ORR_EUSAGE, "port %d: expected 0 to 65535", cfg->port);
    struct sockaddr_storage addr;
    int ipv6 = 0;
    const char *bind = cfg->bind && *cfg->bind ? cfg->bind : "127.0.0.1";
    int rc = parse_bind(bind, cfg->port, &addr, &ipv6, err);
    if (rc) return rc;
    orr_server *srv;
    if ((rc = serve_server_open(&srv, cfg, err))) return rc;
    int threads = srv->pool.n_total;
    srv->loopback_only = ipv6 ? IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)&addr)->sin6_addr)
                              : (ntohl(((struct sockaddr_in *)&addr)->sin_addr.s_addr) >> 24) == 127;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO |
                     (ipv6 ? MHD_USE_IPv6 : 0);
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)30, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024, MHD_OPTION_END);
    if (!srv->daemon) {
        orr_serve_stop(srv);
        return orr_error_set(err, ORR_EIO, "%s:%d: cannot listen (address in use or not allowed?)",
                             bind, cfg->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : cfg->port;
    *out = srv;
    return ORR_OK;
}

int orr_serve_port(const orr_server *srv) { return srv ? srv->port : 0; }

void orr_serve_stop(orr_server *srv) {
    if (!srv) return;
    if (srv->daemon) MHD_stop_daemon(srv->daemon);
    if (srv->pool.free_list || srv->pool.n_total) pool_close(&srv->pool);
    serve_cache_free(srv->cache);
    if (srv->rel) serve_rel_release(srv->rel);
    pthread_mutex_destroy(&srv->rel_lock);
    orr_network_free(srv->memo_net);
    pthread_mutex_destroy(&srv->net_lock);
    free(srv->route_stats);
    free(srv->db_uri);
    free(srv->web_root);
    free(srv->token_hash);
    free(srv->cors_origin);
    free(srv);
}
