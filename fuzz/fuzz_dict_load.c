/*
** fuzz_dict_load.c — the compiled-dictionary loader on arbitrary bytes.
** The seed corpus holds a real compiled file; mutations that keep the CRC
** are rare, so the input's CRC is also patched to match half the time,
** which sends damaged sections through validation and lookup.
*/
#include "orrery.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    /* 8-aligned private copy (the loader requires alignment) */
    uint64_t *buf = malloc(size / 8 * 8 + 8);
    if (!buf) return 0;
    memcpy(buf, data, size);
    unsigned char *p = (unsigned char *)buf;
    if (size > 40 && (p[size - 1] & 1)) {   /* header: magic 8, version 4, endian 4, size 8, crc 4, hsize 4 */
        uint64_t fs = size;
        memcpy(p + 16, &fs, 8);
        uint32_t hsize;
        memcpy(&hsize, p + 28, 4);
        if (hsize <= size) {
            uint32_t crc = (uint32_t)crc32(0L, p + hsize, (uInt)(size - hsize));
            memcpy(p + 24, &crc, 4);
        }
    }
    orr_dict *d;
    orr_error err;
    if (orr_dict_open_mem(&d, p, size, &err) == ORR_OK) {
        static const char *const toks[] = {"russia", "'s", "police", "foreign", "minister", "x"};
        orr_arena *a = orr_arena_new(4096);
        orr_dict_seq seq;
        if (a && orr_dict_seq_strings(d, a, toks, 6, &seq) == ORR_OK) {
            orr_dict_match m[8];
            size_t n = orr_dict_scan(d, &seq, 20250218, 0x3e, m, 8);
            char why[256];
            for (size_t i = 0; i < n && i < 8; i++) orr_dict_explain(d, &m[i], 0, why, sizeof why);
        }
        orr_dict_totals t;
        orr_dict_totals_get(d, &t);
        for (uint32_t i = 0; i < t.verb_blocks && i < 4; i++) {
            orr_dict_pattern pat;
            orr_dict_verb_pattern(d, i, 0, &pat);
        }
        orr_arena_free(a);
        orr_dict_close(d);
    }
    free(buf);
    return 0;
}
