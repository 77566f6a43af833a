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
    int stream;                 /* aggregate while reading (dyad --from) */
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

/* Process CPU time: on a shared machine the honest speed figure. */
static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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
    if (a->stream && a->n_from && orr_relate_stream(rel, a->by)) {
        fprintf(stderr, "orrery: out of memory\n");
        orr_relate_free(rel);
        return EXIT_FAIL;
    }
    double t0 = now_seconds();
    int status = a->n_from ? load_from_files(a, rel, bad_input) : load_from_db(a, rel);
    if (status) {
        orr_relate_free(rel);
        return status;
    }
    orr_relate_trim(rel);
    if (a->stats)
        fprintf(stderr, "orrery: loaded %zu events in %.3f s CPU, %zu bytes held (%.1f bytes/event)\n",
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

/* Append s and a separator (codes are short; cut at 100 bytes). */
static char *put_str(char *o, const char *s, char sep) {
    for (int i = 0; s[i] && i < 100; i++) *o++ = s[i];
    *o++ = sep;
    return o;
}

/* Append n in decimal, two digits per division (a series has millions of
** numbers to write). */
static char *put_uint(char *o, unsigned long long n) {
    static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                "25262728293031323334353637383940414243444546474849"
                                "50515253545556575859606162636465666768697071727374"
                                "75767778798081828384858687888990919293949596979899";
    char buf[24], *end = buf + sizeof buf, *p = end;
    for (; n >= 100; n /= 100) {
        p -= 2;
        memcpy(p, pairs + 2 * (n % 100), 2);
    }
    if (n >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * n, 2);
    } else {
        *--p = (char)('0' + n);
    }
    memcpy(o, p, (size_t)(end - p));
    return o + (end - p);
}

/* Append v rounded to `decimals` (0-3) places, then sep; %g beyond 1e15. */
static char *put_fixed(char *o, double v, int decimals, char sep) {
    static const double scale[4] = {1, 10, 100, 1000};
    if (!(v > -1e15 && v < 1e15)) {
        o += snprintf(o, 32, "%g", v);
        *o++ = sep;
        return o;
    }
    double r = v * scale[decimals];
    long long n = (long long)(r < 0 ? r - 0.5 : r + 0.5);
    if (n < 0) { *o++ = '-'; n = -n; }
    else if (n == 0 && decimals && v < 0) *o++ = '-';
    o = put_uint(o, (unsigned long long)n / (unsigned long long)scale[decimals]);
    if (decimals) {
        *o++ = '.';
        unsigned long long frac = (unsigned long long)n % (unsigned long long)scale[decimals];
        for (int i = decimals - 1; i >= 0; i--, frac /= 10) o[i] = (char)('0' + frac % 10);
        o += decimals;
    }
    *o++ = sep;
    return o;
}

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
        char sep = strcmp(p->format, "csv") == 0 ? ',' : '\t';
        if (p->n == 0 && sep == ',')
            printf("source,target,period,events,weight,verbal_coop,material_coop,verbal_conflict,"
                   "material_conflict,goldstein_sum,goldstein_mean,net_coop\n");
        else if (p->n == 0)
            printf("source\ttarget\tperiod\tevents\tweight\tq1\tq2\tq3\tq4\tgold_sum\tgold_mean\tnet_coop\n");
        /* hand-formatted: printf was most of the time of a big aggregation */
        char line[512], *o = line;
        o = put_str(o, b->source, sep);
        o = put_str(o, b->target, sep);
        o = put_str(o, b->label, sep);
        o = put_fixed(o, (double)b->events, 0, sep);
        o = put_fixed(o, b->weight, 0, sep);
        for (int q = 0; q < 4; q++) o = put_fixed(o, b->quad[q], 0, sep);
        o = put_fixed(o, b->goldstein_sum, 2, sep);
        o = put_fixed(o, b->goldstein_mean, 3, sep);
        o = put_fixed(o, b->net_coop, 0, '\n');
        fwrite(line, 1, (size_t)(o - line), stdout);
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

/* Commands that take only the common options: parse them and check
** --format.  Returns EXIT_OK, or the exit status (a->... freed). */
static int parse_common_only(int argc, char **argv, rel_args *a, const char *cmd,
                             const char *default_format, const char *allowed) {
    rel_args_init(a, argc);
    a->format = default_format;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        int r = rel_common_opt(&o, a);
        if (r < 0) return finish(a, NULL, EXIT_USAGE, 0);
        if (!r) return finish(a, NULL, cli_unknown_option(&o), 0);
    }
    if (check_format(cmd, a->format, allowed)) return finish(a, NULL, EXIT_USAGE, 0);
    return EXIT_OK;
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
    a.stream = 1;   /* only the series is asked: no per-event table needed */
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
    if (a.stats) fprintf(stderr, "orrery: %d bins in %.3f s CPU\n", p.n, now_seconds() - t0);
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
    int parsed = parse_common_only(argc, argv, &a, "actors", "table", "table|csv|json");
    if (parsed) return parsed;
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

/* --- shifts ---------------------------------------------------------------- */

typedef struct shift_printer {
    const char *format;
    int n;
    orr_db *db;           /* for evidence events, or NULL */
} shift_printer;

typedef struct evidence {
    orr_event best[3];
    char ids[3][64], codes[3][8], urls[3][200], texts[3][80];
    int n;
} evidence;

static int pick_evidence(void *ctx, const orr_event *e) {
    evidence *ev = ctx;
    /* keep the three most-mentioned events; ties: the first by date */
    int slot = ev->n < 3 ? ev->n++ : -1;
    if (slot < 0) {
        int worst = 0;
        for (int k = 1; k < 3; k++) if (ev->best[k].num_mentions < ev->best[worst].num_mentions) worst = k;
        if (e->num_mentions <= ev->best[worst].num_mentions) return 0;
        slot = worst;
    }
    ev->best[slot] = *e;
    snprintf(ev->ids[slot], 64, "%s", e->origin_id ? e->origin_id : "");
    snprintf(ev->urls[slot], 200, "%s", e->url ? e->url : e->origin ? e->origin : "");
    snprintf(ev->texts[slot], 80, "%s", e->verb_text ? e->verb_text : e->plover ? e->plover : "");
    return 0;
}

static void print_evidence(shift_printer *p, const orr_shift *s) {
    if (!p->db) return;
    orr_event_filter f = {.source = s->source, .target = s->target};
    int y, m, d;
    char from[32], to[32];
    /* one month either side of the change point */
    if (sscanf(s->change_at, "%d-%d-%d", &y, &m, &d) != 3) return;
    snprintf(from, sizeof from, "%04d-%02d-01", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
    snprintf(to, sizeof to, "%04d-%02d-31", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
    f.date_from = from;
    f.date_to = to;
    evidence ev = {0};
    orr_error err;
    if (orr_db_query_events(p->db, &f, pick_evidence, &ev, &err)) return;
    for (int k = 0; k < ev.n; k++)
        printf("    evidence %s %s %s goldstein %+.1f mentions %d: %s %s\n", ev.best[k].date,
               ev.best[k].code, ev.texts[k], ev.best[k].goldstein, ev.best[k].num_mentions, ev.ids[k],
               ev.urls[k]);
}

static int print_shift(void *ctx, const orr_shift *s) {
    shift_printer *p = ctx;
    if (strcmp(p->format, "json") == 0) {
        printf("%s{\"source\":", p->n ? ",\n " : "[");
        json_str(stdout, s->source);
        printf(",\"target\":");
        json_str(stdout, s->target);
        printf(",\"change_at\":\"%s\",\"before_from\":\"%s\",\"after_to\":\"%s\",\"mean_before\":%.3f,"
               "\"mean_after\":%.3f,\"size\":%.3f,\"points\":%zu,\"events\":%lld}",
               s->change_at, s->before_from, s->after_to, s->mean_before, s->mean_after, s->size,
               s->n_points, (long long)s->events);
    } else {
        printf("%d. %s->%s changed at %s: mean Goldstein %+.2f (%zu periods from %s) -> %+.2f "
               "(%zu periods to %s), shift %+.2f, %lld events\n",
               p->n + 1, s->source, s->target, s->change_at, s->mean_before, s->n_before,
               s->before_from, s->mean_after, s->n_after, s->after_to, s->size, (long long)s->events);
        print_evidence(p, s);
    }
    p->n++;
    return 0;
}

int cmd_shifts(int argc, char **argv) {
    rel_args a;
    rel_args_init(&a, argc);
    a.format = "table";
    a.limit = 10;
    size_t min_points = 6;
    const char *since = NULL;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "--min-points")) {
            const char *v = cli_opt_value(&o);
            if (!v) return finish(&a, NULL, EXIT_USAGE, 0);
            min_points = (size_t)strtoul(v, NULL, 10);
            continue;
        }
        int r = rel_common_opt(&o, &a);
        if (r < 0) return finish(&a, NULL, EXIT_USAGE, 0);
        if (!r) return finish(&a, NULL, cli_unknown_option(&o), 0);
    }
    if (check_format("shifts", a.format, "table|json")) return finish(&a, NULL, EXIT_USAGE, 0);
    since = a.filter.date_from;
    a.filter.date_from = NULL;   /* the series before --since is context, shifts after it */
    orr_relate *rel;
    int bad = 0, status = rel_load(&a, &rel, &bad);
    if (status) return finish(&a, NULL, status, 0);
    shift_printer p = {a.format, 0, NULL};
    orr_error err;
    if (!a.n_from && orr_db_open(&p.db, a.db_path, &err)) p.db = NULL;
    if (orr_relate_shifts(rel, a.by, since, min_points, a.limit, print_shift, &p, &err)) {
        cli_print_error(&err);
        status = EXIT_FAIL;
    }
    if (strcmp(a.format, "json") == 0) printf(p.n ? "]\n" : "[]\n");
    else if (p.n == 0) printf("no shifts: no dyad has %zu or more %s periods with a change point\n",
                              min_points, "observed");
    if (p.db) orr_db_close(p.db);
    return finish(&a, rel, status, bad);
}

/* --- network, blocs, whatif ------------------------------------------------- */

static int build_network(rel_args *a, const char *cmd, orr_relate **rel, orr_network **net, int *bad) {
    char from[11], to[11];
    orr_error err;
    if (orr_window_parse(a->window, from, to, &err)) return cli_usage_error(cmd, "--%s", err.message);
    int status = rel_load(a, rel, bad);
    if (status) return status;
    orr_network_opts no = {from[0] ? from : NULL, to[0] ? to : NULL, a->min_events, 1, 42};
    if (orr_network_build(*rel, &no, net, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int cmd_network(int argc, char **argv) {
    rel_args a;
    int parsed = parse_common_only(argc, argv, &a, "network", "json", "json|dot|graphml");
    if (parsed) return parsed;
    orr_relate *rel = NULL;
    orr_network *net = NULL;
    int bad = 0, status = build_network(&a, "network", &rel, &net, &bad);
    orr_error err;
    if (!status && orr_network_write(net, a.format, stdout, &err)) {
        cli_print_error(&err);
        status = EXIT_FAIL;
    }
    orr_network_free(net);
    return finish(&a, rel, status, bad);
}

int cmd_blocs(int argc, char **argv) {
    rel_args a;
    int parsed = parse_common_only(argc, argv, &a, "blocs", "table", "table|json");
    if (parsed) return parsed;
    orr_relate *rel = NULL;
    orr_network *net = NULL;
    int bad = 0, status = build_network(&a, "blocs", &rel, &net, &bad);
    if (status) {
        orr_network_free(net);
        return finish(&a, rel, status, bad);
    }
    if (strcmp(a.format, "json") == 0) {
        orr_error err;
        orr_network_write(net, "json", stdout, &err);
    } else {
        printf("%zu actors, %zu ties, %zu of %zu triads balanced (%.0f%%), frustration %zu%s, "
               "%d blocs (signed modularity %.3f)\n",
               net->n_nodes, net->n_edges, net->balanced_triads, net->triads,
               net->triads ? 100.0 * (double)net->balanced_triads / (double)net->triads : 100.0,
               net->frustration, net->frustration_exact ? "" : " (upper bound)", net->n_blocs,
               net->bloc_quality);
        for (int b = 1; b <= net->n_blocs; b++) {
            int size = 0;
            for (size_t i = 0; i < net->n_nodes; i++) size += net->nodes[i].bloc == b;
            if (size < 2) continue;
            printf("bloc %d (%d):", b, size);
            for (size_t i = 0; i < net->n_nodes; i++)
                if (net->nodes[i].bloc == b) printf(" %s", net->nodes[i].code);
            printf("\n");
        }
        int singles = 0;
        for (int b = 1; b <= net->n_blocs; b++) {
            int size = 0;
            for (size_t i = 0; i < net->n_nodes; i++) size += net->nodes[i].bloc == b;
            singles += size == 1;
        }
        if (singles) printf("(%d actors alone in their bloc not shown)\n", singles);
        printf("most isolated (share of hostile ties, actors with >= 3 ties):");
        int *order = calloc(net->n_nodes + 1, sizeof *order), n_order = 0;
        for (size_t i = 0; order && i < net->n_nodes; i++)
            if (net->nodes[i].degree >= 3 && net->nodes[i].isolation > 0) order[n_order++] = (int)i;
        for (int i = 1; i < n_order; i++)   /* insertion sort by isolation, descending */
            for (int j = i; j > 0 && net->nodes[order[j]].isolation > net->nodes[order[j - 1]].isolation; j--) {
                int t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
            }
        for (int i = 0; i < n_order && i < 8; i++) {
            const orr_net_node *v = &net->nodes[order[i]];
            printf(" %s %.2f (%d/%d)", v->code, v->isolation, v->n_negative, v->degree);
        }
        free(order);
        printf("\n");
    }
    orr_network_free(net);
    return finish(&a, rel, status, bad);
}

int cmd_whatif(int argc, char **argv) {
    rel_args a;
    rel_args_init(&a, argc);
    a.format = "table";
    orr_whatif_change *changes = calloc((size_t)argc + 1, sizeof *changes);
    size_t n_changes = 0;
    orr_error err;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        int r = rel_common_opt(&o, &a);
        if (r < 0) { free(changes); return finish(&a, NULL, EXIT_USAGE, 0); }
        if (r) continue;
        if (!o.positional) { free(changes); return finish(&a, NULL, cli_unknown_option(&o), 0); }
        if (orr_whatif_parse(o.arg, &changes[n_changes++], &err)) {
            free(changes);
            return finish(&a, NULL, cli_usage_error("whatif", "%s", err.message), 0);
        }
    }
    if (!n_changes) { free(changes); return finish(&a, NULL, cli_usage_error("whatif", "no change given"), 0); }
    if (check_format("whatif", a.format, "table|json")) { free(changes); return finish(&a, NULL, EXIT_USAGE, 0); }
    orr_relate *rel = NULL;
    orr_network *net = NULL;
    orr_whatif_result *res = NULL;
    int bad = 0, status = build_network(&a, "whatif", &rel, &net, &bad);
    if (!status && orr_whatif_run(net, changes, n_changes, &res, &err)) {
        cli_print_error(&err);
        status = err.code == ORR_ENOTFOUND ? EXIT_BADINPUT : EXIT_FAIL;
    }
    if (!status && strcmp(a.format, "json") == 0) {
        printf("{\"summary\":");
        json_str(stdout, res->summary);
        printf(",\"unbalanced_before\":%zu,\"unbalanced_after\":%zu,\"triads\":[", res->unbalanced_before,
               res->unbalanced_after);
        for (size_t i = 0; i < res->n_triads; i++)
            printf("%s{\"actors\":[\"%s\",\"%s\",\"%s\"],\"scores\":[%.2f,%.2f,%.2f],\"balanced_before\":%s,"
                   "\"balanced_after\":%s}", i ? "," : "", res->triads[i].a, res->triads[i].b,
                   res->triads[i].c, res->triads[i].ab, res->triads[i].ac, res->triads[i].bc,
                   res->triads[i].balanced_before ? "true" : "false",
                   res->triads[i].balanced_after ? "true" : "false");
        printf("],\"dyads\":[");
        for (size_t i = 0; i < res->n_dyads; i++)
            printf("%s{\"a\":\"%s\",\"b\":\"%s\",\"current\":%.2f,\"pressure\":%.3f}", i ? "," : "",
                   res->dyads[i].a, res->dyads[i].b, res->dyads[i].current, res->dyads[i].pressure);
        printf("],\"actors\":[");
        for (size_t i = 0; i < res->n_actors; i++)
            printf("%s{\"actor\":\"%s\",\"pressure\":%.3f,\"isolation_before\":%.3f,\"isolation_after\":%.3f}",
                   i ? "," : "", res->actors[i].code, res->actors[i].pressure,
                   res->actors[i].isolation_before, res->actors[i].isolation_after);
        printf("]}\n");
    } else if (!status) {
        printf("%s\n\n", res->summary);
        printf("triads whose balance changes:\n");
        for (size_t i = 0; i < res->n_triads; i++)
            printf("  %s-%s-%s  scores %+.1f %+.1f %+.1f  %s -> %s\n", res->triads[i].a, res->triads[i].b,
                   res->triads[i].c, res->triads[i].ab, res->triads[i].ac, res->triads[i].bc,
                   res->triads[i].balanced_before ? "balanced" : "unbalanced",
                   res->triads[i].balanced_after ? "balanced" : "UNBALANCED");
        printf("implied pressure on other dyads (ranked):\n");
        for (size_t i = 0; i < res->n_dyads && (a.limit ? i < a.limit : i < 15); i++)
            printf("  %-4s-%-4s %+.2f toward %-11s (current %s%+.1f)\n", res->dyads[i].a, res->dyads[i].b,
                   res->dyads[i].pressure, res->dyads[i].pressure < 0 ? "conflict" : "cooperation",
                   res->dyads[i].has_tie ? "" : "no tie, ", res->dyads[i].current);
        size_t show = a.limit ? a.limit : 10, shown = 0;
        printf("actors pushed toward conflict with their current partners (isolation):\n");
        for (size_t i = 0; i < res->n_actors && shown < show && res->actors[i].pressure < -1e-9; i++, shown++)
            printf("  %-5s pressure %+.2f  hostile share %.2f -> %.2f\n", res->actors[i].code,
                   res->actors[i].pressure, res->actors[i].isolation_before, res->actors[i].isolation_after);
        printf("actors drawn toward cooperation:\n");
        shown = 0;
        for (size_t i = res->n_actors; i > 0 && shown < show && res->actors[i - 1].pressure > 1e-9; i--, shown++)
            printf("  %-5s pressure %+.2f  hostile share %.2f -> %.2f\n", res->actors[i - 1].code,
                   res->actors[i - 1].pressure, res->actors[i - 1].isolation_before,
                   res->actors[i - 1].isolation_after);
    }
    orr_whatif_free(res);
    orr_network_free(net);
    free(changes);
    return finish(&a, rel, status, bad);
}
