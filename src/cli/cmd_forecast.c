/*
** cmd_forecast.c — `orrery forecast FILE` (negotiation forecasts: the
** expected-utility model and its two baselines) and `orrery eval forecast
** DEU3.csv` (every model scored on EU legislative outcomes).  The models
** live in src/forecast; this file reads options, calls them, prints.
*/
#include "cli.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MODEL_ALL, MODEL_BDM, MODEL_COMPROMISE, MODEL_MEDIAN };

typedef struct forecast_args {
    const char *file;
    int model;
    bool json;
    orr_bdm_options bdm;
    bool has_scale;
    double scale_lo, scale_hi;
    double tolerance;        /* eval: hit tolerance in scale points */
    bool by_proposal;        /* eval: one line per proposal */
    bool from_events;        /* --salience-from-events */
    const char *db;
    char date_from[11], date_to[11];  /* --window FROM..TO, "" = open */
} forecast_args;

/* "2025-01-01..2025-03-31"; either side may be empty. */
static bool parse_window(const char *v, char *from, char *to) {
    const char *dots = strstr(v, "..");
    if (!dots) return false;
    size_t a = (size_t)(dots - v), b = strlen(dots + 2);
    if ((a != 0 && a != 10) || (b != 0 && b != 10)) return false;
    memcpy(from, v, a), from[a] = '\0';
    memcpy(to, dots + 2, b), to[b] = '\0';
    return true;
}

static int parse_double(const char *cmd, const char *opt, const char *v, double *out) {
    char *end;
    *out = strtod(v, &end);
    if (!*v || *end || !isfinite(*out)) return cli_usage_error(cmd, "%s needs a number", opt);
    return EXIT_OK;
}

/* Options shared by both commands; `eval` adds --tolerance and --by-proposal. */
static int forecast_parse_args(int argc, char **argv, bool eval, forecast_args *a) {
    const char *cmd = eval ? "eval forecast" : "forecast";
    memset(a, 0, sizeof *a);
    orr_bdm_options_default(&a->bdm);
    a->tolerance = 10;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        const char *v = NULL;
        int rc = EXIT_OK;
        if (o.positional) {
            if (a->file) return cli_usage_error(cmd, "one input file only");
            a->file = o.arg;
            continue;
        }
        bool known = cli_opt_is(&o, "--model") || cli_opt_is(&o, "--rounds") ||
                     cli_opt_is(&o, "--variant") || cli_opt_is(&o, "--format") ||
                     cli_opt_is(&o, "--scale") || cli_opt_is(&o, "--q") || cli_opt_is(&o, "--t") ||
                     (eval && cli_opt_is(&o, "--tolerance"));
        if (eval && cli_opt_is(&o, "--by-proposal")) {
            a->by_proposal = true;
            continue;
        }
        if (!eval && cli_opt_is(&o, "--salience-from-events")) {
            a->from_events = true;
            continue;
        }
        if (!eval && (cli_opt_is(&o, "--db") || cli_opt_is(&o, "--window"))) {
            if (!(v = cli_opt_value(&o))) return EXIT_USAGE;
            if (cli_opt_is(&o, "--db")) a->db = v;
            else if (!parse_window(v, a->date_from, a->date_to))
                return cli_usage_error(cmd, "--window needs YYYY-MM-DD..YYYY-MM-DD (either side may be empty)");
            continue;
        }
        if (!known) return cli_unknown_option(&o);
        if (!(v = cli_opt_value(&o))) return EXIT_USAGE;
        if (cli_opt_is(&o, "--model") && !eval) {
            if (strcmp(v, "all") == 0) a->model = MODEL_ALL;
            else if (strcmp(v, "bdm") == 0) a->model = MODEL_BDM;
            else if (strcmp(v, "compromise") == 0) a->model = MODEL_COMPROMISE;
            else if (strcmp(v, "median") == 0) a->model = MODEL_MEDIAN;
            else rc = cli_usage_error(cmd, "--model must be bdm, compromise, median or all");
        } else if (cli_opt_is(&o, "--model")) {
            rc = cli_usage_error(cmd, "eval scores every model; --model does not apply");
        } else if (cli_opt_is(&o, "--rounds")) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 10000) rc = cli_usage_error(cmd, "--rounds needs 1..10000");
            a->bdm.max_rounds = (int)n;
        } else if (cli_opt_is(&o, "--variant")) {
            orr_error err;
            if (orr_bdm_variant_parse(v, &a->bdm.variant, &err)) rc = cli_usage_error(cmd, "%s", err.message);
        } else if (cli_opt_is(&o, "--format")) {
            if (strcmp(v, "json") == 0) a->json = true;
            else if (strcmp(v, "table") != 0) rc = cli_usage_error(cmd, "--format must be table or json");
        } else if (cli_opt_is(&o, "--scale")) {
            if (orr_fc_scale_parse(v, &a->scale_lo, &a->scale_hi))
                rc = cli_usage_error(cmd, "--scale needs LO-HI, e.g. 0-100");
            a->has_scale = true;
        } else if (cli_opt_is(&o, "--q") || cli_opt_is(&o, "--t")) {
            double *dst = cli_opt_is(&o, "--q") ? &a->bdm.q : &a->bdm.t;
            if ((rc = parse_double(cmd, o.arg, v, dst)) == EXIT_OK && (*dst < 0 || *dst > 1))
                rc = cli_usage_error(cmd, "%s must lie in 0..1", o.arg);
        } else if (cli_opt_is(&o, "--tolerance")) {
            if ((rc = parse_double(cmd, "--tolerance", v, &a->tolerance)) == EXIT_OK && a->tolerance < 0)
                rc = cli_usage_error(cmd, "--tolerance must be >= 0");
        }
        if (rc) return rc;
    }
    if (!a->file) return cli_usage_error(cmd, "no input file");
    if ((a->db || a->date_from[0] || a->date_to[0]) && !a->from_events)
        return cli_usage_error(cmd, "--db and --window only apply with --salience-from-events");
    if (!a->db) a->db = cli_default_db();
    return EXIT_OK;
}

/* ---- orrery forecast ---------------------------------------------------- */

static const char *offer_verb(int kind) {
    switch (kind) {
    case ORR_OFFER_CONFRONT: return "loses a confrontation to";
    case ORR_OFFER_COMPROMISE: return "compromises with";
    case ORR_OFFER_CAPITULATE: return "capitulates to";
    default: return "stays";
    }
}

static void print_rounds_table(const orr_fc_issue *issue, const orr_bdm_result *res) {
    printf("\nexpected-utility rounds (median voter / weighted mean; moves)\n");
    printf("  round 0  %8.3f %8.3f  initial positions\n", res->initial_median, res->initial_mean);
    for (size_t t = 0; t < res->n_rounds; t++) {
        const orr_bdm_round *r = &res->rounds[t];
        printf("  round %-2zu %8.3f %8.3f ", t + 1, r->median, r->mean);
        int moved = 0;
        for (size_t i = 0; i < res->n_actors; i++) {
            const orr_bdm_move *m = &r->moves[i];
            if (m->kind == ORR_OFFER_NONE) continue;
            printf("%s %s %s %s -> %.3f", moved++ ? ";" : "", issue->actors[i].name, offer_verb(m->kind),
                   issue->actors[m->from].name, m->position);
        }
        printf("%s\n", moved ? "" : " no offers accepted");
    }
    printf("\npositions by round (columns: actors in file order)\n  round");
    for (size_t i = 0; i < res->n_actors; i++) printf(" %7.7s", issue->actors[i].name);
    printf("\n  %5d", 0);
    for (size_t i = 0; i < res->n_actors; i++) printf(" %7.2f", issue->actors[i].position);
    for (size_t t = 0; t < res->n_rounds; t++) {
        printf("\n  %5zu", t + 1);
        for (size_t i = 0; i < res->n_actors; i++) printf(" %7.2f", res->rounds[t].moves[i].position);
    }
    printf("\n  risk ");
    for (size_t i = 0; i < res->n_actors; i++)
        printf(" %7.2f", res->n_rounds ? res->rounds[res->n_rounds - 1].moves[i].risk : 1.0);
    printf("   (exponents in the last round)\n");
}

static void print_table(const forecast_args *a, const orr_fc_issue *issue, const orr_fc_forecasts *fc,
                        const orr_bdm_result *res) {
    printf("issue: %s\n", issue->title ? issue->title : issue->source);
    printf("%zu actors, scale %g-%g\n\n", issue->n_actors, issue->scale_lo, issue->scale_hi);
    printf("%-11s %9s\n", "model", "forecast");
    if (a->model == MODEL_ALL || a->model == MODEL_BDM)
        printf("%-11s %9.2f  median voter after %zu round%s (%s); weighted mean %.2f\n", "bdm", res->forecast,
               res->n_rounds, res->n_rounds == 1 ? "" : "s",
               res->converged ? "converged" : "round limit, not converged", res->forecast_mean);
    if (a->model == MODEL_ALL || a->model == MODEL_COMPROMISE)
        printf("%-11s %9.2f  capability x salience weighted mean\n", "compromise", fc->compromise);
    if (a->model == MODEL_ALL || a->model == MODEL_MEDIAN)
        printf("%-11s %9.2f  capability x salience weighted median\n", "median", fc->median);
    if (a->model == MODEL_ALL || a->model == MODEL_BDM) print_rounds_table(issue, res);
}

static json_t *rounds_json(const orr_fc_issue *issue, const orr_bdm_result *res) {
    json_t *rounds = json_array();
    for (size_t t = 0; t < res->n_rounds; t++) {
        const orr_bdm_round *r = &res->rounds[t];
        json_t *actors = json_array();
        for (size_t i = 0; i < res->n_actors; i++) {
            const orr_bdm_move *m = &r->moves[i];
            json_t *offer = m->kind == ORR_OFFER_NONE
                                ? json_null()
                                : json_pack("{s:s, s:s}", "kind", orr_bdm_offer_name(m->kind), "from",
                                            issue->actors[m->from].name);
            json_array_append_new(actors, json_pack("{s:s, s:f, s:f, s:o}", "actor", issue->actors[i].name,
                                                    "position", m->position, "risk", m->risk, "offer", offer));
        }
        json_array_append_new(rounds, json_pack("{s:i, s:f, s:f, s:o}", "round", (int)t + 1, "median",
                                                r->median, "mean", r->mean, "actors", actors));
    }
    return rounds;
}

static void print_json(const forecast_args *a, const orr_fc_issue *issue, const orr_fc_forecasts *fc,
                       const orr_bdm_result *res, json_t *hints) {
    json_t *models = json_object();
    if (a->model == MODEL_ALL || a->model == MODEL_BDM)
        json_object_set_new(models, "bdm",
                            json_pack("{s:f, s:f, s:f, s:f, s:i, s:b, s:o}", "forecast", res->forecast, "mean",
                                      res->forecast_mean, "initial_median", res->initial_median,
                                      "initial_mean", res->initial_mean, "rounds_run", (int)res->n_rounds,
                                      "converged", res->converged, "rounds", rounds_json(issue, res)));
    if (a->model == MODEL_ALL || a->model == MODEL_COMPROMISE)
        json_object_set_new(models, "compromise", json_pack("{s:f}", "forecast", fc->compromise));
    if (a->model == MODEL_ALL || a->model == MODEL_MEDIAN)
        json_object_set_new(models, "median", json_pack("{s:f}", "forecast", fc->median));
    json_t *root = json_pack("{s:s?, s:s, s:[f,f], s:i, s:o}", "issue", issue->title, "source", issue->source,
                             "scale", issue->scale_lo, issue->scale_hi, "actors", (int)issue->n_actors,
                             "models", models);
    if (root && hints) json_object_set_new(root, "salience_from_events", hints);
    else json_decref(hints);
    char *text = root ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    if (text) printf("%s\n", text);
    free(text);
    json_decref(root);
}

/*
** --salience-from-events: replace each actor's salience by its hint from
** the event store (a heuristic; docs/forecast.md) and keep what was there
** for the report.
*/
typedef struct hint_report {
    double *counts, *hints, *input;
} hint_report;

static int apply_event_hints(const forecast_args *a, orr_fc_issue *issue, hint_report *h, orr_error *err) {
    size_t n = issue->n_actors;
    h->counts = orr_arena_alloc(issue->arena, n * sizeof(double));
    h->hints = orr_arena_alloc(issue->arena, n * sizeof(double));
    h->input = orr_arena_alloc(issue->arena, n * sizeof(double));
    if (!h->counts || !h->hints || !h->input) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    orr_db *db;
    int rc = orr_db_open(&db, a->db, err);
    if (rc) return rc;
    rc = orr_fc_salience_from_events(db, issue, a->date_from[0] ? a->date_from : NULL,
                                     a->date_to[0] ? a->date_to : NULL, h->counts, h->hints, err);
    orr_db_close(db);
    if (rc) return rc;
    double total = 0;
    for (size_t i = 0; i < n; i++) total += h->counts[i];
    if (total == 0)
        return orr_error_set(err, ORR_ENOTFOUND,
                             "%s: no stored events between the issue's actors (actor names must be event "
                             "country codes such as USA, RUS)", a->db);
    for (size_t i = 0; i < n; i++) {
        h->input[i] = issue->actors[i].salience;
        issue->actors[i].salience = h->hints[i];
    }
    return ORR_OK;
}

static void print_hints_table(const orr_fc_issue *issue, const hint_report *h) {
    printf("salience from events (heuristic): events with the other parties, scaled by the busiest\n");
    printf("  %-16s %8s %9s %9s\n", "actor", "events", "input", "used");
    for (size_t i = 0; i < issue->n_actors; i++)
        printf("  %-16s %8.0f %9.2f %9.2f\n", issue->actors[i].name, h->counts[i], h->input[i], h->hints[i]);
    printf("\n");
}

static json_t *hints_json(const orr_fc_issue *issue, const hint_report *h) {
    json_t *arr = json_array();
    for (size_t i = 0; i < issue->n_actors; i++)
        json_array_append_new(arr, json_pack("{s:s, s:f, s:f, s:f}", "actor", issue->actors[i].name, "events",
                                             h->counts[i], "input_salience", h->input[i], "salience", h->hints[i]));
    return arr;
}

int cmd_forecast(int argc, char **argv) {
    forecast_args a;
    int status = forecast_parse_args(argc, argv, false, &a);
    if (status) return status;
    orr_error err;
    orr_error_clear(&err);
    orr_fc_issue *issue = NULL;
    orr_bdm_result *res = NULL;
    orr_fc_forecasts fc;
    int rc = orr_fc_issue_read(a.file, &issue, &err);
    if (!rc && a.has_scale) rc = orr_fc_issue_set_scale(issue, a.scale_lo, a.scale_hi, &err);
    if (!rc && !issue->has_scale)
        rc = orr_error_set(&err, ORR_EFORMAT,
                           "%s: no position scale declared (add a line '# scale: 0-100' or pass --scale LO-HI)",
                           issue->source);
    hint_report hints = {0};
    if (!rc && a.from_events) rc = apply_event_hints(&a, issue, &hints, &err);
    if (!rc) rc = orr_fc_forecast_all(issue, &a.bdm, &fc, &err);
    if (!rc) rc = orr_bdm_run(issue, &a.bdm, &res, &err);
    if (rc) {
        cli_print_error(&err);
        status = rc == ORR_EUSAGE ? EXIT_USAGE : EXIT_FAIL;
    } else if (a.json) {
        print_json(&a, issue, &fc, res, a.from_events ? hints_json(issue, &hints) : NULL);
    } else {
        if (a.from_events) print_hints_table(issue, &hints);
        print_table(&a, issue, &fc, res);
    }
    orr_bdm_result_free(res);
    orr_fc_issue_free(issue);
    return status;
}

/* ---- orrery eval forecast ----------------------------------------------- */

typedef struct eval_ctx {
    bool by_proposal, json;
    char proposal[32];
    size_t n;
    double abs_error[ORR_FC_N_MODELS];
} eval_ctx;

static void eval_flush_proposal(eval_ctx *ctx) {
    if (!ctx->n) return;
    printf("%-10s %3zu", ctx->proposal, ctx->n);
    for (int m = 0; m < ORR_FC_N_MODELS; m++) printf(" %10.2f", ctx->abs_error[m] / (double)ctx->n);
    printf("\n");
    memset(ctx->abs_error, 0, sizeof ctx->abs_error);
    ctx->n = 0;
}

static int eval_on_issue(void *vctx, const orr_fc_deu_issue *row) {
    eval_ctx *ctx = vctx;
    if (!ctx->by_proposal) return 0;
    if (strcmp(ctx->proposal, row->proposal) != 0) {
        eval_flush_proposal(ctx);
        snprintf(ctx->proposal, sizeof ctx->proposal, "%s", row->proposal);
    }
    ctx->n++;
    for (int m = 0; m < ORR_FC_N_MODELS; m++) ctx->abs_error[m] += fabs(row->forecast[m] - row->outcome);
    return 0;
}

static void eval_print(const forecast_args *a, const orr_fc_deu_summary *s) {
    int best = 0;
    for (int m = 1; m < ORR_FC_N_MODELS; m++)
        if (s->issue[m].abs_error < s->issue[best].abs_error) best = m;
    if (a->json) {
        json_t *models = json_object();
        for (int m = 0; m < ORR_FC_N_MODELS; m++) {
            const orr_fc_score *i = &s->issue[m], *p = &s->proposal[m];
            json_object_set_new(models, orr_fc_model_name(m),
                                json_pack("{s:f, s:f, s:f, s:f}", "hit_rate", i->hits / (double)i->n, "mae",
                                          i->abs_error / (double)i->n, "proposal_hit_rate",
                                          p->hits / (double)p->n, "proposal_mae", p->abs_error / (double)p->n));
        }
        json_t *root = json_pack("{s:i, s:i, s:i, s:i, s:f, s:s, s:o}", "rows", (int)s->n_rows, "scored",
                                 (int)s->n_scored, "no_outcome", (int)s->n_no_outcome, "proposals",
                                 (int)s->n_proposals, "tolerance", a->tolerance, "best_mae",
                                 orr_fc_model_name(best), "models", models);
        char *text = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(8));
        if (text) printf("%s\n", text);
        free(text);
        json_decref(root);
        return;
    }
    printf("DEU III: %zu issues scored (%zu rows, %zu without outcome) in %zu proposals\n", s->n_scored,
           s->n_rows, s->n_no_outcome, s->n_proposals);
    printf("hit: |forecast - outcome| <= %g on the 0-100 scale; MAE in scale points\n\n", a->tolerance);
    printf("%-11s %14s %8s %17s %8s\n", "model", "issue hit rate", "MAE", "proposal hit rate", "MAE");
    for (int m = 0; m < ORR_FC_N_MODELS; m++) {
        const orr_fc_score *i = &s->issue[m], *p = &s->proposal[m];
        printf("%-11s %14.3f %8.2f %17.3f %8.2f\n", orr_fc_model_name(m), i->hits / (double)i->n,
               i->abs_error / (double)i->n, p->hits / (double)p->n, p->abs_error / (double)p->n);
    }
    printf("\nlowest issue MAE: %s\n", orr_fc_model_name(best));
}

int eval_forecast(int argc, char **argv) {
    forecast_args a;
    int status = forecast_parse_args(argc, argv, true, &a);
    if (status) return status;
    eval_ctx ctx = {.by_proposal = a.by_proposal && !a.json};
    if (ctx.by_proposal) {
        printf("%-10s %3s", "proposal", "n");
        for (int m = 0; m < ORR_FC_N_MODELS; m++) printf(" %10s", orr_fc_model_name(m));
        printf("   (mean absolute error per proposal)\n");
    }
    orr_fc_deu_summary sum;
    orr_error err;
    orr_error_clear(&err);
    int rc = orr_fc_eval_deu(a.file, &a.bdm, a.tolerance, eval_on_issue, &ctx, &sum, &err);
    if (ctx.by_proposal) {
        eval_flush_proposal(&ctx);
        printf("\n");
    }
    if (rc) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    if (sum.n_scored == 0) {
        fprintf(stderr, "orrery eval forecast: %s: no issue with an outcome\n", a.file);
        return EXIT_FAIL;
    }
    eval_print(&a, &sum);
    return EXIT_OK;
}
