/*
** cameo.c — the CAMEO lookup tables every importer and the coder share:
** Goldstein score and PLOVER event type by CAMEO code, loaded from
** data/cameo/goldstein.txt (GDELT's CAMEO.goldsteinscale.txt) and
** data/cameo/plover.txt (CAMEO2PLOVER-2021.txt), plus the root and
** QuadClass of a code, which follow from the code itself.
**
** Codes are 2-4 digits with leading zeros, so a code's slot is its value
** offset by its length (2: 0..99, 3: 100..1099, 4: 1100..11099): lookups
** are one array index, with no hashing and no allocation.
*/
#include "../util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define CAMEO_SLOTS 11100
#define CAMEO_MAX_PLOVER 32

struct orr_cameo {
    double goldstein[CAMEO_SLOTS];
    unsigned char has_goldstein[CAMEO_SLOTS];
    unsigned char plover[CAMEO_SLOTS];         /* 1-based index into names */
    char plover_names[CAMEO_MAX_PLOVER][16];
    int n_plover;
};

/* Slot of a 2-4 digit code in [s, s+n), or -1. */
static int cameo_slot_n(const char *s, size_t n) {
    if (n < 2 || n > 4) return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    static const int offset[5] = {0, 0, 0, 100, 1100};
    return offset[n] + v;
}

int orr_cameo_root(const char *code) {
    if (!code) return 0;
    size_t n = strlen(code);
    if (cameo_slot_n(code, n) < 0) return 0;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    return root >= 1 && root <= 20 ? root : 0;
}

int orr_cameo_quad(int root) {
    if (root >= 1 && root <= 5) return 1;
    if (root >= 6 && root <= 8) return 2;
    if (root >= 9 && root <= 13) return 3;
    if (root >= 14 && root <= 20) return 4;
    return 0;
}

double orr_cameo_goldstein(const orr_cameo *c, const char *code, int *found) {
    size_t n = code ? strlen(code) : 0;
    for (; c && n >= 2; n--) {
        int slot = cameo_slot_n(code, n);
        if (slot >= 0 && c->has_goldstein[slot]) {
            if (found) *found = 1;
            return c->goldstein[slot];
        }
    }
    if (found) *found = 0;
    return 0.0;
}

const char *orr_cameo_plover(const orr_cameo *c, const char *code) {
    size_t n = code ? strlen(code) : 0;
    for (; c && n >= 2; n--) {
        int slot = cameo_slot_n(code, n);
        if (slot >= 0 && c->plover[slot]) return c->plover_names[c->plover[slot] - 1];
    }
    return NULL;
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) *--e = '\0';
    return s;
}

/* "CODE<TAB>SCORE" lines after a header. */
static int load_goldstein(orr_cameo *c, const char *path, orr_error *err) {
    FILE *f = fopen(path, "r");
    if (!f) return orr_error_set(err, ORR_EIO, "%s: cannot open: %s", path, strerror(errno));
    char line[256];
    int lineno = 0, rc = ORR_OK;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *tab = strchr(line, '\t');
        if (lineno == 1 || trim(line)[0] == '\0') continue;
        char *end;
        int slot = tab ? cameo_slot_n(line, (size_t)(tab - line)) : -1;
        double g = tab ? strtod(tab + 1, &end) : 0;
        if (slot < 0 || end == tab + 1 || g < -10 || g > 10) {
            rc = orr_error_set(err, ORR_EFORMAT, "%s:%d: expected CAMEO code, tab, Goldstein score",
                               path, lineno);
            break;
        }
        c->goldstein[slot] = g;
        c->has_goldstein[slot] = 1;
    }
    fclose(f);
    return rc;
}

/* "CODE: TYPE, mode, context # description"; the first mapping of a code wins. */
static int load_plover(orr_cameo *c, const char *path, orr_error *err) {
    FILE *f = fopen(path, "r");
    if (!f) return orr_error_set(err, ORR_EIO, "%s: cannot open: %s", path, strerror(errno));
    char line[512];
    int lineno = 0, rc = ORR_OK;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *colon = strchr(line, ':');
        if (!colon) continue;   /* comments, blank lines, the ~~~~~ end mark */
        int slot = cameo_slot_n(line, (size_t)(colon - line));
        char *type = colon + 1, *comma = strchr(type, ',');
        if (comma) *comma = '\0';
        type = trim(type);
        if (slot < 0 || !*type || strlen(type) >= 16) {
            rc = orr_error_set(err, ORR_EFORMAT, "%s:%d: expected 'CAMEO: PLOVER_TYPE, ...'", path, lineno);
            break;
        }
        if (c->plover[slot]) continue;
        int k = 0;
        while (k < c->n_plover && strcmp(c->plover_names[k], type) != 0) k++;
        if (k == c->n_plover) {
            if (k == CAMEO_MAX_PLOVER) {
                rc = orr_error_set(err, ORR_EFORMAT, "%s:%d: too many PLOVER types", path, lineno);
                break;
            }
            snprintf(c->plover_names[k], sizeof c->plover_names[k], "%s", type);
            c->n_plover++;
        }
        c->plover[slot] = (unsigned char)(k + 1);
    }
    fclose(f);
    return rc;
}

int orr_cameo_load(orr_cameo **out, const char *dir, orr_error *err) {
    char base[1024], path[1100];
    if (dir) snprintf(base, sizeof base, "%s", dir);
    else if (orr_data_path("cameo", base, sizeof base))
        return orr_error_set(err, ORR_EUSAGE, "data path too long");
    orr_cameo *c = calloc(1, sizeof *c);
    if (!c) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    snprintf(path, sizeof path, "%s/goldstein.txt", base);
    int rc = load_goldstein(c, path, err);
    snprintf(path, sizeof path, "%s/plover.txt", base);
    if (!rc) rc = load_plover(c, path, err);
    if (rc) {
        free(c);
        return rc;
    }
    *out = c;
    return ORR_OK;
}

void orr_cameo_free(orr_cameo *cameo) { free(cameo); }
