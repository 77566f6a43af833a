/*
** shifts.c — where a relationship changed: change points on each directed
** dyad's series of mean Goldstein scores per period, by PELT (Killick,
** Fearnhead & Eckley 2012).
**
** Model: the series is piecewise constant in mean with normal noise of
** variance sigma2; a segment's cost is its sum of squared deviations from
** its mean over sigma2 (twice the negative log-likelihood up to a
** constant).  PELT finds the segmentation minimising total cost plus a
** penalty beta per change exactly, pruning split points that can never
** be optimal again.  orrery uses beta = 2 ln n — BIC-like: a change adds
** two parameters (where, and the new mean), each charged ln n — and
** estimates sigma2 robustly from the median absolute difference of
** neighbouring points (1.4826 * MAD / sqrt 2, so the breaks themselves
** do not inflate it), floored at 0.1 so a flat series does not turn every
** wobble into a change.
*/
#include "relate.h"

#include <math.h>
#include <stdlib.h>

/* Cost of x[s, t) from prefix sums. */
static double seg_cost(const double *cs, const double *cs2, size_t s, size_t t, double sigma2) {
    double n = (double)(t - s), sum = cs[t] - cs[s], sum2 = cs2[t] - cs2[s];
    double c = sum2 - sum * sum / n;
    return (c < 0 ? 0 : c) / sigma2;
}

int orr_pelt(const double *x, size_t n, double sigma2, double penalty, size_t min_seg,
             size_t *cps, size_t *n_cps, orr_error *err) {
    *n_cps = 0;
    if (min_seg < 1) min_seg = 1;
    if (sigma2 <= 0) return orr_error_set(err, ORR_EUSAGE, "PELT: variance must be positive");
    if (n < 2 * min_seg) return ORR_OK;
    double *cs = calloc(n + 1, sizeof *cs), *cs2 = calloc(n + 1, sizeof *cs2);
    double *F = calloc(n + 1, sizeof *F);
    size_t *last = calloc(n + 1, sizeof *last), *R = calloc(n + 2, sizeof *R);
    if (!cs || !cs2 || !F || !last || !R) {
        free(cs); free(cs2); free(F); free(last); free(R);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        cs[i + 1] = cs[i] + x[i];
        cs2[i + 1] = cs2[i] + x[i] * x[i];
    }
    F[0] = -penalty;
    size_t n_r = 0;
    R[n_r++] = 0;
    for (size_t t = min_seg; t <= n; t++) {
        double best = INFINITY;
        size_t arg = 0;
        for (size_t k = 0; k < n_r; k++) {
            size_t s = R[k];
            if (t - s < min_seg) continue;
            double f = F[s] + seg_cost(cs, cs2, s, t, sigma2) + penalty;
            if (f < best) { best = f; arg = s; }
        }
        if (best == INFINITY) {   /* no admissible split yet: only before min_seg */
            F[t] = INFINITY;
            continue;
        }
        F[t] = best;
        last[t] = arg;
        /* prune: keep s whose cost so far cannot exceed F[t] */
        size_t kept = 0;
        for (size_t k = 0; k < n_r; k++) {
            size_t s = R[k];
            if (t - s < min_seg || F[s] + seg_cost(cs, cs2, s, t, sigma2) <= F[t]) R[kept++] = s;
        }
        n_r = kept;
        if (t + min_seg <= n && t >= min_seg) R[n_r++] = t;
    }
    /* walk back from n; change points come out in reverse */
    size_t k = 0;
    for (size_t t = n; t > 0 && last[t] > 0; t = last[t]) cps[k++] = last[t];
    for (size_t i = 0; i < k / 2; i++) {
        size_t tmp = cps[i];
        cps[i] = cps[k - 1 - i];
        cps[k - 1 - i] = tmp;
    }
    *n_cps = k;
    free(cs); free(cs2); free(F); free(last); free(R);
    return ORR_OK;
}

static int dbl_cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Robust noise variance: MAD of first differences. */
static double robust_sigma2(const double *x, size_t n) {
    if (n < 3) return 1.0;
    double *d = malloc((n - 1) * sizeof *d);
    if (!d) return 1.0;
    for (size_t i = 1; i < n; i++) d[i - 1] = fabs(x[i] - x[i - 1]);
    qsort(d, n - 1, sizeof *d, dbl_cmp);
    double med = (n - 1) % 2 ? d[(n - 1) / 2] : (d[(n - 1) / 2 - 1] + d[(n - 1) / 2]) / 2;
    free(d);
    double sigma = 1.4826 * med / sqrt(2.0);
    return sigma * sigma < 0.1 ? 0.1 : sigma * sigma;
}

static int shift_cmp(const void *a, const void *b) {
    const orr_shift *x = a, *y = b;
    if (fabs(x->size) != fabs(y->size)) return fabs(x->size) < fabs(y->size) ? 1 : -1;
    if (x->events != y->events) return x->events < y->events ? 1 : -1;
    int c = strcmp(x->source, y->source);
    return c ? c : strcmp(x->target, y->target);
}

/* The biggest change point of one dyad's series, if any. */
static int dyad_shift(const orr_relate *rel, const rel_acc *acc, size_t n, orr_period by,
                      size_t *cps, double *x, orr_shift *out, orr_error *err) {
    int64_t events = 0;
    for (size_t i = 0; i < n; i++) {
        x[i] = acc[i].weight > 0 ? acc[i].gsum / acc[i].weight : 0;
        events += acc[i].events;
    }
    size_t n_cps;
    if (orr_pelt(x, n, robust_sigma2(x, n), 2.0 * log((double)n), 2, cps, &n_cps, err)) return -1;
    double best = 0;
    int found = 0;
    size_t prev = 0;
    for (size_t k = 0; k < n_cps; k++) {
        size_t next = k + 1 < n_cps ? cps[k + 1] : n, at = cps[k];
        double m0 = 0, m1 = 0;
        for (size_t i = prev; i < at; i++) m0 += x[i];
        for (size_t i = at; i < next; i++) m1 += x[i];
        m0 /= (double)(at - prev);
        m1 /= (double)(next - at);
        if (fabs(m1 - m0) > fabs(best)) {
            best = m1 - m0;
            found = 1;
            memset(out, 0, sizeof *out);
            snprintf(out->source, 8, "%s", rel->actor_code[acc[0].key >> 48]);
            snprintf(out->target, 8, "%s", rel->actor_code[acc[0].key >> 32 & 0xFFFF]);
            int32_t b0 = (int32_t)((uint32_t)acc[prev].key - (uint32_t)INT32_MIN);
            int32_t b1 = (int32_t)((uint32_t)acc[at].key - (uint32_t)INT32_MIN);
            int32_t b2 = (int32_t)((uint32_t)acc[next - 1].key - (uint32_t)INT32_MIN);
            rel_format_day(rel_bin_start(b0, by), out->before_from);
            rel_format_day(rel_bin_start(b1, by), out->change_at);
            rel_format_day(rel_bin_start(b2 + 1, by) - 1, out->after_to);
            out->mean_before = m0;
            out->mean_after = m1;
            out->size = m1 - m0;
            out->n_points = n;
            out->n_before = at - prev;
            out->n_after = next - at;
            out->events = events;
        }
        prev = at;
    }
    return found;
}

int orr_relate_shifts(const orr_relate *rel, orr_period by, const char *since, size_t min_points,
                      size_t limit, orr_shift_fn fn, void *ctx, orr_error *err) {
    int32_t from = INT32_MIN;
    if (since && *since && rel_parse_day(since, &from))
        return orr_error_set(err, ORR_EUSAGE, "--since must be YYYY-MM-DD");
    if (min_points < 4) min_points = 4;
    rel_map m;
    if (rel_map_init(&m, 4096)) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    for (size_t i = 0; i < rel->n; i++) {
        if (rel->day[i] < from || rel->src[i] == rel->tgt[i]) continue;
        uint64_t key = (uint64_t)rel->src[i] << 48 | (uint64_t)rel->tgt[i] << 32 |
                       (uint32_t)(rel_bin_of(rel->day[i], by) + INT32_MIN);
        rel_acc *a = rel_map_get(&m, key);
        if (!a) {
            rel_map_free(&m);
            return orr_error_set(err, ORR_ENOMEM, "out of memory");
        }
        rel_acc_add(a, rel, i);
    }
    size_t n;
    rel_acc *acc = rel_map_sorted(&m, &n);
    rel_map_free(&m);
    size_t *cps = malloc((n + 1) * sizeof *cps);
    double *x = malloc((n + 1) * sizeof *x);
    orr_shift *shifts = malloc((n + 1) * sizeof *shifts);
    if (!acc || !cps || !x || !shifts) {
        free(acc); free(cps); free(x); free(shifts);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    size_t n_shifts = 0;
    int rc = ORR_OK;
    for (size_t i = 0; i < n && !rc;) {
        size_t j = i;
        while (j < n && acc[j].key >> 32 == acc[i].key >> 32) j++;
        if (j - i >= min_points) {
            int found = dyad_shift(rel, acc + i, j - i, by, cps, x, &shifts[n_shifts], err);
            if (found < 0) rc = err ? err->code : ORR_EINTERNAL;
            else n_shifts += (size_t)found;
        }
        i = j;
    }
    qsort(shifts, n_shifts, sizeof *shifts, shift_cmp);
    for (size_t i = 0; i < n_shifts && !rc && (!limit || i < limit); i++)
        if (fn(ctx, &shifts[i])) break;
    free(acc); free(cps); free(x); free(shifts);
    return rc;
}
