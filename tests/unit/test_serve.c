/*
** test_serve.c — the HTTP server end to end: a real server on an
** ephemeral loopback port over a temporary store holding one document and
** a few events, queried by a tiny HTTP/1.1 client over sockets.  Checks
** status codes, JSON shapes, parameter errors naming the parameter, auth,
** body limits, the cache, metrics and static-file confinement.
*/
#include "testutil.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve/serve.h"

static char db_path[64], web_dir[64];
static orr_server *srv_open, *srv_token;

/* ---- a minimal HTTP client ------------------------------------------------ */

typedef struct http_reply {
    int status;
    char *head;   /* status line and headers */
    char *body;
    json_t *json; /* body parsed, when it is JSON */
} http_reply;

static void reply_free(http_reply *r) {
    free(r->head);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

static http_reply http(orr_server *srv, const char *method, const char *path, const char *headers,
                       const char *body) {
    http_reply r = {0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)orr_serve_port(srv))};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    size_t blen = body ? strlen(body) : 0;
    char *req = NULL;
    size_t req_len = 0;
    FILE *f = open_memstream(&req, &req_len);
    bool own_host = headers && strncmp(headers, "Host:", 5) == 0;
    fprintf(f, "%s %s HTTP/1.1\r\n%sConnection: close\r\n%s", method, path,
            own_host ? "" : "Host: 127.0.0.1\r\n", headers ? headers : "");
    if (body) fprintf(f, "Content-Length: %zu\r\n", blen);
    fprintf(f, "\r\n");
    if (body) fwrite(body, 1, blen, f);
    fclose(f);
    for (size_t off = 0; off < req_len;) {
        ssize_t n = write(fd, req + off, req_len - off);
        if (n <= 0) break;
        off += (size_t)n;
    }
    free(req);
    orr_buf in;
    orr_buf_init(&in);
    char chunk[4096];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0) orr_buf_append(&in, chunk, (size_t)n);
    close(fd);
    orr_buf_append(&in, "", 1);
    r.head = orr_buf_steal(&in, NULL);
    char *sep = strstr(r.head, "\r\n\r\n");
    assert_non_null(sep);
    *sep = 0;
    r.body = sep + 4;
    assert_int_equal(sscanf(r.head, "HTTP/1.1 %d", &r.status), 1);
    r.json = json_loads(r.body, 0, NULL);
    return r;
}

static http_reply get(orr_server *srv, const char *path) { return http(srv, "GET", path, NULL, NULL); }

static const char *jstr(json_t *j, const char *key) { return json_string_value(json_object_get(j, key)); }
static json_int_t jint(json_t *j, const char *key) { return json_integer_value(json_object_get(j, key)); }

/* ---- fixture ------------------------------------------------------------------ */

static const char doc_text[] = "Talks\nRussia and China signed a pact. The United States criticized Iran.";

static void fill_store(void) {
    orr_db *db;
    orr_error err;
    assert_int_equal(orr_db_open(&db, db_path, &err), ORR_OK);
    orr_doc *doc = orr_doc_new();
    doc->text = orr_arena_strdup(doc->arena, doc_text);
    doc->text_len = strlen(doc_text);
    doc->sentences = orr_arena_alloc(doc->arena, 3 * sizeof *doc->sentences);
    doc->sentences[0] = (orr_sentence){0, 5, 1};
    doc->sentences[1] = (orr_sentence){6, 37, 0};
    doc->sentences[2] = (orr_sentence){38, doc->text_len, 0};
    doc->n_sentences = 3;
    int64_t doc_id;
    int was_new;
    assert_int_equal(orr_db_begin(db, &err), ORR_OK);
    assert_int_equal(orr_db_put_doc(db, doc, &doc_id, &was_new, &err), ORR_OK);
    orr_event ev[4];
    memset(ev, 0, sizeof ev);
    for (int i = 0; i < 4; i++) {
        ev[i].sentence = -1;
        ev[i].source_start = ev[i].source_end = ev[i].target_start = ev[i].target_end = -1;
        ev[i].verb_start = ev[i].verb_end = -1;
        ev[i].dataset = "orrery";
    }
    /* RUS signs with CHN: sentence 1, spans "Russia" 6-12, "signed" 23-29, "China" 17-22 */
    ev[0] = (orr_event){.doc_id = doc_id, .sentence = 1, .date = "2024-03-05", .source = "RUS",
                        .source_country = "RUS", .source_text = "Russia", .source_start = 6,
                        .source_end = 12, .target = "CHN", .target_country = "CHN",
                        .target_text = "China", .target_start = 17, .target_end = 22,
                        .verb_text = "signed", .verb_start = 23, .verb_end = 29, .code = "057",
                        .root = 5, .quad = 1, .goldstein = 8.0, .dataset = "orrery", .origin_id = "e0"};
    ev[1] = (orr_event){.doc_id = doc_id, .sentence = 2, .date = "2024-04-10", .source = "USAGOV",
                        .source_country = "USA", .source_agent = "GOV", .source_text = "The United States",
                        .source_start = 38, .source_end = 55, .target = "IRN", .target_country = "IRN",
                        .target_text = "Iran", .target_start = 67, .target_end = 71,
                        .verb_text = "criticized", .verb_start = 56, .verb_end = 66, .code = "111",
                        .root = 11, .quad = 3, .goldstein = -2.0, .dataset = "orrery", .origin_id = "e1"};
    ev[2] = (orr_event){.sentence = -1, .date = "2024-05-01", .source = "USA", .source_country = "USA",
                        .target = "RUS", .target_country = "RUS", .code = "190", .root = 19, .quad = 4,
                        .goldstein = -10.0, .source_start = -1, .source_end = -1, .target_start = -1,
                        .target_end = -1, .verb_start = -1, .verb_end = -1, .dataset = "gdelt",
                        .origin_id = "g1"};
    ev[3] = ev[2];
    strcpy(ev[3].date, "2024-06-01");
    ev[3].origin_id = "g2";
    size_t n_new;
    assert_int_equal(orr_db_put_events(db, ev, 4, &n_new, &err), ORR_OK);
    assert_int_equal(n_new, 4);
    assert_int_equal(orr_db_commit(db, &err), ORR_OK);
    orr_db_close(db);
    orr_doc_free(doc);
}

static int setup(void **state) {
    snprintf(db_path, sizeof db_path, "/tmp/orrery-serve-%d.db", (int)getpid());
    snprintf(web_dir, sizeof web_dir, "/tmp/orrery-serve-web-%d", (int)getpid());
    unlink(db_path);
    fill_store();
    mkdir(web_dir, 0755);
    char path[128];
    snprintf(path, sizeof path, "%s/index.html", web_dir);
    FILE *f = fopen(path, "w");
    fputs("<!doctype html><title>orrery</title>", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/escape.txt", web_dir);
    symlink("/etc/hostname", path);  /* a symlink out of the root must not be served */
    orr_error err;
    orr_serve_config open_cfg = {.db_uri = db_path, .web_root = web_dir, .threads = 2};
    assert_int_equal(orr_serve_start(&srv_open, &open_cfg, &err), ORR_OK);
    orr_serve_config tok_cfg = {.db_uri = db_path, .threads = 2, .token = "s3cret",
                                .cors_origin = "http://example.test", .max_body = 4096};
    assert_int_equal(orr_serve_start(&srv_token, &tok_cfg, &err), ORR_OK);
    return 0;
}

static int teardown(void **state) {
    orr_serve_stop(srv_open);
    orr_serve_stop(srv_token);
    char path[160];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", db_path, suffix[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/index.html", web_dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/escape.txt", web_dir);
    unlink(path);
    rmdir(web_dir);
    return 0;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_healthz_and_errors(void **state) {
    http_reply r = get(srv_open, "/healthz");
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "ok");
    assert_null(strstr(r.head, "Access-Control-Allow-Origin"));  /* no CORS unless configured */
    assert_non_null(strstr(r.head, "X-Content-Type-Options: nosniff"));
    reply_free(&r);
    r = get(srv_open, "/api/nothing");
    assert_int_equal(r.status, 404);
    assert_non_null(jstr(r.json, "error"));
    reply_free(&r);
    r = get(srv_open, "/api/ingest");
    assert_int_equal(r.status, 405);
    reply_free(&r);
    r = get(srv_token, "/healthz");
    assert_non_null(strstr(r.head, "Access-Control-Allow-Origin: http://example.test"));
    reply_free(&r);
    /* DNS rebinding guard: a loopback server answers only loopback Host names */
    r = http(srv_open, "GET", "/healthz", "Host: evil.example:8080\r\n", NULL);
    assert_int_equal(r.status, 421);
    assert_string_equal(jstr(r.json, "param"), "Host");
    reply_free(&r);
    const char *good[] = {"localhost:8080", "127.0.0.1", "127.1.2.3:80", "[::1]:8080", "LOCALHOST"};
    for (int i = 0; i < 5; i++) assert_true(serve_host_allowed(good[i]));
    const char *bad[] = {"evil.example", "10.0.0.1:80", "[::2]:80", "", "localhost.evil.example", "[::1"};
    for (int i = 0; i < 6; i++) assert_false(serve_host_allowed(bad[i]));
}

static void test_events(void **state) {
    http_reply r = get(srv_open, "/api/events");
    assert_int_equal(r.status, 200);
    json_t *events = json_object_get(r.json, "events");
    assert_int_equal(json_array_size(events), 4);
    assert_true(json_is_null(json_object_get(r.json, "next_offset")));
    json_t *e0 = json_array_get(events, 0);
    assert_string_equal(jstr(e0, "code"), "057");
    assert_string_equal(jstr(e0, "sentence"), "Russia and China signed a pact.");
    assert_string_equal(jstr(json_object_get(e0, "source"), "country"), "RUS");
    /* spans relative to the sentence: Russia 0-6, signed 17-23, China 11-16 */
    json_t *spans = json_object_get(e0, "spans");
    assert_int_equal(json_array_size(spans), 3);
    assert_string_equal(jstr(json_array_get(spans, 0), "role"), "source");
    assert_int_equal(jint(json_array_get(spans, 0), "start"), 0);
    assert_int_equal(jint(json_array_get(spans, 0), "end"), 6);
    assert_string_equal(jstr(json_array_get(spans, 1), "role"), "verb");
    assert_int_equal(jint(json_array_get(spans, 1), "start"), 17);
    assert_int_equal(jint(json_array_get(spans, 2), "start"), 11);
    json_t *e2 = json_array_get(events, 2);  /* imported: no evidence */
    assert_true(json_is_null(json_object_get(e2, "sentence")));
    assert_int_equal(json_array_size(json_object_get(e2, "spans")), 0);
    reply_free(&r);

    struct { const char *q; size_t n; } filters[] = {
        {"/api/events?actor=RUS", 3},       {"/api/events?dyad=USA-RUS", 2},
        {"/api/events?source=USA&target=IRN", 1}, {"/api/events?code=05", 1},
        {"/api/events?root=19", 2},         {"/api/events?quad=3", 1},
        {"/api/events?from=2024-04-01&to=2024-05-31", 2}, {"/api/events?dataset=gdelt", 2},
        {"/api/events?actor=XXX", 0},
    };
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        r = get(srv_open, filters[i].q);
        assert_int_equal(r.status, 200);
        if (json_array_size(json_object_get(r.json, "events")) != filters[i].n)
            fail_msg("%s: expected %zu events", filters[i].q, filters[i].n);
        reply_free(&r);
    }
    r = get(srv_open, "/api/events?limit=3");
    assert_int_equal(jint(r.json, "count"), 3);
    assert_int_equal(jint(r.json, "next_offset"), 3);
    reply_free(&r);
    r = get(srv_open, "/api/events?limit=3&offset=3");
    assert_int_equal(jint(r.json, "count"), 1);
    assert_true(json_is_null(json_object_get(r.json, "next_offset")));
    reply_free(&r);
}

static void test_event_params_rejected(void **state) {
    struct { const char *q, *param; } bad[] = {
        {"/api/events?limit=0", "limit"},      {"/api/events?limit=abc", "limit"},
        {"/api/events?limit=5000", "limit"},   {"/api/events?offset=-1", "offset"},
        {"/api/events?from=2024-02-30", "from"}, {"/api/events?to=yesterday", "to"},
        {"/api/events?from=2024-05-01&to=2024-01-01", "from"},
        {"/api/events?actor=usa", "actor"},    {"/api/events?actor=US%27%3B--", "actor"},
        {"/api/events?dyad=USA", "dyad"},      {"/api/events?dyad=-RUS", "dyad"},
        {"/api/events?code=0A", "code"},       {"/api/events?root=21", "root"},
        {"/api/events?quad=0", "quad"},        {"/api/events?dataset=mine", "dataset"},
        {"/api/events?colour=red", "colour"},  {"/api/events?limit=1&limit=2", "limit"},
        {"/api/actors?limit=x", "limit"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        http_reply r = get(srv_open, bad[i].q);
        if (r.status != 400) fail_msg("%s: status %d", bad[i].q, r.status);
        const char *p = jstr(r.json, "param");
        if (!p || strcmp(p, bad[i].param) != 0) fail_msg("%s: param %s", bad[i].q, p ? p : "(none)");
        assert_non_null(jstr(r.json, "error"));
        reply_free(&r);
    }
}

static void test_actors(void **state) {
    http_reply r = get(srv_open, "/api/actors");
    assert_int_equal(r.status, 200);
    json_t *actors = json_object_get(r.json, "actors");
    assert_int_equal(json_array_size(actors), 4);
    json_t *first = json_array_get(actors, 0);  /* RUS and USA: 3 each; RUS sorts first */
    assert_string_equal(jstr(first, "code"), "RUS");
    assert_int_equal(jint(first, "events"), 3);
    assert_int_equal(jint(first, "as_source"), 1);
    assert_int_equal(jint(first, "as_target"), 2);
    assert_string_equal(jstr(first, "first"), "2024-03-05");
    reply_free(&r);
}

static void test_ingest_auth(void **state) {
    http_reply r = http(srv_open, "POST", "/api/ingest", NULL, "Some text.");
    assert_int_equal(r.status, 403);  /* no token configured: writes disabled */
    reply_free(&r);
    r = http(srv_token, "POST", "/api/ingest", NULL, "Some text.");
    assert_int_equal(r.status, 401);
    assert_string_equal(jstr(r.json, "param"), "Authorization");
    assert_non_null(strstr(r.head, "WWW-Authenticate: Bearer"));
    reply_free(&r);
    const char *wrong[] = {"Authorization: Bearer s3cre\r\n", "Authorization: Bearer s3cret2\r\n",
                           "Authorization: Basic s3cret\r\n", "Authorization: s3cret\r\n"};
    for (int i = 0; i < 4; i++) {
        r = http(srv_token, "POST", "/api/ingest", wrong[i], "Some text.");
        assert_int_equal(r.status, 401);
        reply_free(&r);
    }
    assert_true(serve_auth_ok(srv_token, "Bearer s3cret"));
    assert_true(serve_auth_ok(srv_token, "bearer s3cret"));
    assert_false(serve_auth_ok(srv_open, "Bearer s3cret"));
}

static void test_ingest(void **state) {
    const char *auth = "Authorization: Bearer s3cret\r\nContent-Type: text/plain\r\n";
    const char *text = "Summit\nJapan hosted India in Tokyo. Talks went well.\n";
    http_reply before = get(srv_token, "/api/events?limit=1");  /* fills the cache */
    reply_free(&before);
    http_reply r = http(srv_token, "POST", "/api/ingest", auth, text);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "format"), "text");
    assert_int_equal(jint(r.json, "documents_new"), 1);
    assert_true(jint(r.json, "sentences") >= 2);
    reply_free(&r);
    r = http(srv_token, "POST", "/api/ingest", auth, text);
    assert_int_equal(r.status, 200);  /* already stored */
    assert_int_equal(jint(r.json, "documents_new"), 0);
    assert_int_equal(jint(r.json, "documents_already_stored"), 1);
    reply_free(&r);
    /* JSON lines are read and stored */
    r = http(srv_token, "POST", "/api/ingest?format=jsonl", "Authorization: Bearer s3cret\r\n",
             "{\"id\":\"n1\",\"date\":\"2024-07-01\",\"text\":\"Peru thanked Chile.\"}\n");
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "format"), "jsonl");
    reply_free(&r);
    r = http(srv_token, "POST", "/api/ingest?format=pdf", "Authorization: Bearer s3cret\r\n", "x");
    assert_int_equal(r.status, 400);
    assert_string_equal(jstr(r.json, "param"), "format");
    reply_free(&r);
    r = http(srv_token, "POST", "/api/ingest", "Authorization: Bearer s3cret\r\n", "");
    assert_int_equal(r.status, 400);
    assert_string_equal(jstr(r.json, "param"), "body");
    reply_free(&r);
    char *big = malloc(10000);
    memset(big, 'a', 9999);
    big[9999] = 0;
    r = http(srv_token, "POST", "/api/ingest", "Authorization: Bearer s3cret\r\n", big);
    assert_int_equal(r.status, 413);  /* over the 4096-byte limit */
    reply_free(&r);
    free(big);
    r = get(srv_token, "/metrics");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.head, "text/plain; version=0.0.4"));
    assert_non_null(strstr(r.body, "orrery_http_requests_total{route=\"ingest\",code=\"2xx\"} 3"));
    assert_non_null(strstr(r.body, "orrery_http_bodies_rejected_total 1"));
    assert_non_null(strstr(r.body, "orrery_data_generation 2"));
    assert_non_null(strstr(r.body, "orrery_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
    reply_free(&r);
}

static void test_cache(void **state) {
    http_reply r = get(srv_open, "/api/events?quad=4&limit=10");
    http_reply s = get(srv_open, "/api/events?limit=10&quad=4");  /* same query, other order */
    assert_string_equal(r.body, s.body);
    reply_free(&r);
    reply_free(&s);
    r = get(srv_open, "/metrics");
    unsigned long long hits = 0;
    const char *h = strstr(r.body, "\norrery_cache_hits_total ");
    assert_non_null(h);
    sscanf(h, "\norrery_cache_hits_total %llu", &hits);
    assert_true(hits >= 1);
    reply_free(&r);
}

static void test_static(void **state) {
    http_reply r = get(srv_open, "/");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.head, "Content-Type: text/html"));
    assert_non_null(strstr(r.head, "Content-Security-Policy"));
    assert_non_null(strstr(r.body, "<title>orrery</title>"));
    reply_free(&r);
    const char *escapes[] = {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/escape.txt",
                             "/.hidden", "/..%2fetc%2fpasswd", "/nothing.js"};
    for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
        r = get(srv_open, escapes[i]);
        if (r.status != 404 && r.status != 400) fail_msg("%s: status %d", escapes[i], r.status);
        assert_null(strstr(r.body, "root:"));
        reply_free(&r);
    }
    r = http(srv_open, "DELETE", "/index.html", NULL, NULL);
    assert_int_equal(r.status, 405);
    reply_free(&r);
    r = get(srv_token, "/");  /* no web root configured: 404 */
    assert_int_equal(r.status, 404);
    reply_free(&r);
}


static void test_relations(void **state) {
    http_reply r = get(srv_open, "/api/dyads/USA/RUS?by=month");
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "source"), "USA");
    json_t *bins = json_object_get(r.json, "bins");
    assert_int_equal(json_array_size(bins), 2);  /* May and June 2024 */
    assert_string_equal(jstr(json_array_get(bins, 0), "period"), "2024-05-01");
    assert_int_equal(jint(json_array_get(bins, 0), "events"), 1);
    assert_true(json_real_value(json_object_get(json_array_get(bins, 0), "net_coop")) == -1.0);
    assert_true(json_is_array(json_object_get(r.json, "change_points")));
    reply_free(&r);
    r = get(srv_open, "/api/dyads/USA/RUS?by=year&from=2025-01-01");
    assert_int_equal(json_array_size(json_object_get(r.json, "bins")), 0);
    reply_free(&r);
    struct { const char *q, *param; } bad[] = {
        {"/api/dyads/usa/RUS", "A"}, {"/api/dyads/USA/R-S", "B"}, {"/api/dyads/USA/RUS?by=decade", "by"},
        {"/api/dyads/USA/RUS?window=x", "window"}, {"/api/network?window=2024-01-01", "window"},
        {"/api/network?window=2024-12-01..2024-01-01", "window"}, {"/api/blocs?min_events=0", "min_events"},
        {"/api/shifts?since=May", "since"}, {"/api/shifts?by=day", "by"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = get(srv_open, bad[i].q);
        if (r.status != 400) fail_msg("%s: status %d", bad[i].q, r.status);
        const char *p = jstr(r.json, "param");
        if (!p || strcmp(p, bad[i].param) != 0) fail_msg("%s: param %s", bad[i].q, p ? p : "(none)");
        reply_free(&r);
    }
    r = get(srv_open, "/api/dyads/USA");
    assert_int_equal(r.status, 404);
    reply_free(&r);

    r = get(srv_open, "/api/network?window=2024-01-01..2024-12-31");
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(json_object_get(r.json, "window"), "from"), "2024-01-01");
    json_t *nodes = json_object_get(r.json, "nodes"), *edges = json_object_get(r.json, "edges");
    assert_int_equal(json_array_size(nodes), 4);  /* CHN IRN RUS USA */
    assert_int_equal(json_array_size(edges), 3);
    json_t *e;
    size_t i;
    int found = 0;
    json_array_foreach(edges, i, e) {
        const char *a = jstr(e, "source"), *b = jstr(e, "target");
        if ((!strcmp(a, "CHN") && !strcmp(b, "RUS")) || (!strcmp(a, "RUS") && !strcmp(b, "CHN"))) {
            assert_true(json_real_value(json_object_get(e, "score")) > 0);  /* they signed a pact */
            found = 1;
        }
    }
    assert_true(found);
    assert_non_null(json_object_get(json_object_get(r.json, "balance"), "triads"));
    reply_free(&r);
    r = get(srv_open, "/api/blocs");
    assert_int_equal(r.status, 200);
    assert_true(json_is_array(json_object_get(r.json, "blocs")));
    reply_free(&r);
    r = get(srv_open, "/api/shifts?since=2024-01-01");
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "shifts")), 0);  /* too few points */
    reply_free(&r);
}

static void test_whatif(void **state) {
    http_reply r = http(srv_open, "POST", "/api/whatif", "Content-Type: application/json\r\n",
                        "{\"changes\":[\"USA-RUS=+5\"],\"window\":\"2024-01-01..2024-12-31\"}");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(jstr(r.json, "summary"), "USA-RUS"));
    assert_true(json_is_integer(json_object_get(r.json, "unbalanced_before")));
    assert_true(json_is_array(json_object_get(r.json, "dyads")));
    reply_free(&r);
    struct { const char *body, *param; } bad[] = {
        {"not json", "body"}, {"[1,2]", "body"}, {"{\"changes\":[]}", "changes"},
        {"{\"changes\":[\"USA+RUS\"]}", "changes"}, {"{\"changes\":[5]}", "changes"},
        {"{\"changes\":[\"USA-RUS=+5\"],\"window\":\"soon\"}", "window"},
        {"{\"changes\":[\"USA-RUS=+5\"],\"colour\":1}", "colour"},
        {"{\"changes\":[\"USA-RUS=+5\"],\"changes\":[]}", "body"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = http(srv_open, "POST", "/api/whatif", NULL, bad[i].body);
        if (r.status != 400) fail_msg("%s: status %d", bad[i].body, r.status);
        const char *p = jstr(r.json, "param");
        if (!p || strcmp(p, bad[i].param) != 0) fail_msg("%s: param %s", bad[i].body, p ? p : "(none)");
        reply_free(&r);
    }
}

static void test_forecast(void **state) {
    const char *issue = "{\"issue\":\"tariff\",\"scale\":[0,100],\"actors\":["
                        "{\"actor\":\"A\",\"capability\":50,\"position\":90,\"salience\":0.9},"
                        "{\"actor\":\"B\",\"capability\":30,\"position\":10,\"salience\":0.5},"
                        "{\"actor\":\"C\",\"capability\":20,\"position\":40,\"salience\":0.7}]}";
    http_reply r = http(srv_open, "POST", "/api/forecast?rounds=5", NULL, issue);
    assert_int_equal(r.status, 200);
    json_t *fc = json_object_get(r.json, "forecasts");
    double median = json_real_value(json_object_get(fc, "median"));
    assert_true(median >= 10 && median <= 90);
    assert_true(json_is_real(json_object_get(fc, "bdm")));
    json_t *traj = json_object_get(json_object_get(r.json, "bdm"), "trajectory");
    assert_true(json_array_size(traj) >= 1 && json_array_size(traj) <= 5);
    assert_int_equal(json_array_size(json_object_get(json_array_get(traj, 0), "positions")), 3);
    reply_free(&r);
    struct { const char *path, *body, *param; } bad[] = {
        {"/api/forecast?variant=nope", "{}", "variant"}, {"/api/forecast?rounds=0", "{}", "rounds"},
        {"/api/forecast", "", "body"}, {"/api/forecast", "{\"actors\":[]}", "body"},
        {"/api/forecast", "{\"actors\":[{\"actor\":\"A\",\"capability\":1,\"position\":5,\"salience\":1}]}", "scale"},
        {"/api/forecast?scale=10-0", issue, "scale"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = http(srv_open, "POST", bad[i].path, NULL, bad[i].body);
        if (r.status != 400) fail_msg("%s %s: status %d", bad[i].path, bad[i].body, r.status);
        const char *p = jstr(r.json, "param");
        if (!p || strcmp(p, bad[i].param) != 0) fail_msg("%s: param %s", bad[i].path, p ? p : "(none)");
        reply_free(&r);
    }
}

/* Many clients at once while writes replace the shared relations table:
** every answer must be complete and correct (run under ASan here; the
** same test is clean under TSan, see the closing notes). */
static atomic_int stress_failures;

static void stress_fail(const char *what, const char *path, int status) {
    fprintf(stderr, "stress: %s %s: status %d\n", what, path, status);
    atomic_fetch_add(&stress_failures, 1);
}

static void *stress_client(void *arg) {
    long id = (long)arg;
    static const char *paths[] = {"/api/network", "/api/dyads/RUS/CHN", "/api/blocs", "/api/actors",
                                  "/api/events?actor=RUS", "/api/shifts"};
    for (int i = 0; i < 30; i++) {
        if (id == 0 && i % 10 == 0) {
            char body[96];
            snprintf(body, sizeof body, "Stress %d\nDocument %d of the stress test.\n", i, i);
            http_reply w = http(srv_token, "POST", "/api/ingest", "Authorization: Bearer s3cret\r\n", body);
            if (w.status != 201) stress_fail("ingest", "/api/ingest", w.status);
            reply_free(&w);
            continue;
        }
        const char *path = paths[(i + id) % 6];
        http_reply r = get(srv_token, path);
        if (r.status != 200 || !r.json) stress_fail("get", path, r.status);
        else if (strcmp(path, "/api/dyads/RUS/CHN") == 0 && json_array_size(json_object_get(r.json, "bins")) != 1)
            stress_fail("one bin expected", path, r.status);
        reply_free(&r);
    }
    return NULL;
}

static void test_concurrent(void **state) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, stress_client, (void *)i);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    assert_int_equal(atomic_load(&stress_failures), 0);
}

static void test_validators(void **state) {
    assert_true(serve_valid_date("2024-02-29"));
    assert_false(serve_valid_date("2023-02-29"));
    assert_false(serve_valid_date("2024-13-01"));
    assert_false(serve_valid_date("2024-1-01"));
    assert_false(serve_valid_date("0000-01-01"));
    char from[11], to[11];
    orr_error werr;
    assert_int_equal(orr_window_parse("2024-01-01..2024-12-31", from, to, &werr), ORR_OK);
    assert_string_equal(from, "2024-01-01");
    assert_string_equal(to, "2024-12-31");
    assert_int_equal(orr_window_parse("2024-12-31..2024-01-01", from, to, &werr), ORR_EUSAGE);
    assert_int_equal(orr_window_parse("2024-01-01..", from, to, &werr), ORR_OK);  /* open end */
    assert_string_equal(to, "");
    assert_int_equal(orr_window_parse("2024-01-01...2024-12-31", from, to, &werr), ORR_EUSAGE);
    assert_true(serve_valid_code("USA", 15));
    assert_false(serve_valid_code("", 15));
    assert_false(serve_valid_code("U S", 15));
    orr_serve_config bad = {.db_uri = db_path, .bind = "example.com"};
    orr_server *s;
    orr_error err;
    assert_int_equal(orr_serve_start(&s, &bad, &err), ORR_EUSAGE);
    assert_non_null(strstr(err.message, "example.com"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_healthz_and_errors), cmocka_unit_test(test_events),
        cmocka_unit_test(test_event_params_rejected), cmocka_unit_test(test_actors),
        cmocka_unit_test(test_ingest_auth), cmocka_unit_test(test_cache),
        cmocka_unit_test(test_ingest), cmocka_unit_test(test_static),
        cmocka_unit_test(test_relations), cmocka_unit_test(test_whatif),
        cmocka_unit_test(test_forecast), cmocka_unit_test(test_concurrent),
        cmocka_unit_test(test_validators),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
