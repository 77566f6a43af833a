/*
** relate.h — the inside of orr_relate, shared by the aggregation, shift,
** network and what-if files: a columnar table of compact events (about
** 15 bytes each) keyed by interned actor ids and days since 1970, and a
** small open-addressing hash map used to group it.  Internal.
*/
#ifndef ORR_RELATE_H
#define ORR_RELATE_H

#include "../util/util.h"

#define REL_MAX_ACTORS 65535

struct orr_relate {
    orr_relate_filter filter;
    char *filter_strings;     /* owned copies of the filter's strings */
    /* columns */
    int32_t *day;             /* days since 1970-01-01 */
    uint16_t *src, *tgt;      /* actor ids */
    int16_t *gold10;          /* Goldstein x 10 */
    uint8_t *quad;            /* 1..4 */
    uint32_t *weight;         /* 1, or NumMentions when weighting */
    size_t n, cap;
    /* actors: id -> code, and a hash of packed codes -> id + 1 */
    char (*actor_code)[8];
    size_t n_actors;
    uint64_t *actor_keys;
    uint32_t *actor_ids;
    size_t actor_slots;       /* power of two */
    uint16_t *alpha3;         /* 26^3 three-letter codes -> id + 1 (0: none) */
    struct rel_stream *stream; /* non-NULL: aggregating as events come (stream.c) */
};

/* Group accumulators keyed by a 64-bit key (open addressing, linear probe). */
typedef struct rel_acc {
    uint64_t key;
    int64_t events;
    double quad[4];
    double weight, gsum;
} rel_acc;

typedef struct rel_map {
    rel_acc *slots;
    unsigned char *used;
    size_t n_slots, n;        /* n_slots: power of two */
} rel_map;

int rel_map_init(rel_map *m, size_t expect);
void rel_map_free(rel_map *m);
rel_acc *rel_map_get(rel_map *m, uint64_t key);   /* NULL: out of memory */
/* The used accumulators, compacted into a malloc'd array sorted by key. */
rel_acc *rel_map_sorted(const rel_map *m, size_t *n);
void rel_acc_add(rel_acc *a, const orr_relate *rel, size_t i);

/* Days since 1970-01-01 of a civil date and back. */
int rel_parse_day(const char *s, int32_t *day);   /* "YYYY-MM-DD" */
void rel_format_day(int32_t day, char out[11]);
/* Bin number of a day, the first day of a bin, and a bin's label. */
int32_t rel_bin_of(int32_t day, orr_period by);
int32_t rel_bin_start(int32_t bin, orr_period by);
void rel_bin_label(int32_t bin, orr_period by, char out[11]);

int rel_actor_find(const orr_relate *rel, const char *code);   /* -1 if unknown */

/* (key, index) pairs sorted by key: LSD radix for many, qsort for few.
** Returns 0, or -1 when out of memory. */
typedef struct rel_key_idx {
    uint64_t key;
    size_t idx;
} rel_key_idx;
int rel_sort_keys(rel_key_idx *order, size_t n);

/* The bin of the previous day, reused: events come in runs of days. */
typedef struct rel_bin_cache {
    int32_t day, bin;
} rel_bin_cache;
int32_t rel_bin_of_cached(rel_bin_cache *c, int32_t day, orr_period by);

/* Streaming aggregation (stream.c): groups filled as events are added. */
typedef struct rel_stream rel_stream;
rel_stream *rel_stream_new(orr_period by, int weighted);   /* weighted: by mentions */
void rel_stream_free(rel_stream *st);
/* bin: of the stream's period (rel_stream_period), as rel_bin_of gives it */
int rel_stream_add(rel_stream *st, int src, int tgt, int32_t bin, int16_t gold10, uint8_t quad,
                   uint32_t weight, orr_error *err);
orr_period rel_stream_period(const rel_stream *st);
size_t rel_stream_events(const rel_stream *st);
size_t rel_stream_memory(const rel_stream *st);
int rel_stream_series(const orr_relate *rel, int src, int tgt, orr_period by, orr_dyad_bin_fn fn,
                      void *ctx, orr_error *err);
void rel_fill_bin(const orr_relate *rel, const rel_acc *a, int src, int tgt, orr_dyad_bin *bin);

#endif
