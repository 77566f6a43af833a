/*
** fuzz_code.c — the whole text -> events path on arbitrary bytes: read
** as plain text (or JSON lines when the first byte is odd), split,
** tokenise, parse, look up actors and verbs, attribute roles, make events.
** No input may crash, leak or trip a sanitizer, and every event must keep
** its invariants (spans inside the text, QuadClass from the root).
** The dictionary and model are loaded once (the shipped ones, or the
** model FUZZ_MODEL names; the tiny fuzz model when that is absent) and
** shared, read-only.
*/
#include "orrery.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static orr_coder *fuzz_coder;

static void fuzz_setup(void) {
    static orr_dict *dict;
    static orr_model *model;
    static orr_cameo *cameo;
    orr_error err;
    if (orr_dict_open(&dict, NULL, &err)) { fprintf(stderr, "%s\n", err.message); abort(); }
    const char *path = getenv("FUZZ_MODEL");  /* e.g. data/models/en-accurate.model: the networks' path */
    if (orr_model_load(&model, path ? path : "data/models/en.model", &err) &&
        orr_model_load(&model, "fuzz/corpus/model/tiny.model", &err)) {
        fprintf(stderr, "%s\n", err.message);
        abort();
    }
    if (orr_cameo_load(&cameo, NULL, &err)) cameo = NULL;
    orr_coder_opts o = {.dict = dict, .model = model, .cameo = cameo, .date = "2025-02-18",
                        .flags = ORR_CODE_CHECK_ROLES | ORR_CODE_HEADINGS};
    if (orr_coder_new(&fuzz_coder, &o, &err)) abort();
}

static int on_doc(void *ctx, orr_doc *doc) {
    (void)ctx;
    orr_arena *a = orr_arena_new(1 << 14);
    if (!a) return 1;
    orr_coded coded;
    orr_error err;
    if (orr_code_doc(fuzz_coder, a, doc, 1, &coded, &err) == ORR_OK) {
        for (size_t i = 0; i < coded.n_events; i++) {
            const orr_event *e = &coded.events[i];
            if (e->source_start < 0 || (size_t)e->source_end > doc->text_len ||
                e->source_start >= e->source_end || (size_t)e->target_end > doc->text_len ||
                (size_t)e->verb_end > doc->text_len || e->root < 1 || e->root > 20 ||
                e->quad != orr_cameo_quad(e->root))
                abort();
        }
    }
    orr_arena_free(a);
    return 0;
}

static void on_warn(void *ctx, const orr_error *w) { (void)ctx; (void)w; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!fuzz_coder) fuzz_setup();
    if (size < 1) return 0;
    orr_error err;
    orr_read_docs_mem("fuzz", (const char *)data + 1, size - 1,
                      (data[0] & 1) ? ORR_FMT_JSONL : ORR_FMT_TEXT, on_doc, on_warn, NULL, &err);
    return 0;
}
