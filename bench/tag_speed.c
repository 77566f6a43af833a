/*
** tag_speed.c — the tagger's share of tag+parse time: tags every sentence
** of a CoNLL-U file (gold tokens) with the tagger alone (token features +
** both passes), then runs the whole pipeline (orr_model_parse), and prints
** sentences/s of each and the tagger's share.  CPU time of this thread,
** best of 5 rounds, model load excluded.  Uses src/nlp internals, so it is
** built by bench/bench_tagger.sh, not by the library's Makefile.
*/
#include "orrery.h"
#include "nlp/nlp.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_WORDS 4096

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One round of the tagger alone; returns correct UPOS count. */
static size_t tag_round(const orr_model *m, const orr_conllu_sentence *s, size_t n, nlp_tok *toks,
                        int *tags) {
    size_t ok = 0;
    for (size_t i = 0; i < n; i++) {
        size_t nw = s[i].n_words;
        if (nw > MAX_WORDS) continue;
        for (size_t k = 0; k < nw; k++) nlp_tok_init(m, s[i].words[k].form, &toks[k]);
        tagger_tag(m, toks, nw, tags);
        for (size_t k = 0; k < nw; k++) ok += !strcmp(nlp_str(m, m->tags[tags[k]].upos), s[i].words[k].upos);
    }
    return ok;
}

static int parse_round(const orr_model *m, const orr_conllu_sentence *s, size_t n, orr_arena *a) {
    const char *forms[MAX_WORDS];
    for (size_t i = 0; i < n; i++) {
        size_t nw = s[i].n_words;
        if (nw > MAX_WORDS) continue;
        for (size_t k = 0; k < nw; k++) forms[k] = s[i].words[k].form;
        orr_word *w;
        orr_arena_reset(a);
        if (orr_model_parse(m, a, forms, nw, &w, NULL)) return 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: tag_speed MODEL FILE.conllu\n");
        return 2;
    }
    orr_error err = {0};
    orr_model *m = NULL;
    char *bytes = NULL;
    size_t len, n = 0, words = 0;
    orr_conllu_sentence *s = NULL;
    orr_arena *a = orr_arena_new(1 << 20), *pa = orr_arena_new(1 << 16);
    nlp_tok *toks = malloc(MAX_WORDS * sizeof *toks);
    int *tags = malloc(MAX_WORDS * sizeof *tags);
    if (!a || !pa || !toks || !tags || orr_model_load(&m, argv[1], &err) ||
        orr_read_file(argv[2], &bytes, &len, &err) ||
        orr_conllu_read(a, argv[2], bytes, len, 1, &s, &n, &err)) {
        fprintf(stderr, "tag_speed: %s\n", err.message[0] ? err.message : "out of memory");
        return 1;
    }
    double best_tag = 1e30, best_all = 1e30;
    size_t ok = 0;
    for (int round = 0; round < 5; round++) {
        double t0 = cpu_seconds();
        ok = tag_round(m, s, n, toks, tags);
        double t1 = cpu_seconds();
        if (parse_round(m, s, n, pa)) return 1;
        double t2 = cpu_seconds();
        if (t1 - t0 < best_tag) best_tag = t1 - t0;
        if (t2 - t1 < best_all) best_all = t2 - t1;
    }
    for (size_t i = 0; i < n; i++) words += s[i].n_words <= MAX_WORDS ? s[i].n_words : 0;
    printf("tagger UPOS:  %.2f (%zu sentences, %zu words)\n", 100.0 * (double)ok / (double)words, n, words);
    printf("tagger alone: %.0f sentences/s, %.1f us/sentence\n", (double)n / best_tag, best_tag * 1e6 / (double)n);
    printf("tag+parse:    %.0f sentences/s, %.1f us/sentence\n", (double)n / best_all, best_all * 1e6 / (double)n);
    printf("tagger share: %.0f%% of tag+parse time\n", 100.0 * best_tag / best_all);
    orr_model_free(m);
    free(bytes);
    free(toks);
    free(tags);
    orr_arena_free(a);
    orr_arena_free(pa);
    return 0;
}
