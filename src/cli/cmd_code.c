/*
** cmd_code.c — `orrery code`: read documents, code CAMEO events, write
** them to stdout (jsonl, tsv, gdelt or phoenix columns).  With -j N the
** documents are coded in batches by N threads, each with its own arena,
** sharing the read-only dictionary, model and CAMEO tables; each batch is
** printed in input order, so the output does not depend on N.
** `orrery validate` (PETRARCH unit-test records) lives in cmd_validate.c.
**
** Exit codes: 0 ok; 1 a file, dictionary or model could not be used;
** 2 bad command line; 3 some input records were bad (reported on stderr).
*/
#include "cli.h"
#include "code_setup.h"
#include "../util/util.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum out_format { OUT_JSONL, OUT_TSV, OUT_GDELT, OUT_PHOENIX } out_format;

/* A document copied out of the reader's callback, and what coding made of it. */
typedef struct job {
    orr_doc *doc;
    char *out;          /* formatted events (malloc'd) */
    size_t out_len;
    char *warn;         /* role warnings for stderr (malloc'd) */
    size_t warn_len;
    orr_error err;
    size_t n_events, n_sentences;
} job;

typedef struct code_run {
    const orr_coder *coder;
    out_format format;
    int threads;
    job *jobs;
    size_t n_jobs, cap_jobs;
    size_t n_docs, n_events, n_bad, n_warnings, n_sentences;
    int check_roles;
    int failed;
} code_run;

static const char *nz(const char *s) { return s ? s : ""; }

static void format_json(orr_buf *b, const orr_doc *doc, const orr_event *e) {
    const orr_sentence *sp = &doc->sentences[e->sentence];
    json_t *o = json_object();
    json_object_set_new(o, "doc", json_string(doc->id ? doc->id : doc->origin ? doc->origin : ""));
    json_object_set_new(o, "sentence", json_integer(e->sentence));
    json_object_set_new(o, "date", *e->date ? json_string(e->date) : json_null());
    json_object_set_new(o, "date_how", json_string(nz(e->date_how)));
    json_object_set_new(o, "source", json_string(e->source));
    json_object_set_new(o, "target", json_string(e->target));
    json_object_set_new(o, "code", json_string(e->code));
    json_object_set_new(o, "root", json_integer(e->root));
    json_object_set_new(o, "quad", json_integer(e->quad));
    json_object_set_new(o, "goldstein", json_real(e->goldstein));
    json_object_set_new(o, "plover", e->plover ? json_string(e->plover) : json_null());
    json_object_set_new(o, "source_text", json_string(e->source_text));
    json_object_set_new(o, "source_span", json_pack("[ii]", e->source_start, e->source_end));
    json_object_set_new(o, "target_text", json_string(e->target_text));
    json_object_set_new(o, "target_span", json_pack("[ii]", e->target_start, e->target_end));
    json_object_set_new(o, "verb_text", json_string(e->verb_text));
    json_object_set_new(o, "verb_span", json_pack("[ii]", e->verb_start, e->verb_end));
    json_object_set_new(o, "issues", e->issues ? json_string(e->issues) : json_null());
    json_object_set_new(o, "text", json_stringn(doc->text + sp->start, sp->end - sp->start));
    char *s = json_dumps(o, JSON_COMPACT);
    if (s) {
        orr_buf_puts(b, s);
        orr_buf_puts(b, "\n");
    }
    free(s);
    json_decref(o);
}

static void tsv_clean(orr_buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        orr_buf_append(b, c == '\t' || c == '\n' || c == '\r' ? " " : &s[i], 1);
    }
}

static void format_event(orr_buf *b, out_format f, const orr_doc *doc, const orr_event *e, size_t k) {
    char ymd[9] = "";
    if (*e->date) snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", e->date, e->date + 5, e->date + 8);
    const char *docname = doc->id ? doc->id : nz(doc->origin);
    const orr_sentence *sp = &doc->sentences[e->sentence];
    switch (f) {
    case OUT_JSONL: format_json(b, doc, e); break;
    case OUT_TSV:
        orr_buf_printf(b, "%s\t%s\t%s\t%s\t%d\t%d\t%.1f\t%s\t%d\t", e->date, e->source, e->target,
                       e->code, e->root, e->quad, e->goldstein, docname, (int)e->sentence);
        tsv_clean(b, e->source_text, strlen(e->source_text));
        orr_buf_puts(b, "\t");
        tsv_clean(b, e->verb_text, strlen(e->verb_text));
        orr_buf_puts(b, "\t");
        tsv_clean(b, e->target_text, strlen(e->target_text));
        orr_buf_puts(b, "\t");
        tsv_clean(b, doc->text + sp->start, sp->end - sp->start);
        orr_buf_puts(b, "\n");
        break;
    case OUT_GDELT:  /* the GDELT 1.0 event columns orrery knows; others empty */
        orr_buf_printf(b, "%s-%zu\t%s\t%.6s\t%.4s\t%.4s\t%s\t\t\t\t\t\t\t%s\t%s\t%s\t%s\t\t\t\t\t\t\t\t0\t%s\t%.3s\t%.2s\t%d\t%.1f\t1\t1\t1\t0\t%s\n",
                       docname, k, ymd, ymd, ymd, e->source, e->source_country, e->target,
                       e->target_country, "", "", e->code, e->code, e->code, e->quad, e->goldstein,
                       nz(e->url));
        break;
    case OUT_PHOENIX:
        orr_buf_printf(b, "%s-%zu\t%s\t%.4s\t%.2s\t%.2s\t%s\t%s\t%s\t\t%s\t%s\t%s\t\t%s\t%02d\t%d\t%.1f\t%s\t\t\t\t\t\t%s-%d\t%s\torrery\n",
                       docname, k, ymd, ymd, ymd + 4, ymd + 6, e->source, e->source_country,
                       nz(e->source_agent), e->target, e->target_country, nz(e->target_agent),
                       e->code, e->root, e->quad, e->goldstein, nz(e->issues), docname,
                       (int)e->sentence, nz(e->url));
        break;
    }
}

static void format_warning(orr_buf *b, const orr_doc *doc, const orr_role_warning *w) {
    orr_buf_printf(b,
            "orrery code: role warning: %s sentence %d: \"%s\": title %s, dictionary %s; used %s: %s\n",
            doc->id ? doc->id : nz(doc->origin), (int)w->sentence, w->mention, w->title_code,
            w->dict_code, w->used_code, w->why);
}

/* Code one job (runs on a worker thread). */
static void job_run(const code_run *run, job *j) {
    orr_arena *arena = orr_arena_new(1 << 16);
    orr_buf b, wb;
    orr_buf_init(&b);
    orr_buf_init(&wb);
    orr_coded coded;
    orr_error_clear(&j->err);
    if (!arena) {
        orr_error_set(&j->err, ORR_ENOMEM, "out of memory");
    } else if (orr_code_doc(run->coder, arena, j->doc, 0, &coded, &j->err) == ORR_OK) {
        for (size_t k = 0; k < coded.n_events; k++)
            format_event(&b, run->format, j->doc, &coded.events[k], k);
        j->n_events = coded.n_events;
        j->n_sentences = coded.n_sentences;
        if (run->check_roles)
            for (size_t k = 0; k < coded.n_warnings; k++)
                format_warning(&wb, j->doc, &coded.warnings[k]);
    }
    j->out = orr_buf_steal(&b, &j->out_len);
    j->warn = orr_buf_steal(&wb, &j->warn_len);
    orr_arena_free(arena);
}

typedef struct worker {
    const code_run *run;
    size_t first, step;
} worker;

static void *worker_main(void *arg) {
    worker *w = arg;
    for (size_t i = w->first; i < w->run->n_jobs; i += w->step) job_run(w->run, &w->run->jobs[i]);
    return NULL;
}

static void flush_jobs(code_run *run) {
    size_t nt = (size_t)run->threads;
    if (nt <= 1 || run->n_jobs < 2) {
        for (size_t i = 0; i < run->n_jobs; i++) job_run(run, &run->jobs[i]);
    } else {
        pthread_t tid[64];
        worker w[64];
        if (nt > 64) nt = 64;
        size_t started = 0;
        for (size_t t = 0; t < nt; t++) {
            w[t] = (worker){run, t, nt};
            if (pthread_create(&tid[t], NULL, worker_main, &w[t]) == 0) started++;
            else { worker_main(&w[t]); }
        }
        for (size_t t = 0; t < started; t++) pthread_join(tid[t], NULL);
    }
    for (size_t i = 0; i < run->n_jobs; i++) {
        job *j = &run->jobs[i];
        if (j->err.code) {
            cli_print_error(&j->err);
            run->n_bad++;
        }
        if (j->out_len) fwrite(j->out, 1, j->out_len, stdout);
        if (j->warn_len) {
            fflush(stdout);
            fwrite(j->warn, 1, j->warn_len, stderr);
        }
        run->n_events += j->n_events;
        run->n_sentences += j->n_sentences;
        free(j->out);
        free(j->warn);
        orr_doc_free(j->doc);
    }
    run->n_jobs = 0;
}

/* Copy what the coder needs out of a document the reader will free. */
static orr_doc *doc_copy(const orr_doc *d) {
    orr_doc *c = orr_doc_new();
    if (!c) return NULL;
    orr_arena *a = c->arena;
    c->origin = d->origin ? orr_arena_strdup(a, d->origin) : NULL;
    c->id = d->id ? orr_arena_strdup(a, d->id) : NULL;
    c->url = d->url ? orr_arena_strdup(a, d->url) : NULL;
    c->date = d->date ? orr_arena_strdup(a, d->date) : NULL;
    c->text = orr_arena_strndup(a, d->text ? d->text : "", d->text_len);
    c->text_len = d->text_len;
    c->n_sentences = d->n_sentences;
    c->sentences = orr_arena_alloc(a, (d->n_sentences + 1) * sizeof *c->sentences);
    if (!c->text || !c->sentences) { orr_doc_free(c); return NULL; }
    if (d->n_sentences) memcpy(c->sentences, d->sentences, d->n_sentences * sizeof *c->sentences);
    return c;
}

static int on_doc(void *ctx, orr_doc *doc) {
    code_run *run = ctx;
    run->n_docs++;
    if (run->n_jobs == run->cap_jobs) flush_jobs(run);
    orr_doc *copy = doc_copy(doc);
    if (!copy) { run->failed = 1; return 1; }
    run->jobs[run->n_jobs++] = (job){.doc = copy};
    return 0;
}

static void on_warning(void *ctx, const orr_error *warning) {
    code_run *run = ctx;
    run->n_bad++;
    fprintf(stderr, "orrery code: %s\n", warning->message);
}

int cmd_code(int argc, char **argv) {
    code_setup setup;
    code_setup_init(&setup);
    orr_format in_format = ORR_FMT_AUTO;
    code_run run = {.threads = 1};
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t n_files = 0;
    int status = EXIT_OK;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (status == EXIT_OK && cli_opts_next(&o)) {
        const char *v;
        int r = code_setup_option(&setup, &o, "code");
        if (r < 0) { status = EXIT_USAGE; continue; }
        if (r > 0) continue;
        if (cli_opt_is(&o, "--in")) {
            if (!(v = cli_opt_value(&o))) status = EXIT_USAGE;
            else if (orr_format_parse(v, &in_format))
                status = cli_usage_error("code", "unknown input format '%s'", v);
        } else if (cli_opt_is(&o, "--format")) {
            if (!(v = cli_opt_value(&o))) status = EXIT_USAGE;
            else if (!strcmp(v, "jsonl")) run.format = OUT_JSONL;
            else if (!strcmp(v, "tsv")) run.format = OUT_TSV;
            else if (!strcmp(v, "gdelt")) run.format = OUT_GDELT;
            else if (!strcmp(v, "phoenix")) run.format = OUT_PHOENIX;
            else status = cli_usage_error("code", "--format must be jsonl, tsv, gdelt or phoenix");
        } else if (cli_opt_is(&o, "-j")) {
            if (!(v = cli_opt_value(&o))) status = EXIT_USAGE;
            else if ((run.threads = atoi(v)) < 1 || run.threads > 64)
                status = cli_usage_error("code", "-j needs a number of threads from 1 to 64");
        } else if (o.positional) {
            files[n_files++] = o.arg;
        } else {
            status = cli_unknown_option(&o);
        }
    }
    if (status == EXIT_OK && n_files == 0) files[n_files++] = "-";
    orr_coder *coder = NULL;
    if (status == EXIT_OK && code_setup_open(&setup, &coder)) status = EXIT_FAIL;
    run.coder = coder;
    run.check_roles = setup.check_roles;
    run.cap_jobs = run.threads > 1 ? 64 * (size_t)run.threads : 1;
    run.jobs = calloc(run.cap_jobs, sizeof *run.jobs);
    if (status == EXIT_OK && !run.jobs) status = EXIT_FAIL;
    for (size_t i = 0; status == EXIT_OK && i < n_files; i++) {
        orr_error err;
        orr_error_clear(&err);
        int rc = orr_read_docs(files[i], in_format, on_doc, on_warning, &run, &err);
        if (rc && rc != ORR_ESTOP) {
            cli_print_error(&err);
            run.n_bad++;
        }
        if (run.failed) status = EXIT_FAIL;
    }
    if (run.jobs) flush_jobs(&run);
    fflush(stdout);
    if (status == EXIT_OK)
        fprintf(stderr, "orrery code: %zu document%s, %zu sentences, %zu event%s, %zu bad\n",
                run.n_docs, run.n_docs == 1 ? "" : "s", run.n_sentences, run.n_events,
                run.n_events == 1 ? "" : "s", run.n_bad);
    free(run.jobs);
    free(files);
    code_setup_free(&setup, coder);
    if (status == EXIT_OK && run.n_bad) status = EXIT_BADINPUT;
    return status;
}
