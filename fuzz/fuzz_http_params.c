/*
** fuzz_http_params.c — libFuzzer target for everything a client sends
** the server short of TCP: the request line's path and query string
** (percent-decoded by libmicrohttpd's own MHD_http_unescape, as the
** server does), an optional Authorization line, and the body.  Each
** input goes through serve_dispatch() against an in-memory store, so
** parameter validation, JSON body parsing, ingest readers, routing,
** auth and static-path checks are all reached.
**
** Input: "METHOD /path?query\n[Authorization: ...\n][Content-Type: ...\n]\nbody"
*/
#include "serve/serve.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static orr_server *server;
static unsigned runs;

static void fuzz_open(void) {
    char dir[] = "/tmp/orrery-fuzz-web-XXXXXX";
    static char web[64];
    if (!web[0] && mkdtemp(dir)) {
        snprintf(web, sizeof web, "%s", dir);
        char path[128];
        snprintf(path, sizeof path, "%s/index.html", web);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs("<!doctype html><title>x</title>", f);
            fclose(f);
        }
    }
    orr_serve_config cfg = {.db_uri = ":memory:", .threads = 1, .token = "fuzz-token",
                            .web_root = web[0] ? web : NULL, .max_body = 1 << 16};
    orr_error err;
    if (serve_server_open(&server, &cfg, &err) != ORR_OK) abort();
}

/* Split "k=v&k2=v2" in place into req->params, decoding each part. */
static void parse_query(char *q, serve_req *req) {
    while (q && *q) {
        char *amp = strchr(q, '&');
        if (amp) *amp = 0;
        char *eq = strchr(q, '=');
        if (eq) *eq = 0;
        if (req->n_params < SERVE_MAX_PARAMS) {
            MHD_http_unescape(q);
            if (eq) MHD_http_unescape(eq + 1);
            req->params[req->n_params++] = (serve_param){q, eq ? eq + 1 : NULL};
        } else {
            req->too_many_params = 1;
        }
        q = amp ? amp + 1 : NULL;
    }
}

static char *take_line(char **cursor, char *end) {
    char *line = *cursor;
    char *nl = memchr(line, '\n', (size_t)(end - line));
    if (!nl) {
        *cursor = end;
        return line;
    }
    *nl = 0;
    *cursor = nl + 1;
    return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!server || ++runs % 2000 == 0) {  /* a fresh store now and then */
        orr_serve_stop(server);
        fuzz_open();
    }
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = 0;
    char *cur = buf, *end = buf + size;
    char *line = take_line(&cur, end);
    serve_req req = {0};
    char *sp = strchr(line, ' ');
    if (!sp) goto done;
    *sp = 0;
    req.method = line;
    char *path = sp + 1;
    char *qm = strchr(path, '?');
    if (qm) *qm = 0;
    MHD_http_unescape(path);
    req.path = path;
    if (qm) parse_query(qm + 1, &req);
    while (cur < end) {
        char *h = take_line(&cur, end);
        if (!*h) break;
        if (strncmp(h, "Authorization: ", 15) == 0) req.authorization = h + 15;
        else if (strncmp(h, "Content-Type: ", 14) == 0) req.content_type = h + 14;
    }
    req.body = cur < end ? cur : NULL;
    req.body_len = (size_t)(end - cur);
    serve_resp resp;
    serve_resp_init(&resp);
    serve_dispatch(server, &req, &resp);
    if (resp.status < 200 || resp.status > 599) abort();
    if (resp.file_fd < 0 && resp.body.len == 0 && resp.status != 204) abort();
    serve_resp_free(&resp);
done:
    free(buf);
    return 0;
}
