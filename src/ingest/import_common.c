/*
** import_common.c — the row loop every event importer runs: split a line
** (tab-separated in place, or CSV with quotes), decide the file's format
** from its first row (header names, else the column count), map the row
** with the format's mapper, and hand good rows to the caller, bad rows to
** its warning callback with file:line.  Also the small field parsers
** (dates, numbers, CAMEO actor codes) the mappers share.
*/
#include "../relate/import.h"

#include <stdlib.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static const struct {
    orr_event_format format;
    const char *name;
} event_formats[] = {
    {ORR_EVFMT_AUTO, "auto"},       {ORR_EVFMT_GDELT, "gdelt"},
    {ORR_EVFMT_ICEWS, "icews"},     {ORR_EVFMT_PHOENIX, "phoenix"},
    {ORR_EVFMT_PETRARCH, "petrarch"},
};

int orr_event_format_parse(const char *name, orr_event_format *out) {
    for (size_t i = 0; i < sizeof event_formats / sizeof event_formats[0]; i++)
        if (strcasecmp(name, event_formats[i].name) == 0) {
            *out = event_formats[i].format;
            return ORR_OK;
        }
    return ORR_EUSAGE;
}

const char *orr_event_format_name(orr_event_format format) {
    for (size_t i = 0; i < sizeof event_formats / sizeof event_formats[0]; i++)
        if (event_formats[i].format == format) return event_formats[i].name;
    return "unknown";
}

int import_missing(const char *s) { return !s || !*s || strcmp(s, "NA") == 0; }

static int is_digit(char c) { return (unsigned)(c - '0') <= 9; }

/* One call per row: no strlen, no loops.  && stops at the first mismatch,
** so a short field is never read past its NUL. */
int import_date(const char *s, char out[11]) {
    char d[8];
    if (!(is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3])))
        return -1;
    const char *md;   /* "MMDD" */
    char md_buf[4];
    if (is_digit(s[4]) && is_digit(s[5]) && is_digit(s[6]) && is_digit(s[7]) && !s[8]) {
        md = s + 4;
    } else if (s[4] == '-' && is_digit(s[5]) && is_digit(s[6]) && s[7] == '-' &&
               is_digit(s[8]) && is_digit(s[9]) && !s[10]) {
        md_buf[0] = s[5], md_buf[1] = s[6], md_buf[2] = s[8], md_buf[3] = s[9];
        md = md_buf;
    } else {
        return -1;
    }
    memcpy(d, s, 4);
    memcpy(d + 4, md, 4);
    int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int m = (d[4] - '0') * 10 + (d[5] - '0'), day = (d[6] - '0') * 10 + (d[7] - '0');
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1800 || m < 1 || m > 12 || day < 1 || day > mdays[m - 1]) return -1;
    if (m == 2 && day == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return -1;
    memcpy(out, d, 4);
    out[4] = '-';
    memcpy(out + 5, d + 4, 2);
    out[7] = '-';
    memcpy(out + 8, d + 6, 2);
    out[10] = '\0';
    return 0;
}

int import_double(const char *s, double def, double *out) {
    if (import_missing(s)) {
        *out = def;
        return 0;
    }
    /* fast path for the short decimals event files hold ("-2.5", "10") */
    const char *p = s;
    int neg = *p == '-';
    if (neg || *p == '+') p++;
    long whole = 0, frac = 0, scale = 1;
    int digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 9) { whole = whole * 10 + (*p++ - '0'); digits++; }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9' && scale < 100000000) { frac = frac * 10 + (*p++ - '0'); scale *= 10; digits++; }
    }
    if (!*p && digits > 0) {
        /* k / 10.0 is the double nearest k/10, as is the literal 0.k: the
        ** table gives the same bits as the division, without the divide */
        static const double tenths[10] = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
        double v = (double)whole + (scale == 10 ? tenths[frac] : (double)frac / (double)scale);
        *out = neg ? -v : v;
        return 0;
    }
    char *end;
    double v = strtod(s, &end);
    if (*end || v != v) return -1;
    *out = v;
    return 0;
}

int import_int(const char *s, int32_t *out) {
    if (import_missing(s)) {
        *out = 0;
        return 0;
    }
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9' || v > 1000000000) return -1;
        v = v * 10 + (*p - '0');
    }
    *out = (int32_t)v;
    return 0;
}

/* CAMEO's agent codes: a 3-letter code from this list is not a country. */
static const char cameo_agents[] =
    "GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL LAB LEG HLH REF ELI NGO IGO AGR ENV "
    "HRI INS MNC NGM REL SET UAF RAD MOD ";

static int is_agent(const char *s) {
    char key[5] = {s[0], s[1], s[2], ' ', 0};
    return strstr(cameo_agents, key) != NULL;
}

static int is_alpha3(const char *s) {
    for (int i = 0; i < 3; i++)
        if (!(s[i] >= 'A' && s[i] <= 'Z')) return 0;
    return 1;
}

void import_cameo_actor(const char *code, char country[8], char agent[8]) {
    country[0] = agent[0] = '\0';
    size_t n = code ? strlen(code) : 0;
    if (n < 3 || !is_alpha3(code)) return;
    if (strncmp(code, "IGO", 3) == 0 && n >= 6 && is_alpha3(code + 3)) {
        memcpy(country, code + 3, 3);
        country[3] = '\0';
        return;
    }
    if (is_agent(code)) {
        memcpy(agent, code, 3);
        agent[3] = '\0';
        return;
    }
    memcpy(country, code, 3);
    country[3] = '\0';
    if (n >= 6 && is_alpha3(code + 3)) {
        memcpy(agent, code + 3, 3);
        agent[3] = '\0';
    }
}

int import_cameo_event(import_file *f, const char *code, orr_event *ev, const char **why,
                       int want_goldstein) {
    /* orr_cameo_root's test, with the length measured once for the copy */
    size_t n = 0;
    while (n < 5 && is_digit(code[n])) n++;
    int root = n >= 2 && n <= 4 && !code[n] ? (code[0] - '0') * 10 + (code[1] - '0') : 0;
    if (root < 1 || root > 20) {
        *why = "a CAMEO event code (2-4 digits, root 01-20)";
        return -1;
    }
    memcpy(ev->code, code, n + 1);
    ev->root = root;
    ev->quad = orr_cameo_quad(root);
    int found = 0;
    double g = want_goldstein ? orr_cameo_goldstein(f->opts ? f->opts->cameo : NULL, code, &found) : 0;
    if (found) ev->goldstein = g;
    ev->plover = orr_cameo_plover(f->opts ? f->opts->cameo : NULL, code);
    return 0;
}

void import_event_init(import_file *f, orr_event *ev, const char *dataset) {
    memset(ev, 0, sizeof *ev);
    ev->sentence = -1;
    ev->source_start = ev->source_end = ev->target_start = ev->target_end = -1;
    ev->verb_start = ev->verb_end = -1;
    ev->date_how = "imported";
    ev->dataset = dataset;
    /* origin "name:line" from a cached prefix: rows come line after line,
    ** so the digits are usually just counted up in place; no printf per row */
    char *o = f->origin;
    size_t i = f->origin_len;
    if (f->origin_line && f->line == f->origin_line + 1) {
        while (i > f->origin_prefix && o[i - 1] == '9') o[--i] = '0';
        if (i > f->origin_prefix) o[i - 1]++;
    }
    if (!f->origin_line || f->line != f->origin_line + 1 || i == f->origin_prefix) {   /* all digits */
        char digits[24];
        int k = 0;
        size_t v = f->line;
        do digits[k++] = (char)('0' + v % 10); while ((v /= 10) && k < 23);
        char *p = o + f->origin_prefix;
        while (k > 0) *p++ = digits[--k];
        *p = '\0';
        f->origin_len = (size_t)(p - o);
    }
    f->origin_line = f->line;
    ev->origin = f->origin;
}

void import_file_init(import_file *f, const char *name, const orr_import_opts *opts,
                      orr_event_fn on_event, orr_warn_fn on_warn, void *ctx) {
    memset(f, 0, sizeof *f);
    f->name = name;
    f->opts = opts;
    f->format = opts ? opts->format : ORR_EVFMT_AUTO;
    f->on_event = on_event;
    f->on_warn = on_warn;
    f->ctx = ctx;
    for (int i = 0; i < GCOL_N; i++) f->col[i] = -1;
    int n = snprintf(f->origin, sizeof f->origin - 24, "%s:", name);
    f->origin_prefix = n < 0 ? 0 : (size_t)n >= sizeof f->origin - 24 ? sizeof f->origin - 25 : (size_t)n;
}

void import_file_done(import_file *f) {
    free(f->fields);
    f->fields = NULL;
}

static void import_warn(import_file *f, const char *fmt, const char *what) {
    if (!f->on_warn) return;
    orr_error w;
    orr_error_set(&w, ORR_EFORMAT, fmt, f->name, f->line, what);
    f->on_warn(f->ctx, &w);
}

static int grow_fields(import_file *f) {
    size_t cap = f->cap_fields ? f->cap_fields * 2 : 64;
    char **p = realloc(f->fields, cap * sizeof *p);
    if (!p) return ORR_ENOMEM;
    f->fields = p;
    f->cap_fields = cap;
    return ORR_OK;
}

static int push_field(import_file *f, size_t *n, char *s) {
    if (*n == f->cap_fields && grow_fields(f)) return ORR_ENOMEM;
    f->fields[(*n)++] = s;
    return ORR_OK;
}

/* Tab-separated: cut at each tab in place.  The hot path of a large
** import (a GDELT row has 60 tabs in ~200 bytes, so a memchr call per
** field costs more than it saves): with SSE2, 16 bytes are compared at
** once and the tabs taken from the bit mask; otherwise byte by byte. */
static inline int tab_at(import_file *f, size_t *k, char *p) {
    *p = '\0';
    if (*k < f->cap_fields) {
        f->fields[(*k)++] = p + 1;
        return ORR_OK;
    }
    return push_field(f, k, p + 1);
}

/* Count the tabs in [p, end) and find the last one (SSE2 when present). */
static size_t count_tabs(char *p, char *end, char **last) {
    size_t count = 0;
    *last = NULL;
#if defined(__SSE2__)
    const __m128i tab = _mm_set1_epi8('\t');
    for (; end - p >= 16; p += 16) {
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), tab));
        if (mask) {
            *last = p + 31 - __builtin_clz(mask);
            for (; mask; mask &= mask - 1) count++;   /* no popcnt in baseline x86-64 */
        }
    }
#endif
    for (; p < end; p++)
        if (*p == '\t') {
            count++;
            *last = p;
        }
    return count;
}

static int split_tabs(import_file *f, char *s, char *end, size_t *n) {
    size_t k = 0;
    size_t limit = f->split_limit ? f->split_limit : SIZE_MAX;
    f->last_field = NULL;
    if (push_field(f, &k, s)) return ORR_ENOMEM;
    char *p = s;
#if defined(__SSE2__)
    const __m128i tab = _mm_set1_epi8('\t');
    for (; end - p >= 16 && k < limit; p += 16) {
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), tab));
        while (mask && k < limit) {
            if (tab_at(f, &k, p + __builtin_ctz(mask))) return ORR_ENOMEM;
            mask &= mask - 1;
        }
    }
#endif
    for (; p < end && k < limit; p++)
        if (*p == '\t' && tab_at(f, &k, p)) return ORR_ENOMEM;
    *end = '\0';
    f->n_stored = k;
    *n = k;
    if (k == limit) {   /* the rest: only counted; the last field kept */
        char *first = memchr(f->fields[k - 1], '\t', (size_t)(end - f->fields[k - 1]));
        if (first) {
            char *last;
            size_t more = count_tabs(first, end, &last);
            *first = '\0';
            *n = k + more;
            f->last_field = last + 1;
        }
    }
    return ORR_OK;
}

/* CSV (RFC 4180 within one line): quoted fields are unquoted in place.
** Returns 1 for an unterminated quote. */
static int split_csv(import_file *f, char *s, char *end, size_t *n) {
    *n = 0;
    for (;;) {
        char *out = s;
        if (push_field(f, n, s)) return ORR_ENOMEM;
        if (s < end && *s == '"') {
            char *p = s + 1;
            for (;;) {
                if (p >= end) return 1;
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') { *out++ = '"'; p += 2; continue; }
                    p++;
                    break;
                }
                *out++ = *p++;
            }
            if (p < end && *p != ',') return 1;
            *out = '\0';
            if (p >= end) {
                f->n_stored = *n;
                f->last_field = NULL;
                return 0;
            }
            s = p + 1;
            continue;
        }
        char *comma = memchr(s, ',', (size_t)(end - s));
        if (!comma) break;
        *comma = '\0';
        s = comma + 1;
    }
    *end = '\0';
    f->n_stored = *n;
    f->last_field = NULL;
    return 0;
}

static int looks_like_date8(const char *s) {
    char tmp[11];
    return strlen(s) == 8 && import_date(s, tmp) == 0;
}

/* Decide format and columns from the first row.  Returns 1 if the row
** was a header (consumed), 0 if it is data, -1 if nothing fits. */
static int import_start(import_file *f, char **fld, size_t n) {
    f->started = 1;
    if ((f->format == ORR_EVFMT_AUTO || f->format == ORR_EVFMT_GDELT) &&
        import_gdelt_header(f, fld, n)) {
        f->format = ORR_EVFMT_GDELT;
        return 1;
    }
    if (n >= 2 && strcmp(fld[0], "Event ID") == 0 && strcmp(fld[1], "Event Date") == 0 &&
        (f->format == ORR_EVFMT_AUTO || f->format == ORR_EVFMT_ICEWS)) {
        f->format = ORR_EVFMT_ICEWS;
        return 1;
    }
    if (n >= 2 && strcasecmp(fld[0], "EventID") == 0 && strcasecmp(fld[1], "Date") == 0 &&
        (f->format == ORR_EVFMT_AUTO || f->format == ORR_EVFMT_PHOENIX)) {
        f->format = ORR_EVFMT_PHOENIX;
        return 1;
    }
    if (f->format == ORR_EVFMT_AUTO) {
        if (n >= 57 && n <= 62) f->format = ORR_EVFMT_GDELT;
        else if (n == 26) f->format = ORR_EVFMT_PHOENIX;
        else if (n == 20) f->format = ORR_EVFMT_ICEWS;
        else if (n >= 4 && n <= 8 && looks_like_date8(fld[0])) f->format = ORR_EVFMT_PETRARCH;
        else return -1;
    }
    if (f->format == ORR_EVFMT_GDELT && !import_gdelt_by_count(f, fld, n)) return -1;
    return 0;
}

/* GDELT rows need their first ~34 fields and the URL, which is last: store
** only those, count the rest (a third of the work of a big import). */
static void import_set_split_limit(import_file *f, size_t n_cols) {
    f->split_limit = 0;
    if (f->format != ORR_EVFMT_GDELT || f->delim != '\t' || f->col[GCOL_URL] != (int)n_cols - 1) return;
    int max = -1;
    for (int i = 0; i < GCOL_N; i++)
        if (i != GCOL_URL && f->col[i] > max) max = f->col[i];
    if (max >= 0 && (size_t)max + 2 < n_cols) f->split_limit = (size_t)max + 1;
}

static const import_row_fn row_fns[] = {
    [ORR_EVFMT_GDELT] = import_gdelt_row,
    [ORR_EVFMT_ICEWS] = import_icews_row,
    [ORR_EVFMT_PHOENIX] = import_phoenix_row,
    [ORR_EVFMT_PETRARCH] = import_petrarch_row,
};

/* A split row (n fields, rc 1 for a broken CSV quote) to the mapper, and
** the event to the caller or the reason to the warning callback. */
static int import_row(import_file *f, size_t n, int rc, orr_error *err) {
    f->rows++;
    if (rc) {
        f->bad++;
        import_warn(f, "%s:%zu: %s", "unterminated quoted field");
        return ORR_OK;
    }
    orr_event ev;
    const char *why = NULL;
    if (row_fns[f->format](f, f->fields, n, &ev, &why)) {
        f->bad++;
        char what[160];
        snprintf(what, sizeof what, "expected %s (%zu columns)", why ? why : "a valid row", n);
        import_warn(f, "%s:%zu: %s", what);
        return ORR_OK;
    }
    if (f->on_event && f->on_event(f->ctx, &ev)) return ORR_ESTOP;
    return ORR_OK;
}

static int import_line(import_file *f, char *s, char *end, orr_error *err) {
    if (end > s && end[-1] == '\r') end--;
    if (end == s) return ORR_OK;
    if (f->line == 1 && end - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3;
    if (!f->started) f->delim = memchr(s, '\t', (size_t)(end - s)) ? '\t' : ',';
    size_t n;
    int rc = f->delim == '\t' ? split_tabs(f, s, end, &n) : split_csv(f, s, end, &n);
    if (rc == ORR_ENOMEM) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", f->name);
    if (!f->started) {
        int header = rc ? -1 : import_start(f, f->fields, n);
        if (header < 0)
            return orr_error_set(err, ORR_EFORMAT,
                                 "%s:%zu: not a GDELT, ICEWS, Phoenix or PETRARCH event file "
                                 "(%zu columns, no known header)", f->name, f->line, n);
        import_set_split_limit(f, n);
        if (header) return ORR_OK;
    }
    return import_row(f, n, rc, err);
}

/*
** The row loop of a tab-separated file once its layout is known, the hot
** path of a large import.  Finding the end of the line and cutting its
** fields is one scan over 64-byte blocks: four SSE2 compares with '\t' and
** four with '\n' give a 64-bit mask of each.  The tabs before the first
** newline cut the fields: cleared with whole-vector stores, their
** positions taken from the mask bit by bit (a GDELT row has 60 tabs in
** ~200 bytes; a loop over the bits mispredicts once at its end, so once
** per 64 bytes rather than per 16).  Past the split limit the tabs are only
** counted and the last one kept (for the URL).  Rows come out exactly as
** split_tabs cuts them: fuzz_import_fast compares the two paths.
*/
#define TAB_BLOCK 64
#define TAB_SLACK (TAB_BLOCK + 1)   /* field slots a block may write past the limit */

static unsigned popcount64(uint64_t x) {   /* baseline x86-64 has no popcnt */
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

#if defined(__SSE2__)
/* Bit i of each mask: p[i] is a tab / a newline. */
static void block_masks(const char *p, uint64_t *tabs, uint64_t *lfs) {
    const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n');
    uint64_t t = 0, l = 0;
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * i));
        t |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, tab)) << (16 * i);
        l |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)) << (16 * i);
    }
    *tabs = t;
    *lfs = l;
}

/* Replace the tabs of a 64-byte block (no newline in it) by NULs. */
static void block_cut(char *p) {
    const __m128i tab = _mm_set1_epi8('\t');
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * i));
        _mm_storeu_si128((__m128i *)(p + 16 * i), _mm_andnot_si128(_mm_cmpeq_epi8(v, tab), v));
    }
}
#endif

/* Cut the line at s (ending at the first '\n' before end, or at end);
** *line_end gets the '\n' (or end), *n the number of fields.  Returns 1
** for an empty line. */
static int split_tab_line(import_file *f, char *s, char *end, char **line_end, size_t *n) {
    size_t limit = f->split_limit ? f->split_limit : SIZE_MAX;
    size_t tabs = 0;          /* tab i ends field i and starts field i + 1 */
    char *p = s, *nl = NULL, *last = NULL;
    if (f->cap_fields < TAB_SLACK + 1 && grow_fields(f)) return ORR_ENOMEM;
    f->fields[0] = s;
#if defined(__SSE2__)
    for (; end - p >= TAB_BLOCK; p += TAB_BLOCK) {
        uint64_t mask, lfs;
        block_masks(p, &mask, &lfs);
        if (lfs) {
            mask &= (lfs & (0 - lfs)) - 1;   /* only the tabs before the newline */
            nl = p + __builtin_ctzll(lfs);
        }
        if (tabs < limit) {   /* these tabs end stored fields: cut them */
            if (tabs + TAB_SLACK >= f->cap_fields && grow_fields(f)) return ORR_ENOMEM;
            char **out = f->fields + tabs + 1;
            for (uint64_t m = mask; m; m &= m - 1) *out++ = p + __builtin_ctzll(m) + 1;
            if (!nl) block_cut(p);
            else
                for (uint64_t m = mask; m; m &= m - 1) p[__builtin_ctzll(m)] = '\0';
        }
        if (mask) last = p + 63 - __builtin_clzll(mask);
        tabs += popcount64(mask);
        if (nl) break;
    }
#endif
    for (; !nl && p < end; p++) {
        if (*p == '\n') {
            nl = p;
        } else if (*p == '\t') {
            if (tabs < limit) {
                if (tabs + 1 >= f->cap_fields && grow_fields(f)) return ORR_ENOMEM;
                *p = '\0';
                f->fields[tabs + 1] = p + 1;
            }
            last = p;
            tabs++;
        }
    }
    char *e = nl ? nl : end;
    *line_end = e;
    if (e > s && e[-1] == '\r') e--;
    *e = '\0';
    *n = tabs + 1;
    f->n_stored = *n < limit ? *n : limit;
    f->last_field = *n > limit ? last + 1 : NULL;
    return e == s;
}

static int import_lines_tabs(import_file *f, char *buf, size_t len, orr_error *err) {
    char *p = buf, *end = buf + len;
    while (p < end) {
        char *line_end;
        size_t n;
        f->line++;
        int rc = split_tab_line(f, p, end, &line_end, &n);
        if (rc == ORR_ENOMEM) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", f->name);
        if (rc == ORR_OK && (rc = import_row(f, n, 0, err))) return rc;
        p = line_end < end ? line_end + 1 : end;
    }
    return ORR_OK;
}

/* Line by line with memchr, any delimiter: the first line, CSV files. */
static int import_lines_slow(import_file *f, char *buf, size_t len, orr_error *err) {
    char *p = buf, *end = buf + len;
    while (p < end) {
        if (f->started && f->delim == '\t' && !f->slow_only)
            return import_lines_tabs(f, p, (size_t)(end - p), err);
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line_end = nl ? nl : end;
        f->line++;
        int rc = import_line(f, p, line_end, err);
        if (rc) return rc;
        p = nl ? nl + 1 : end;
    }
    return ORR_OK;
}

int import_lines(import_file *f, char *buf, size_t len, orr_error *err) {
    return import_lines_slow(f, buf, len, err);
}
