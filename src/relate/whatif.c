/*
** whatif.c — what a hypothetical change to some relations implies for the
** others, under structural balance ("the friend of my friend is my
** friend, the enemy of my friend my enemy").
**
** The model (docs/relations.md): relations are the signed network's
** scores S (-10..10, 0 = no tie).  Each third actor z exerts on the pair
** (x, y) a balance pressure S[x][z] * S[z][y] / 10 — positive when x and y
** share a friend or an enemy, negative when z is the friend of one and
** the enemy of the other.  Applying the changes gives S'; the implied
** pressure on every other pair is the change of its total pressure,
**     dP[x][y] = sum_z (S'[x][z] S'[z][y] - S[x][z] S[z][y]) / 10,
** which is non-zero only for pairs sharing an actor with a changed dyad.
** Triads are listed when their balance flips.  An actor's pressure is the
** sum over its current relations (pairs with a tie); its isolation after is the negative share of its
** ties once the implied pressures are added to its current scores.
*/
#include "relate.h"

#include <math.h>
#include <stdlib.h>

int orr_whatif_parse(const char *spec, orr_whatif_change *out, orr_error *err) {
    memset(out, 0, sizeof *out);
    const char *dash = strchr(spec, '-'), *eq = strchr(spec, '=');
    if (!dash || !eq || dash > eq || dash == spec || eq - dash - 1 < 1 || dash - spec > 7 ||
        eq - dash - 1 > 7)
        return orr_error_set(err, ORR_EUSAGE, "'%s': expected A-B=+N, A-B=-N or A-B=N", spec);
    memcpy(out->a, spec, (size_t)(dash - spec));
    memcpy(out->b, dash + 1, (size_t)(eq - dash - 1));
    const char *v = eq + 1;
    out->relative = *v == '+' || *v == '-';
    char *end;
    out->value = strtod(v, &end);
    if (end == v || *end || !isfinite(out->value) || fabs(out->value) > 20)
        return orr_error_set(err, ORR_EUSAGE, "'%s': the change must be a number in -20..20", spec);
    if (strcmp(out->a, out->b) == 0)
        return orr_error_set(err, ORR_EUSAGE, "'%s': a dyad needs two different actors", spec);
    return ORR_OK;
}

void orr_whatif_free(orr_whatif_result *r) {
    if (!r) return;
    free(r->triads);
    free(r->dyads);
    free(r->actors);
    free(r->summary);
    free(r);
}

static double clamp10(double v) { return v > 10 ? 10 : v < -10 ? -10 : v; }

static int is_balanced(double ab, double ac, double bc) {
    return ((ab < 0) + (ac < 0) + (bc < 0)) % 2 == 0;
}

static int pressure_cmp(const void *x, const void *y) {
    const orr_whatif_pressure *a = x, *b = y;
    if (a->has_tie != b->has_tie) return a->has_tie ? -1 : 1;   /* current relations first */
    double d = fabs(b->pressure) - fabs(a->pressure);
    if (d > 1e-12 || d < -1e-12) return d > 0 ? 1 : -1;
    int c = strcmp(a->a, b->a);
    return c ? c : strcmp(a->b, b->b);
}

static int actor_cmp(const void *x, const void *y) {
    const orr_whatif_actor *a = x, *b = y;
    if (a->pressure != b->pressure) return a->pressure < b->pressure ? -1 : 1;
    return strcmp(a->code, b->code);
}

static size_t count_unbalanced(const double *S, size_t n) {
    size_t k = 0;
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++) {
            if (S[a * n + b] == 0) continue;
            for (size_t c = b + 1; c < n; c++)
                if (S[a * n + c] != 0 && S[b * n + c] != 0 &&
                    !is_balanced(S[a * n + b], S[a * n + c], S[b * n + c]))
                    k++;
        }
    return k;
}

static void write_summary(orr_whatif_result *r, const orr_network *net, const double *S,
                          const double *S2, const orr_whatif_change *ch, size_t n_ch, orr_buf *b) {
    size_t n = net->n_nodes;
    orr_buf_puts(b, "Scenario:");
    for (size_t i = 0; i < n_ch; i++) {
        int x = orr_network_find(net, ch[i].a), y = orr_network_find(net, ch[i].b);
        orr_buf_printf(b, "%s %s-%s from %+.1f to %+.1f", i ? ";" : "", ch[i].a, ch[i].b,
                       S[(size_t)x * n + (size_t)y], S2[(size_t)x * n + (size_t)y]);
    }
    size_t became_unbalanced = 0, became_balanced = 0;
    for (size_t i = 0; i < r->n_triads; i++) {
        if (r->triads[i].balanced_before && !r->triads[i].balanced_after) became_unbalanced++;
        if (!r->triads[i].balanced_before && r->triads[i].balanced_after) became_balanced++;
    }
    orr_buf_printf(b, " (scores -10 conflict .. +10 cooperation). %zu triad%s become%s unbalanced and "
                      "%zu become%s balanced; unbalanced triads overall: %zu -> %zu.",
                   became_unbalanced, became_unbalanced == 1 ? "" : "s",
                   became_unbalanced == 1 ? "s" : "", became_balanced,
                   became_balanced == 1 ? "s" : "", r->unbalanced_before, r->unbalanced_after);
    size_t shown = 0;
    for (size_t i = 0; i < r->n_dyads && shown < 4; i++, shown++) {
        const orr_whatif_pressure *p = &r->dyads[i];
        if (shown == 0) orr_buf_puts(b, " Strongest implied pressure:");
        orr_buf_printf(b, "%s %s-%s toward %s (%+.2f; now %s%+.1f)", shown ? ";" : "", p->a, p->b,
                       p->pressure < 0 ? "conflict" : "cooperation", p->pressure,
                       p->has_tie ? "" : "no tie, ", p->current);
    }
    if (shown) orr_buf_puts(b, ".");
    const orr_whatif_actor *lo = NULL, *hi = NULL;
    for (size_t i = 0; i < r->n_actors; i++) {
        int endpoint = 0;
        for (size_t k = 0; k < n_ch; k++)
            endpoint |= !strcmp(r->actors[i].code, ch[k].a) || !strcmp(r->actors[i].code, ch[k].b);
        if (endpoint) continue;
        if (!lo) lo = &r->actors[i];
        hi = &r->actors[i];
    }
    if (lo && lo->pressure < 0) {
        const orr_whatif_actor *a = lo;
        orr_buf_printf(b, " Most pushed toward isolation: %s (pressure %+.2f, share of hostile ties "
                          "%.2f -> %.2f).",
                       a->code, a->pressure, a->isolation_before, a->isolation_after);
    }
    if (hi && hi->pressure > 0) {
        const orr_whatif_actor *a = hi;
        orr_buf_printf(b, " Most drawn in: %s (pressure %+.2f).", a->code, a->pressure);
    }
}

int orr_whatif_run(const orr_network *net, const orr_whatif_change *ch, size_t n_ch,
                   orr_whatif_result **out, orr_error *err) {
    size_t n = net->n_nodes;
    if (n > 2000) return orr_error_set(err, ORR_EUSAGE, "what-if handles up to 2000 actors (%zu here)", n);
    for (size_t i = 0; i < n_ch; i++)
        for (int k = 0; k < 2; k++)
            if (orr_network_find(net, k ? ch[i].b : ch[i].a) < 0)
                return orr_error_set(err, ORR_ENOTFOUND, "%s has no ties in this window",
                                     k ? ch[i].b : ch[i].a);
    orr_whatif_result *r = calloc(1, sizeof *r);
    double *S = calloc(n * n + 1, sizeof *S), *S2 = calloc(n * n + 1, sizeof *S2);
    unsigned char *changed = calloc(n * n + 1, 1), *touched = calloc(n + 1, 1);
    if (r) {
        r->dyads = calloc(n * n + 1, sizeof *r->dyads);
        r->actors = calloc(n + 1, sizeof *r->actors);
    }
    if (!r || !S || !S2 || !changed || !touched || !r->dyads || !r->actors) {
        free(S); free(S2); free(changed); free(touched); orr_whatif_free(r);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < net->n_edges; i++) {
        const orr_net_edge *e = &net->edges[i];
        S[(size_t)e->a * n + (size_t)e->b] = S[(size_t)e->b * n + (size_t)e->a] = e->score;
    }
    memcpy(S2, S, n * n * sizeof *S);
    for (size_t i = 0; i < n_ch; i++) {
        size_t x = (size_t)orr_network_find(net, ch[i].a), y = (size_t)orr_network_find(net, ch[i].b);
        double v = clamp10(ch[i].relative ? S2[x * n + y] + ch[i].value : ch[i].value);
        S2[x * n + y] = S2[y * n + x] = v;
        changed[x * n + y] = changed[y * n + x] = 1;
        touched[x] = touched[y] = 1;
    }
    /* pressures on pairs that share an actor with a changed dyad */
    double *dP = calloc(n * n + 1, sizeof *dP);
    if (!dP) {
        free(S); free(S2); free(changed); free(touched); orr_whatif_free(r);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    for (size_t x = 0; x < n; x++)
        for (size_t y = x + 1; y < n; y++) {
            if ((!touched[x] && !touched[y]) || changed[x * n + y]) continue;
            double p = 0;
            for (size_t z = 0; z < n; z++)
                p += S2[x * n + z] * S2[z * n + y] - S[x * n + z] * S[z * n + y];
            p /= 10;
            if (fabs(p) < 1e-9) continue;
            dP[x * n + y] = dP[y * n + x] = p;
            orr_whatif_pressure *d = &r->dyads[r->n_dyads++];
            snprintf(d->a, 8, "%s", net->nodes[x].code);
            snprintf(d->b, 8, "%s", net->nodes[y].code);
            d->current = S[x * n + y];
            d->has_tie = S[x * n + y] != 0;
            d->pressure = p;
        }
    qsort(r->dyads, r->n_dyads, sizeof *r->dyads, pressure_cmp);
    /* triads through a changed dyad whose balance flips */
    size_t cap = 64;
    r->triads = malloc(cap * sizeof *r->triads);
    for (size_t x = 0; x < n && r->triads; x++)
        for (size_t y = x + 1; y < n && r->triads; y++) {
            if (!changed[x * n + y]) continue;
            for (size_t z = 0; z < n; z++) {
                if (z == x || z == y) continue;
                int was = S[x * n + y] && S[x * n + z] && S[y * n + z];
                int is = S2[x * n + y] && S2[x * n + z] && S2[y * n + z];
                int bal0 = was && is_balanced(S[x * n + y], S[x * n + z], S[y * n + z]);
                int bal1 = is && is_balanced(S2[x * n + y], S2[x * n + z], S2[y * n + z]);
                if (!is || (was && bal0 == bal1)) continue;
                if (!was && bal1) continue;   /* a new triad that is balanced: no news */
                if (r->n_triads == cap) {
                    orr_whatif_triad *t = realloc(r->triads, (cap *= 2) * sizeof *t);
                    if (!t) { free(r->triads); r->triads = NULL; break; }
                    r->triads = t;
                }
                orr_whatif_triad *t = &r->triads[r->n_triads++];
                snprintf(t->a, 8, "%s", net->nodes[x].code);
                snprintf(t->b, 8, "%s", net->nodes[y].code);
                snprintf(t->c, 8, "%s", net->nodes[z].code);
                t->ab = S2[x * n + y];
                t->ac = S2[x * n + z];
                t->bc = S2[y * n + z];
                t->balanced_before = was ? bal0 : 1;
                t->balanced_after = bal1;
            }
        }
    /* actors: pressure and isolation once the pressures resolve */
    for (size_t x = 0; x < n; x++) {
        orr_whatif_actor *a = &r->actors[r->n_actors++];
        snprintf(a->code, 8, "%s", net->nodes[x].code);
        a->isolation_before = net->nodes[x].isolation;
        double neg = 0, tot = 0;
        for (size_t y = 0; y < n; y++) {
            if (y == x) continue;
            if (S[x * n + y] != 0) a->pressure += dP[x * n + y];   /* on current relations */
            double v = S2[x * n + y] ? clamp10(S2[x * n + y] + dP[x * n + y]) : 0;
            if (v < 0) neg += -v;
            tot += fabs(v);
        }
        a->isolation_after = tot > 0 ? neg / tot : 0;
    }
    qsort(r->actors, r->n_actors, sizeof *r->actors, actor_cmp);
    r->unbalanced_before = count_unbalanced(S, n);
    r->unbalanced_after = count_unbalanced(S2, n);
    orr_buf b;
    orr_buf_init(&b);
    write_summary(r, net, S, S2, ch, n_ch, &b);
    r->summary = orr_buf_steal(&b, NULL);
    free(S); free(S2); free(changed); free(touched); free(dP);
    if (!r->triads || !r->summary) {
        orr_whatif_free(r);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    *out = r;
    return ORR_OK;
}
