/*
** api_forecast.c — POST /api/forecast: a negotiation issue in the body
** (the JSON or CSV that `orrery forecast` reads, docs/forecast.md), the
** expected-utility model and the two baselines run on it, and the model's
** round-by-round trajectory so the dashboard can draw it.
**
** Query: ?variant=NAMES (comma-separated model variants), ?rounds=N (round
** limit, 1..1000), ?scale=LO-HI when the issue declares none.
*/
#include "serve.h"
#include "../util/json.h"

#include <math.h>

static json_t *trajectory_json(const orr_fc_issue *issue, const orr_bdm_result *res) {
    json_t *rounds = json_array();
    for (size_t r = 0; r < res->n_rounds; r++) {
        const orr_bdm_round *round = &res->rounds[r];
        json_t *pos = json_array(), *moves = json_array();
        for (size_t a = 0; a < res->n_actors; a++) {
            json_array_append_new(pos, orr_json_number(round->moves[a].position));
            json_array_append_new(moves, json_string(orr_bdm_offer_name(round->moves[a].kind)));
        }
        json_array_append_new(rounds, json_pack("{s:I, s:o, s:o, s:o, s:o}", "round",
                                                (json_int_t)(r + 1), "median",
                                                orr_json_number(round->median), "mean",
                                                orr_json_number(round->mean), "positions", pos,
                                                "moves", moves));
    }
    return rounds;
}

int api_forecast(orr_server *srv, serve_req *req, serve_resp *resp) {
    static const char *const known[] = {"variant", "rounds", "scale", NULL};
    int64_t max_rounds = 0;
    if (serve_params_only(req, resp, known) ||
        serve_param_int(req, resp, "rounds", 1, 1000, &max_rounds))
        return ORR_EUSAGE;
    orr_bdm_options opts;
    orr_bdm_options_default(&opts);
    if (max_rounds) opts.max_rounds = (int)max_rounds;
    orr_error err;
    const char *variant = serve_param_get(req, "variant");
    if (variant && orr_bdm_variant_parse(variant, &opts.variant, &err) != ORR_OK)
        return serve_reply_error(resp, 400, "variant", "%s", err.message);
    if (!req->body || req->body_len == 0)
        return serve_reply_error(resp, 400, "body", "expected an issue (JSON or CSV) in the request body");
    orr_fc_issue *issue;
    if (orr_fc_issue_parse("body", req->body, req->body_len, &issue, &err) != ORR_OK)
        return serve_reply_error(resp, 400, "body", "%s", err.message);
    const char *scale = serve_param_get(req, "scale");
    double lo, hi;
    int rc = ORR_OK;
    if (scale) {
        if (orr_fc_scale_parse(scale, &lo, &hi) != ORR_OK || orr_fc_issue_set_scale(issue, lo, hi, &err))
            rc = serve_reply_error(resp, 400, "scale", "expected LO-HI holding every position");
    } else if (!issue->has_scale) {
        rc = serve_reply_error(resp, 400, "scale", "the issue declares no scale: add \"scale\" or ?scale=LO-HI");
    }
    orr_bdm_result *res = NULL;
    orr_fc_forecasts fc;
    if (!rc && (orr_fc_forecast_all(issue, &opts, &fc, &err) || orr_bdm_run(issue, &opts, &res, &err)))
        rc = serve_reply_error(resp, 400, "body", "%s", err.message);
    if (rc) {
        orr_fc_issue_free(issue);
        return rc;
    }
    json_t *actors = json_array();
    for (size_t i = 0; i < issue->n_actors; i++) {
        const orr_fc_actor *a = &issue->actors[i];
        json_array_append_new(actors, json_pack("{s:o, s:f, s:f, s:f}", "name", serve_json_text(a->name),
                                                "capability", a->capability, "position", a->position,
                                                "salience", a->salience));
    }
    json_t *out = json_object();
    json_object_set_new(out, "issue", serve_json_text(issue->title));
    json_object_set_new(out, "scale", json_pack("[f, f]", issue->scale_lo, issue->scale_hi));
    json_object_set_new(out, "actors", actors);
    json_object_set_new(out, "forecasts",
                        json_pack("{s:o, s:o, s:o, s:o}", "bdm", orr_json_number(fc.bdm), "bdm_mean",
                                  orr_json_number(fc.bdm_mean), "compromise",
                                  orr_json_number(fc.compromise), "median", orr_json_number(fc.median)));
    json_object_set_new(out, "bdm",
                        json_pack("{s:I, s:b, s:o, s:o}", "rounds", (json_int_t)res->n_rounds,
                                  "converged", res->converged, "initial_median",
                                  orr_json_number(res->initial_median), "trajectory",
                                  trajectory_json(issue, res)));
    orr_bdm_result_free(res);
    orr_fc_issue_free(issue);
    return serve_reply_json(resp, 200, out);
}
