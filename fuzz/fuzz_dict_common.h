/*
** fuzz_dict_common.h — the body shared by the dictionary-reader fuzz
** targets: read arbitrary bytes as one dictionary type, then compile, open
** and look up.  No input may crash, leak or trip a sanitizer.
*/
#ifndef ORR_FUZZ_DICT_COMMON_H
#define ORR_FUZZ_DICT_COMMON_H

#include "orrery.h"

#include <stdlib.h>
#include <string.h>

static void ignore(void *ctx, const orr_dict_diag *d) { (void)ctx; (void)d; }

static int fuzz_dict_reader(const unsigned char *data, size_t size, const char *name,
                            orr_dict_kind kind) {
    orr_dict_builder *b = orr_dict_builder_new(ignore, NULL);
    if (!b) return 0;
    orr_error err;
    if (orr_dict_builder_add_mem(b, name, (const char *)data, size, kind, &err) == ORR_OK) {
        orr_dict_builder_check(b);
        void *bin;
        size_t len;
        orr_dict *d;
        if (orr_dict_builder_compile(b, &bin, &len, &err) == ORR_OK) {
            if (orr_dict_open_mem(&d, bin, len, &err) == ORR_OK) {
                static const char *const toks[] = {"Russia", "'s", "foreign", "minister", "al-Sharaa",
                                                   "Erdoğan", "POLICE", "-", "said", "s", "'"};
                orr_arena *a = orr_arena_new(4096);
                orr_dict_seq seq;
                if (a && orr_dict_seq_strings(d, a, toks, sizeof toks / sizeof toks[0], &seq) == ORR_OK) {
                    orr_dict_match m[16];
                    size_t n = orr_dict_scan(d, &seq, 20250218, 0x3e, m, 16);
                    char why[256];
                    for (size_t i = 0; i < n && i < 16; i++) orr_dict_explain(d, &m[i], 20250218, why, sizeof why);
                }
                orr_arena_free(a);
                orr_dict_close(d);
            }
            free(bin);
        }
    }
    orr_dict_builder_free(b);
    return 0;
}

#endif
