/*
** perceptron.c — the averaged perceptron shared by the tagger and the
** parser: a growable table used while training (feature hash -> sparse row
** of per-class weights with their running sums) and the compact read-only
** table it is exported to (int16 or int8 weights, cache-line buckets),
** which is what a loaded model scores with.  Hand-written because it is
** the heart of the product: the layout decides the speed of tagging and
** parsing.  x86-64 CPUs with AVX2 get a second copy of the scoring loop
** (chosen at run time); every other CPU runs the portable one.
*/
#include "nlp.h"

#include <math.h>
#include <stdlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

uint64_t nlp_hash_str(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return nlp_fmix(h ^ n);
}

/*
** Scoring is bound by memory latency: each feature is a random probe into
** a table of megabytes.  So the probes are issued in three passes
** (prefetch every feature's bucket, find every row and prefetch it, then
** add), which keeps many cache misses in flight instead of one at a time.
*/
#define WT_INLINE static inline __attribute__((always_inline))
typedef int8_t v16b __attribute__((vector_size(16)));
typedef int16_t v16h __attribute__((vector_size(32)));
typedef int16_t v8h __attribute__((vector_size(16)));
typedef int32_t v8i __attribute__((vector_size(32)));

/* The ref of feature h, or 0 if the table does not have it.  The 8
** checks of a bucket are compared at once (SSE2 where available). */
WT_INLINE uint32_t wt_find(const nlp_wtable *t, uint64_t h) {
    uint32_t check = (uint32_t)(h >> 32) | 1u, b = (uint32_t)h & t->mask;
    for (;;) {
        const uint32_t *bk = t->buckets + (size_t)b * 16;
        unsigned hit = 0, empty = 0;
#ifdef __SSE2__
        __m128i c = _mm_set1_epi32((int)check), z = _mm_setzero_si128();
        __m128i a0 = _mm_loadu_si128((const __m128i *)bk), a1 = _mm_loadu_si128((const __m128i *)(bk + 4));
        hit = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(a0, c))) |
              (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(a1, c))) << 4;
        empty = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(a0, z))) |
                (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(a1, z))) << 4;
#else
        for (unsigned j = 0; j < NLP_BUCKET; j++) {
            hit |= (unsigned)(bk[j] == check) << j;
            empty |= (unsigned)(bk[j] == 0) << j;
        }
#endif
        if (hit) return bk[NLP_BUCKET + __builtin_ctz(hit)];
        if (empty) return 0;
        b = (b + 1) & t->mask;
    }
}

/*
** Dense rows are summed with the loop over rows inside the loop over
** groups of classes, so a group's sums stay in registers and the
** accumulator is read and written once, not once per row.  A dense row is
** whole cache lines (nlp_dense_bytes), zero-padded, so the groups cover
** all of it: 64 classes of int8 or 32 of int16 per group of 4 vectors.
*/
typedef void dense_fn(void *acc, const char *const *rows, size_t n, uint32_t width);

static void add_dense8(void *accv, const char *const *rows, size_t n, uint32_t width) {
    int16_t *acc = accv;
    for (uint32_t c = 0; c < width; c += 16) {
        v16h s;
        memcpy(&s, acc + c, sizeof s);
        for (size_t r = 0; r < n; r++) {
            v16b w;
            memcpy(&w, rows[r] + c, sizeof w);
            s += __builtin_convertvector(w, v16h);
        }
        memcpy(acc + c, &s, sizeof s);
    }
}

static void add_dense16(void *accv, const char *const *rows, size_t n, uint32_t width) {
    int32_t *acc = accv;
    for (uint32_t c = 0; c < width; c += 8) {
        v8i s;
        memcpy(&s, acc + c, sizeof s);
        for (size_t r = 0; r < n; r++) {
            v8h w;
            memcpy(&w, rows[r] + 2 * c, sizeof w);
            s += __builtin_convertvector(w, v8i);
        }
        memcpy(acc + c, &s, sizeof s);
    }
}

/* Passes one and two: the refs of the rows to add (inline weights are
** added to acc at once). */
typedef uint32_t find_fn(const nlp_wtable *t, uint64_t h);
WT_INLINE size_t wt_gather(const nlp_wtable *t, const uint64_t *feats, size_t n, uint32_t *refs,
                           int16_t *acc16, int32_t *acc32, find_fn *find) {
    size_t k = 0;
    for (size_t f = 0; f < n; f++)
        __builtin_prefetch(t->buckets + (size_t)((uint32_t)feats[f] & t->mask) * 16);
    for (size_t f = 0; f < n; f++) {
        uint32_t ref = find(t, feats[f]);
        if (!ref) continue;
        if (ref & NLP_REF_INLINE) {
            uint32_t cls = (ref >> 16) & 0x7fff;
            int16_t w = (int16_t)(uint16_t)ref;
            if (acc16) acc16[cls] = (int16_t)(acc16[cls] + w);
            else acc32[cls] += w;
            continue;
        }
        refs[k++] = ref;
        if (ref & NLP_REF_DENSE) {
            const char *row = t->rows + (size_t)(ref & ~NLP_REF_DENSE) * 64;
            __builtin_prefetch(row);
            if (t->wbytes == 1) __builtin_prefetch(row + 64);
        } else
            __builtin_prefetch(t->rows + (size_t)(ref & 0xffffff) * 4);
    }
    return k;
}

/* Pass three.  The int8 table (the parser's) sums in int16 (see nlp.h). */
WT_INLINE void wt_score_body(const nlp_wtable *t, const uint64_t *feats, size_t n, int32_t *scores,
                             dense_fn *add8, dense_fn *add16, find_fn *find) {
    uint32_t refs[NLP_WT_MAX_FEATS], width = nlp_dense_bytes(t->n_classes, t->wbytes) / t->wbytes;
    const char *dense[NLP_WT_MAX_FEATS];
    size_t n_dense = 0;
    int16_t acc16[NLP_MAX_CLASSES + 64] __attribute__((aligned(64)));
    int32_t acc32[NLP_MAX_CLASSES + 64] __attribute__((aligned(64)));
    int is8 = t->wbytes == 1;
    if (is8) memset(acc16, 0, width * sizeof *acc16);
    else memset(acc32, 0, width * sizeof *acc32);
    size_t k = wt_gather(t, feats, n, refs, is8 ? acc16 : NULL, acc32, find);
    for (size_t j = 0; j < k; j++) {
        uint32_t ref = refs[j];
        if (ref & NLP_REF_DENSE) {
            dense[n_dense++] = t->rows + (size_t)(ref & ~NLP_REF_DENSE) * 64;
            continue;
        }
        const nlp_entry *e = (const nlp_entry *)(t->rows + (size_t)(ref & 0xffffff) * 4);
        uint32_t cnt = ref >> 24;
        if (is8)
            for (uint32_t c = 0; c < cnt; c++) acc16[e[c].cls] = (int16_t)(acc16[e[c].cls] + e[c].w);
        else
            for (uint32_t c = 0; c < cnt; c++) acc32[e[c].cls] += e[c].w;
    }
    if (is8) {
        add8(acc16, dense, n_dense, width);
        for (uint32_t c = 0; c < t->n_classes; c++) scores[c] += acc16[c];
    } else {
        add16(acc32, dense, n_dense, width);
        for (uint32_t c = 0; c < t->n_classes; c++) scores[c] += acc32[c];
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WT_HAVE_AVX2 1
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2")))
/* The same with AVX2: a vector step is one load-and-widen and one add. */
AVX2 static void add_dense8_avx2(void *accv, const char *const *rows, size_t n, uint32_t width) {
    int16_t *acc = accv;
    for (uint32_t c = 0; c < width; c += 64) {
        __m256i s0 = _mm256_loadu_si256((const __m256i *)(acc + c));
        __m256i s1 = _mm256_loadu_si256((const __m256i *)(acc + c + 16));
        __m256i s2 = _mm256_loadu_si256((const __m256i *)(acc + c + 32));
        __m256i s3 = _mm256_loadu_si256((const __m256i *)(acc + c + 48));
        for (size_t r = 0; r < n; r++) {
            const __m128i *p = (const __m128i *)(rows[r] + c);
            s0 = _mm256_add_epi16(s0, _mm256_cvtepi8_epi16(_mm_loadu_si128(p)));
            s1 = _mm256_add_epi16(s1, _mm256_cvtepi8_epi16(_mm_loadu_si128(p + 1)));
            s2 = _mm256_add_epi16(s2, _mm256_cvtepi8_epi16(_mm_loadu_si128(p + 2)));
            s3 = _mm256_add_epi16(s3, _mm256_cvtepi8_epi16(_mm_loadu_si128(p + 3)));
        }
        _mm256_storeu_si256((__m256i *)(acc + c), s0);
        _mm256_storeu_si256((__m256i *)(acc + c + 16), s1);
        _mm256_storeu_si256((__m256i *)(acc + c + 32), s2);
        _mm256_storeu_si256((__m256i *)(acc + c + 48), s3);
    }
}

AVX2 static void add_dense16_avx2(void *accv, const char *const *rows, size_t n, uint32_t width) {
    int32_t *acc = accv;
    for (uint32_t c = 0; c < width; c += 32) {
        __m256i s0 = _mm256_loadu_si256((const __m256i *)(acc + c));
        __m256i s1 = _mm256_loadu_si256((const __m256i *)(acc + c + 8));
        __m256i s2 = _mm256_loadu_si256((const __m256i *)(acc + c + 16));
        __m256i s3 = _mm256_loadu_si256((const __m256i *)(acc + c + 24));
        for (size_t r = 0; r < n; r++) {
            const __m128i *p = (const __m128i *)(rows[r] + 2 * c);
            s0 = _mm256_add_epi32(s0, _mm256_cvtepi16_epi32(_mm_loadu_si128(p)));
            s1 = _mm256_add_epi32(s1, _mm256_cvtepi16_epi32(_mm_loadu_si128(p + 1)));
            s2 = _mm256_add_epi32(s2, _mm256_cvtepi16_epi32(_mm_loadu_si128(p + 2)));
            s3 = _mm256_add_epi32(s3, _mm256_cvtepi16_epi32(_mm_loadu_si128(p + 3)));
        }
        _mm256_storeu_si256((__m256i *)(acc + c), s0);
        _mm256_storeu_si256((__m256i *)(acc + c + 8), s1);
        _mm256_storeu_si256((__m256i *)(acc + c + 16), s2);
        _mm256_storeu_si256((__m256i *)(acc + c + 24), s3);
    }
}

/* wt_find with one 8-lane compare; a bucket's empty slots are looked for
** only when the feature is not in it. */
AVX2 static inline __attribute__((always_inline)) uint32_t wt_find_avx2(const nlp_wtable *t, uint64_t h) {
    uint32_t check = (uint32_t)(h >> 32) | 1u, b = (uint32_t)h & t->mask;
    __m256i c = _mm256_set1_epi32((int)check);
    for (;;) {
        const uint32_t *bk = t->buckets + (size_t)b * 16;
        __m256i a = _mm256_loadu_si256((const __m256i *)bk);
        unsigned hit = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(a, c)));
        if (hit) return bk[NLP_BUCKET + __builtin_ctz(hit)];
        if (_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(a, _mm256_setzero_si256()))))
            return 0;
        b = (b + 1) & t->mask;
    }
}

AVX2 static void wt_score_avx2(const nlp_wtable *t, const uint64_t *feats, size_t n, int32_t *scores) {
    wt_score_body(t, feats, n, scores, add_dense8_avx2, add_dense16_avx2, wt_find_avx2);
}
#endif

void nlp_wt_prefetch(const nlp_wtable *t, const uint64_t *feats, size_t n) {
    for (size_t f = 0; f < n; f++)
        __builtin_prefetch(t->buckets + (size_t)((uint32_t)feats[f] & t->mask) * 16);
}

void nlp_wt_score(const nlp_wtable *t, const uint64_t *feats, size_t n, int32_t *scores) {
    if (n > NLP_WT_MAX_FEATS) n = NLP_WT_MAX_FEATS;
#ifdef WT_HAVE_AVX2
    if (__builtin_cpu_supports("avx2")) {
        wt_score_avx2(t, feats, n, scores);
        return;
    }
#endif
    wt_score_body(t, feats, n, scores, add_dense8, add_dense16, wt_find);
}

/* ---- training table ---- */

int pw_init(pw_table *t, int n_classes) {
    memset(t, 0, sizeof *t);
    t->n_classes = n_classes;
    t->wbytes = 2;
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

/* A structured perceptron's update is a sum over a whole transition
** sequence; its clock ticks once per sentence (pw_tick), not per state. */
int pw_add_feats(pw_table *t, const uint64_t *feats, size_t n, int cls, float delta) {
    for (size_t f = 0; f < n; f++)
        if (pw_add(t, feats[f], cls, delta)) return ORR_ENOMEM;
    return ORR_OK;
}

static double pw_avg(const pw_table *t, const pw_entry *e) {
    double total = e->total + (double)(t->now - e->ts) * e->w;
    return t->now ? total / t->now : 0;
}

/*
** Export: averaged weights, quantised to int16 or int8 (t->wbytes) with one
** scale for the table (argmax only compares sums, so the scale is not
** stored), weights that round to zero dropped, rows left empty dropped.
** Section layout (see nlp.h): a 64-byte header {u32 n_buckets, u32
** wbytes, u32 rows_len, 0...}, the buckets, then the rows (dense rows
** first, on whole cache lines, then the sparse entries).
*/
static uint32_t pw_quantise(const pw_table *t, const pw_row *pr, double scale, nlp_entry *row) {
    uint32_t k = 0;
    for (uint32_t c = 0; c < (uint32_t)t->n_classes; c++)  /* sorted by class */
        for (uint32_t j = 0; j < pr->n; j++) {
            if (pr->e[j].cls != c) continue;
            double q = pw_avg(t, &pr->e[j]) * scale;
            if (fabs(q) < 0.5) continue;
            row[k++] = (nlp_entry){(uint16_t)c, (int16_t)lrint(q)};
        }
    return k;
}

int pw_export(const pw_table *t, uint32_t min_hits, orr_buf *out) {
    /* One scale for the table, from the largest weight: small weights
    ** are many and matter together, so none may round away needlessly. */
    double maxw = 1e-9;
    for (size_t r = 0; r < t->n_rows; r++)
        for (uint32_t j = 0; j < t->rows[r].n; j++) {
            double a = fabs(pw_avg(t, &t->rows[r].e[j]));
            if (a > maxw) maxw = a;
        }
    uint32_t wbytes = t->wbytes == 1 ? 1 : 2, ncl = (uint32_t)t->n_classes;
    uint32_t dense_bytes = nlp_dense_bytes(ncl, wbytes);
    double scale = (wbytes == 1 ? 127.0 : 32767.0) / maxw;
    nlp_entry row[NLP_MAX_CLASSES];
    size_t n_rows = 0, n_dense = 0, n_sparse = 0, n_sparse_rows = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        if (t->rows[r].hits < min_hits) continue;
        uint32_t k = pw_quantise(t, &t->rows[r], scale, row);
        n_rows += k > 0;
        n_dense += k > NLP_DENSE_MIN;
        if (k >= 2 && k <= NLP_DENSE_MIN) n_sparse += k, n_sparse_rows++;
    }
    uint32_t n_buckets = 1;
    while ((size_t)n_buckets * NLP_BUCKET * 3 < n_rows * 4) n_buckets *= 2;  /* load <= 0.75 */
    /* Sparse rows never cross a cache line (at most 16 entries of 4
    ** bytes): one line per row instead of two for a quarter of them, at
    ** the cost of some padding (parser: 18% faster, rows 17% larger). */
    size_t sparse_off = n_dense * dense_bytes;
    size_t rows_max = sparse_off + n_sparse * sizeof(nlp_entry) + n_sparse_rows * 60 + 64;
    if (rows_max > UINT32_MAX || rows_max / 4 > 0xffffff) return ORR_ENOMEM;
    uint32_t *bk = calloc((size_t)n_buckets * 16, sizeof *bk);
    char *rows = calloc(1, rows_max);
    if (!bk || !rows || orr_buf_reserve(out, 64 + (size_t)n_buckets * 64 + rows_max)) {
        free(bk);
        free(rows);
        return ORR_ENOMEM;
    }
    size_t dense_at = 0, sparse_at = sparse_off;
    uint32_t mask = n_buckets - 1;
    for (size_t i = 0; i < t->n_slots; i++) {
        if (!t->keys[i]) continue;
        const pw_row *pr = &t->rows[t->rowid[i]];
        if (pr->hits < min_hits) continue;
        uint32_t k = pw_quantise(t, pr, scale, row), ref;
        if (!k) continue;
        if (k == 1)
            ref = NLP_REF_INLINE | (uint32_t)row[0].cls << 16 | (uint16_t)row[0].w;
        else if (k > NLP_DENSE_MIN) {
            char *d = rows + dense_at;
            for (uint32_t j = 0; j < k; j++) {
                if (wbytes == 1) d[row[j].cls] = (char)(int8_t)row[j].w;
                else memcpy(d + 2 * row[j].cls, &row[j].w, 2);
            }
            ref = NLP_REF_DENSE | (uint32_t)(dense_at / 64);
            dense_at += dense_bytes;
        } else {
            if (sparse_at % 64 + k * sizeof *row > 64) sparse_at = (sparse_at + 63) & ~(size_t)63;
            memcpy(rows + sparse_at, row, k * sizeof *row);
            ref = k << 24 | (uint32_t)(sparse_at / 4);
            sparse_at += k * sizeof *row;
        }
        uint64_t h = t->keys[i];
        uint32_t b = (uint32_t)h & mask, j;
        for (;; b = (b + 1) & mask) {
            for (j = 0; j < NLP_BUCKET && bk[b * 16 + j]; j++) {}
            if (j < NLP_BUCKET) break;
        }
        bk[b * 16 + j] = (uint32_t)(h >> 32) | 1u;
        bk[b * 16 + NLP_BUCKET + j] = ref;
    }
    size_t rows_len = (sparse_at + 63) & ~(size_t)63;
    uint32_t hdr[16] = {n_buckets, wbytes, (uint32_t)rows_len};
    orr_buf_append(out, hdr, sizeof hdr);
    orr_buf_append(out, bk, (size_t)n_buckets * 64);
    orr_buf_append(out, rows, rows_len);
    free(bk);
    free(rows);
    return ORR_OK;
}
