/*
** code_setup.c — options and loading shared by the commands that code
** events (see code_setup.h).  Text dictionaries given with --verbs,
** --actors (comma-separated), --agents, --discards or --issues replace
** the shipped files of that kind; the others still come from the shipped
** list (data/dict/default.list), and everything is compiled in memory.
*/
#include "code_setup.h"
#include "../util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char code_setup_help[] =
    "  --dict F        compiled dictionary (default data/dict/default.orrdict)\n"
    "  --verbs F --actors F,F --agents F --discards F --issues F\n"
    "                  text dictionaries replacing the shipped ones of that kind\n"
    "  --model F       parser model: fast (default, data/models/en.model), accurate\n"
    "                  (data/models/en-accurate.model) or a path\n"
    "  --date D        date (YYYY-MM-DD) for documents without one\n"
    "  --check-roles   warn when a title contradicts the dictionary's dated role\n";

void code_setup_init(code_setup *s) { memset(s, 0, sizeof *s); }

int code_setup_option(code_setup *s, cli_opts *o, const char *cmd) {
    struct { const char *name; const char **slot; } opts[] = {
        {"--dict", &s->dict_path},   {"--model", &s->model_path}, {"--cameo", &s->cameo_dir},
        {"--date", &s->date},        {"--verbs", &s->verbs},      {"--actors", &s->actors},
        {"--agents", &s->agents},    {"--discards", &s->discards}, {"--issues", &s->issues},
    };
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        if (cli_opt_is(o, opts[i].name)) {
            const char *v = cli_opt_value(o);
            if (!v) return -1;
            *opts[i].slot = v;
            if (opts[i].slot == &s->date && orr_dict_date(v) == 0) {
                cli_usage_error(cmd, "--date needs YYYY-MM-DD");
                return -1;
            }
            return 1;
        }
    if (cli_opt_is(o, "--check-roles")) { s->check_roles = 1; return 1; }
    if (cli_opt_is(o, "--headings")) { s->headings = 1; return 1; }
    return 0;
}

static void on_diag(void *ctx, const orr_dict_diag *d) {
    (void)ctx;
    if (d->severity >= 2)
        fprintf(stderr, "orrery: %s:%zu: %s\n", d->file ? d->file : "?", d->line, d->message);
}

/* Add each file of a comma-separated list. */
static int add_list(orr_dict_builder *b, const char *list, orr_dict_kind kind, orr_error *err) {
    char *copy = strdup(list), *save = NULL;
    if (!copy) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    int rc = ORR_OK;
    for (char *f = strtok_r(copy, ",", &save); f && !rc; f = strtok_r(NULL, ",", &save))
        rc = orr_dict_builder_add_file(b, f, kind, err);
    free(copy);
    return rc;
}

static int replaced(const code_setup *s, orr_dict_kind kind) {
    switch (kind) {
    case ORR_DICT_ACTORS: case ORR_DICT_METONYMS: return s->actors != NULL;
    case ORR_DICT_AGENTS: return s->agents != NULL;
    case ORR_DICT_VERBS: return s->verbs != NULL;
    case ORR_DICT_DISCARDS: return s->discards != NULL;
    case ORR_DICT_ISSUES: return s->issues != NULL;
    default: return 0;
    }
}

static int build_dict(code_setup *s, orr_error *err) {
    char list[4096], dir[4096];
    if (orr_data_path("dict/default.list", list, sizeof list) ||
        orr_data_path("dict", dir, sizeof dir))
        return orr_error_set(err, ORR_EIO, "data path too long");
    char *text;
    size_t len;
    int rc = orr_read_file(list, &text, &len, err);
    if (rc) return rc;
    orr_dict_builder *b = orr_dict_builder_new(on_diag, NULL);
    if (!b) { free(text); return orr_error_set(err, ORR_ENOMEM, "out of memory"); }
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && !rc; line = strtok_r(NULL, "\n", &save)) {
        if (*line == '#' || *line == 0) continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, line);
        orr_dict_kind kind = orr_dict_kind_of(line);
        if (!replaced(s, kind) && !s->only_given) rc = orr_dict_builder_add_file(b, path, kind, err);
    }
    free(text);
    if (!rc && s->actors) rc = add_list(b, s->actors, ORR_DICT_AUTO, err);
    if (!rc && s->agents) rc = add_list(b, s->agents, ORR_DICT_AGENTS, err);
    if (!rc && s->verbs) rc = add_list(b, s->verbs, ORR_DICT_VERBS, err);
    if (!rc && s->discards) rc = add_list(b, s->discards, ORR_DICT_DISCARDS, err);
    if (!rc && s->issues) rc = add_list(b, s->issues, ORR_DICT_ISSUES, err);
    size_t n;
    if (!rc) rc = orr_dict_builder_compile(b, &s->dict_bytes, &n, err);
    orr_dict_builder_free(b);
    if (!rc) rc = orr_dict_open_mem(&s->dict, s->dict_bytes, n, err);
    return rc;
}

int code_setup_open(code_setup *s, orr_coder **coder) {
    orr_error err;
    orr_error_clear(&err);
    int rc;
    if (s->verbs || s->actors || s->agents || s->discards || s->issues) rc = build_dict(s, &err);
    else rc = orr_dict_open(&s->dict, s->dict_path, &err);
    char model[4096];
    if (!rc && cli_model_path(s->model_path, model, sizeof model))
        rc = orr_error_set(&err, ORR_EIO, "model path too long");
    if (!rc) rc = orr_model_load(&s->model, model, &err);
    if (!rc) rc = orr_cameo_load(&s->cameo, s->cameo_dir, &err);
    if (!rc) {
        orr_coder_opts co = {.dict = s->dict, .model = s->model, .cameo = s->cameo, .date = s->date,
                             .flags = (s->check_roles ? ORR_CODE_CHECK_ROLES : 0) |
                                      (s->headings ? ORR_CODE_HEADINGS : 0) |
                                      (s->stats ? ORR_CODE_STATS : 0)};
        rc = orr_coder_new(coder, &co, &err);
    }
    if (rc) cli_print_error(&err);
    return rc;
}

void code_setup_free(code_setup *s, orr_coder *coder) {
    orr_coder_free(coder);
    orr_cameo_free(s->cameo);
    orr_model_free(s->model);
    orr_dict_close(s->dict);
    free(s->dict_bytes);
    memset(s, 0, sizeof *s);
}
