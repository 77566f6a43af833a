/*
** fuzz_model.c — libFuzzer target for the model loader: a corrupt or
** truncated model gives a clear error, never a crash.  The checksum would
** stop almost every mutation at the door, so the target rewrites it before
** loading and the structural checks behind it get exercised; a model that
** loads must also parse a sentence safely.
*/
#include "orrery.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *copy = malloc(size + 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    if (size >= 32) {
        uint32_t crc = (uint32_t)crc32(0L, copy + 32, (uInt)(size - 32));
        memcpy(copy + 24, &crc, 4);
    }
    orr_model *m;
    orr_error err = {0};
    if (orr_model_load_mem(&m, "fuzz.model", copy, size, &err) == ORR_OK) {
        orr_arena *a = orr_arena_new(4096);
        const char *forms[] = {"Russia", "released", "a", "US", "citizen", "."};
        orr_word *w;
        if (a && orr_model_parse(m, a, forms, 6, &w, &err) == ORR_OK)
            for (int i = 0; i < 6; i++)
                if (w[i].head < 0 || w[i].head > 6) abort();
        orr_arena_free(a);
        orr_model_free(m);
    } else if (!err.message[0])
        abort();
    free(copy);
    return 0;
}
