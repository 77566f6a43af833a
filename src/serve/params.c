/*
** params.c — validation of query parameters, path segments and JSON
** bodies.  Everything a client sends passes through here before it
** reaches the store; a bad value becomes a 400 whose JSON names the
** parameter, never a crash and never a silently ignored filter.  This is
** the surface fuzz/fuzz_http_params.c exercises.
*/
#include "serve.h"
#include "../util/calendar.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

const char *serve_param_get(const serve_req *req, const char *key) {
    for (int i = 0; i < req->n_params; i++)
        if (strcmp(req->params[i].key, key) == 0) return req->params[i].value;
    return NULL;
}

/* A parameter given twice is ambiguous: reject it rather than guess. */
static int param_once(const serve_req *req, serve_resp *resp, const char *key, const char **out) {
    const char *found = NULL;
    for (int i = 0; i < req->n_params; i++) {
        if (strcmp(req->params[i].key, key) != 0) continue;
        if (found) return serve_reply_error(resp, 400, key, "parameter '%s' given twice", key);
        found = req->params[i].value ? req->params[i].value : "";
    }
    *out = found;
    return ORR_OK;
}

int serve_params_only(const serve_req *req, serve_resp *resp, const char *const *known) {
    if (req->too_many_params)
        return serve_reply_error(resp, 400, NULL, "more than %d query parameters", SERVE_MAX_PARAMS);
    for (int i = 0; i < req->n_params; i++) {
        int ok = 0;
        for (const char *const *k = known; *k && !ok; k++) ok = strcmp(*k, req->params[i].key) == 0;
        if (!ok) return serve_reply_error(resp, 400, req->params[i].key, "unknown parameter");
    }
    return ORR_OK;
}

int serve_param_int(const serve_req *req, serve_resp *resp, const char *key, int64_t lo,
                    int64_t hi, int64_t *out) {
    const char *v = NULL;
    if (param_once(req, resp, key, &v)) return ORR_EUSAGE;
    if (!v) return ORR_OK;
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    bool digit_first = (*v >= '0' && *v <= '9') || (*v == '-' && v[1] >= '0' && v[1] <= '9');
    if (!digit_first || *end || errno || n < lo || n > hi)
        return serve_reply_error(resp, 400, key, "expected an integer from %lld to %lld",
                                 (long long)lo, (long long)hi);
    *out = n;
    return ORR_OK;
}

bool serve_valid_date(const char *s) { return s && orr_valid_date(s); }

bool serve_valid_code(const char *s, size_t max_len) {
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max_len) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) return false;
    return true;
}

int serve_param_date(const serve_req *req, serve_resp *resp, const char *key, const char **out) {
    const char *v = NULL;
    if (param_once(req, resp, key, &v)) return ORR_EUSAGE;
    if (!v) return ORR_OK;
    if (!serve_valid_date(v)) return serve_reply_error(resp, 400, key, "expected a date YYYY-MM-DD");
    *out = v;
    return ORR_OK;
}

int serve_param_code(const serve_req *req, serve_resp *resp, const char *key, size_t max_len,
                     const char **out) {
    const char *v = NULL;
    if (param_once(req, resp, key, &v)) return ORR_EUSAGE;
    if (!v) return ORR_OK;
    if (!serve_valid_code(v, max_len))
        return serve_reply_error(resp, 400, key, "expected 1 to %zu of A-Z, 0-9", max_len);
    *out = v;
    return ORR_OK;
}

int serve_param_enum(const serve_req *req, serve_resp *resp, const char *key,
                     const char *const *choices, const char **out) {
    const char *v = NULL;
    if (param_once(req, resp, key, &v)) return ORR_EUSAGE;
    if (!v) return ORR_OK;
    for (const char *const *c = choices; *c; c++)
        if (strcmp(*c, v) == 0) {
            *out = *c;
            return ORR_OK;
        }
    orr_buf list;
    orr_buf_init(&list);
    for (const char *const *c = choices; *c; c++) orr_buf_printf(&list, "%s%s", c == choices ? "" : "|", *c);
    serve_reply_error(resp, 400, key, "expected one of %s", list.data ? list.data : "");
    orr_buf_free(&list);
    return ORR_EUSAGE;
}

json_t *serve_body_json(const serve_req *req, serve_resp *resp) {
    if (!req->body || req->body_len == 0) {
        serve_reply_error(resp, 400, "body", "expected a JSON object in the request body");
        return NULL;
    }
    json_error_t jerr;
    json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j) {
        serve_reply_error(resp, 400, "body", "byte %d: %s", jerr.position, jerr.text);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        serve_reply_error(resp, 400, "body", "expected a JSON object");
        return NULL;
    }
    return j;
}

/* ---- responses --------------------------------------------------------- */

void serve_resp_init(serve_resp *resp) {
    memset(resp, 0, sizeof *resp);
    resp->status = 200;
    resp->file_fd = -1;
    resp->content_type = "application/json";
    orr_buf_init(&resp->body);
}

void serve_resp_free(serve_resp *resp) {
    if (resp->file_fd >= 0) close(resp->file_fd);
    resp->file_fd = -1;
    orr_buf_free(&resp->body);
    resp->body.len = 0;
}

int serve_reply_json(serve_resp *resp, int status, json_t *json) {
    resp->status = status;
    resp->content_type = "application/json";
    resp->body.len = 0;
    char *text = json ? json_dumps(json, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(json);
    if (!text) {
        resp->status = 500;
        orr_buf_puts(&resp->body, "{\"error\":\"out of memory\"}");
        return ORR_ENOMEM;
    }
    orr_buf_puts(&resp->body, text);
    orr_buf_puts(&resp->body, "\n");
    free(text);
    return ORR_OK;
}

json_t *serve_json_text(const char *s) {
    if (!s) return json_null();
    json_t *j = json_string(s);
    if (j) return j;
    /* Not valid UTF-8 (a client's bytes echoed back): keep ASCII only. */
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    if (!copy) return json_null();
    for (size_t i = 0; i <= n; i++) copy[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
    j = json_string(copy);
    free(copy);
    return j ? j : json_null();
}

int serve_reply_error(serve_resp *resp, int status, const char *param, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *j = json_object();
    json_object_set_new(j, "error", serve_json_text(msg));
    if (param) json_object_set_new(j, "param", serve_json_text(param));
    resp->cacheable = 0;
    serve_reply_json(resp, status, j);
    return ORR_EUSAGE;
}
