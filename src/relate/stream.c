/*
** stream.c — dyad series aggregated while the events arrive, without the
** per-event table.  `orrery dyad --from FILE` needs only the totals of
** each (source, target, bin) group, so each event goes straight into its
** group and nothing per event is kept: memory grows with the number of
** groups (32 bytes a slot), not with the number of events.
**
** Groups live in an open-addressing table (linear probing, load <= 3/4)
** of compact accumulators: 32-bit weight counts per QuadClass (an
** overflow is an error, not a wrap) and the Goldstein sum in a double,
** added in event order exactly as the table path adds it, so both paths
** print the same figures.  The key packs source (16 bits), target (16) and
** bin + 2^31 (32); a real key is never 0 (no bin is near -2^31), so 0
** marks an empty slot and no separate "used" array is needed.
**
** Events hit groups in random order, so each add is a cache miss.  Adds
** are queued and their slots prefetched when queued; the queue is applied
** when full, by which time the lines have arrived.  A slot is 32 bytes in
** a 64-byte-aligned array, so it never straddles two cache lines: one
** miss per add.  Unweighted, a group's event count is the sum of its
** QuadClass counts; weighted by mentions, the counts live in a parallel
** array (a second miss, on the path that needs it).
*/
#include "relate.h"

#include <stdlib.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define STREAM_QUEUE 32

typedef struct rel_grp {
    uint64_t key;        /* 0: empty slot */
    double gsum;         /* sum of weight x Goldstein, added as the table path adds it */
    uint32_t quad[4];    /* weight per QuadClass */
} rel_grp;               /* 32 bytes: two to a line */

typedef struct pending {
    uint64_t key;
    uint32_t weight;
    int16_t gold10;
    uint8_t quad;
} pending;

struct rel_stream {
    orr_period by;
    rel_grp *slots;
    uint32_t *slot_events; /* weighted only: events per slot */
    size_t n_slots, n;   /* n_slots: power of two */
    size_t events;
    pending queue[STREAM_QUEUE];
    int n_queue;
};

static uint64_t grp_hash(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

/* A zeroed, 64-byte-aligned array.  A large one is asked for in huge pages
** where the kernel offers them (before it is touched): every add touches a
** random slot, and with 4 KB pages most of those also miss the TLB. */
static void *grp_alloc(size_t bytes) {
    bytes = (bytes + 63) & ~(size_t)63;
    void *mem = aligned_alloc(64, bytes);
    if (!mem) return NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    size_t huge = (size_t)2 << 20;
    if (bytes >= 4 * huge) {
        uintptr_t from = ((uintptr_t)mem + huge - 1) & ~(uintptr_t)(huge - 1);
        uintptr_t to = ((uintptr_t)mem + bytes) & ~(uintptr_t)(huge - 1);
        if (to > from) madvise((void *)from, to - from, MADV_HUGEPAGE);   /* a hint: failure is fine */
    }
#endif
    memset(mem, 0, bytes);
    return mem;
}

rel_stream *rel_stream_new(orr_period by, int weighted) {
    rel_stream *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->by = by;
    st->n_slots = 1 << 14;
    st->slots = grp_alloc(st->n_slots * sizeof *st->slots);
    if (weighted) st->slot_events = grp_alloc(st->n_slots * sizeof *st->slot_events);
    if (!st->slots || (weighted && !st->slot_events)) {
        rel_stream_free(st);
        return NULL;
    }
    return st;
}

void rel_stream_free(rel_stream *st) {
    if (!st) return;
    free(st->slots);
    free(st->slot_events);
    free(st);
}

size_t rel_stream_events(const rel_stream *st) { return st->events; }

orr_period rel_stream_period(const rel_stream *st) { return st->by; }

size_t rel_stream_memory(const rel_stream *st) {
    return st->n_slots * (sizeof *st->slots + (st->slot_events ? sizeof *st->slot_events : 0)) + sizeof *st;
}

static int grp_grow(rel_stream *st) {
    size_t n_slots = st->n_slots * 2, mask = n_slots - 1;
    rel_grp *slots = grp_alloc(n_slots * sizeof *slots);
    uint32_t *events = st->slot_events ? grp_alloc(n_slots * sizeof *events) : NULL;
    if (!slots || (st->slot_events && !events)) {
        free(slots);
        free(events);
        return ORR_ENOMEM;
    }
    for (size_t i = 0; i < st->n_slots; i++) {
        if (!st->slots[i].key) continue;
        size_t j = grp_hash(st->slots[i].key) & mask;
        while (slots[j].key) j = (j + 1) & mask;
        slots[j] = st->slots[i];
        if (events) events[j] = st->slot_events[i];
    }
    free(st->slots);
    free(st->slot_events);
    st->slots = slots;
    st->slot_events = events;
    st->n_slots = n_slots;
    return ORR_OK;
}

static int grp_apply(rel_stream *st, const pending *p, orr_error *err) {
    size_t mask = st->n_slots - 1, j = grp_hash(p->key) & mask;
    while (st->slots[j].key && st->slots[j].key != p->key) j = (j + 1) & mask;
    rel_grp *g = &st->slots[j];
    if (!g->key) {
        if ((st->n + 1) * 4 > st->n_slots * 3) {
            if (grp_grow(st)) return orr_error_set(err, ORR_ENOMEM, "out of memory");
            return grp_apply(st, p, err);
        }
        g->key = p->key;
        st->n++;
    }
    uint32_t *q = &g->quad[p->quad - 1];
    if ((st->slot_events && st->slot_events[j] == UINT32_MAX) || *q > UINT32_MAX - p->weight)
        return orr_error_set(err, ORR_EUSAGE,
                             "more than 2^32 events or mentions in one dyad bin; "
                             "aggregate by a shorter period");
    if (st->slot_events) st->slot_events[j]++;
    *q += p->weight;
    double w = p->weight;
    g->gsum += w * p->gold10 / 10.0;
    return ORR_OK;
}

static int stream_flush(rel_stream *st, orr_error *err) {
    int rc = ORR_OK;
    for (int i = 0; i < st->n_queue && !rc; i++) rc = grp_apply(st, &st->queue[i], err);
    st->n_queue = 0;
    return rc;
}

int rel_stream_add(rel_stream *st, int src, int tgt, int32_t bin, int16_t gold10, uint8_t quad,
                   uint32_t weight, orr_error *err) {
    if (st->n_queue == STREAM_QUEUE) {
        int rc = stream_flush(st, err);
        if (rc) return rc;
    }
    uint64_t key = (uint64_t)src << 48 | (uint64_t)tgt << 32 | (uint32_t)(bin + INT32_MIN);
    __builtin_prefetch(&st->slots[grp_hash(key) & (st->n_slots - 1)]);
    st->queue[st->n_queue++] = (pending){key, weight, gold10, quad};
    st->events++;
    return ORR_OK;
}

/* A bin's period and label, written once per bin number, not per group. */
#define BIN_TEXTS 4096
typedef struct bin_text {
    int32_t bin;
    int valid;
    char period[11], label[11];
} bin_text;

/* The groups sorted by key (dyad by actor id, then time) go to fn; the
** table itself is not moved, only (key, slot) pairs are sorted. */
int rel_stream_series(const orr_relate *rel, int src, int tgt, orr_period by, orr_dyad_bin_fn fn,
                      void *ctx, orr_error *err) {
    rel_stream *st = rel->stream;
    if (by != st->by)
        return orr_error_set(err, ORR_EUSAGE, "events were aggregated by another period");
    int rc = stream_flush(st, err);
    if (rc) return rc;
    rel_key_idx *order = malloc((st->n ? st->n : 1) * sizeof *order);
    bin_text *texts = calloc(BIN_TEXTS, sizeof *texts);
    if (!order || !texts) {
        free(order);
        free(texts);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < st->n_slots; i++) {
        uint64_t key = st->slots[i].key;
        if (!key || (src >= 0 && (int)(key >> 48) != src) || (tgt >= 0 && (int)(key >> 32 & 0xFFFF) != tgt))
            continue;
        order[k++] = (rel_key_idx){key, i};
    }
    if (rel_sort_keys(order, k)) {
        free(order);
        free(texts);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < k && !rc; i++) {
        if (i + 16 < k) __builtin_prefetch(&st->slots[order[i + 16].idx]);   /* random order: hide the miss */
        const rel_grp *g = &st->slots[order[i].idx];
        rel_acc a = {.key = g->key, .gsum = g->gsum};
        for (int q = 0; q < 4; q++) {
            a.quad[q] = g->quad[q];
            a.weight += g->quad[q];
        }
        a.events = st->slot_events ? (int64_t)st->slot_events[order[i].idx] : (int64_t)a.weight;
        orr_dyad_bin bin;
        int32_t b = (int32_t)((uint32_t)g->key - (uint32_t)INT32_MIN);
        rel_fill_bin(rel, &a, (int)(g->key >> 48), (int)(g->key >> 32 & 0xFFFF), &bin);
        bin_text *t = &texts[(uint32_t)b & (BIN_TEXTS - 1)];   /* the same bins recur in every dyad */
        if (!t->valid || t->bin != b) {
            t->valid = 1;
            t->bin = b;
            rel_format_day(rel_bin_start(b, by), t->period);
            rel_bin_label(b, by, t->label);
        }
        memcpy(bin.period, t->period, sizeof bin.period);
        memcpy(bin.label, t->label, sizeof bin.label);
        if (fn(ctx, &bin)) rc = ORR_ESTOP;
    }
    free(order);
    free(texts);
    return rc == ORR_ESTOP ? ORR_OK : rc;
}
