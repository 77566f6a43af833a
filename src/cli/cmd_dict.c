/*
** cmd_dict.c — `orrery dict compile|check|lookup|stats|bench`: build the
** compiled dictionary from text files, report every suspicious entry,
** show what a phrase resolves to on a date and why, count entries, and
** time loading and lookup (for bench/bench_dict.sh).
**
** Without FILES, compile and check read the shipped dictionaries listed
** in data/dict/default.list (in order: later files override earlier ones).
** Exit codes: 0 ok; 1 failure; 2 usage; 3 finished but input had errors.
*/
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/util.h"  /* orr_read_file, orr_data_path */

static const char *dict_usage =
    "orrery dict compile [FILES] -o FILE   compile text dictionaries (default: shipped list)\n"
    "orrery dict check [FILES] [-v]        report malformed or suspicious entries (-v: notes too)\n"
    "orrery dict lookup TEXT [--date YYYY-MM-DD] [--dict FILE] [--all]\n"
    "                                      matches in TEXT, the code valid on the date and why\n"
    "orrery dict stats [--dict FILE]       counts per file and kind\n"
    "orrery dict bench [--dict FILE] [--text FILE]  load time and lookup tokens/s\n";

typedef struct diag_ctx { int verbose; size_t shown; FILE *out; } diag_ctx;

static void print_diag(void *ctx, const orr_dict_diag *d) {
    diag_ctx *c = ctx;
    static const char *sev[] = {"note", "warning", "error"};
    if (d->severity == 0 && c->verbose <= 0) return;
    if (d->severity == 1 && c->verbose < 0) return;
    fprintf(c->out ? c->out : stdout, "%s:%zu: %s: %s\n", d->file, d->line, sev[d->severity],
            d->message);
    c->shown++;
}

/* The shipped file list: data/dict/default.list, one name per line. */
static int default_files(char ***files, int *n) {
    char list[4096], dir[4096];
    orr_error err = {0};
    char *data;
    size_t len;
    if (orr_data_path("dict/default.list", list, sizeof list) != ORR_OK ||
        orr_data_path("dict", dir, sizeof dir) != ORR_OK)
        return EXIT_FAIL;
    if (orr_read_file(list, &data, &len, &err) != ORR_OK) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    char **out = calloc(len / 2 + 2, sizeof *out);
    int k = 0;
    for (char *line = strtok(data, "\n"); line && out; line = strtok(NULL, "\n")) {
        while (*line == ' ') line++;
        if (!*line || *line == '#') continue;
        size_t need = strlen(dir) + strlen(line) + 2;
        out[k] = malloc(need);
        if (!out[k]) break;
        snprintf(out[k], need, "%s/%s", dir, line);
        k++;
    }
    free(data);
    if (!out) return EXIT_FAIL;
    *files = out;
    *n = k;
    return EXIT_OK;
}

static void free_files(char **files, int n) {
    for (int i = 0; i < n; i++) free(files[i]);
    free(files);
}

/* Read FILES (or the shipped list) into a builder; returns exit code. */
static int build(char **files, int n, int verbose, orr_dict_builder **out, diag_ctx *dc) {
    char **own = NULL;
    int n_own = 0, rc = EXIT_OK;
    dc->verbose = verbose;
    if (n == 0) {
        if ((rc = default_files(&own, &n_own)) != EXIT_OK) return rc;
        files = own;
        n = n_own;
    }
    orr_dict_builder *b = orr_dict_builder_new(print_diag, dc);
    if (!b) { free_files(own, n_own); return EXIT_FAIL; }
    for (int i = 0; i < n && rc == EXIT_OK; i++) {
        orr_error err = {0};
        if (orr_dict_builder_add_file(b, files[i], ORR_DICT_AUTO, &err) != ORR_OK) {
            cli_print_error(&err);
            rc = err.code == ORR_EUSAGE ? EXIT_USAGE : EXIT_FAIL;
        }
    }
    free_files(own, n_own);
    if (rc == EXIT_OK) orr_dict_builder_check(b);
    if (rc != EXIT_OK) { orr_dict_builder_free(b); return rc; }
    *out = b;
    return EXIT_OK;
}

static int dict_compile(int argc, char **argv) {
    cli_opts o;
    const char *out = NULL;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int n = 0, verbose = 0;
    if (!files) return EXIT_FAIL;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "-o")) { if (!(out = cli_opt_value(&o))) { free(files); return EXIT_USAGE; } }
        else if (cli_opt_is(&o, "-v")) verbose = 1;
        else if (o.positional) files[n++] = (char *)o.arg;
        else { free(files); return cli_unknown_option(&o); }
    }
    if (!out) { free(files); return cli_usage_error("dict", "compile needs -o FILE"); }
    orr_dict_builder *b;
    diag_ctx dc = {0, 0, stderr};
    /* compile shows only errors; `dict check` lists warnings */
    int rc = build(files, n, verbose ? 1 : -1, &b, &dc);
    free(files);
    if (rc != EXIT_OK) return rc;
    size_t counts[3];
    orr_dict_builder_counts(b, counts);
    orr_error err = {0};
    if (orr_dict_builder_write(b, out, &err) != ORR_OK) {
        cli_print_error(&err);
        orr_dict_builder_free(b);
        return EXIT_FAIL;
    }
    orr_dict_builder_free(b);
    fprintf(stderr, "orrery dict: wrote %s (%zu errors, %zu warnings: see 'orrery dict check')\n",
            out, counts[2], counts[1]);
    return counts[2] ? EXIT_BADINPUT : EXIT_OK;
}

static int dict_check(int argc, char **argv) {
    cli_opts o;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int n = 0, verbose = 0;
    if (!files) return EXIT_FAIL;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "-v")) verbose = 1;
        else if (o.positional) files[n++] = (char *)o.arg;
        else { free(files); return cli_unknown_option(&o); }
    }
    orr_dict_builder *b;
    diag_ctx dc = {0};
    int rc = build(files, n, verbose, &b, &dc);
    free(files);
    if (rc != EXIT_OK) return rc;
    size_t counts[3];
    orr_dict_builder_counts(b, counts);
    orr_dict_builder_free(b);
    printf("%zu errors, %zu warnings, %zu notes\n", counts[2], counts[1], counts[0]);
    return counts[2] ? EXIT_BADINPUT : EXIT_OK;
}

static int open_dict(const char *path, orr_dict **d) {
    orr_error err = {0};
    if (orr_dict_open(d, path, &err) != ORR_OK) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static const char *type_name(int t) {
    static const char *names[] = {"?", "actor", "agent", "discard", "issue", "verb"};
    return t >= 1 && t <= 5 ? names[t] : "?";
}

static int dict_lookup(int argc, char **argv) {
    cli_opts o;
    const char *text = NULL, *date_s = NULL, *path = NULL;
    int all = 0;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "--date")) { if (!(date_s = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--dict")) { if (!(path = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--all")) all = 1;
        else if (o.positional && !text) text = o.arg;
        else if (o.positional) return cli_usage_error("dict", "lookup takes one TEXT (quote it)");
        else return cli_unknown_option(&o);
    }
    if (!text) return cli_usage_error("dict", "lookup needs TEXT");
    int32_t date = 0;
    if (date_s && (date = orr_dict_date(date_s)) < 0)
        return cli_usage_error("dict", "bad --date '%s' (expected YYYY-MM-DD)", date_s);
    orr_dict *d;
    int rc = open_dict(path, &d);
    if (rc != EXIT_OK) return rc;
    orr_arena *arena = orr_arena_new(1 << 16);
    orr_token *toks;
    size_t nt;
    orr_dict_seq seq;
    orr_error err = {0};
    if (!arena || orr_text_tokenize(arena, text, 0, strlen(text), &toks, &nt, &err) != ORR_OK ||
        orr_dict_seq_tokens(d, arena, text, toks, nt, &seq) != ORR_OK) {
        cli_print_error(&err);
        orr_arena_free(arena);
        orr_dict_close(d);
        return EXIT_FAIL;
    }
    int types = ORR_DICT_ACTORS_AGENTS;
    if (all) types |= (1 << ORR_MATCH_VERB) | (1 << ORR_MATCH_DISCARD) | (1 << ORR_MATCH_ISSUE);
    orr_dict_match ms[256];
    size_t found = orr_dict_scan(d, &seq, date, types, ms, 256);
    if (found > 256) found = 256;
    for (size_t i = 0; i < found; i++) {
        char why[1024];
        orr_dict_explain(d, &ms[i], date, why, sizeof why);
        size_t s = toks[ms[i].start].start, e = toks[ms[i].end - 1].end;
        printf("%.*s\t%s\t%s%s\t%s\n", (int)(e - s), text + s, type_name(ms[i].type),
               ms[i].code[0] ? ms[i].code : "-",
               ms[i].flags & ORR_MATCH_METONYM ? " (metonym)" : "", why);
    }
    if (found == 0) printf("no dictionary match\n");
    orr_arena_free(arena);
    orr_dict_close(d);
    return EXIT_OK;
}

static const char *kind_name(orr_dict_kind k) {
    static const char *names[] = {"?", "actors", "metonyms", "agents", "verbs", "discards", "issues"};
    return (int)k >= 0 && (int)k <= 6 ? names[k] : "?";
}

static int dict_stats(int argc, char **argv) {
    cli_opts o;
    const char *path = NULL;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "--dict")) { if (!(path = cli_opt_value(&o))) return EXIT_USAGE; }
        else return cli_unknown_option(&o);
    }
    orr_dict *d;
    int rc = open_dict(path, &d);
    if (rc != EXIT_OK) return rc;
    printf("%-36s %-9s %8s %8s %8s %8s\n", "file", "kind", "entries", "phrases", "dated", "patterns");
    for (size_t i = 0; i < orr_dict_n_files(d); i++) {
        orr_dict_file_stats f;
        orr_dict_file(d, i, &f);
        printf("%-36s %-9s %8zu %8zu %8zu %8zu\n", f.name, kind_name(f.kind), f.entries, f.phrases,
               f.restrictions, f.patterns);
    }
    orr_dict_totals t;
    orr_dict_totals_get(d, &t);
    printf("total: %zu actors (%zu dated roles), %zu agents, %zu verb blocks (%zu verb lines, "
           "%zu patterns, %zu synsets, %zu transformations), %zu discards, %zu issues; "
           "%zu words, %zu trie nodes, %zu bytes\n",
           t.actors, t.restrictions, t.agents, t.verb_blocks, t.verb_forms, t.patterns, t.synsets,
           t.transforms, t.discards, t.issues, t.words, t.nodes, t.bytes);
    orr_dict_close(d);
    return EXIT_OK;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process: the figure for "one core" on a shared machine. */
static double cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Load time (median of 15 cold opens) and lookup throughput over TEXT's tokens. */
static int dict_bench(int argc, char **argv) {
    cli_opts o;
    const char *path = NULL, *text_path = NULL;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "--dict")) { if (!(path = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--text")) { if (!(text_path = cli_opt_value(&o))) return EXIT_USAGE; }
        else return cli_unknown_option(&o);
    }
    double loads[15], cpus[15];
    orr_dict *d = NULL;
    for (int i = 0; i < 15; i++) {
        double t0 = now_s(), c0 = cpu_s();
        int rc = open_dict(path, &d);
        if (rc != EXIT_OK) return rc;
        loads[i] = now_s() - t0;
        cpus[i] = cpu_s() - c0;
        if (i < 14) orr_dict_close(d);
    }
    qsort(loads, 15, sizeof loads[0], cmp_double);
    qsort(cpus, 15, sizeof cpus[0], cmp_double);
    orr_dict_totals t;
    orr_dict_totals_get(d, &t);
    printf("load: median %.2f ms wall, %.2f ms CPU; best %.2f ms wall (%zu bytes: map + CRC + validation)\n",
           loads[7] * 1e3, cpus[7] * 1e3, loads[0] * 1e3, t.bytes);
    if (!text_path) { orr_dict_close(d); return EXIT_OK; }
    char *text;
    size_t len;
    orr_error err = {0};
    if (orr_read_file(text_path, &text, &len, &err) != ORR_OK) {
        cli_print_error(&err);
        orr_dict_close(d);
        return EXIT_FAIL;
    }
    orr_arena *arena = orr_arena_new(1 << 20);
    orr_token *toks;
    size_t nt;
    if (orr_text_tokenize(arena, text, 0, len, &toks, &nt, &err) != ORR_OK) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    /* lookup = fold + word ids + longest-match scan, per 64-token chunk as a coder would */
    orr_arena *scratch = orr_arena_new(1 << 16);
    orr_dict_match ms[64];
    size_t total_tokens = 0, total_matches = 0;
    double t0 = now_s(), c0 = cpu_s(), el = 0;
    int rounds = 0;
    while (el < 2.0 || rounds < 1) {
        for (size_t s = 0; s < nt; s += 64) {
            size_t k = nt - s < 64 ? nt - s : 64;
            orr_dict_seq seq;
            orr_arena_reset(scratch);
            orr_dict_seq_tokens(d, scratch, text, toks + s, k, &seq);
            total_matches += orr_dict_scan(d, &seq, 20250218, ORR_DICT_ACTORS_AGENTS, ms, 64);
        }
        total_tokens += nt;
        rounds++;
        el = cpu_s() - c0;
    }
    double wall = now_s() - t0;
    printf("lookup: %zu tokens in %.2f s CPU = %.1f M tokens/s on one core (%.1f M/s wall; "
           "%zu matches, %d rounds of %zu tokens)\n",
           total_tokens, el, (double)total_tokens / el / 1e6, (double)total_tokens / wall / 1e6,
           total_matches, rounds, nt);
    orr_arena_free(scratch);
    orr_arena_free(arena);
    free(text);
    orr_dict_close(d);
    return EXIT_OK;
}

int cmd_dict(int argc, char **argv) {
    if (argc < 2) {
        fputs(dict_usage, stderr);
        return EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "compile") == 0) return dict_compile(argc - 1, argv + 1);
    if (strcmp(sub, "check") == 0) return dict_check(argc - 1, argv + 1);
    if (strcmp(sub, "lookup") == 0) return dict_lookup(argc - 1, argv + 1);
    if (strcmp(sub, "stats") == 0) return dict_stats(argc - 1, argv + 1);
    if (strcmp(sub, "bench") == 0) return dict_bench(argc - 1, argv + 1);
    if (strcmp(sub, "help") == 0 || strcmp(sub, "--help") == 0) {
        fputs(dict_usage, stdout);
        return EXIT_OK;
    }
    fputs(dict_usage, stderr);
    return cli_usage_error("dict", "unknown subcommand '%s'", sub);
}
