/*
** api_ingest.c — POST /api/ingest: documents in the request body (plain
** text, an HTML page, or JSON lines), read by the same readers as
** `orrery ingest`, stored in one transaction.  The format comes from
** ?format=, else from Content-Type, else is sniffed.  Bad records are
** returned as warnings with their line; the rest are stored.  A write
** bumps the data generation, which empties the response cache.
*/
#include "serve.h"

#include <strings.h>

typedef struct ingest_ctx {
    orr_db *db;
    json_t *warnings;
    int64_t n_new, n_seen, n_sentences;
    orr_error err;
    int failed;
} ingest_ctx;

static int ingest_doc(void *ctx, orr_doc *doc) {
    ingest_ctx *c = ctx;
    int64_t id;
    int was_new;
    if (orr_db_put_doc(c->db, doc, &id, &was_new, &c->err) != ORR_OK) {
        c->failed = 1;
        return 1;  /* stop: the transaction is rolled back */
    }
    if (was_new) {
        c->n_new++;
        c->n_sentences += (int64_t)doc->n_sentences;
    } else {
        c->n_seen++;
    }
    return 0;
}

static void ingest_warn(void *ctx, const orr_error *warning) {
    ingest_ctx *c = ctx;
    if (json_array_size(c->warnings) < 100)
        json_array_append_new(c->warnings, serve_json_text(warning->message));
}

static orr_format format_from_content_type(const char *ct) {
    if (!ct) return ORR_FMT_AUTO;
    if (strncasecmp(ct, "text/html", 9) == 0) return ORR_FMT_HTML;
    if (strncasecmp(ct, "text/plain", 10) == 0) return ORR_FMT_TEXT;
    if (strncasecmp(ct, "application/x-ndjson", 20) == 0 ||
        strncasecmp(ct, "application/jsonl", 17) == 0 ||
        strncasecmp(ct, "application/json", 16) == 0)
        return ORR_FMT_JSONL;
    return ORR_FMT_AUTO;
}

int api_ingest(orr_server *srv, serve_req *req, serve_resp *resp) {
    static const char *const known[] = {"format", NULL};
    static const char *const formats[] = {"auto", "text", "html", "jsonl", NULL};
    const char *fmt_name = NULL;
    if (serve_params_only(req, resp, known) || serve_param_enum(req, resp, "format", formats, &fmt_name))
        return ORR_EUSAGE;
    if (!req->body || req->body_len == 0)
        return serve_reply_error(resp, 400, "body", "expected documents in the request body");
    orr_format fmt = format_from_content_type(req->content_type);
    if (fmt_name) orr_format_parse(fmt_name, &fmt);
    ingest_ctx c = {.db = req->db, .warnings = json_array()};
    orr_error err;
    int rc = orr_db_begin(req->db, &err);
    if (rc == ORR_OK) {
        rc = orr_read_docs_mem("request body", req->body, req->body_len, fmt, ingest_doc,
                               ingest_warn, &c, &err);
        if (c.failed) {
            rc = c.err.code ? c.err.code : ORR_EDB;
            err = c.err;
        }
        if (rc == ORR_OK) rc = orr_db_commit(req->db, &err);
        else orr_db_rollback(req->db, NULL);
    }
    if (rc != ORR_OK) {
        json_decref(c.warnings);
        int status = rc == ORR_EFORMAT || rc == ORR_EUSAGE ? 400 : 500;
        return serve_reply_error(resp, status, status == 400 ? "body" : NULL, "%s", err.message);
    }
    if (c.n_new > 0) {
        atomic_fetch_add(&srv->generation, 1);
        serve_cache_clear(srv->cache);
    }
    json_t *out = json_object();
    json_object_set_new(out, "format", json_string(orr_format_name(fmt)));
    json_object_set_new(out, "documents_new", json_integer(c.n_new));
    json_object_set_new(out, "documents_already_stored", json_integer(c.n_seen));
    json_object_set_new(out, "sentences", json_integer(c.n_sentences));
    json_object_set_new(out, "warnings", c.warnings);
    return serve_reply_json(resp, c.n_new > 0 ? 201 : 200, out);
}
