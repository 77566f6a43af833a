/*
** run.c — rounds of the expected-utility model on one issue (orr_bdm_run)
** and all three forecasts of an issue (orr_fc_forecast_all).  The
** equations live in bdm.c; this file normalises the scale, repeats rounds
** until no actor moves (or the round limit), and records every round so
** the CLI can show who moved, why, and where to.
*/
#include "bdm.h"
#include "../util/util.h"

#include <math.h>
#include <stdlib.h>

void orr_bdm_result_free(orr_bdm_result *result) {
    if (!result) return;
    orr_arena_free(result->arena);
    free(result);
}

/* Median and mean of positions in scale units, weights c x s. */
static void summarise(const bdm_model *m, const double *w, double lo, double range, double *median,
                      double *mean) {
    *median = lo + range * orr_fc_weighted_median(m->x, w, m->n);
    *mean = lo + range * orr_fc_weighted_mean(m->x, w, m->n);
}

typedef struct run_buffers {
    double *c, *s, *x, *r, *fixed_r, *w, *next;
    int *from, *kind;
} run_buffers;

static void buffers_free(run_buffers *b) {
    free(b->c), free(b->s), free(b->x), free(b->r), free(b->fixed_r), free(b->w), free(b->next);
    free(b->from), free(b->kind);
}

static int buffers_alloc(run_buffers *b, size_t n) {
    memset(b, 0, sizeof *b);
    b->c = malloc(n * sizeof(double)), b->s = malloc(n * sizeof(double));
    b->x = malloc(n * sizeof(double)), b->r = malloc(n * sizeof(double));
    b->fixed_r = malloc(n * sizeof(double)), b->w = malloc(n * sizeof(double));
    b->next = malloc(n * sizeof(double));
    b->from = malloc(n * sizeof(int)), b->kind = malloc(n * sizeof(int));
    if (b->c && b->s && b->x && b->r && b->fixed_r && b->w && b->next && b->from && b->kind) return ORR_OK;
    buffers_free(b);
    return ORR_ENOMEM;
}

/* One round: risks, then every actor's best offer, applied at once. */
static int bdm_round(bdm_model *m, run_buffers *b, double *max_move) {
    bdm_prepare(m);
    if (m->variant & ORR_BDM_RISK_NEUTRAL) {
        for (size_t k = 0; k < m->n; k++) m->r[k] = b->fixed_r[k] > 0 ? b->fixed_r[k] : 1;
    } else if (bdm_update_risk(m)) {
        return ORR_ENOMEM;
    }
    for (size_t i = 0; i < m->n; i++) b->kind[i] = bdm_best_offer(m, i, &b->from[i], &b->next[i]);
    *max_move = 0;
    for (size_t i = 0; i < m->n; i++) {
        *max_move = fmax(*max_move, fabs(b->next[i] - m->x[i]));
        m->x[i] = b->next[i];
    }
    return ORR_OK;
}

static int record_round(orr_bdm_result *res, const bdm_model *m, const run_buffers *b, double lo,
                        double range) {
    orr_bdm_round *round = &res->rounds[res->n_rounds];
    round->moves = orr_arena_alloc(res->arena, m->n * sizeof *round->moves);
    if (!round->moves) return ORR_ENOMEM;
    for (size_t i = 0; i < m->n; i++) {
        round->moves[i] = (orr_bdm_move){.kind = b->kind[i], .from = b->from[i],
                                         .position = lo + range * m->x[i], .risk = m->r[i]};
    }
    summarise(m, b->w, lo, range, &round->median, &round->mean);
    res->n_rounds++;
    return ORR_OK;
}

static int run_rounds(const orr_fc_issue *issue, const orr_bdm_options *opts, run_buffers *b,
                      orr_bdm_result *res, orr_error *err) {
    size_t n = issue->n_actors;
    double lo = INFINITY, hi = -INFINITY, wsum = 0;
    for (size_t i = 0; i < n; i++) {
        const orr_fc_actor *a = &issue->actors[i];
        b->c[i] = a->capability, b->s[i] = a->salience, b->fixed_r[i] = a->risk;
        b->w[i] = a->capability * a->salience;
        wsum += b->w[i];
        lo = fmin(lo, a->position), hi = fmax(hi, a->position);
    }
    if (!(wsum > 0))
        return orr_error_set(err, ORR_EFORMAT, "%s: no actor has both capability and salience above 0",
                             issue->source);
    if ((opts->variant & ORR_BDM_SCALE_RANGE) && issue->has_scale) lo = issue->scale_lo, hi = issue->scale_hi;
    double range = hi > lo ? hi - lo : 1;
    for (size_t i = 0; i < n; i++) b->x[i] = (issue->actors[i].position - lo) / range, b->r[i] = 1;
    bdm_model m = {.n = n, .c = b->c, .s = b->s, .x = b->x, .r = b->r, .fixed_r = b->fixed_r,
                   .variant = opts->variant, .q = opts->q, .t = opts->t};
    summarise(&m, b->w, lo, range, &res->initial_median, &res->initial_mean);
    res->forecast = res->initial_median, res->forecast_mean = res->initial_mean;
    double width = issue->has_scale ? issue->scale_hi - issue->scale_lo : range;
    double tol = opts->tolerance > 0 ? opts->tolerance : 1e-6 * width;
    if (hi == lo) {  /* everyone agrees already */
        res->converged = 1;
        return ORR_OK;
    }
    for (int t = 0; t < opts->max_rounds; t++) {
        double moved;
        if (bdm_round(&m, b, &moved) || record_round(res, &m, b, lo, range))
            return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", issue->source);
        res->forecast = res->rounds[res->n_rounds - 1].median;
        res->forecast_mean = res->rounds[res->n_rounds - 1].mean;
        if (moved * range <= tol) {
            res->converged = 1;
            break;
        }
    }
    return ORR_OK;
}

int orr_bdm_run(const orr_fc_issue *issue, const orr_bdm_options *opts, orr_bdm_result **out,
                orr_error *err) {
    *out = NULL;
    if (opts->max_rounds < 1 || opts->max_rounds > 10000)
        return orr_error_set(err, ORR_EUSAGE, "rounds must be 1..10000");
    if (!(opts->q >= 0 && opts->q <= 1 && opts->t >= 0 && opts->t <= 1))
        return orr_error_set(err, ORR_EUSAGE, "Q and T must lie in 0..1");
    if (issue->n_actors == 0) return orr_error_set(err, ORR_EFORMAT, "%s: no actors", issue->source);
    orr_bdm_result *res = calloc(1, sizeof *res);
    run_buffers b;
    if (!res || !(res->arena = orr_arena_new(4096)) || buffers_alloc(&b, issue->n_actors)) {
        if (res) orr_arena_free(res->arena);
        free(res);
        return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", issue->source);
    }
    res->n_actors = issue->n_actors;
    res->rounds = orr_arena_alloc(res->arena, (size_t)opts->max_rounds * sizeof *res->rounds);
    int rc = res->rounds ? run_rounds(issue, opts, &b, res, err)
                         : orr_error_set(err, ORR_ENOMEM, "%s: out of memory", issue->source);
    buffers_free(&b);
    if (rc) {
        orr_bdm_result_free(res);
        return rc;
    }
    *out = res;
    return ORR_OK;
}

int orr_fc_forecast_all(const orr_fc_issue *issue, const orr_bdm_options *opts,
                        orr_fc_forecasts *out, orr_error *err) {
    size_t n = issue->n_actors;
    double *x = malloc((n + 1) * sizeof *x), *w = malloc((n + 1) * sizeof *w);
    if (!x || !w) {
        free(x), free(w);
        return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", issue->source);
    }
    for (size_t i = 0; i < n; i++) {
        x[i] = issue->actors[i].position;
        w[i] = issue->actors[i].capability * issue->actors[i].salience;
    }
    out->compromise = orr_fc_weighted_mean(x, w, n);
    out->median = orr_fc_weighted_median(x, w, n);
    free(x), free(w);
    orr_bdm_result *res;
    int rc = orr_bdm_run(issue, opts, &res, err);
    if (rc) return rc;
    out->bdm = res->forecast;
    out->bdm_mean = res->forecast_mean;
    out->bdm_rounds = (int)res->n_rounds;
    out->bdm_converged = res->converged;
    orr_bdm_result_free(res);
    return ORR_OK;
}
