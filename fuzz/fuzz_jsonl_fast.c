/*
** fuzz_jsonl_fast.c — differential libFuzzer target: whenever the
** hand-written JSON-lines scanner (src/ingest/jsonl_fast.c) accepts a line,
** jansson must accept it too (with the reader's flags) as an object whose
** values are all strings, and every field the reader uses must be the
** same bytes.  Traps on any disagreement.
*/
#include "ingest/ingest.h"

#include <jansson.h>
#include <stdlib.h>

static void same_field(json_t *obj, const char *key, const char *fast, size_t fast_len, int has_len) {
    json_t *v = json_object_get(obj, key);
    if (!fast) {
        if (json_is_string(v)) __builtin_trap();
        return;
    }
    if (!json_is_string(v)) __builtin_trap();
    size_t n = json_string_length(v);
    if (has_len && n != fast_len) __builtin_trap();
    if (!has_len && strlen(fast) != n) __builtin_trap();
    if (memcmp(json_string_value(v), fast, n) != 0) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ingest_jsonl_rec r;
    int fast = ingest_jsonl_fast((const char *)data, size, &r);
    if (fast <= 0) return 0;
    json_error_t jerr;
    json_t *obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!obj || !json_is_object(obj)) __builtin_trap();
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
        if (!json_is_string(v)) __builtin_trap();
    same_field(obj, "text", r.text, r.text_len, 1);
    same_field(obj, "html", r.html, r.html_len, 1);
    same_field(obj, "id", r.id, 0, 0);
    same_field(obj, "date", r.date, 0, 0);
    same_field(obj, "url", r.url, 0, 0);
    same_field(obj, "title", r.title, 0, 0);
    json_decref(obj);
    free(r.buf);
    return 0;
}
