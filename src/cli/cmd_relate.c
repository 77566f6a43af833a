/*
** cmd_relate.c — the relations commands: import event files into the
** store, and dyad, actors, top, shifts, network, blocs, whatif over the
** stored events (or, with --from FILE, straight from event files without
** the store: the streaming path the benchmark measures).
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- import -------------------------------------------------------------- */

typedef struct warn_count {
    size_t n;
    size_t shown;
} warn_count;

static void print_warning(void *ctx, const orr_error *w) {
    warn_count *c = ctx;
    c->n++;
    if (c->shown++ < 20) fprintf(stderr, "orrery: %s\n", w->message);
    else if (c->shown == 21) fprintf(stderr, "orrery: (further bad rows not shown)\n");
}

static int load_cameo(orr_cameo **cameo) {
    orr_error err;
    if (orr_cameo_load(cameo, NULL, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int cmd_import(int argc, char **argv) {
    const char *db_path = cli_default_db();
    orr_import_opts opts = {0};
    size_t batch = 10000;
    const char **files = calloc((size_t)argc, sizeof *files);
    int n_files = 0;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        const char *v;
        if (cli_opt_is(&o, "--db")) {
            if (!(db_path = cli_opt_value(&o))) goto usage;
        } else if (cli_opt_is(&o, "--in")) {
            if (!(v = cli_opt_value(&o))) goto usage;
            if (orr_event_format_parse(v, &opts.format)) {
                free(files);
                return cli_usage_error("import", "unknown format '%s' (gdelt, icews, phoenix, petrarch)", v);
            }
        } else if (cli_opt_is(&o, "--batch")) {
            if (!(v = cli_opt_value(&o))) goto usage;
            batch = (size_t)strtoul(v, NULL, 10);
        } else if (o.positional) {
            files[n_files++] = o.arg;
        } else {
            free(files);
            return cli_unknown_option(&o);
        }
    }
    if (n_files == 0) {
        free(files);
        return cli_usage_error("import", "no files given");
    }
    orr_cameo *cameo = NULL;
    if (load_cameo(&cameo)) {
        free(files);
        return EXIT_FAIL;
    }
    opts.cameo = cameo;
    orr_db *db;
    orr_error err;
    if (orr_db_open(&db, db_path, &err)) {
        cli_print_error(&err);
        orr_cameo_free(cameo);
        free(files);
        return EXIT_FAIL;
    }
    int status = EXIT_OK;
    warn_count warns = {0, 0};
    for (int i = 0; i < n_files; i++) {
        orr_import_stats st;
        if (orr_import_to_db(db, files[i], &opts, batch, print_warning, &warns, &st, &err)) {
            cli_print_error(&err);
            status = err.code == ORR_EDB ? EXIT_FAIL : EXIT_BADINPUT;
            if (status == EXIT_FAIL) break;
            continue;
        }
        printf("%s: %zu rows, %zu new events, %zu already stored, %zu bad\n", files[i], st.rows,
               st.stored, st.duplicates, st.bad);
        if (st.bad && status == EXIT_OK) status = EXIT_BADINPUT;
    }
    orr_db_close(db);
    orr_cameo_free(cameo);
    free(files);
    return status;
usage:
    free(files);
    return EXIT_USAGE;
}

/* --- shared by the query commands ------------------------------------------ */

typedef struct rel_args {
    const char *db_path;
    const char **from;          /* --from FILE (repeatable) */
    int n_from;
    orr_relate_filter filter;
    const char *format;         /* table, csv, json, dot, graphml */
    const char *window;         /* A..B */
    orr_period by;
    size_t limit;
    double min_events;
    int stats;                  /* --stats: timing and memory to stderr */
} rel_args;

/* Options every query command accepts.  1: consumed, 0: not ours, -1: error. */
static int rel_common_opt(cli_opts *o, rel_args *a) {
    const char *v;
    struct { const char *name; const char **slot; } strs[] = {
        {"--db", &a->db_path},           {"--format", &a->format},
        {"--actor", &a->filter.actor},   {"--source", &a->filter.source},
        {"--target", &a->filter.target}, {"--agent", &a->filter.agent},
        {"--source-agent", &a->filter.source_agent},
        {"--target-agent", &a->filter.target_agent},
        {"--code", &a->filter.code_prefix}, {"--since", &a->filter.date_from},
        {"--until", &a->filter.date_to}, {"--dataset", &a->filter.dataset},
        {"--window", &a->window},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (cli_opt_is(o, strs[i].name)) {
            if (!(v = cli_opt_value(o))) return -1;
            *strs[i].slot = v;
            return 1;
        }
    if (cli_opt_is(o, "--from")) {
        if (!(v = cli_opt_value(o))) return -1;
        a->from[a->n_from++] = v;
        return 1;
    }
    if (cli_opt_is(o, "--by")) {
        if (!(v = cli_opt_value(o))) return -1;
        if (orr_period_parse(v, &a->by)) {
            fprintf(stderr, "orrery %s: --by takes day, week, month, quarter or year\n", o->argv[0]);
            return -1;
        }
        return 1;
    }
    if (cli_opt_is(o, "--limit") || cli_opt_is(o, "--min-events")) {
        int is_limit = strncmp(o->arg, "--limit", 7) == 0;
        if (!(v = cli_opt_value(o))) return -1;
        if (is_limit) a->limit = (size_t)strtoul(v, NULL, 10);
        else a->min_events = strtod(v, NULL);
        return 1;
    }
    if (cli_opt_is(o, "--weighted")) {
        a->filter.weight_mentions = 1;
        return 1;
    }
    if (cli_opt_is(o, "--stats")) {
        a->stats = 1;
        return 1;
    }
    return 0;
}

static void rel_args_init(rel_args *a, int argc) {
    memset(a, 0, sizeof *a);
    a->db_path = cli_default_db();
    a->from = calloc((size_t)argc + 1, sizeof *a->from);
    a->by = ORR_BY_MONTH;
    a->min_events = 1;
}

/* "A..B" into from/to (either side may be empty). */
__attribute__((unused)) static int parse_window(const char *w, char from[11], char to[11]) {
    from[0] = to[0] = '\0';
    if (!w) return 0;
    const char *dots = strstr(w, "..");
    if (!dots) return -1;
    size_t n = (size_t)(dots - w);
    if (n > 10 || strlen(dots + 2) > 10) return -1;
    memcpy(from, w, n);
    from[n] = '\0';
    strcpy(to, dots + 2);
    /* a bare year or month means its first / last day */
    if (strlen(from) == 4) strcat(from, "-01-01");
    else if (strlen(from) == 7) strcat(from, "-01");
    if (strlen(to) == 4) strcat(to, "-12-31");
    else if (strlen(to) == 7) strcat(to, "-31");
    return 0;
}

typedef struct add_ctx {
    orr_relate *rel;
    orr_error *err;
    int failed;
    warn_count warns;
} add_ctx;

static int add_event(void *ctx, const orr_event *e) {
    add_ctx *a = ctx;
    if (orr_relate_add(a->rel, e, a->err)) return a->failed = 1;
    return 0;
}

static void add_warning(void *ctx, const orr_error *w) { print_warning(&((add_ctx *)ctx)->warns, w); }

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int load_from_files(rel_args *a, orr_relate *rel, int *bad_input) {
    orr_cameo *cameo = NULL;
    if (load_cameo(&cameo)) return EXIT_FAIL;
    orr_import_opts opts = {.cameo = cameo};
    orr_error err = {0};
    add_ctx ac = {rel, &err, 0, {0, 0}};
    int status = EXIT_OK;
    for (int i = 0; i < a->n_from && status == EXIT_OK; i++) {
        int rc = orr_import_file(a->from[i], &opts, add_event, add_warning, &ac, &err);
        if (rc || ac.failed) {
            cli_print_error(&err);
            status = rc == ORR_EIO || rc == ORR_EFORMAT ? EXIT_BADINPUT : EXIT_FAIL;
        }
    }
    if (ac.warns.n) *bad_input = 1;
    orr_cameo_free(cameo);
    return status;
}

static int load_from_db(rel_args *a, orr_relate *rel) {
    orr_db *db;
    orr_error err;
    if (orr_db_open(&db, a->db_path, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    int rc = orr_relate_load_db(rel, db, &err);
    orr_db_close(db);
    if (rc) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

/* Fill a relations table from --from files (streaming) or the store. */
static int rel_load(rel_args *a, orr_relate **out, int *bad_input) {
    orr_relate *rel = orr_relate_new(&a->filter);
    if (!rel) {
        fprintf(stderr, "orrery: out of memory\n");
        return EXIT_FAIL;
    }
    double t0 = now_seconds();
    int status = a->n_from ? load_from_files(a, rel, bad_input) : load_from_db(a, rel);
    if (status) {
        orr_relate_free(rel);
        return status;
    }
    if (a->stats)
        fprintf(stderr, "orrery: loaded %zu events in %.3f s, %zu bytes held (%.1f bytes/event)\n",
                orr_relate_count(rel), now_seconds() - t0, orr_relate_memory(rel),
                orr_relate_count(rel) ? (double)orr_relate_memory(rel) / (double)orr_relate_count(rel) : 0.0);
    *out = rel;
    return EXIT_OK;
}

static void json_str(FILE *out, const char *s) {
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
        else if (*p < 0x20) fprintf(out, "\\u%04x", *p);
        else fputc(*p, out);
    }
    fputc('"', out);
}

/* --- dyad, top ------------------------------------------------------------- */

typedef struct bin_printer {
    const char *format;
    int n;
} bin_printer;

static int print_bin(void *ctx, const orr_dyad_bin *b) {
    bin_printer *p = ctx;
    if (strcmp(p->format, "json") == 0) {
        printf("%s{\"source\":", p->n ? ",\n " : "[");
        json_str(stdout, b->source);
        printf(",\"target\":");
        json_str(stdout, b->target);
        printf(",\"period\":\"%s\",\"start\":\"%s\",\"events\":%lld,\"weight\":%g,"
               "\"verbal_coop\":%g,\"material_coop\":%g,\"verbal_conflict\":%g,"
               "\"material_conflict\":%g,\"goldstein_sum\":%.2f,\"goldstein_mean\":%.3f,"
               "\"net_coop\":%g}",
               b->label, b->period, (long long)b->events, b->weight, b->quad[0], b->quad[1],
               b->quad[2], b->quad[3], b->goldstein_sum, b->goldstein_mean, b->net_coop);
    } else {
        const char *sep = strcmp(p->format, "csv") == 0 ? "," : "\t";
        if (p->n == 0 && strcmp(p->format, "csv") == 0)
            printf("source,target,period,events,weight,verbal_coop,material_coop,verbal_conflict,"
                   "material_conflict,goldstein_sum,goldstein_mean,net_coop\n");
        else if (p->n == 0)
            printf("source\ttarget\tperiod\tevents\tweight\tq1\tq2\tq3\tq4\tgold_sum\tgold_mean\tnet_coop\n");
        printf("%s%s%s%s%s%s%lld%s%g%s%g%s%g%s%g%s%g%s%.2f%s%.3f%s%g\n", b->source, sep, b->target, sep,
               b->label, sep, (long long)b->events, sep, b->weight, sep, b->quad[0], sep, b->quad[1],
               sep, b->quad[2], sep, b->quad[3], sep, b->goldstein_sum, sep, b->goldstein_mean, sep,
               b->net_coop);
    }
    p->n++;
    return 0;
}

static void end_bins(bin_printer *p) {
    if (strcmp(p->format, "json") == 0) printf(p->n ? "]\n" : "[]\n");
}

static int check_format(const char *cmd, const char *format, const char *allowed) {
    char padded[64];
    snprintf(padded, sizeof padded, "|%s|", format);
    char list[64];
    snprintf(list, sizeof list, "|%s|", allowed);
    if (strstr(list, padded)) return 0;
    cli_usage_error(cmd, "--format takes %s", allowed);
    return -1;
}

static int finish(rel_args *a, orr_relate *rel, int status, int bad_input) {
    orr_relate_free(rel);
    free(a->from);
    return status ? status : bad_input ? EXIT_BADINPUT : EXIT_OK;
}

int cmd_dyad(int argc, char **argv) {
    rel_args a;
    rel_args_init(&a, argc);
    a.format = "table";
    const char *ends[2] = {NULL, NULL};
    int n_ends = 0;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        int r = rel_common_opt(&o, &a);
        if (r < 0) return finish(&a, NULL, EXIT_USAGE, 0);
        if (r) continue;
        if (o.positional && n_ends < 2) ends[n_ends++] = o.arg;
        else if (o.positional) return finish(&a, NULL, cli_usage_error("dyad", "at most two actors"), 0);
        else return finish(&a, NULL, cli_unknown_option(&o), 0);
    }
    if (check_format("dyad", a.format, "table|csv|json")) return finish(&a, NULL, EXIT_USAGE, 0);
    if (n_ends == 1) return finish(&a, NULL, cli_usage_error("dyad", "give both actors (or none for every dyad)"), 0);
    if (n_ends == 2) {
        a.filter.source = ends[0];
        a.filter.target = ends[1];
    }
    orr_relate *rel;
    int bad = 0, status = rel_load(&a, &rel, &bad);
    if (status) return finish(&a, NULL, status, 0);
    bin_printer p = {a.format, 0};
    orr_error err;
    double t0 = now_seconds();
    if (orr_relate_series(rel, ends[0], ends[1], a.by, print_bin, &p, &err)) {
        cli_print_error(&err);
        status = EXIT_FAIL;
    }
    end_bins(&p);
    if (a.stats) fprintf(stderr, "orrery: %d bins in %.3f s\n", p.n, now_seconds() - t0);
    return finish(&a, rel, status, bad);
}

int cmd_top(int argc, char **argv) {
    rel_args a;
    rel_args_init(&a, argc);
    a.format = "table";
    a.limit = 20;
    orr_top_by by = ORR_TOP_VOLUME;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "--by")) {
            const char *v = cli_opt_value(&o);
            if (!v) return finish(&a, NULL, EXIT_USAGE, 0);
            if (strcmp(v, "volume") == 0) by = ORR_TOP_VOLUME;
            else if (strcmp(v, "conflict") == 0) by = ORR_TOP_CONFLICT;
            else if (strcmp(v, "cooperation") == 0) by = ORR_TOP_COOPERATION;
            else return finish(&a, NULL, cli_usage_error("top", "--by takes volume, conflict or cooperation"), 0);
            continue;
        }
        int r = rel_common_opt(&o, &a);
        if (r < 0) return finish(&a, NULL, EXIT_USAGE, 0);
        if (!r) return finish(&a, NULL, cli_unknown_option(&o), 0);
    }
    if (check_format("top", a.format, "table|csv|json")) return finish(&a, NULL, EXIT_USAGE, 0);
    orr_relate *rel;
    int bad = 0, status = rel_load(&a, &rel, &bad);
    if (status) return finish(&a, NULL, status, 0);
    bin_printer p = {a.format, 0};
    orr_error err;
    if (orr_relate_top(rel, by, a.limit, print_bin, &p, &err)) {
        cli_print_error(&err);
        status = EXIT_FAIL;
    }
    end_bins(&p);
    return finish(&a, rel, status, bad);
}

/* --- actors ---------------------------------------------------------------- */

typedef struct actor_printer {
    const char *format;
    int n;
    size_t limit;
} actor_printer;

static int print_actor(void *ctx, const orr_actor_row *r) {
    actor_printer *p = ctx;
    if (p->limit && (size_t)p->n >= p->limit) return 1;
    if (strcmp(p->format, "json") == 0) {
        printf("%s{\"actor\":", p->n ? ",\n " : "[");
        json_str(stdout, r->code);
        printf(",\"events\":%lld,\"as_source\":%lld,\"as_target\":%lld,\"goldstein_mean\":%.3f}",
               (long long)r->events, (long long)r->as_source, (long long)r->as_target, r->goldstein_mean);
    } else {
        const char *sep = strcmp(p->format, "csv") == 0 ? "," : "\t";
        if (p->n == 0) printf("actor%sevents%sas_source%sas_target%sgoldstein_mean\n", sep, sep, sep, sep);
        printf("%s%s%lld%s%lld%s%lld%s%.3f\n", r->code, sep, (long long)r->events, sep,
               (long long)r->as_source, sep, (long long)r->as_target, sep, r->goldstein_mean);
    }
    p->n++;
    return 0;
}

int cmd_actors(int argc, char **argv) {
    rel_args a;
    rel_args_init(&a, argc);
    a.format = "table";
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        int r = rel_common_opt(&o, &a);
        if (r < 0) return finish(&a, NULL, EXIT_USAGE, 0);
        if (!r) return finish(&a, NULL, cli_unknown_option(&o), 0);
    }
    if (check_format("actors", a.format, "table|csv|json")) return finish(&a, NULL, EXIT_USAGE, 0);
    orr_relate *rel;
    int bad = 0, status = rel_load(&a, &rel, &bad);
    if (status) return finish(&a, NULL, status, 0);
    actor_printer p = {a.format, 0, a.limit};
    orr_error err;
    if (orr_relate_actors(rel, print_actor, &p, &err)) {
        cli_print_error(&err);
        status = EXIT_FAIL;
    }
    if (strcmp(a.format, "json") == 0) printf(p.n ? "]\n" : "[]\n");
    return finish(&a, rel, status, bad);
}

int cmd_shifts(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("shifts", 6); }
int cmd_network(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("network", 6); }
int cmd_blocs(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("blocs", 6); }
int cmd_whatif(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("whatif", 6); }
