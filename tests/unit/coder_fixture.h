/*
** coder_fixture.h — the cmocka group fixture of the coder's test programs:
** the shipped dictionary, CAMEO tables and parser model, a coder with the
** role check on, and an arena.  When the model is not there, *state is
** NULL and each test skips.
*/
#ifndef ORR_CODER_FIXTURE_H
#define ORR_CODER_FIXTURE_H

#include "testutil.h"
#include "util/util.h"

typedef struct fixture {
    orr_dict *dict;
    orr_model *model;
    orr_cameo *cameo;
    orr_coder *coder;
    orr_arena *arena;
} fixture;

static int coder_fixture_setup(void **state) {
    static fixture f;
    memset(&f, 0, sizeof f);
    char path[4096];
    orr_error err;
    if (orr_data_path("models/en.model", path, sizeof path) || orr_model_load(&f.model, path, &err)) {
        *state = NULL;
        return 0;
    }
    if (orr_dict_open(&f.dict, NULL, &err) || orr_cameo_load(&f.cameo, NULL, &err)) return -1;
    orr_coder_opts o = {.dict = f.dict, .model = f.model, .cameo = f.cameo,
                        .flags = ORR_CODE_CHECK_ROLES};
    if (orr_coder_new(&f.coder, &o, &err)) return -1;
    f.arena = orr_arena_new(1 << 16);
    *state = &f;
    return 0;
}

static int coder_fixture_teardown(void **state) {
    fixture *f = *state;
    if (!f) return 0;
    orr_coder_free(f->coder);
    orr_cameo_free(f->cameo);
    orr_model_free(f->model);
    orr_dict_close(f->dict);
    orr_arena_free(f->arena);
    return 0;
}

/* The events of one text on a date, with the fixture's coder (the
** arena is reset first). */
static inline orr_coded code_text(void **state, const char *text, const char *date) {
    fixture *f = *state;
    orr_coded out;
    orr_error err;
    orr_arena_reset(f->arena);
    assert_int_equal(orr_code_text(f->coder, f->arena, text, date, &out, &err), ORR_OK);
    return out;
}

/* Is there an event src -> tgt whose code starts with `code`? */
static inline int has_event(const orr_coded *c, const char *src, const char *tgt, const char *code) {
    for (size_t i = 0; i < c->n_events; i++)
        if (!strcmp(c->events[i].source, src) && !strcmp(c->events[i].target, tgt) &&
            !strncmp(c->events[i].code, code, strlen(code)))
            return 1;
    return 0;
}

/*
** A table of expectations: the text (on a date of the Reuters era) makes
** an event src -> tgt whose code starts with code (want 1) or none (want
** 0); with src NULL (NO_EVENT), the text makes no event at all.
*/
typedef struct code_case {
    const char *text, *src, *tgt, *code;
    int want;
} code_case;
#define NO_EVENT(text) {text, NULL, NULL, NULL, 0}

static inline void check_code_cases(void **state, const code_case *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const code_case *k = &cases[i];
        orr_coded c = code_text(state, k->text, "1987-03-01");
        if (!k->src) {
            if (c.n_events) fail_msg("expected no event: %s", k->text);
        } else if (has_event(&c, k->src, k->tgt, k->code) != k->want) {
            fail_msg("expected %s%s -> %s %s: %s", k->want ? "" : "no ", k->src, k->tgt, k->code, k->text);
        }
    }
}
#define CHECK(state, cases) check_code_cases(state, cases, sizeof cases / sizeof *cases)

/* A test that needs the shipped model skips without it. */
#define NEED_MODEL() do { if (!*state) { skip(); } } while (0)

#endif
