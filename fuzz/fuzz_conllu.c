/*
** fuzz_conllu.c — libFuzzer target for the CoNLL-U reader: any bytes give
** sentences or a clear error, never a crash.  The first byte picks
** whether a full tree is required.
*/
#include "orrery.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    orr_arena *a = orr_arena_new(4096);
    if (!a) return 0;
    orr_conllu_sentence *s;
    size_t n;
    orr_error err = {0};
    int rc = orr_conllu_read(a, "fuzz.conllu", (const char *)data + 1, size - 1, data[0] & 1, &s, &n, &err);
    if (rc == ORR_OK)
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < s[i].n_words; k++)
                if (s[i].words[k].head > (int)s[i].n_words) abort();
    orr_arena_free(a);
    return 0;
}
