/*
** deu.c — scoring the forecast models on the DEU III table of EU
** legislative decisions (`orrery eval forecast deu3.csv`).
**
** The file (see ../shared/bdm/predictioneers_game/PROVENANCE.md) is
** tab-separated with optional double quotes: a header, a line whose 30
** position columns hold GDP figures (used as capabilities, divided by the
** largest), then one row per issue: proposal id (column 3), issue id
** (column 5), the initial positions of 30 actors (columns 14-43, empty =
** no position), their saliences 0-100 (columns 44-73, empty = 0), the
** reference point (74) and the outcome (75), all on a 0-100 scale.  Rows
** without an outcome are counted and not scored.
**
** Each model is scored two ways: over issues (every issue counts once)
** and over proposals (the mean over a proposal's issues, then the mean
** over proposals), so that proposals with many issues do not dominate.
** The data has no licence: it is read at run time, never shipped.
*/
#include "../util/util.h"

#include <math.h>
#include <stdlib.h>

#define DEU_FIELDS 75
#define DEU_ACTORS 30
#define DEU_POS 13
#define DEU_SAL 43
#define DEU_OUT 74

const char *orr_fc_model_name(int model) {
    switch (model) {
    case ORR_FC_MODEL_BDM: return "bdm";
    case ORR_FC_MODEL_BDM_MEAN: return "bdm-mean";
    case ORR_FC_MODEL_COMPROMISE: return "compromise";
    case ORR_FC_MODEL_MEDIAN: return "median";
    default: return "?";
    }
}

/* Split one line into at most DEU_FIELDS fields (quotes stripped), in place. */
static size_t deu_split(char *line, char **fields) {
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *end = strchr(p, '\t');
        if (end) *end = '\0';
        size_t len = strlen(p);
        if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
            p[len - 1] = '\0';
            p++;
        }
        if (n < DEU_FIELDS + 1) fields[n] = p;
        n++;
        if (!end) break;
        p = end + 1;
    }
    return n;
}

static bool deu_number(const char *s, double *out) {
    if (!*s) return false;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v)) return false;
    *out = v;
    return true;
}

typedef struct deu_proposal {
    char id[32];
    size_t n;
    double hits[ORR_FC_N_MODELS], err[ORR_FC_N_MODELS];
} deu_proposal;

typedef struct deu_state {
    const char *path;
    double capability[DEU_ACTORS];
    const char *actor_names[DEU_ACTORS];
    deu_proposal *props;
    size_t n_props, cap_props;
} deu_state;

static deu_proposal *deu_proposal_get(deu_state *st, const char *id) {
    for (size_t i = 0; i < st->n_props; i++)
        if (strcmp(st->props[i].id, id) == 0) return &st->props[i];
    if (st->n_props == st->cap_props) {
        size_t ncap = st->cap_props ? st->cap_props * 2 : 64;
        deu_proposal *np = realloc(st->props, ncap * sizeof *np);
        if (!np) return NULL;
        st->props = np;
        st->cap_props = ncap;
    }
    deu_proposal *p = &st->props[st->n_props++];
    memset(p, 0, sizeof *p);
    snprintf(p->id, sizeof p->id, "%s", id);
    return p;
}

/* Build the issue of one row: actors with a position; capability from GDP. */
static int deu_issue(deu_state *st, char **f, int lineno, orr_fc_issue *issue, orr_error *err) {
    for (int k = 0; k < DEU_ACTORS; k++) {
        const char *pos = f[DEU_POS + k], *sal = f[DEU_SAL + k];
        if (!*pos) continue;
        orr_fc_actor *a = &issue->actors[issue->n_actors];
        memset(a, 0, sizeof *a);
        a->name = st->actor_names[k];
        a->line = lineno;
        a->capability = st->capability[k];
        a->salience = 0;
        if (!deu_number(pos, &a->position) || a->position < 0 || a->position > 100 ||
            (*sal && (!deu_number(sal, &a->salience) || a->salience < 0 || a->salience > 100)))
            return orr_error_set(err, ORR_EFORMAT, "%s:%d: %s: position or salience is not a number in 0-100",
                                 st->path, lineno, a->name);
        a->salience /= 100;
        issue->n_actors++;
    }
    if (issue->n_actors == 0)
        return orr_error_set(err, ORR_EFORMAT, "%s:%d: no actor has a position", st->path, lineno);
    return ORR_OK;
}

static void score_add(orr_fc_score *s, double hit, double abs_error) {
    s->n++;
    s->hits += hit;
    s->abs_error += abs_error;
}

static int deu_row(deu_state *st, char **f, int lineno, const orr_bdm_options *opts, double tol,
                   orr_fc_deu_fn on_issue, void *ctx, orr_fc_deu_summary *sum, orr_error *err) {
    sum->n_rows++;
    double outcome;
    if (!*f[DEU_OUT]) {
        sum->n_no_outcome++;
        return ORR_OK;
    }
    if (!deu_number(f[DEU_OUT], &outcome) || outcome < 0 || outcome > 100)
        return orr_error_set(err, ORR_EFORMAT, "%s:%d: outcome '%.20s' is not a number in 0-100", st->path,
                             lineno, f[DEU_OUT]);
    orr_fc_actor actors[DEU_ACTORS];
    orr_fc_issue issue = {.source = st->path, .scale_lo = 0, .scale_hi = 100, .has_scale = 1,
                          .actors = actors};
    int rc = deu_issue(st, f, lineno, &issue, err);
    if (rc) return rc;
    orr_fc_forecasts fc;
    if ((rc = orr_fc_forecast_all(&issue, opts, &fc, err))) return rc;
    orr_fc_deu_issue row = {.proposal = f[2], .issue = f[4], .line = lineno,
                            .n_actors = issue.n_actors, .outcome = outcome};
    row.forecast[ORR_FC_MODEL_BDM] = fc.bdm;
    row.forecast[ORR_FC_MODEL_BDM_MEAN] = fc.bdm_mean;
    row.forecast[ORR_FC_MODEL_COMPROMISE] = fc.compromise;
    row.forecast[ORR_FC_MODEL_MEDIAN] = fc.median;
    deu_proposal *prop = deu_proposal_get(st, f[2]);
    if (!prop) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", st->path);
    prop->n++;
    sum->n_scored++;
    for (int m = 0; m < ORR_FC_N_MODELS; m++) {
        double e = fabs(row.forecast[m] - outcome), hit = e <= tol + 1e-9;
        score_add(&sum->issue[m], hit, e);
        prop->hits[m] += hit;
        prop->err[m] += e;
    }
    if (on_issue && on_issue(ctx, &row)) return ORR_ESTOP;
    return ORR_OK;
}

static int deu_header(deu_state *st, char **f, size_t n, char *gdp_line, orr_error *err) {
    if (n != DEU_FIELDS || strcmp(f[DEU_POS], "pcom") != 0 || strcmp(f[DEU_OUT], "out") != 0)
        return orr_error_set(err, ORR_EFORMAT,
                             "%s:1: not a DEU III table (expected %d tab-separated columns, pcom at 14, "
                             "out at 75)", st->path, DEU_FIELDS);
    for (int k = 0; k < DEU_ACTORS; k++) st->actor_names[k] = f[DEU_POS + k] + 1;  /* "pde" -> "de" */
    char *g[DEU_FIELDS + 1];
    if (!gdp_line || deu_split(gdp_line, g) != DEU_FIELDS)
        return orr_error_set(err, ORR_EFORMAT, "%s:2: expected the GDP line", st->path);
    double max = 0;
    for (int k = 0; k < DEU_ACTORS; k++) {
        if (!deu_number(g[DEU_POS + k], &st->capability[k]) || st->capability[k] < 0)
            return orr_error_set(err, ORR_EFORMAT, "%s:2: GDP of %s is not a number", st->path,
                                 st->actor_names[k]);
        max = fmax(max, st->capability[k]);
    }
    if (!(max > 0)) return orr_error_set(err, ORR_EFORMAT, "%s:2: every GDP is 0", st->path);
    for (int k = 0; k < DEU_ACTORS; k++) st->capability[k] /= max;
    return ORR_OK;
}

static void deu_summarise(const deu_state *st, orr_fc_deu_summary *sum) {
    sum->n_proposals = st->n_props;
    for (size_t i = 0; i < st->n_props; i++)
        for (int m = 0; m < ORR_FC_N_MODELS; m++)
            score_add(&sum->proposal[m], st->props[i].hits[m] / (double)st->props[i].n,
                      st->props[i].err[m] / (double)st->props[i].n);
}

int orr_fc_eval_deu(const char *path, const orr_bdm_options *opts, double tolerance,
                    orr_fc_deu_fn on_issue, void *ctx, orr_fc_deu_summary *out, orr_error *err) {
    memset(out, 0, sizeof *out);
    char *data;
    size_t len;
    int rc = orr_read_file(path, &data, &len, err);
    if (rc) return rc;
    deu_state st = {.path = path};
    char *lines[2] = {NULL, NULL}, *fields[DEU_FIELDS + 1];
    int lineno = 0;
    for (char *line = data, *next; line && *line && !rc; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r') line[l - 1] = '\0';
        if (!*line) continue;
        if (lineno <= 2) {
            lines[lineno - 1] = line;
            if (lineno == 1 && strncmp(line, "\"prnrnmc\"\t", 10) != 0 && strncmp(line, "prnrnmc\t", 8) != 0)
                rc = orr_error_set(err, ORR_EFORMAT, "%s:1: not a DEU III table (expected a header "
                                   "starting with prnrnmc)", path);
            if (lineno == 2) rc = deu_header(&st, fields, deu_split(lines[0], fields), lines[1], err);
            continue;
        }
        size_t n = deu_split(line, fields);
        if (n != DEU_FIELDS)
            rc = orr_error_set(err, ORR_EFORMAT, "%s:%d: %zu fields, expected %d", path, lineno, n, DEU_FIELDS);
        else
            rc = deu_row(&st, fields, lineno, opts, tolerance, on_issue, ctx, out, err);
    }
    if (!rc && lineno < 2) rc = orr_error_set(err, ORR_EFORMAT, "%s: no header and GDP line", path);
    if (!rc || rc == ORR_ESTOP) deu_summarise(&st, out);
    free(st.props);
    free(data);
    return rc == ORR_ESTOP ? ORR_OK : rc;
}
