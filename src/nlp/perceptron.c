/*
** perceptron.c — the averaged perceptron shared by the tagger and the
** parser: a growable table used while training (feature hash -> sparse row
** of per-class weights with their running sums) and the compact read-only
** table it is exported to (int16 weights, 8-byte hash slots), which is what
** a loaded model scores with.  Hand-written because it is the heart of the
** product: the layout decides the speed of tagging and parsing.
*/
#include "nlp.h"

#include <math.h>
#include <stdlib.h>

uint64_t nlp_hash_str(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return nlp_fmix(h ^ n);
}

/*
** Scoring is bound by memory latency: each feature is a random probe into
** a table of megabytes.  So the probes are issued in three passes
** (prefetch every slot, find every row and prefetch it, then add), which
** keeps many cache misses in flight instead of one at a time.
*/
typedef int16_t v8h __attribute__((vector_size(16)));
typedef int32_t v8i __attribute__((vector_size(32)));

/* scores[0..pad) += row[0..pad), int16 widened to int32, 8 at a time
** (__builtin_convertvector compiles to a sign-extending unpack: SSE2
** punpcklwd/punpckhwd, or pmovsxwd where available). */
static void add_dense(int32_t *scores, const void *row, uint32_t pad) {
    const char *p = row;
    for (uint32_t c = 0; c < pad; c += 8) {
        v8h w;
        v8i s;
        memcpy(&w, p + 2 * c, sizeof w);
        memcpy(&s, scores + c, sizeof s);
        s += __builtin_convertvector(w, v8i);
        memcpy(scores + c, &s, sizeof s);
    }
}

void nlp_wt_score(const nlp_wtable *t, const uint64_t *feats, size_t n, int32_t *scores) {
    const nlp_slot *far[128];
    size_t k = 0;
    if (n > 128) n = 128;
    for (size_t f = 0; f < n; f++) __builtin_prefetch(&t->slots[(uint32_t)feats[f] & t->mask]);
    for (size_t f = 0; f < n; f++) {
        uint64_t h = feats[f];
        uint32_t check = (uint32_t)(h >> 32) | 1u, i = (uint32_t)h & t->mask;
        for (;;) {
            const nlp_slot *s = &t->slots[i];
            if (s->check == check) {
                if (s->n <= 2) {
                    for (uint32_t j = 0; j < s->n; j++) scores[s->u.in[j].cls] += s->u.in[j].w;
                } else {
                    far[k++] = s;
                    __builtin_prefetch(&t->entries[s->u.off]);
                }
                break;
            }
            if (s->check == 0) break;
            i = (i + 1) & t->mask;
        }
    }
    uint32_t pad = nlp_pad(t->n_classes);
    for (size_t j = 0; j < k; j++) {
        const nlp_entry *e = &t->entries[far[j]->u.off];
        if (far[j]->n == NLP_DENSE) add_dense(scores, e, pad);
        else
            for (uint32_t c = 0, cnt = far[j]->n; c < cnt; c++) scores[e[c].cls] += e[c].w;
    }
}

/* ---- training table ---- */

int pw_init(pw_table *t, int n_classes) {
    memset(t, 0, sizeof *t);
    t->n_classes = n_classes;
    t->n_slots = 1u << 16;
    t->keys = calloc(t->n_slots, sizeof *t->keys);
    t->rowid = calloc(t->n_slots, sizeof *t->rowid);
    return t->keys && t->rowid ? ORR_OK : ORR_ENOMEM;
}

void pw_free(pw_table *t) {
    for (size_t i = 0; i < t->n_rows; i++) free(t->rows[i].e);
    free(t->rows);
    free(t->keys);
    free(t->rowid);
    memset(t, 0, sizeof *t);
}

static uint64_t pw_key(uint64_t h) { return h ? h : 1; }

static pw_row *pw_find(const pw_table *t, uint64_t h) {
    uint64_t key = pw_key(h);
    size_t mask = t->n_slots - 1, i = (size_t)key & mask;
    while (t->keys[i]) {
        if (t->keys[i] == key) return &t->rows[t->rowid[i]];
        i = (i + 1) & mask;
    }
    return NULL;
}

static int pw_grow(pw_table *t) {
    size_t n = t->n_slots * 2, mask = n - 1;
    uint64_t *keys = calloc(n, sizeof *keys);
    uint32_t *rowid = calloc(n, sizeof *rowid);
    if (!keys || !rowid) {
        free(keys);
        free(rowid);
        return ORR_ENOMEM;
    }
    for (size_t i = 0; i < t->n_slots; i++) {
        if (!t->keys[i]) continue;
        size_t j = (size_t)t->keys[i] & mask;
        while (keys[j]) j = (j + 1) & mask;
        keys[j] = t->keys[i];
        rowid[j] = t->rowid[i];
    }
    free(t->keys);
    free(t->rowid);
    t->keys = keys;
    t->rowid = rowid;
    t->n_slots = n;
    return ORR_OK;
}

static pw_row *pw_insert(pw_table *t, uint64_t h) {
    pw_row *r = pw_find(t, h);
    if (r) return r;
    if ((t->n_rows + 1) * 2 > t->n_slots && pw_grow(t)) return NULL;
    if (t->n_rows == t->cap_rows) {
        size_t cap = t->cap_rows ? t->cap_rows * 2 : 4096;
        pw_row *rows = realloc(t->rows, cap * sizeof *rows);
        if (!rows) return NULL;
        t->rows = rows;
        t->cap_rows = cap;
    }
    uint64_t key = pw_key(h);
    size_t mask = t->n_slots - 1, i = (size_t)key & mask;
    while (t->keys[i]) i = (i + 1) & mask;
    t->keys[i] = key;
    t->rowid[i] = (uint32_t)t->n_rows;
    r = &t->rows[t->n_rows++];
    memset(r, 0, sizeof *r);
    return r;
}

void pw_score(const pw_table *t, const uint64_t *feats, size_t n, float *scores) {
    for (size_t f = 0; f < n; f++) {
        const pw_row *r = pw_find(t, feats[f]);
        if (!r) continue;
        for (uint32_t j = 0; j < r->n; j++) scores[r->e[j].cls] += r->e[j].w;
    }
}

/*
** The perceptron update.  When the model's best class `guess` differs
** from the class the oracle wants (`truth`), every active feature gets +1
** on truth and -1 on guess.  The model we keep is the *average* of the
** weights over all instances seen, which generalises far better than the
** last weights; averaging is done lazily: each weight remembers when it
** last changed (ts) and the running sum (total) is brought up to date only
** when the weight changes or at export, so an update costs O(features).
** `now` counts instances (the caller's clock), ticked on every call.
*/
static int pw_add(pw_table *t, uint64_t h, int cls, float delta) {
    pw_row *r = pw_insert(t, h);
    if (!r) return ORR_ENOMEM;
    uint32_t j = 0;
    while (j < r->n && r->e[j].cls != cls) j++;
    if (j == r->n) {
        if (r->n == r->cap) {
            uint32_t cap = r->cap ? r->cap * 2 : 2;
            pw_entry *e = realloc(r->e, cap * sizeof *e);
            if (!e) return ORR_ENOMEM;
            r->e = e;
            r->cap = cap;
        }
        r->e[j] = (pw_entry){.cls = (uint16_t)cls, .ts = t->now, .w = 0, .total = 0};
        r->n++;
    }
    r->hits++;
    pw_entry *e = &r->e[j];
    e->total += (double)(t->now - e->ts) * e->w;
    e->ts = t->now;
    e->w += delta;
    return ORR_OK;
}

int pw_update(pw_table *t, const uint64_t *feats, size_t n, int truth, int guess) {
    t->now++;
    if (truth == guess) return ORR_OK;
    for (size_t f = 0; f < n; f++) {
        if (pw_add(t, feats[f], truth, 1.0f) || pw_add(t, feats[f], guess, -1.0f))
            return ORR_ENOMEM;
    }
    return ORR_OK;
}

static double pw_avg(const pw_table *t, const pw_entry *e) {
    double total = e->total + (double)(t->now - e->ts) * e->w;
    return t->now ? total / t->now : 0;
}

/*
** Export: averaged weights, quantised to int16 with one scale for the
** table (argmax only compares sums, so the scale is not stored), weights
** that round to zero dropped, rows left empty dropped.  Section layout:
** u32 n_slots, u32 n_entries, slots[n_slots], entries[n_entries].
*/
int pw_export(const pw_table *t, uint32_t min_hits, orr_buf *out) {
    /* One scale for the table, from the largest weight: small weights
    ** are many and matter together, so none may round away needlessly. */
    double maxw = 1e-9;
    for (size_t r = 0; r < t->n_rows; r++)
        for (uint32_t j = 0; j < t->rows[r].n; j++) {
            double a = fabs(pw_avg(t, &t->rows[r].e[j]));
            if (a > maxw) maxw = a;
        }
    double scale = 32767.0 / maxw;
    size_t n_rows = 0, n_entries = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        size_t k = 0;
        for (uint32_t j = 0; j < t->rows[r].n; j++) {
            double q = pw_avg(t, &t->rows[r].e[j]) * scale;
            if (t->rows[r].hits >= min_hits && fabs(q) >= 0.5) k++;
        }
        if (k) n_rows++;
        if (k > NLP_DENSE_MIN) n_entries += nlp_pad((uint32_t)t->n_classes) / 2;
        else if (k > 2) n_entries += k;
    }
    uint32_t n_slots = 16;
    while (n_slots < n_rows + n_rows / 3) n_slots *= 2;  /* load <= 0.75 */
    size_t size = 8 + (size_t)n_slots * sizeof(nlp_slot) + n_entries * sizeof(nlp_entry);
    nlp_slot *slots = calloc(n_slots, sizeof *slots);
    nlp_entry *ents = malloc((n_entries + 1) * sizeof *ents), row[NLP_MAX_CLASSES];
    if (!slots || !ents || orr_buf_reserve(out, size)) {
        free(slots);
        free(ents);
        return ORR_ENOMEM;
    }
    uint32_t ne = 0, mask = n_slots - 1;
    for (size_t i = 0; i < t->n_slots; i++) {
        if (!t->keys[i]) continue;
        const pw_row *pr = &t->rows[t->rowid[i]];
        if (pr->hits < min_hits) continue;
        uint32_t k = 0;
        for (uint32_t c = 0; c < (uint32_t)t->n_classes; c++)  /* sorted by class */
            for (uint32_t j = 0; j < pr->n; j++) {
                if (pr->e[j].cls != c) continue;
                double q = pw_avg(t, &pr->e[j]) * scale;
                if (fabs(q) < 0.5) continue;
                row[k++] = (nlp_entry){(uint16_t)c, (int16_t)lrint(q)};
            }
        if (!k) continue;
        uint64_t h = t->keys[i];
        uint32_t s = (uint32_t)h & mask;
        while (slots[s].check) s = (s + 1) & mask;
        nlp_slot *sl = &slots[s];
        sl->check = (uint32_t)(h >> 32) | 1u;
        sl->n = (uint16_t)k;
        if (k <= 2) memcpy(sl->u.in, row, k * sizeof *row);
        else if (k > NLP_DENSE_MIN) {
            uint32_t pad = nlp_pad((uint32_t)t->n_classes);
            int16_t *dense = (int16_t *)(ents + ne);
            memset(dense, 0, pad * sizeof *dense);
            for (uint32_t j = 0; j < k; j++) dense[row[j].cls] = row[j].w;
            sl->n = NLP_DENSE;
            sl->u.off = ne;
            ne += pad / 2;
        } else {
            sl->u.off = ne;
            memcpy(ents + ne, row, k * sizeof *row);
            ne += k;
        }
    }
    uint32_t hdr[2] = {n_slots, ne};
    orr_buf_append(out, hdr, sizeof hdr);
    orr_buf_append(out, slots, (size_t)n_slots * sizeof *slots);
    orr_buf_append(out, ents, (size_t)ne * sizeof *ents);
    free(slots);
    free(ents);
    return ORR_OK;
}
