/*
** baseline.c — the two simple forecasts the expected-utility model must
** beat to be worth its complexity.
**
**   compromise model: the mean of the positions weighted by capability x
**     salience (each actor pulls the outcome towards itself in proportion
**     to the effort it can and will spend);
**   weighted median: the position at which half of the capability x
**     salience weight lies on either side.  On a line where every actor
**     prefers positions closer to its own, that position beats every other
**     in a weighted pairwise vote (Black's median voter), which is also
**     the expected-utility model's "median voter" before any bargaining.
*/
#include "../util/util.h"

#include <math.h>
#include <stdlib.h>

double orr_fc_weighted_mean(const double *x, const double *w, size_t n) {
    double sum = 0, wsum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += w[i] * x[i];
        wsum += w[i];
    }
    return wsum > 0 ? sum / wsum : NAN;
}

typedef struct wpoint {
    double x, w;
} wpoint;

static int wpoint_cmp(const void *a, const void *b) {
    double xa = ((const wpoint *)a)->x, xb = ((const wpoint *)b)->x;
    return (xa > xb) - (xa < xb);
}

/*
** Sort the positions, walk up the cumulative weight and stop where it
** first reaches half the total.  If it reaches exactly half at a position
** (the two sides tie), the median is the midpoint between that position
** and the next one up: both tie in a pairwise vote, and the midpoint is
** the symmetric choice.  "Exactly" allows for rounding: within 1e-12 of
** the total.
*/
double orr_fc_weighted_median(const double *x, const double *w, size_t n) {
    double total = 0;
    for (size_t i = 0; i < n; i++) total += w[i];
    if (!(total > 0)) return NAN;
    wpoint *p = malloc(n * sizeof *p);
    if (!p) return NAN;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] > 0) p[m++] = (wpoint){x[i], w[i]};
    qsort(p, m, sizeof *p, wpoint_cmp);
    double half = total / 2, cum = 0, result = p[m - 1].x;
    for (size_t i = 0; i < m; i++) {
        cum += p[i].w;
        if (i + 1 < m && p[i + 1].x == p[i].x) continue;  /* same position: add it all */
        if (fabs(cum - half) <= 1e-12 * total) {
            size_t j = i + 1;
            result = j < m ? (p[i].x + p[j].x) / 2 : p[i].x;
            break;
        }
        if (cum > half) {
            result = p[i].x;
            break;
        }
    }
    free(p);
    return result;
}
