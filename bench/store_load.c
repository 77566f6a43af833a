/*
** store_load.c — the store benchmark's loader: put N synthetic GDELT-like
** events into a store (SQLite path or postgres:// URI) through the public
** API, in batches, and print the rate.  Built and run by bench_store.sh;
** the same events (same seed) go to every backend, so rates compare.
**
**   store_load URI N ordered|random [EVENTS_PER_PUT [PUTS_PER_BATCH]]
**
** ordered: dates rise through ten years as the events go in, the way a
** backfill of daily GDELT files arrives; random: every event's date drawn
** from the ten years, so every batch touches every monthly partition.
**
** STORE_LOAD_HOLD=S keeps the store open S seconds after the line is
** printed: the benchmark reads the server sessions' CPU from /proc while
** they sit idle, so the figure holds all their work (sampled while they
** run, the last slice before they exit is lost).
*/
#include "orrery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static const char *const countries[] = {
    "USA", "RUS", "CHN", "UKR", "GBR", "FRA", "DEU", "IRN", "ISR", "PSE", "SAU", "TUR",
    "IND", "PAK", "JPN", "KOR", "PRK", "SYR", "IRQ", "EGY", "NGA", "ZAF", "BRA", "MEX",
    "CAN", "AUS", "ITA", "ESP", "POL", "NATO", "EU", "UN"};
static const char *const agents[] = {"GOV", "MIL", "BUS", "MED", "OPP", "CVL", "REB", "JUD"};
static const char *const codes[] = {"010", "036", "040", "042", "043", "051", "057", "111",
                                    "112", "120", "138", "141", "173", "190", "193", "0231"};

static uint64_t next(uint64_t *x) {  /* xorshift64*: fast, seeded, the same on every run */
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 2685821657736338717ULL;
}

typedef struct slot {
    char source[16], target[16], origin_id[24], url[96];
} slot;

static void make_event(uint64_t *rng, long k, long n, int ordered, orr_event *e, slot *s) {
    int nc = (int)(sizeof countries / sizeof *countries), na = (int)(sizeof agents / sizeof *agents);
    const char *sc = countries[next(rng) % (uint64_t)nc], *tc = countries[next(rng) % (uint64_t)nc];
    const char *sa = agents[next(rng) % (uint64_t)na], *ta = agents[next(rng) % (uint64_t)na];
    const char *code = codes[next(rng) % (sizeof codes / sizeof *codes)];
    snprintf(s->source, sizeof s->source, "%s%s", sc, sa);
    snprintf(s->target, sizeof s->target, "%s%s", tc, ta);
    snprintf(s->origin_id, sizeof s->origin_id, "%ld", 900000000L + k);
    snprintf(s->url, sizeof s->url, "https://news.example.org/%04d/story-%ld.html",
             2015 + (int)(k % 10), k);
    memset(e, 0, sizeof *e);
    e->sentence = e->source_start = e->source_end = e->target_start = e->target_end = -1;
    e->verb_start = e->verb_end = -1;
    unsigned day = (unsigned)(ordered ? k * (10 * 12 * 28) / n : (long)(next(rng) % (10 * 12 * 28)));
    snprintf(e->date, sizeof e->date, "%04u-%02u-%02u", 2015 + day / (12 * 28) % 10,
             1 + day / 28 % 12, 1 + day % 28);
    e->date_how = "imported";
    e->source = s->source;
    e->source_country = sc;
    e->source_agent = sa;
    e->target = s->target;
    e->target_country = tc;
    e->target_agent = ta;
    snprintf(e->code, sizeof e->code, "%s", code);
    e->root = atoi(code) / (strlen(code) == 4 ? 100 : 10);
    e->quad = 1 + (int)(next(rng) % 4);
    e->goldstein = (double)((int)(next(rng) % 201) - 100) / 10.0;
    e->num_mentions = 1 + (int)(next(rng) % 20);
    e->num_sources = 1 + (int)(next(rng) % 5);
    e->num_articles = e->num_mentions;
    e->url = s->url;
    e->dataset = "gdelt";
    e->origin_id = s->origin_id;
}

static double cpu_now(void) {  /* this process's CPU seconds, user + system */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: store_load URI N ordered|random [EVENTS_PER_PUT [PUTS_PER_BATCH]]\n");
        return 2;
    }
    const char *uri = argv[1];
    long n = atol(argv[2]);
    int ordered = strcmp(argv[3], "random") != 0;
    size_t per_put = argc > 4 ? (size_t)atol(argv[4]) : 10000;
    long puts_per_batch = argc > 5 ? atol(argv[5]) : 10;
    orr_event *ev = calloc(per_put, sizeof *ev);
    slot *slots = calloc(per_put, sizeof *slots);
    orr_db *db;
    orr_error err;
    if (!ev || !slots || orr_db_open(&db, uri, &err)) {
        fprintf(stderr, "store_load: %s\n", ev && slots ? err.message : "out of memory");
        return 1;
    }
    uint64_t rng = 88172645463325252ULL;
    size_t stored = 0, n_new;
    double t0 = now(), generating = 0, cpu = 0;
    long puts = 0;
    int rc = ORR_OK;
    for (long k = 0; k < n && !rc; puts++) {
        size_t m = 0;
        double g0 = now();
        for (; m < per_put && k < n; m++, k++) make_event(&rng, k, n, ordered, &ev[m], &slots[m]);
        generating += now() - g0;
        double c0 = cpu_now();
        if (puts % puts_per_batch == 0) rc = orr_db_begin(db, &err);
        if (!rc) rc = orr_db_put_events(db, ev, m, &n_new, &err);
        stored += n_new;
        if (!rc && (puts % puts_per_batch == puts_per_batch - 1 || k == n)) rc = orr_db_commit(db, &err);
        cpu += cpu_now() - c0;
    }
    double secs = now() - t0 - generating;
    if (rc) fprintf(stderr, "store_load: %s\n", err.message);
    else
        printf("%ld events put (%zu new) in %.2f s, client cpu %.2f s: %.0f events/s"
               " (making the events, not timed: %.2f s)\n",
               n, stored, secs, cpu, (double)n / secs, generating);
    const char *hold = getenv("STORE_LOAD_HOLD");
    if (hold && atoi(hold) > 0) {
        fflush(stdout);
        sleep((unsigned)atoi(hold));
    }
    orr_db_close(db);
    free(ev);
    free(slots);
    return rc ? 1 : 0;
}
