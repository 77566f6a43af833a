/*
** api_relate.c — relations endpoints over the relations stage
** (src/relate): GET /api/dyads/{A}/{B}?by=month, and the shared in-memory
** event table they read.
**
** Loading the table walks every stored event, so it is done once per data
** generation and shared by all worker threads (the relate functions only
** read it).  A request takes a reference; after an ingest the next
** request loads a fresh table and the old one is freed when its last
** reader lets go.
*/
#include "serve.h"

#include <math.h>
#include <stdlib.h>

static serve_rel *rel_load(orr_db *db, uint64_t generation, orr_error *err) {
    serve_rel *r = calloc(1, sizeof *r);
    if (!r || !(r->rel = orr_relate_new(NULL))) {
        free(r);
        orr_error_set(err, ORR_ENOMEM, "out of memory");
        return NULL;
    }
    if (orr_relate_load_db(r->rel, db, err) != ORR_OK) {
        orr_relate_free(r->rel);
        free(r);
        return NULL;
    }
    r->generation = generation;
    atomic_init(&r->refs, 1);  /* the server's own reference */
    return r;
}

serve_rel *serve_rel_acquire(orr_server *srv, orr_db *db, orr_error *err) {
    uint64_t gen = atomic_load(&srv->generation);
    pthread_mutex_lock(&srv->rel_lock);
    if (!srv->rel || srv->rel->generation != gen) {
        serve_rel *fresh = rel_load(db, gen, err);
        if (!fresh) {
            pthread_mutex_unlock(&srv->rel_lock);
            return NULL;
        }
        if (srv->rel) serve_rel_release(srv->rel);
        srv->rel = fresh;
    }
    serve_rel *r = srv->rel;
    atomic_fetch_add(&r->refs, 1);
    pthread_mutex_unlock(&srv->rel_lock);
    return r;
}

void serve_rel_release(serve_rel *r) {
    if (atomic_fetch_sub(&r->refs, 1) == 1) {
        orr_relate_free(r->rel);
        free(r);
    }
}

/* ---- GET /api/dyads/{A}/{B} ---------------------------------------------- */

typedef struct dyad_ctx {
    json_t *bins;
    const char *from, *to;
    double *series;   /* mean Goldstein per bin, for change points */
    char (*periods)[11];
    size_t n, cap;
} dyad_ctx;

static int collect_bin(void *ctx, const orr_dyad_bin *b) {
    dyad_ctx *c = ctx;
    if ((c->from && strcmp(b->period, c->from) < 0) || (c->to && strcmp(b->period, c->to) > 0)) return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        double *s = realloc(c->series, cap * sizeof *s);
        if (s) c->series = s;
        char(*p)[11] = realloc(c->periods, cap * sizeof *p);
        if (p) c->periods = p;
        if (!s || !p) return 1;
        c->cap = cap;
    }
    c->series[c->n] = b->goldstein_mean;
    memcpy(c->periods[c->n], b->period, 11);
    c->n++;
    json_array_append_new(
        c->bins, json_pack("{s:s, s:s, s:I, s:[f,f,f,f], s:f, s:f, s:f}", "period", b->period, "label",
                           b->label, "events", (json_int_t)b->events, "quad", b->quad[0], b->quad[1],
                           b->quad[2], b->quad[3], "goldstein_mean", b->goldstein_mean,
                           "goldstein_sum", b->goldstein_sum, "net_coop", b->net_coop));
    return 0;
}

int api_dyad(orr_server *srv, serve_req *req, serve_resp *resp) {
    static const char *const known[] = {"by", "from", "to", NULL};
    static const char *const periods[] = {"day", "week", "month", "quarter", "year", NULL};
    const char *a = req->segs[0], *b = req->segs[1], *by_name = "month";
    dyad_ctx c = {0};
    if (!serve_valid_code(a, 7)) return serve_reply_error(resp, 400, "A", "expected a country code, e.g. USA");
    if (!serve_valid_code(b, 7)) return serve_reply_error(resp, 400, "B", "expected a country code, e.g. RUS");
    if (serve_params_only(req, resp, known) || serve_param_enum(req, resp, "by", periods, &by_name) ||
        serve_param_date(req, resp, "from", &c.from) || serve_param_date(req, resp, "to", &c.to))
        return ORR_EUSAGE;
    if (c.from && c.to && strcmp(c.from, c.to) > 0)
        return serve_reply_error(resp, 400, "from", "'from' is after 'to'");
    orr_period by = ORR_BY_MONTH;  /* by_name was checked against the periods */
    orr_period_parse(by_name, &by);
    orr_error err;
    serve_rel *r = serve_rel_acquire(srv, req->db, &err);
    if (!r) return serve_reply_error(resp, 500, NULL, "%s", err.message);
    c.bins = json_array();
    int rc = orr_relate_series(r->rel, a, b, by, collect_bin, &c, &err);
    serve_rel_release(r);
    if (rc != ORR_OK) {
        json_decref(c.bins);
        free(c.series);
        free(c.periods);
        return serve_reply_error(resp, 500, NULL, "%s", err.message);
    }
    json_t *changes = json_array();
    serve_change_points(c.series, c.n, c.periods, changes);
    free(c.series);
    free(c.periods);
    json_t *out = json_pack("{s:s, s:s, s:s, s:o, s:o}", "source", a, "target", b, "by", by_name,
                            "bins", c.bins, "change_points", changes);
    return serve_reply_json(resp, 200, out);
}
