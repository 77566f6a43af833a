/*
** bdm.h — the pieces of the expected-utility model (bdm.c), internal to
** src/forecast and open to the unit tests so that each equation can be
** checked against arithmetic done by hand.  Positions here are on the
** model's normalised scale: 0 and 1 are the ends of the normalising range.
*/
#ifndef ORR_FORECAST_BDM_H
#define ORR_FORECAST_BDM_H

#include "orrery.h"

#include <stddef.h>

typedef struct bdm_model {
    size_t n;
    const double *c, *s;   /* capability, salience (0..1) */
    double *x;             /* positions, normalised */
    double *r;             /* risk exponents in use */
    const double *fixed_r; /* > 0: the input fixed this actor's exponent */
    unsigned variant;      /* ORR_BDM_* */
    double q, t;           /* status-quo persistence, and P(better | change) */
    double mu;             /* median voter position, normalised */
    double all_pairs;      /* denominator of the all-pairs variant */
} bdm_model;

typedef struct bdm_utils {
    double success, failure, better, worse, status_quo;
} bdm_utils;

/* Refresh what depends on positions only (median voter, all-pairs sum). */
void bdm_prepare(bdm_model *m);
/* Weighted vote of actor k for position a over position b. */
double bdm_vote(const bdm_model *m, size_t k, double a, double b);
/* Probability that i's position beats j's in a vote of all actors. */
double bdm_probability(const bdm_model *m, size_t i, size_t j);
/* Utilities to `challenger` of the outcomes of challenging `target`, with exponent r. */
void bdm_utilities(const bdm_model *m, size_t challenger, size_t target, double r, bdm_utils *u);
/* Expected utility of `challenger` challenging `target`, as `viewer` sees it. */
double bdm_expected_utility(const bdm_model *m, size_t viewer, size_t challenger, size_t target);
/* Recompute every risk exponent from the security levels (r = 1 pass). */
int bdm_update_risk(bdm_model *m);
/* The offer j makes to i, as i sees it: ORR_OFFER_* and i's new position. */
int bdm_offer(const bdm_model *m, size_t i, size_t j, double *new_x);
/* i's best offer of the round (smallest move); *from = proposer or -1. */
int bdm_best_offer(const bdm_model *m, size_t i, int *from, double *new_x);

#endif
