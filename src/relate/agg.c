/*
** agg.c — events reduced to directed dyad aggregates.  orr_relate keeps
** the events that pass a filter as compact columns (day, source, target,
** Goldstein x10, QuadClass, weight: 15 bytes an event, actors interned to
** 16-bit ids), so the same table serves series, totals, shifts and
** networks, whether it was filled from the store or straight from a file
** (the streaming path `orrery dyad --from FILE`).  Grouping uses a hash
** map keyed by (source, target, bin) packed into 64 bits.
*/
#include "relate.h"
#include "../util/calendar.h"

#include <stdlib.h>
#include <strings.h>

/* Straight-line: one parse per event.  && stops at the first mismatch, so
** a short string is never read past its NUL. */
static int is_digit(char c) { return (unsigned)(c - '0') <= 9; }

static int parse_ymd(const char *s, int *y, int *m, int *d) {
    if (!s || !(is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
                s[4] == '-' && is_digit(s[5]) && is_digit(s[6]) && s[7] == '-' &&
                is_digit(s[8]) && is_digit(s[9]) && !s[10]))
        return -1;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return *m < 1 || *m > 12 || *d < 1 || *d > 31 ? -1 : 0;
}

int rel_parse_day(const char *s, int32_t *day) {
    int y, m, d;
    if (parse_ymd(s, &y, &m, &d)) return -1;
    *day = orr_days_from_civil(y, m, d);
    return 0;
}

/* Dates and labels are written digit by digit: snprintf was most of the
** time of a large series. */
static char *put_digits(char *o, int v, int width) {
    if (v < 0) v = 0;
    for (int i = width - 1; i >= 0; i--) {
        o[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return o + width;
}

void rel_format_day(int32_t day, char out[11]) {
    int y, m, d;
    orr_civil_from_days(day, &y, &m, &d);
    char *o = put_digits(out, y, 4);
    *o++ = '-';
    o = put_digits(o, m, 2);
    *o++ = '-';
    o = put_digits(o, d, 2);
    *o = '\0';
}

/* Weeks start on Monday; 1970-01-01 was a Thursday. */
static int32_t floor_div(int32_t a, int32_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

int32_t rel_bin_of(int32_t day, orr_period by) {
    int y, m, d;
    switch (by) {
    case ORR_BY_DAY: return day;
    case ORR_BY_WEEK: return floor_div(day + 3, 7);
    default: break;
    }
    orr_civil_from_days(day, &y, &m, &d);
    if (by == ORR_BY_MONTH) return y * 12 + m - 1;
    if (by == ORR_BY_QUARTER) return y * 4 + (m - 1) / 3;
    return y;
}

int32_t rel_bin_start(int32_t bin, orr_period by) {
    switch (by) {
    case ORR_BY_DAY: return bin;
    case ORR_BY_WEEK: return bin * 7 - 3;
    case ORR_BY_MONTH: return orr_days_from_civil(floor_div(bin, 12), bin - floor_div(bin, 12) * 12 + 1, 1);
    case ORR_BY_QUARTER: return orr_days_from_civil(floor_div(bin, 4), (bin - floor_div(bin, 4) * 4) * 3 + 1, 1);
    default: return orr_days_from_civil(bin, 1, 1);
    }
}

void rel_bin_label(int32_t bin, orr_period by, char out[11]) {
    int32_t start = rel_bin_start(bin, by);
    int y, m, d;
    orr_civil_from_days(start, &y, &m, &d);
    char *o = out;
    switch (by) {
    case ORR_BY_DAY: rel_format_day(start, out); return;
    case ORR_BY_WEEK: {   /* ISO week: the year and week of its Thursday */
        int ty, tm, td;
        orr_civil_from_days(start + 3, &ty, &tm, &td);
        int32_t doy = start + 3 - orr_days_from_civil(ty, 1, 1);
        o = put_digits(o, ty, 4);
        *o++ = '-';
        *o++ = 'W';
        o = put_digits(o, (int)(doy / 7 + 1), 2);
        break;
    }
    case ORR_BY_MONTH:
        o = put_digits(o, y, 4);
        *o++ = '-';
        o = put_digits(o, m, 2);
        break;
    case ORR_BY_QUARTER:
        o = put_digits(o, y, 4);
        *o++ = '-';
        *o++ = 'Q';
        o = put_digits(o, (m - 1) / 3 + 1, 1);
        break;
    default: o = put_digits(o, y, 4); break;
    }
    *o = '\0';
}

/* The bin of a day whose year and month are known: no calendar walk
** for months, quarters and years (the same numbers rel_bin_of gives). */
static int32_t bin_of_ymd(int y, int m, int32_t day, orr_period by) {
    switch (by) {
    case ORR_BY_MONTH: return y * 12 + m - 1;
    case ORR_BY_QUARTER: return y * 4 + (m - 1) / 3;
    case ORR_BY_YEAR: return y;
    default: return rel_bin_of(day, by);
    }
}

int32_t rel_bin_of_cached(rel_bin_cache *c, int32_t day, orr_period by) {
    if (day != c->day) {
        c->day = day;
        c->bin = rel_bin_of(day, by);
    }
    return c->bin;
}

int orr_period_parse(const char *name, orr_period *out) {
    static const char *const names[] = {"day", "week", "month", "quarter", "year"};
    for (int i = 0; i < 5; i++)
        if (strcasecmp(name, names[i]) == 0) {
            *out = (orr_period)i;
            return ORR_OK;
        }
    return ORR_EUSAGE;
}

/* --- hash map ------------------------------------------------------------ */

static uint64_t mix64(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

int rel_map_init(rel_map *m, size_t expect) {
    m->n_slots = 64;
    while (m->n_slots < expect * 2) m->n_slots *= 2;
    m->n = 0;
    m->slots = malloc(m->n_slots * sizeof *m->slots);
    m->used = calloc(m->n_slots, 1);
    if (!m->slots || !m->used) {
        rel_map_free(m);
        return ORR_ENOMEM;
    }
    return ORR_OK;
}

void rel_map_free(rel_map *m) {
    free(m->slots);
    free(m->used);
    m->slots = NULL;
    m->used = NULL;
}

static int rel_map_grow(rel_map *m) {
    rel_map bigger;
    if (rel_map_init(&bigger, m->n_slots)) return ORR_ENOMEM;
    for (size_t i = 0; i < m->n_slots; i++) {
        if (!m->used[i]) continue;
        size_t j = mix64(m->slots[i].key) & (bigger.n_slots - 1);
        while (bigger.used[j]) j = (j + 1) & (bigger.n_slots - 1);
        bigger.used[j] = 1;
        bigger.slots[j] = m->slots[i];
    }
    bigger.n = m->n;
    rel_map_free(m);
    *m = bigger;
    return ORR_OK;
}

rel_acc *rel_map_get(rel_map *m, uint64_t key) {
    size_t mask = m->n_slots - 1, j = mix64(key) & mask;
    while (m->used[j]) {
        if (m->slots[j].key == key) return &m->slots[j];
        j = (j + 1) & mask;
    }
    if ((m->n + 1) * 4 > m->n_slots * 3) {   /* keep the load under 3/4 */
        if (rel_map_grow(m)) return NULL;
        return rel_map_get(m, key);
    }
    m->used[j] = 1;
    m->n++;
    memset(&m->slots[j], 0, sizeof m->slots[j]);
    m->slots[j].key = key;
    return &m->slots[j];
}

static int key_idx_cmp(const void *a, const void *b) {
    uint64_t x = ((const rel_key_idx *)a)->key, y = ((const rel_key_idx *)b)->key;
    return x < y ? -1 : x > y;
}

/* LSD radix sort, 16 bits a pass, skipping digits that are the same
** everywhere: large groupings sort in linear time.  Small ones: qsort. */
int rel_sort_keys(rel_key_idx *order, size_t k) {
    if (k <= 4096) {
        qsort(order, k, sizeof *order, key_idx_cmp);
        return 0;
    }
    rel_key_idx *tmp = malloc(k * sizeof *tmp), *in = order;
    size_t *count = malloc(65537 * sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        return -1;
    }
    for (int shift = 0; shift < 64; shift += 16) {
        memset(count, 0, 65537 * sizeof *count);
        for (size_t i = 0; i < k; i++) count[(in[i].key >> shift & 0xFFFF) + 1]++;
        if (count[(in[0].key >> shift & 0xFFFF) + 1] == k) continue;   /* one digit everywhere */
        for (size_t d = 1; d <= 65536; d++) count[d] += count[d - 1];
        for (size_t i = 0; i < k; i++) tmp[count[in[i].key >> shift & 0xFFFF]++] = in[i];
        rel_key_idx *swap = in;
        in = tmp;
        tmp = swap;
    }
    if (in != order) {   /* an odd number of passes: the result is in the scratch array */
        memcpy(order, in, k * sizeof *order);
        tmp = in;
    }
    free(tmp);
    free(count);
    return 0;
}

/* Sort (key, slot) pairs, not the 64-byte accumulators, then gather. */
rel_acc *rel_map_sorted(const rel_map *m, size_t *n) {
    rel_acc *out = malloc((m->n ? m->n : 1) * sizeof *out);
    rel_key_idx *order = malloc((m->n ? m->n : 1) * sizeof *order);
    if (!out || !order) {
        free(out);
        free(order);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < m->n_slots; i++)
        if (m->used[i]) order[k++] = (rel_key_idx){m->slots[i].key, i};
    if (rel_sort_keys(order, k)) {
        free(out);
        free(order);
        return NULL;
    }
    for (size_t i = 0; i < k; i++) out[i] = m->slots[order[i].idx];
    free(order);
    *n = k;
    return out;
}

void rel_acc_add(rel_acc *a, const orr_relate *rel, size_t i) {
    double w = rel->weight[i];
    a->events++;
    a->quad[rel->quad[i] - 1] += w;
    a->weight += w;
    a->gsum += w * rel->gold10[i] / 10.0;
}

/* --- the table ----------------------------------------------------------- */

static uint64_t pack_code(const char *code) {
    uint64_t k = 0;
    memcpy(&k, code, strnlen(code, 7));
    return k;
}

/* Index of a code of exactly three capital letters (almost every country
** and IGO root) in a direct table, or -1: the hash is for the rest. */
static int alpha3_index(const char *c) {
    if (c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z' || c[3])
        return -1;
    return ((c[0] - 'A') * 26 + (c[1] - 'A')) * 26 + (c[2] - 'A');
}

int rel_actor_find(const orr_relate *rel, const char *code) {
    if (!code || !*code) return -1;
    int a3 = alpha3_index(code);
    if (a3 >= 0) return rel->alpha3 ? (int)rel->alpha3[a3] - 1 : -1;
    if (strlen(code) > 7 || !rel->actor_slots) return -1;
    uint64_t key = pack_code(code);
    size_t mask = rel->actor_slots - 1, j = mix64(key) & mask;
    while (rel->actor_ids[j]) {
        if (rel->actor_keys[j] == key) return (int)rel->actor_ids[j] - 1;
        j = (j + 1) & mask;
    }
    return -1;
}

static int actor_intern(orr_relate *rel, const char *code) {
    int found = rel_actor_find(rel, code);
    if (found >= 0) return found;
    if (rel->n_actors >= REL_MAX_ACTORS) return -1;
    int a3 = alpha3_index(code);
    if (a3 >= 0 && !rel->alpha3 && !(rel->alpha3 = calloc(26 * 26 * 26, sizeof *rel->alpha3)))
        return -2;
    if ((rel->n_actors + 1) * 2 > rel->actor_slots) {   /* rehash at half full */
        size_t slots = rel->actor_slots ? rel->actor_slots * 2 : 256;
        uint64_t *keys = calloc(slots, sizeof *keys);
        uint32_t *ids = calloc(slots, sizeof *ids);
        char(*codes)[8] = realloc(rel->actor_code, slots / 2 * sizeof *codes);
        if (!keys || !ids || !codes) {
            free(keys);
            free(ids);
            if (codes) rel->actor_code = codes;
            return -2;
        }
        rel->actor_code = codes;
        for (size_t i = 0; i < rel->actor_slots; i++) {
            if (!rel->actor_ids[i]) continue;
            size_t j = mix64(rel->actor_keys[i]) & (slots - 1);
            while (ids[j]) j = (j + 1) & (slots - 1);
            keys[j] = rel->actor_keys[i];
            ids[j] = rel->actor_ids[i];
        }
        free(rel->actor_keys);
        free(rel->actor_ids);
        rel->actor_keys = keys;
        rel->actor_ids = ids;
        rel->actor_slots = slots;
    }
    uint64_t key = pack_code(code);
    size_t mask = rel->actor_slots - 1, j = mix64(key) & mask;
    while (rel->actor_ids[j]) j = (j + 1) & mask;
    rel->actor_keys[j] = key;
    rel->actor_ids[j] = (uint32_t)(rel->n_actors + 1);
    snprintf(rel->actor_code[rel->n_actors], 8, "%s", code);
    if (a3 >= 0) rel->alpha3[a3] = (uint16_t)(rel->n_actors + 1);
    return (int)rel->n_actors++;
}

static char *dup_into(char **cursor, const char *s) {
    if (!s) return NULL;
    char *out = *cursor;
    size_t n = strlen(s) + 1;
    memcpy(out, s, n);
    *cursor += n;
    return out;
}

orr_relate *orr_relate_new(const orr_relate_filter *filter) {
    orr_relate *rel = calloc(1, sizeof *rel);
    if (!rel) return NULL;
    if (filter) {
        const char *const *fs[] = {&filter->source, &filter->target, &filter->actor,
                                   &filter->source_agent, &filter->target_agent, &filter->agent,
                                   &filter->code_prefix, &filter->date_from, &filter->date_to,
                                   &filter->dataset};
        size_t total = 1;
        for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) total += *fs[i] ? strlen(*fs[i]) + 1 : 0;
        char *cursor = rel->filter_strings = malloc(total);
        if (!cursor) {
            free(rel);
            return NULL;
        }
        orr_relate_filter *f = &rel->filter;
        f->source = dup_into(&cursor, filter->source);
        f->target = dup_into(&cursor, filter->target);
        f->actor = dup_into(&cursor, filter->actor);
        f->source_agent = dup_into(&cursor, filter->source_agent);
        f->target_agent = dup_into(&cursor, filter->target_agent);
        f->agent = dup_into(&cursor, filter->agent);
        f->code_prefix = dup_into(&cursor, filter->code_prefix);
        f->date_from = dup_into(&cursor, filter->date_from);
        f->date_to = dup_into(&cursor, filter->date_to);
        f->dataset = dup_into(&cursor, filter->dataset);
        f->weight_mentions = filter->weight_mentions;
    }
    return rel;
}

void orr_relate_free(orr_relate *rel) {
    if (!rel) return;
    free(rel->day);
    free(rel->src);
    free(rel->tgt);
    free(rel->gold10);
    free(rel->quad);
    free(rel->weight);
    free(rel->actor_code);
    free(rel->actor_keys);
    free(rel->actor_ids);
    free(rel->alpha3);
    rel_stream_free(rel->stream);
    free(rel->filter_strings);
    free(rel);
}

int orr_relate_stream(orr_relate *rel, orr_period by) {
    if (rel->n || rel->stream) return ORR_EUSAGE;
    rel->stream = rel_stream_new(by, rel->filter.weight_mentions);
    return rel->stream ? ORR_OK : ORR_ENOMEM;
}

size_t orr_relate_count(const orr_relate *rel) {
    return rel->n + (rel->stream ? rel_stream_events(rel->stream) : 0);
}

void orr_relate_trim(orr_relate *rel) {
    if (rel->n == rel->cap || rel->n == 0) return;
    size_t cap = rel->n;
#define TRIM(col)                                             \
    do {                                                      \
        void *p = realloc(rel->col, cap * sizeof *rel->col);  \
        if (p) rel->col = p;  /* else the larger block stays valid */ \
    } while (0)
    TRIM(day); TRIM(src); TRIM(tgt); TRIM(gold10); TRIM(quad); TRIM(weight);
#undef TRIM
    rel->cap = cap;
}

size_t orr_relate_memory(const orr_relate *rel) {
    size_t per_event = sizeof *rel->day + 2 * sizeof *rel->src + sizeof *rel->gold10 +
                       sizeof *rel->quad + sizeof *rel->weight;
    return rel->cap * per_event + rel->actor_slots * (sizeof(uint64_t) + sizeof(uint32_t) + 4) +
           (rel->alpha3 ? 26 * 26 * 26 * sizeof *rel->alpha3 : 0) +
           (rel->stream ? rel_stream_memory(rel->stream) : 0) + sizeof *rel;
}

static int grow_columns(orr_relate *rel) {
    size_t cap = rel->cap ? rel->cap + rel->cap / 2 : 4096;
#define GROW(col)                                             \
    do {                                                      \
        void *p = realloc(rel->col, cap * sizeof *rel->col);  \
        if (!p) return ORR_ENOMEM;                            \
        rel->col = p;                                         \
    } while (0)
    GROW(day); GROW(src); GROW(tgt); GROW(gold10); GROW(quad); GROW(weight);
#undef GROW
    rel->cap = cap;
    return ORR_OK;
}

static int str_eq(const char *filter, const char *value) {
    return !filter || (value && strcmp(filter, value) == 0);
}

static int keep_event(const orr_relate_filter *f, const orr_event *e) {
    if (!str_eq(f->source, e->source_country) || !str_eq(f->target, e->target_country)) return 0;
    if (f->actor && !str_eq(f->actor, e->source_country) && !str_eq(f->actor, e->target_country))
        return 0;
    if (!str_eq(f->source_agent, e->source_agent) || !str_eq(f->target_agent, e->target_agent))
        return 0;
    if (f->agent && !str_eq(f->agent, e->source_agent) && !str_eq(f->agent, e->target_agent))
        return 0;
    if (f->code_prefix && strncmp(e->code, f->code_prefix, strlen(f->code_prefix)) != 0) return 0;
    if (f->date_from && strcmp(e->date, f->date_from) < 0) return 0;
    if (f->date_to && strcmp(e->date, f->date_to) > 0) return 0;
    if (!str_eq(f->dataset, e->dataset)) return 0;
    return 1;
}

int orr_relate_add(orr_relate *rel, const orr_event *e, orr_error *err) {
    if (!e->source_country || !e->target_country || !*e->source_country || !*e->target_country ||
        e->quad < 1 || e->quad > 4)
        return ORR_OK;
    if (!keep_event(&rel->filter, e)) return ORR_OK;
    int y, m, d;
    if (parse_ymd(e->date, &y, &m, &d))
        return orr_error_set(err, ORR_EFORMAT, "%s: bad event date '%s'",
                             e->origin ? e->origin : "event", e->date);
    int32_t day = orr_days_from_civil(y, m, d);
    int s = actor_intern(rel, e->source_country), t = actor_intern(rel, e->target_country);
    if (s == -2 || t == -2) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    if (s < 0 || t < 0)
        return orr_error_set(err, ORR_EUSAGE, "more than %d actors", REL_MAX_ACTORS);
    double g = e->goldstein < -10 ? -10 : e->goldstein > 10 ? 10 : e->goldstein;
    int16_t gold10 = (int16_t)(g * 10 + (g >= 0 ? 0.5 : -0.5));
    uint32_t weight = rel->filter.weight_mentions && e->num_mentions > 0 ? (uint32_t)e->num_mentions : 1;
    if (rel->stream)
        return rel_stream_add(rel->stream, s, t, bin_of_ymd(y, m, day, rel_stream_period(rel->stream)),
                              gold10, (uint8_t)e->quad, weight, err);
    if (rel->n == rel->cap && grow_columns(rel)) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    size_t i = rel->n++;
    rel->day[i] = day;
    rel->src[i] = (uint16_t)s;
    rel->tgt[i] = (uint16_t)t;
    rel->gold10[i] = gold10;
    rel->quad[i] = (uint8_t)e->quad;
    rel->weight[i] = weight;
    return ORR_OK;
}

typedef struct load_ctx {
    orr_relate *rel;
    orr_error *err;
    int rc;
} load_ctx;

static int load_event(void *ctx, const orr_event *e) {
    load_ctx *l = ctx;
    l->rc = orr_relate_add(l->rel, e, l->err);
    return l->rc != ORR_OK;
}

int orr_relate_load_db(orr_relate *rel, orr_db *db, orr_error *err) {
    const orr_relate_filter *f = &rel->filter;
    orr_event_filter q = {.actor = f->actor, .source = f->source, .target = f->target,
                          .code_prefix = f->code_prefix, .date_from = f->date_from,
                          .date_to = f->date_to, .dataset = f->dataset};
    load_ctx l = {rel, err, ORR_OK};
    int rc = orr_db_query_events(db, &q, load_event, &l, err);
    return rc ? rc : l.rc;
}

/* --- outputs ------------------------------------------------------------- */

void rel_fill_bin(const orr_relate *rel, const rel_acc *a, int src, int tgt, orr_dyad_bin *bin) {
    memset(bin, 0, sizeof *bin);
    memcpy(bin->source, rel->actor_code[src], 8);   /* NUL-terminated within 8 */
    memcpy(bin->target, rel->actor_code[tgt], 8);
    bin->events = a->events;
    for (int q = 0; q < 4; q++) bin->quad[q] = a->quad[q];
    bin->weight = a->weight;
    bin->goldstein_sum = a->gsum;
    bin->goldstein_mean = a->weight > 0 ? a->gsum / a->weight : 0;
    bin->net_coop = a->quad[0] + a->quad[1] - a->quad[2] - a->quad[3];
}

int orr_relate_series(const orr_relate *rel, const char *source, const char *target,
                      orr_period by, orr_dyad_bin_fn fn, void *ctx, orr_error *err) {
    int s = source ? rel_actor_find(rel, source) : -1, t = target ? rel_actor_find(rel, target) : -1;
    if ((source && s < 0) || (target && t < 0)) return ORR_OK;   /* no events: no bins */
    if (rel->stream) return rel_stream_series(rel, s, t, by, fn, ctx, err);
    rel_map m;
    size_t expect = source || target ? 1024 : rel->n / 4 < (1u << 20) ? rel->n / 4 : (1u << 20);
    if (rel_map_init(&m, expect)) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    /* key: source (16 bits) | target (16) | bin + 2^31 (32), so keys sort by dyad then time */
    /* Events hit bins at random, so each lookup is a cache miss: work in
    ** blocks of 16, computing the keys and prefetching their slots first. */
    rel_bin_cache bc = {INT32_MIN, 0};
    for (size_t i0 = 0; i0 < rel->n; i0 += 16) {
        size_t nb = rel->n - i0 < 16 ? rel->n - i0 : 16;
        uint64_t keys[16];
        for (size_t k = 0; k < nb; k++) {
            size_t i = i0 + k;
            keys[k] = (uint64_t)rel->src[i] << 48 | (uint64_t)rel->tgt[i] << 32 |
                      (uint32_t)(rel_bin_of_cached(&bc, rel->day[i], by) + INT32_MIN);
            size_t slot = mix64(keys[k]) & (m.n_slots - 1);
            __builtin_prefetch(&m.slots[slot]);
            __builtin_prefetch(&m.used[slot]);
        }
        for (size_t k = 0; k < nb; k++) {
            size_t i = i0 + k;
            if ((s >= 0 && rel->src[i] != s) || (t >= 0 && rel->tgt[i] != t)) continue;
            rel_acc *a = rel_map_get(&m, keys[k]);
            if (!a) {
                rel_map_free(&m);
                return orr_error_set(err, ORR_ENOMEM, "out of memory");
            }
            rel_acc_add(a, rel, i);
        }
    }
    size_t n;
    rel_acc *sorted = rel_map_sorted(&m, &n);
    rel_map_free(&m);
    if (!sorted) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    /* sorted by dyad (actor ids in order of first appearance), then by time */
    int rc = ORR_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        orr_dyad_bin bin;
        int32_t b = (int32_t)((uint32_t)sorted[i].key - (uint32_t)INT32_MIN);
        rel_fill_bin(rel, &sorted[i], (int)(sorted[i].key >> 48), (int)(sorted[i].key >> 32 & 0xFFFF), &bin);
        rel_format_day(rel_bin_start(b, by), bin.period);
        rel_bin_label(b, by, bin.label);
        if (fn(ctx, &bin)) rc = ORR_ESTOP;
    }
    free(sorted);
    return rc == ORR_ESTOP ? ORR_OK : rc;
}

static int cmp_double_desc(double a, double b) { return a < b ? 1 : a > b ? -1 : 0; }

typedef struct top_row {
    orr_dyad_bin bin;
    double key;
} top_row;

static int top_cmp(const void *a, const void *b) {
    const top_row *x = a, *y = b;
    int c = cmp_double_desc(x->key, y->key);
    if (c) return c;
    c = strcmp(x->bin.source, y->bin.source);
    return c ? c : strcmp(x->bin.target, y->bin.target);
}

int orr_relate_top(const orr_relate *rel, orr_top_by by, size_t limit, orr_dyad_bin_fn fn,
                   void *ctx, orr_error *err) {
    rel_map m;
    if (rel_map_init(&m, 1024)) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    for (size_t i = 0; i < rel->n; i++) {
        if (rel->src[i] == rel->tgt[i]) continue;   /* domestic events are not a dyad */
        rel_acc *a = rel_map_get(&m, (uint64_t)rel->src[i] << 16 | rel->tgt[i]);
        if (!a) {
            rel_map_free(&m);
            return orr_error_set(err, ORR_ENOMEM, "out of memory");
        }
        rel_acc_add(a, rel, i);
    }
    size_t n;
    rel_acc *accs = rel_map_sorted(&m, &n);
    rel_map_free(&m);
    top_row *rows = accs ? malloc((n ? n : 1) * sizeof *rows) : NULL;
    if (!rows) {
        free(accs);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        rel_fill_bin(rel, &accs[i], (int)(accs[i].key >> 16), (int)(accs[i].key & 0xFFFF), &rows[i].bin);
        const orr_dyad_bin *b = &rows[i].bin;
        rows[i].key = by == ORR_TOP_CONFLICT ? b->quad[2] + b->quad[3]
                      : by == ORR_TOP_COOPERATION ? b->quad[0] + b->quad[1]
                                                  : b->weight;
    }
    free(accs);
    qsort(rows, n, sizeof *rows, top_cmp);
    int rc = ORR_OK;
    for (size_t i = 0; i < n && (!limit || i < limit); i++)
        if (fn(ctx, &rows[i].bin)) break;
    free(rows);
    return rc;
}

typedef struct actor_tot {
    orr_actor_row row;
    double gsum, weight;
} actor_tot;

static int actor_cmp(const void *a, const void *b) {
    const orr_actor_row *x = &((const actor_tot *)a)->row, *y = &((const actor_tot *)b)->row;
    if (x->events != y->events) return x->events < y->events ? 1 : -1;
    return strcmp(x->code, y->code);
}

int orr_relate_actors(const orr_relate *rel, orr_actor_row_fn fn, void *ctx, orr_error *err) {
    actor_tot *t = calloc(rel->n_actors ? rel->n_actors : 1, sizeof *t);
    if (!t) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    for (size_t i = 0; i < rel->n; i++) {
        double w = rel->weight[i], g = w * rel->gold10[i] / 10.0;
        actor_tot *s = &t[rel->src[i]], *d = &t[rel->tgt[i]];
        s->row.as_source++;
        s->gsum += g;
        s->weight += w;
        if (rel->tgt[i] != rel->src[i]) {
            d->row.as_target++;
            d->gsum += g;
            d->weight += w;
        }
    }
    for (size_t a = 0; a < rel->n_actors; a++) {
        snprintf(t[a].row.code, sizeof t[a].row.code, "%s", rel->actor_code[a]);
        t[a].row.events = t[a].row.as_source + t[a].row.as_target;
        t[a].row.goldstein_mean = t[a].weight > 0 ? t[a].gsum / t[a].weight : 0;
    }
    qsort(t, rel->n_actors, sizeof *t, actor_cmp);
    for (size_t a = 0; a < rel->n_actors; a++)
        if (fn(ctx, &t[a].row)) break;
    free(t);
    return ORR_OK;
}
