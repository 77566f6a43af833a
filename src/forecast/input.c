/*
** input.c — the reader for negotiation issues (`orrery forecast FILE`).
**
** Two spellings of the same thing (docs/forecast.md):
**
**   CSV   `#` lines are comments; `# scale: 0-100`, `# issue: TEXT` and
**         `# salience: 0-100` are directives.  The first other line is a
**         header naming the columns actor, capability, position, salience
**         and optionally risk and note, in any order.  Fields may be
**         double-quoted ("" inside quotes is a quote).
**   JSON  {"issue": "...", "scale": [0, 100], "salience_scale": 100,
**          "actors": [{"actor": "USA", "capability": 1, "position": 20,
**                      "salience": 0.8, "risk": 1.0}, ...]}
**
** This file is input from outside: every malformed value is an error that
** names the file and line (CSV) or the actor's index (JSON); nothing is
** skipped silently.  It has a libFuzzer target (fuzz/fuzz_forecast_input.c).
*/
#include "../util/util.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <strings.h>
#include <utf8proc.h>

#define FC_MAX_NAME 200

enum { COL_ACTOR, COL_CAPABILITY, COL_POSITION, COL_SALIENCE, COL_RISK, COL_NOTE, N_COLS };

static const struct {
    const char *name;
    int col;
} column_names[] = {
    {"actor", COL_ACTOR},           {"name", COL_ACTOR},         {"capability", COL_CAPABILITY},
    {"capabilities", COL_CAPABILITY}, {"power", COL_CAPABILITY}, {"clout", COL_CAPABILITY},
    {"position", COL_POSITION},     {"salience", COL_SALIENCE},  {"risk", COL_RISK},
    {"note", COL_NOTE},             {"comment", COL_NOTE},
};

static orr_fc_issue *issue_new(const char *name) {
    orr_fc_issue *issue = calloc(1, sizeof *issue);
    if (!issue) return NULL;
    issue->arena = orr_arena_new(4096);
    if (!issue->arena) {
        free(issue);
        return NULL;
    }
    issue->source = orr_arena_strdup(issue->arena, name);
    return issue;
}

void orr_fc_issue_free(orr_fc_issue *issue) {
    if (!issue) return;
    orr_arena_free(issue->arena);
    free(issue);
}

static bool utf8_valid(const char *s, size_t len) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || cp == 0) return false;
        i += (size_t)n;
    }
    return true;
}

/* A whole field as a finite number; false if anything else is there. */
static bool parse_number(const char *s, double *out) {
    while (isspace((unsigned char)*s)) s++;
    if (!*s) return false;
    char *end;
    double v = strtod(s, &end);
    while (isspace((unsigned char)*end)) end++;
    if (*end || !isfinite(v)) return false;
    *out = v;
    return true;
}

/* One number filling text[0, len) (spaces allowed around it). */
static bool number_span(const char *text, size_t len, double *out) {
    char buf[64];
    if (len == 0 || len >= sizeof buf) return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    return parse_number(buf, out);
}

int orr_fc_scale_parse(const char *text, double *lo, double *hi) {
    double a, b;
    const char *dots = strstr(text, "..");
    const char *sep = dots;
    size_t sep_len = 2;
    if (!sep) {  /* "LO-HI" or "LO,HI": the separator follows the first number */
        const char *p = text;
        while (isspace((unsigned char)*p)) p++;
        if (*p == '-' || *p == '+') p++;
        sep = p + strcspn(p, "-,");
        sep_len = 1;
        if (!*sep) return ORR_EFORMAT;
    }
    if (!number_span(text, (size_t)(sep - text), &a) || !number_span(sep + sep_len, strlen(sep + sep_len), &b))
        return ORR_EFORMAT;
    if (!(a < b)) return ORR_EFORMAT;
    *lo = a;
    *hi = b;
    return ORR_OK;
}

int orr_fc_issue_set_scale(orr_fc_issue *issue, double lo, double hi, orr_error *err) {
    if (!isfinite(lo) || !isfinite(hi) || !(lo < hi))
        return orr_error_set(err, ORR_EUSAGE, "%s: the scale needs LO < HI", issue->source);
    for (size_t i = 0; i < issue->n_actors; i++) {
        const orr_fc_actor *a = &issue->actors[i];
        if (a->position < lo || a->position > hi)
            return orr_error_set(err, ORR_EFORMAT, "%s:%d: position %g of %s is outside the scale %g-%g",
                                 issue->source, a->line, a->position, a->name, lo, hi);
    }
    issue->scale_lo = lo;
    issue->scale_hi = hi;
    issue->has_scale = 1;
    return ORR_OK;
}

/* Checks shared by both spellings, on one complete actor. */
static int actor_check(const orr_fc_issue *issue, const orr_fc_actor *a, const char *where,
                       orr_error *err) {
    if (!a->name[0]) return orr_error_set(err, ORR_EFORMAT, "%s: empty actor name", where);
    if (a->capability < 0)
        return orr_error_set(err, ORR_EFORMAT, "%s: capability %g of %s is negative", where,
                             a->capability, a->name);
    if (a->salience < 0 || a->salience > 1)
        return orr_error_set(err, ORR_EFORMAT,
                             "%s: salience of %s is outside 0-1 (declare '# salience: 0-100' for "
                             "percentages)", where, a->name);
    if (a->risk != 0 && (a->risk < 0.5 || a->risk > 2))
        return orr_error_set(err, ORR_EFORMAT, "%s: risk %g of %s is outside 0.5-2", where, a->risk,
                             a->name);
    for (size_t i = 0; i < issue->n_actors; i++)
        if (strcmp(issue->actors[i].name, a->name) == 0)
            return orr_error_set(err, ORR_EFORMAT, "%s: actor %s appears twice (first on line %d)",
                                 where, a->name, issue->actors[i].line);
    return ORR_OK;
}

static int actors_reserve(orr_fc_issue *issue, size_t *cap, const char *where, orr_error *err) {
    if (issue->n_actors >= ORR_FC_MAX_ACTORS)
        return orr_error_set(err, ORR_EFORMAT, "%s: more than %d actors", where, ORR_FC_MAX_ACTORS);
    if (issue->n_actors < *cap) return ORR_OK;
    size_t ncap = *cap ? *cap * 2 : 16;
    orr_fc_actor *na = orr_arena_alloc(issue->arena, ncap * sizeof *na);
    if (!na) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", where);
    if (issue->n_actors) memcpy(na, issue->actors, issue->n_actors * sizeof *na);
    issue->actors = na;
    *cap = ncap;
    return ORR_OK;
}

/* ---- CSV --------------------------------------------------------------- */

typedef struct csv_line {
    char **fields;
    size_t n;
} csv_line;

/*
** Split one line (no newline) into fields in the arena.  Quoted fields
** may contain commas; an unterminated quote or text after a closing quote
** is an error.
*/
static int csv_split(orr_arena *arena, const char *s, size_t len, csv_line *out, const char *where,
                     orr_error *err) {
    size_t cap = 8, n = 0;
    char **fields = orr_arena_alloc(arena, cap * sizeof *fields);
    char *buf = orr_arena_alloc(arena, len + 1);
    if (!fields || !buf) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", where);
    size_t i = 0;
    for (;;) {
        size_t b = 0;
        char *field = buf;
        while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i < len && s[i] == '"') {
            i++;
            for (;;) {
                if (i >= len) return orr_error_set(err, ORR_EFORMAT, "%s: unterminated quote", where);
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        field[b++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                field[b++] = s[i++];
            }
            while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
            if (i < len && s[i] != ',')
                return orr_error_set(err, ORR_EFORMAT, "%s: text after a closing quote", where);
        } else {
            while (i < len && s[i] != ',') field[b++] = s[i++];
            while (b > 0 && (field[b - 1] == ' ' || field[b - 1] == '\t')) b--;
        }
        field[b] = '\0';
        buf += b + 1;
        if (n == cap) {
            char **nf = orr_arena_alloc(arena, cap * 2 * sizeof *nf);
            if (!nf) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", where);
            memcpy(nf, fields, n * sizeof *nf);
            fields = nf;
            cap *= 2;
        }
        fields[n++] = field;
        if (i >= len) break;
        i++;  /* the comma */
    }
    out->fields = fields;
    out->n = n;
    return ORR_OK;
}

/* "# key: value" directives; other comments are ignored. */
static int csv_directive(orr_fc_issue *issue, const char *s, size_t len, double *salience_div,
                         const char *where, orr_error *err) {
    while (len && (*s == '#' || *s == ' ' || *s == '\t')) s++, len--;
    const char *colon = memchr(s, ':', len);
    if (!colon) return ORR_OK;
    size_t klen = (size_t)(colon - s);
    char *value = orr_arena_strndup(issue->arena, colon + 1, len - klen - 1);
    if (!value) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", where);
    char *v = value;
    while (isspace((unsigned char)*v)) v++;
    size_t vl = strlen(v);
    while (vl && isspace((unsigned char)v[vl - 1])) v[--vl] = '\0';
    if (klen == 5 && strncmp(s, "scale", 5) == 0) {
        double lo, hi;
        if (orr_fc_scale_parse(v, &lo, &hi))
            return orr_error_set(err, ORR_EFORMAT, "%s: scale '%s' is not LO-HI with LO < HI", where, v);
        issue->scale_lo = lo;
        issue->scale_hi = hi;
        issue->has_scale = 1;
    } else if (klen == 5 && strncmp(s, "issue", 5) == 0) {
        if (!utf8_valid(v, vl)) return orr_error_set(err, ORR_EFORMAT, "%s: issue title is not UTF-8", where);
        issue->title = v;
    } else if (klen == 8 && strncmp(s, "salience", 8) == 0) {
        double lo, hi;
        if (orr_fc_scale_parse(v, &lo, &hi) || lo != 0 || (hi != 1 && hi != 100))
            return orr_error_set(err, ORR_EFORMAT, "%s: salience scale must be 0-1 or 0-100", where);
        *salience_div = hi;
    }
    return ORR_OK;
}

static int csv_header(const csv_line *line, int col_of[N_COLS], const char *where, orr_error *err) {
    for (int c = 0; c < N_COLS; c++) col_of[c] = -1;
    for (size_t f = 0; f < line->n; f++) {
        int col = -1;
        for (size_t k = 0; k < sizeof column_names / sizeof column_names[0]; k++)
            if (strcasecmp(line->fields[f], column_names[k].name) == 0) col = column_names[k].col;
        if (col < 0)
            return orr_error_set(err, ORR_EFORMAT,
                                 "%s: unknown column '%.40s' (expected actor, capability, position, "
                                 "salience, risk, note)", where, line->fields[f]);
        if (col != COL_NOTE && col_of[col] >= 0)
            return orr_error_set(err, ORR_EFORMAT, "%s: column '%s' appears twice", where, line->fields[f]);
        col_of[col] = (int)f;
    }
    static const char *const required[] = {"actor", "capability", "position", "salience"};
    for (int c = 0; c < 4; c++)
        if (col_of[c] < 0)
            return orr_error_set(err, ORR_EFORMAT, "%s: header has no '%s' column", where, required[c]);
    return ORR_OK;
}

static int csv_actor(orr_fc_issue *issue, const csv_line *line, const int col_of[N_COLS],
                     size_t n_header, double salience_div, int lineno, const char *where,
                     size_t *cap, orr_error *err) {
    if (line->n != n_header)
        return orr_error_set(err, ORR_EFORMAT, "%s: %zu fields, the header has %zu", where, line->n,
                             n_header);
    orr_fc_actor a = {0};
    const char *name = line->fields[col_of[COL_ACTOR]];
    size_t nl = strlen(name);
    if (nl > FC_MAX_NAME) return orr_error_set(err, ORR_EFORMAT, "%s: actor name longer than %d bytes", where, FC_MAX_NAME);
    if (!utf8_valid(name, nl)) return orr_error_set(err, ORR_EFORMAT, "%s: actor name is not UTF-8", where);
    a.name = name;
    a.line = lineno;
    static const char *const what[] = {"actor", "capability", "position", "salience", "risk"};
    double *dest[] = {NULL, &a.capability, &a.position, &a.salience, &a.risk};
    for (int c = COL_CAPABILITY; c <= COL_RISK; c++) {
        if (col_of[c] < 0) continue;
        const char *f = line->fields[col_of[c]];
        if (c == COL_RISK && !*f) continue;  /* empty risk: computed by the model */
        if (!parse_number(f, dest[c]))
            return orr_error_set(err, ORR_EFORMAT, "%s: %s '%.40s' of %s is not a number", where, what[c],
                                 f, name);
    }
    a.salience /= salience_div;
    int rc = actor_check(issue, &a, where, err);
    if (rc) return rc;
    if ((rc = actors_reserve(issue, cap, where, err))) return rc;
    issue->actors[issue->n_actors++] = a;
    return ORR_OK;
}

static int parse_csv(orr_fc_issue *issue, const char *data, size_t len, orr_error *err) {
    int col_of[N_COLS];
    size_t n_header = 0, cap = 0;
    double salience_div = 1;
    bool have_header = false;
    char where[300];
    int lineno = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        const char *s = data + pos;
        size_t l = end - pos;
        pos = end + 1;
        lineno++;
        snprintf(where, sizeof where, "%s:%d", issue->source, lineno);
        if (l && s[l - 1] == '\r') l--;
        if (memchr(s, '\0', l)) return orr_error_set(err, ORR_EFORMAT, "%s: NUL byte in the line", where);
        size_t k = 0;
        while (k < l && (s[k] == ' ' || s[k] == '\t')) k++;
        if (k == l) continue;
        int rc;
        if (s[k] == '#') {
            if ((rc = csv_directive(issue, s + k, l - k, &salience_div, where, err))) return rc;
            continue;
        }
        csv_line line = {NULL, 0};
        if ((rc = csv_split(issue->arena, s, l, &line, where, err))) return rc;
        if (!have_header) {
            if ((rc = csv_header(&line, col_of, where, err))) return rc;
            n_header = line.n;
            have_header = true;
            continue;
        }
        rc = csv_actor(issue, &line, col_of, n_header, salience_div, lineno, where, &cap, err);
        if (rc) return rc;
    }
    if (!have_header)
        return orr_error_set(err, ORR_EFORMAT, "%s:%d: no header line (actor,capability,position,salience)",
                             issue->source, lineno);
    return ORR_OK;
}

/* ---- JSON -------------------------------------------------------------- */

static int json_number_field(json_t *obj, const char *key, bool required, double *out,
                             const char *where, const char *actor, orr_error *err) {
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (required) return orr_error_set(err, ORR_EFORMAT, "%s: %s has no \"%s\"", where, actor, key);
        return ORR_OK;
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return orr_error_set(err, ORR_EFORMAT, "%s: \"%s\" of %s is not a number", where, key, actor);
    *out = json_number_value(v);
    return ORR_OK;
}

static int json_scale(orr_fc_issue *issue, json_t *root, double *salience_div, orr_error *err) {
    json_t *scale = json_object_get(root, "scale");
    double lo, hi;
    if (json_is_array(scale)) {
        json_t *a = json_array_get(scale, 0), *b = json_array_get(scale, 1);
        if (json_array_size(scale) != 2 || !json_is_number(a) || !json_is_number(b) ||
            !(json_number_value(a) < json_number_value(b)) || !isfinite(json_number_value(b)) ||
            !isfinite(json_number_value(a)))
            return orr_error_set(err, ORR_EFORMAT, "%s: \"scale\" must be [LO, HI] with LO < HI", issue->source);
        lo = json_number_value(a);
        hi = json_number_value(b);
    } else if (json_is_string(scale)) {
        if (orr_fc_scale_parse(json_string_value(scale), &lo, &hi))
            return orr_error_set(err, ORR_EFORMAT, "%s: \"scale\" must be \"LO-HI\" with LO < HI", issue->source);
    } else if (scale) {
        return orr_error_set(err, ORR_EFORMAT, "%s: \"scale\" must be [LO, HI] or \"LO-HI\"", issue->source);
    }
    if (scale) {
        issue->scale_lo = lo;
        issue->scale_hi = hi;
        issue->has_scale = 1;
    }
    json_t *ss = json_object_get(root, "salience_scale");
    if (ss) {
        if (!json_is_number(ss) || (json_number_value(ss) != 1 && json_number_value(ss) != 100))
            return orr_error_set(err, ORR_EFORMAT, "%s: \"salience_scale\" must be 1 or 100", issue->source);
        *salience_div = json_number_value(ss);
    }
    return ORR_OK;
}

static int json_actor(orr_fc_issue *issue, json_t *item, size_t index, double salience_div,
                      size_t *cap, orr_error *err) {
    char where[300];
    snprintf(where, sizeof where, "%s: actors[%zu]", issue->source, index);
    if (!json_is_object(item)) return orr_error_set(err, ORR_EFORMAT, "%s: not an object", where);
    json_t *name = json_object_get(item, "actor");
    if (!json_is_string(name)) return orr_error_set(err, ORR_EFORMAT, "%s: no \"actor\" string", where);
    size_t nl = json_string_length(name);
    if (nl > FC_MAX_NAME || memchr(json_string_value(name), '\0', nl))
        return orr_error_set(err, ORR_EFORMAT, "%s: bad actor name", where);
    orr_fc_actor a = {0};
    a.name = orr_arena_strdup(issue->arena, json_string_value(name));
    if (!a.name) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", where);
    a.line = (int)index + 1;
    int rc;
    if ((rc = json_number_field(item, "capability", true, &a.capability, where, a.name, err)) ||
        (rc = json_number_field(item, "position", true, &a.position, where, a.name, err)) ||
        (rc = json_number_field(item, "salience", true, &a.salience, where, a.name, err)) ||
        (rc = json_number_field(item, "risk", false, &a.risk, where, a.name, err)))
        return rc;
    a.salience /= salience_div;
    if ((rc = actor_check(issue, &a, where, err))) return rc;
    if ((rc = actors_reserve(issue, cap, where, err))) return rc;
    issue->actors[issue->n_actors++] = a;
    return ORR_OK;
}

static int parse_json(orr_fc_issue *issue, const char *data, size_t len, orr_error *err) {
    json_error_t jerr;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return orr_error_set(err, ORR_EFORMAT, "%s:%d: bad JSON at column %d: %s", issue->source,
                             jerr.line, jerr.column, jerr.text);
    int rc = ORR_OK;
    double salience_div = 1;
    size_t cap = 0;
    json_t *actors = json_object_get(root, "actors");
    json_t *title = json_object_get(root, "issue");
    if (!json_is_object(root) || !json_is_array(actors)) {
        rc = orr_error_set(err, ORR_EFORMAT, "%s: expected an object with an \"actors\" array", issue->source);
    } else if (title && !json_is_string(title)) {
        rc = orr_error_set(err, ORR_EFORMAT, "%s: \"issue\" must be a string", issue->source);
    } else if (!(rc = json_scale(issue, root, &salience_div, err))) {
        if (title && !(issue->title = orr_arena_strdup(issue->arena, json_string_value(title))))
            rc = orr_error_set(err, ORR_ENOMEM, "%s: out of memory", issue->source);
        for (size_t i = 0; !rc && i < json_array_size(actors); i++)
            rc = json_actor(issue, json_array_get(actors, i), i, salience_div, &cap, err);
    }
    json_decref(root);
    return rc;
}

int orr_fc_issue_parse(const char *name, const char *data, size_t len, orr_fc_issue **out,
                       orr_error *err) {
    *out = NULL;
    if (!name) name = "<input>";
    orr_fc_issue *issue = issue_new(name);
    if (!issue || !issue->source) {
        orr_fc_issue_free(issue);
        return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", name);
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, len -= 3;  /* spreadsheet BOM */
    size_t k = 0;
    while (k < len && isspace((unsigned char)data[k])) k++;
    int rc = (k < len && data[k] == '{') ? parse_json(issue, data, len, err)
                                         : parse_csv(issue, data, len, err);
    if (!rc && issue->n_actors == 0) rc = orr_error_set(err, ORR_EFORMAT, "%s: no actors", issue->source);
    if (!rc && issue->has_scale)
        rc = orr_fc_issue_set_scale(issue, issue->scale_lo, issue->scale_hi, err);
    if (rc) {
        orr_fc_issue_free(issue);
        return rc;
    }
    *out = issue;
    return ORR_OK;
}

int orr_fc_issue_read(const char *path, orr_fc_issue **out, orr_error *err) {
    char *data;
    size_t len;
    *out = NULL;
    int rc = orr_read_file(path, &data, &len, err);
    if (rc) return rc;
    rc = orr_fc_issue_parse(strcmp(path, "-") == 0 ? "<stdin>" : path, data, len, out, err);
    free(data);
    return rc;
}
