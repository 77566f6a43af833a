/*
** bdm.c — Bueno de Mesquita's expected-utility model of group decisions,
** as reconstructed from the literature by Scholz, Calbert & Smith (2011,
** Journal of Theoretical Politics 23(4)).  Written by hand because it is
** the heart of the forecast stage and no Debian library implements it.
** docs/forecast.md gives the equations and the named variants.
**
** The model in brief.  n actors each hold a position x on one issue, a
** capability c and a salience s (how much of that capability they will
** spend on this issue).  Positions are normalised so that the actors'
** spread of initial positions is 0..1 (distances d are fractions of it).
** Each round:
**
**  1. Risk.  With every exponent at 1, each actor k's "security level"
**     S_k is the sum over the others j of EU_j(j challenges k): how much
**     the others stand to gain by attacking k.  R_k places S_k between the
**     least and the most threatened actor, -1..+1, and the exponent is
**     r_k = (1 - R_k/3) / (1 + R_k/3), between 0.5 and 2.
**  2. Utilities (exponent r, distance d between challenger and target):
**     success 2 - 4(1/2 - d/2)^r, failure 2 - 4(1/2 + d/2)^r, status quo
**     2 - 4(1/2)^r, and for the status quo changing anyway, better/worse
**     2 - 4(1/2 -/+ (|x_i - mu| + d)/4)^r with mu the median voter.
**  3. Probability that i's position beats j's: each actor k votes
**     c_k s_k (|x_k - x_j| - |x_k - x_i|); P is the sum of the positive
**     votes (those for i) over the sum of their absolute values.
**  4. Expected utility of i challenging j: j resists with probability s_j
**     (then i wins with P), gives in otherwise; from that subtract what i
**     expects without challenging: Q U_sq + (1-Q)(T U_b + (1-T) U_w).
**  5. Offers.  Actor i looks at each j from its own point of view (its own
**     exponent) and compares a = EU(i challenges j) with b = EU(j
**     challenges i).  b > a > 0: a confrontation i expects to lose, so i
**     moves to x_j.  b > 0 > a and b > |a|: i compromises, moving the
**     fraction |a|/b of the way to x_j.  b > 0 > a and |a| >= b: i
**     capitulates to x_j.  Otherwise j has nothing i would accept.  i takes
**     the offer that moves it least; all actors move at once.
**
** The forecast is the median voter position once positions stop moving or
** the round limit is reached.
*/
#include "bdm.h"
#include "../util/util.h"

#include <math.h>
#include <stdlib.h>

/* ---- the pieces ------------------------------------------------------- */

void bdm_prepare(bdm_model *m) {
    double *w = malloc(m->n * sizeof *w);
    if (w) {
        for (size_t k = 0; k < m->n; k++) w[k] = m->c[k] * m->s[k];
        m->mu = orr_fc_weighted_median(m->x, w, m->n);
        free(w);
    }
    m->all_pairs = 0;
    if (m->variant & ORR_BDM_ALL_PAIRS)
        for (size_t a = 0; a < m->n; a++)
            for (size_t b = 0; b < m->n; b++)
                for (size_t k = 0; k < m->n; k++) m->all_pairs += fabs(bdm_vote(m, k, m->x[a], m->x[b]));
}

double bdm_vote(const bdm_model *m, size_t k, double a, double b) {
    return m->c[k] * m->s[k] * (fabs(m->x[k] - b) - fabs(m->x[k] - a));
}

double bdm_probability(const bdm_model *m, size_t i, size_t j) {
    if (m->x[i] == m->x[j]) return 0;  /* nothing to contest */
    double pro = 0, all = 0;
    for (size_t k = 0; k < m->n; k++) {
        double v = bdm_vote(m, k, m->x[i], m->x[j]);
        if (v > 0) pro += v;
        all += fabs(v);
    }
    if (m->variant & ORR_BDM_ALL_PAIRS) all = m->all_pairs;
    return all > 0 ? pro / all : 0.5;
}

static double util_of(double base, double r) { return 2 - 4 * pow(base > 0 ? base : 0, r); }

void bdm_utilities(const bdm_model *m, size_t challenger, size_t target, double r, bdm_utils *u) {
    double d = fabs(m->x[challenger] - m->x[target]);
    double drift = (fabs(m->x[challenger] - m->mu) + d) / 4;
    u->success = util_of(0.5 - d / 2, r);
    u->failure = util_of(0.5 + d / 2, r);
    u->better = util_of(0.5 - drift, r);
    u->worse = util_of(0.5 + drift, r);
    u->status_quo = util_of(0.5, r);
}

double bdm_expected_utility(const bdm_model *m, size_t viewer, size_t challenger, size_t target) {
    double r = m->r[viewer];
    if ((m->variant & ORR_BDM_OWN_RISK)) r = m->r[challenger];
    bdm_utils u;
    bdm_utilities(m, challenger, target, r, &u);
    double p = bdm_probability(m, challenger, target);
    double st = m->s[target];
    double contest = st * (p * u.success + (1 - p) * u.failure) + (1 - st) * u.success;
    double change = m->t * u.better + (1 - m->t) * u.worse;
    double sign = (m->variant & ORR_BDM_SQ_SIGN) ? -1 : 1;
    return contest - m->q * u.status_quo - sign * (1 - m->q) * change;
}

/* Security level of k: what the others expect from challenging k (r = 1). */
static double security(const bdm_model *m, size_t k) {
    double sum = 0;
    for (size_t j = 0; j < m->n; j++)
        if (j != k) sum += bdm_expected_utility(m, j, j, k);
    return sum;
}

/* R in -1..1 places `level` between lo and hi; a spread lost in rounding
** (all levels equal) counts as no spread: R = 0, exponent 1. */
static double risk_exponent(double level, double lo, double hi) {
    double spread = hi - lo;
    double R = spread > 1e-12 * (fabs(hi) + fabs(lo) + 1) ? (2 * level - hi - lo) / spread : 0;
    R = fmax(-1, fmin(1, R));
    return (1 - R / 3) / (1 + R / 3);
}

/*
** The published computation compares each actor's security level with
** every other actor's.  The risk-positions variant compares it instead
** with the levels the same actor would have at each position held by
** anyone (Bueno de Mesquita's wording), moving only that actor.
*/
int bdm_update_risk(bdm_model *m) {
    size_t n = m->n;
    double *level = malloc(n * sizeof *level), *next = malloc(n * sizeof *next);
    if (!level || !next) {
        free(level);
        free(next);
        return ORR_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) m->r[k] = 1;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        level[k] = security(m, k);
        lo = fmin(lo, level[k]);
        hi = fmax(hi, level[k]);
    }
    for (size_t k = 0; k < n; k++) {
        double klo = lo, khi = hi;
        if (m->variant & ORR_BDM_RISK_POSITIONS) {
            double own = m->x[k];
            klo = INFINITY;
            khi = -INFINITY;
            for (size_t p = 0; p < n; p++) {
                m->x[k] = m->x[p];
                bdm_prepare(m);
                double l = security(m, k);
                klo = fmin(klo, l);
                khi = fmax(khi, l);
            }
            m->x[k] = own;
            bdm_prepare(m);
        }
        next[k] = risk_exponent(level[k], klo, khi);
        if (m->fixed_r && m->fixed_r[k] > 0) next[k] = m->fixed_r[k];
    }
    memcpy(m->r, next, n * sizeof *next);
    free(level);
    free(next);
    return ORR_OK;
}

int bdm_offer(const bdm_model *m, size_t i, size_t j, double *new_x) {
    if (i == j || m->x[i] == m->x[j]) return ORR_OFFER_NONE;
    double a = bdm_expected_utility(m, i, i, j);  /* i challenges j */
    double b = bdm_expected_utility(m, i, j, i);  /* j challenges i */
    if (b > a && a > 0) {
        *new_x = m->x[j];
        return ORR_OFFER_CONFRONT;
    }
    if (b > 0 && a < 0) {
        if (b > -a) {
            *new_x = m->x[i] + (m->x[j] - m->x[i]) * (-a / b);
            return ORR_OFFER_COMPROMISE;
        }
        *new_x = m->x[j];
        return ORR_OFFER_CAPITULATE;
    }
    return ORR_OFFER_NONE;
}

int bdm_best_offer(const bdm_model *m, size_t i, int *from, double *new_x) {
    int best = ORR_OFFER_NONE;
    double best_move = INFINITY;
    *from = -1;
    *new_x = m->x[i];
    for (size_t j = 0; j < m->n; j++) {
        double x;
        int kind = bdm_offer(m, i, j, &x);
        if (kind == ORR_OFFER_NONE) continue;
        double move = fabs(x - m->x[i]);
        if (move < best_move) {
            best = kind;
            best_move = move;
            *from = (int)j;
            *new_x = x;
        }
    }
    return best;
}

/* ---- options and variants -------------------------------------------- */

static const struct {
    const char *name;
    unsigned flag;
} variants[] = {
    {"published", 0},
    {"all-pairs", ORR_BDM_ALL_PAIRS},
    {"sq-sign", ORR_BDM_SQ_SIGN},
    {"risk-neutral", ORR_BDM_RISK_NEUTRAL},
    {"risk-positions", ORR_BDM_RISK_POSITIONS},
    {"scale-range", ORR_BDM_SCALE_RANGE},
    {"own-risk", ORR_BDM_OWN_RISK},
};

const char *orr_bdm_variant_list(void) {
    return "published, all-pairs, sq-sign, risk-neutral, risk-positions, scale-range, own-risk";
}

int orr_bdm_variant_parse(const char *names, unsigned *flags, orr_error *err) {
    *flags = 0;
    const char *p = names;
    while (*p) {
        size_t len = strcspn(p, ",");
        bool found = false;
        for (size_t k = 0; k < sizeof variants / sizeof variants[0]; k++)
            if (strlen(variants[k].name) == len && strncmp(p, variants[k].name, len) == 0) {
                *flags |= variants[k].flag;
                found = true;
            }
        if (!found)
            return orr_error_set(err, ORR_EUSAGE, "unknown variant '%.*s' (known: %s)", (int)len, p,
                                 orr_bdm_variant_list());
        p += len;
        if (*p == ',') p++;
    }
    if ((*flags & ORR_BDM_RISK_NEUTRAL) && (*flags & ORR_BDM_RISK_POSITIONS))
        return orr_error_set(err, ORR_EUSAGE, "variants risk-neutral and risk-positions exclude each other");
    return ORR_OK;
}

void orr_bdm_options_default(orr_bdm_options *opts) {
    opts->variant = 0;
    opts->max_rounds = 20;
    opts->q = 1;
    opts->t = 1;
    opts->tolerance = 0;  /* 1e-6 of the scale */
}

const char *orr_bdm_offer_name(int kind) {
    switch (kind) {
    case ORR_OFFER_CONFRONT: return "confrontation";
    case ORR_OFFER_COMPROMISE: return "compromise";
    case ORR_OFFER_CAPITULATE: return "capitulation";
    default: return "none";
    }
}
