/*
** api_events.c — GET /api/events (stored events with their evidence
** sentence and the source/verb/target spans inside it) and GET
** /api/actors (every country/IGO code with its event counts).
**
** Spans are stored as byte offsets into the document; the dashboard
** highlights them inside the evidence sentence, so each event also gets
** its spans relative to the sentence start (still in UTF-8 bytes).
*/
#include "serve.h"

#include <stdlib.h>

static json_t *side_json(const char *code, const char *country, const char *agent,
                         const char *text, int32_t start, int32_t end) {
    json_t *j = json_object();
    json_object_set_new(j, "code", serve_json_text(code));
    json_object_set_new(j, "country", serve_json_text(country));
    json_object_set_new(j, "agent", serve_json_text(agent));
    json_object_set_new(j, "text", serve_json_text(text));
    json_object_set_new(j, "start", start >= 0 ? json_integer(start) : json_null());
    json_object_set_new(j, "end", end >= 0 ? json_integer(end) : json_null());
    return j;
}

json_t *serve_event_json(const orr_event *e) {
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(e->id));
    json_object_set_new(j, "date", serve_json_text(e->date));
    json_object_set_new(j, "date_how", serve_json_text(e->date_how));
    json_object_set_new(j, "code", serve_json_text(e->code));
    json_object_set_new(j, "root", json_integer(e->root));
    json_object_set_new(j, "quad", json_integer(e->quad));
    json_object_set_new(j, "goldstein", json_real(e->goldstein));
    json_object_set_new(j, "source", side_json(e->source, e->source_country, e->source_agent,
                                               e->source_text, e->source_start, e->source_end));
    json_object_set_new(j, "target", side_json(e->target, e->target_country, e->target_agent,
                                               e->target_text, e->target_start, e->target_end));
    json_object_set_new(j, "verb", side_json(NULL, NULL, NULL, e->verb_text, e->verb_start, e->verb_end));
    json_object_del(json_object_get(j, "verb"), "code");
    json_object_del(json_object_get(j, "verb"), "country");
    json_object_del(json_object_get(j, "verb"), "agent");
    json_object_set_new(j, "plover", serve_json_text(e->plover));
    json_object_set_new(j, "issues", serve_json_text(e->issues));
    json_object_set_new(j, "dataset", serve_json_text(e->dataset));
    json_object_set_new(j, "origin", serve_json_text(e->origin));
    json_object_set_new(j, "url", serve_json_text(e->url));
    json_object_set_new(j, "doc_id", e->doc_id > 0 ? json_integer(e->doc_id) : json_null());
    json_object_set_new(j, "sentence_index", e->sentence >= 0 ? json_integer(e->sentence) : json_null());
    json_object_set_new(j, "sentence", serve_json_text(e->sentence_text));
    return j;
}

/* ---- evidence spans relative to the sentence ------------------------------ */

typedef struct starts_ctx {
    json_t *starts;  /* array: sentence index -> start offset */
} starts_ctx;

static int collect_start(void *ctx, const orr_sentence_row *row) {
    starts_ctx *c = ctx;
    json_array_append_new(c->starts, json_integer(row->start));
    return 0;
}

/* Start offset of sentence idx in doc, memoised per request in `memo`. */
static int64_t sentence_start(orr_db *db, json_t *memo, int64_t doc_id, int64_t idx) {
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)doc_id);
    json_t *starts = json_object_get(memo, key);
    if (!starts) {
        starts_ctx c = {json_array()};
        orr_error err;
        if (orr_db_list_sentences(db, doc_id, collect_start, &c, &err) != ORR_OK)
            json_array_clear(c.starts);
        json_object_set_new(memo, key, c.starts);
        starts = c.starts;
    }
    json_t *s = json_array_get(starts, (size_t)idx);
    return s ? json_integer_value(s) : -1;
}

static void add_highlights(orr_db *db, json_t *memo, json_t *ev) {
    json_t *doc = json_object_get(ev, "doc_id"), *idx = json_object_get(ev, "sentence_index");
    json_t *spans = json_array();
    json_object_set_new(ev, "spans", spans);
    if (!json_is_integer(doc) || !json_is_integer(idx) || json_is_null(json_object_get(ev, "sentence")))
        return;
    int64_t base = sentence_start(db, memo, json_integer_value(doc), json_integer_value(idx));
    if (base < 0) return;
    size_t len = strlen(json_string_value(json_object_get(ev, "sentence")));
    static const char *const roles[] = {"source", "verb", "target"};
    for (int i = 0; i < 3; i++) {
        json_t *side = json_object_get(ev, roles[i]);
        json_t *s = json_object_get(side, "start"), *e = json_object_get(side, "end");
        if (!json_is_integer(s) || !json_is_integer(e)) continue;
        int64_t a = json_integer_value(s) - base, b = json_integer_value(e) - base;
        if (a < 0 || b <= a || (size_t)b > len) continue;  /* span outside the sentence */
        json_array_append_new(spans, json_pack("{s:s, s:I, s:I}", "role", roles[i], "start",
                                               (json_int_t)a, "end", (json_int_t)b));
    }
}

/* ---- GET /api/events ------------------------------------------------------ */

typedef struct events_ctx {
    json_t *list;
} events_ctx;

static int collect_event(void *ctx, const orr_event *e) {
    events_ctx *c = ctx;
    json_array_append_new(c->list, serve_event_json(e));
    return 0;
}

/* dyad=A-B: a directed pair of country codes. */
static int parse_dyad(const serve_req *req, serve_resp *resp, char a[16], char b[16]) {
    const char *v = serve_param_get(req, "dyad");
    if (!v) return ORR_OK;
    const char *dash = strchr(v, '-');
    size_t la = dash ? (size_t)(dash - v) : 0;
    if (!dash || la == 0 || la > 15 || strlen(dash + 1) > 15) goto bad;
    memcpy(a, v, la);
    a[la] = 0;
    strcpy(b, dash + 1);
    if (!serve_valid_code(a, 15) || !serve_valid_code(b, 15)) goto bad;
    return ORR_OK;
bad:
    return serve_reply_error(resp, 400, "dyad", "expected SOURCE-TARGET country codes, e.g. USA-RUS");
}

int api_events(orr_server *srv, serve_req *req, serve_resp *resp) {
    static const char *const known[] = {"actor", "dyad", "source", "target", "code", "root", "quad",
                                        "from", "to", "dataset", "doc", "limit", "offset", NULL};
    static const char *const datasets[] = {"orrery", "gdelt", "icews", "phoenix", "petrarch", NULL};
    orr_event_filter f = {0};
    int64_t root = 0, quad = 0, doc = 0, limit = 50, offset = 0;
    char dyad_a[16] = "", dyad_b[16] = "";
    if (serve_params_only(req, resp, known) || serve_param_code(req, resp, "actor", 15, &f.actor) ||
        serve_param_code(req, resp, "source", 15, &f.source) ||
        serve_param_code(req, resp, "target", 15, &f.target) ||
        serve_param_code(req, resp, "code", 4, &f.code_prefix) ||
        serve_param_int(req, resp, "root", 1, 20, &root) ||
        serve_param_int(req, resp, "quad", 1, 4, &quad) ||
        serve_param_date(req, resp, "from", &f.date_from) ||
        serve_param_date(req, resp, "to", &f.date_to) ||
        serve_param_enum(req, resp, "dataset", datasets, &f.dataset) ||
        serve_param_int(req, resp, "doc", 1, INT64_MAX, &doc) ||
        serve_param_int(req, resp, "limit", 1, 1000, &limit) ||
        serve_param_int(req, resp, "offset", 0, 1000000000, &offset) ||
        parse_dyad(req, resp, dyad_a, dyad_b))
        return ORR_EUSAGE;
    if (f.code_prefix && strspn(f.code_prefix, "0123456789") != strlen(f.code_prefix))
        return serve_reply_error(resp, 400, "code", "expected a CAMEO code prefix of digits");
    if (f.date_from && f.date_to && strcmp(f.date_from, f.date_to) > 0)
        return serve_reply_error(resp, 400, "from", "'from' is after 'to'");
    if (dyad_a[0]) {
        if (f.source || f.target)
            return serve_reply_error(resp, 400, "dyad", "give either dyad or source/target");
        f.source = dyad_a;
        f.target = dyad_b;
    }
    f.root = (int)root;
    f.quad = (int)quad;
    f.doc_id = doc;
    f.limit = limit + 1;  /* one more tells whether there is a next page */
    f.offset = offset;
    events_ctx c = {json_array()};
    orr_error err;
    if (orr_db_query_events(req->db, &f, collect_event, &c, &err) != ORR_OK) {
        json_decref(c.list);
        return serve_reply_error(resp, 500, NULL, "%s", err.message);
    }
    bool more = json_array_size(c.list) > (size_t)limit;
    if (more) json_array_remove(c.list, (size_t)limit);
    json_t *memo = json_object();
    size_t i;
    json_t *ev;
    json_array_foreach(c.list, i, ev) add_highlights(req->db, memo, ev);
    json_decref(memo);
    json_t *out = json_object();
    json_object_set_new(out, "events", c.list);
    json_object_set_new(out, "count", json_integer((json_int_t)json_array_size(c.list)));
    json_object_set_new(out, "offset", json_integer(offset));
    json_object_set_new(out, "limit", json_integer(limit));
    json_object_set_new(out, "next_offset", more ? json_integer(offset + limit) : json_null());
    return serve_reply_json(resp, 200, out);
}

/* ---- GET /api/actors ------------------------------------------------------ */

/*
** Counts per country/IGO code over every stored event.  This walks the
** events once (no store query for it exists yet); the response cache makes
** repeated calls free until the next ingest.
*/
typedef struct actors_ctx {
    json_t *by_code;  /* code -> {"code","as_source","as_target","first","last"} */
} actors_ctx;

static void actor_count(actors_ctx *c, const char *code, const char *role, const char *date) {
    if (!code || !*code) return;
    json_t *a = json_object_get(c->by_code, code);
    if (!a) {
        a = json_pack("{s:s, s:i, s:i, s:s, s:s}", "code", code, "as_source", 0, "as_target", 0,
                      "first", date, "last", date);
        if (!a) return;  /* code or date not UTF-8: cannot be a key */
        json_object_set_new(c->by_code, code, a);
    }
    json_t *n = json_object_get(a, role);
    json_integer_set(n, json_integer_value(n) + 1);
    if (strcmp(date, json_string_value(json_object_get(a, "first"))) < 0)
        json_object_set_new(a, "first", json_string(date));
    if (strcmp(date, json_string_value(json_object_get(a, "last"))) > 0)
        json_object_set_new(a, "last", json_string(date));
}

static int collect_actor(void *ctx, const orr_event *e) {
    actors_ctx *c = ctx;
    actor_count(c, e->source_country, "as_source", e->date);
    actor_count(c, e->target_country, "as_target", e->date);
    return 0;
}

static int actor_cmp(const void *a, const void *b) {
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t nx = json_integer_value(json_object_get(x, "events"));
    json_int_t ny = json_integer_value(json_object_get(y, "events"));
    if (nx != ny) return nx < ny ? 1 : -1;
    return strcmp(json_string_value(json_object_get(x, "code")),
                  json_string_value(json_object_get(y, "code")));
}

int api_actors(orr_server *srv, serve_req *req, serve_resp *resp) {
    static const char *const known[] = {"limit", NULL};
    int64_t limit = 1000;
    if (serve_params_only(req, resp, known) || serve_param_int(req, resp, "limit", 1, 100000, &limit))
        return ORR_EUSAGE;
    actors_ctx c = {json_object()};
    orr_error err;
    if (orr_db_query_events(req->db, NULL, collect_actor, &c, &err) != ORR_OK) {
        json_decref(c.by_code);
        return serve_reply_error(resp, 500, NULL, "%s", err.message);
    }
    size_t n = json_object_size(c.by_code), k = 0;
    json_t **rows = calloc(n ? n : 1, sizeof *rows);
    const char *key;
    json_t *a;
    json_object_foreach(c.by_code, key, a) {
        json_int_t total = json_integer_value(json_object_get(a, "as_source")) +
                           json_integer_value(json_object_get(a, "as_target"));
        json_object_set_new(a, "events", json_integer(total));
        if (rows) rows[k++] = a;
    }
    if (rows) qsort(rows, k, sizeof *rows, actor_cmp);
    json_t *list = json_array();
    for (size_t i = 0; i < k && i < (size_t)limit; i++) json_array_append(list, rows[i]);
    free(rows);
    json_decref(c.by_code);
    return serve_reply_json(resp, 200, json_pack("{s:o, s:I}", "actors", list, "count",
                                                 (json_int_t)json_array_size(list)));
}
