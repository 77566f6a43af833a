/*
** cmd_code.c — `orrery code`: read documents, code CAMEO events, write
** them to stdout (jsonl, tsv, gdelt or phoenix columns).  With -j N,
** N worker threads read and code whole records (see "The pipeline"
** below), sharing the read-only dictionary, model and CAMEO tables; the
** output is printed in input order, so it does not depend on N.  --stats
** tells where the CPU time went.
** `orrery validate` (PETRARCH unit-test records) lives in cmd_validate.c.
**
** Exit codes: 0 ok; 1 a file, dictionary or model could not be used;
** 2 bad command line; 3 some input records were bad (reported on stderr).
*/
#include "cli.h"
#include "code_setup.h"
#include "../util/util.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef enum out_format { OUT_JSONL, OUT_TSV, OUT_GDELT, OUT_PHOENIX } out_format;

static const char *nz(const char *s) { return s ? s : ""; }

static void format_json_tree(orr_buf *b, const orr_doc *doc, const orr_event *e) {
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
    json_object_set_new(o, "rule", e->origin ? json_string(e->origin) : json_null());
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

/* Append s[0,n) as a JSON string the way jansson's compact dump writes it;
** 0 if it is not valid UTF-8 (jansson would not take it). */
static int json_put_string(orr_buf *b, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s, *end = p + n, *run = p;
    orr_buf_append(b, "\"", 1);
    while (p < end) {
        unsigned c = *p;
        if (c >= 0x80) {
            size_t k = orr_utf8_seq_len(p, end);
            if (!k) return 0;
            p += k;
            continue;
        }
        if (c != '"' && c != '\\' && c >= 0x20) {
            p++;
            continue;
        }
        orr_buf_append(b, run, (size_t)(p - run));
        char esc[8];
        switch (c) {
        case '"': memcpy(esc, "\\\"", 3); break;
        case '\\': memcpy(esc, "\\\\", 3); break;
        case '\b': memcpy(esc, "\\b", 3); break;
        case '\f': memcpy(esc, "\\f", 3); break;
        case '\n': memcpy(esc, "\\n", 3); break;
        case '\r': memcpy(esc, "\\r", 3); break;
        case '\t': memcpy(esc, "\\t", 3); break;
        default: snprintf(esc, sizeof esc, "\\u%04X", c); break;
        }
        orr_buf_puts(b, esc);
        run = ++p;
    }
    orr_buf_append(b, run, (size_t)(p - run));
    orr_buf_append(b, "\"", 1);
    return 1;
}

/* "key":"value" (or null for NULL when nullable); 0 as json_put_string. */
/* Append key and the byte span [start,end) as a two-number JSON array. */
static void json_put_span(orr_buf *b, const char *key, long long start, long long end) {
    orr_buf_printf(b, "%s[%lld,%lld]", key, start, end);
}

static int json_put_field(orr_buf *b, const char *key, const char *v, int nullable) {
    orr_buf_puts(b, key);
    if (!v && nullable) return orr_buf_puts(b, "null") == ORR_OK;
    return v && json_put_string(b, v, strlen(v));
}

/*
** The JSON-lines event written directly: the bytes json_dumps(JSON_COMPACT)
** gives for the object format_json_tree builds (keys in insertion order;
** '"', '\\' and control characters escaped as jansson escapes them, other
** bytes as they are; integers "%lld"; reals "%.17g" with ".0" added to an
** integral value), without building and freeing a tree per event — that
** was a tenth of the CPU outside tag+parse on bench_code.sh.  Anything
** jansson would refuse or treat specially (a string that is not UTF-8, a
** goldstein value that is not finite or needs an exponent) goes through
** format_json_tree, so the two can never differ.
*/
static void format_json(orr_buf *b, const orr_doc *doc, const orr_event *e) {
    const orr_sentence *sp = &doc->sentences[e->sentence];
    size_t mark = b->len;
    char num[96];
    int ok = isfinite(e->goldstein);
    if (ok) {
        orr_buf_puts(b, "{");
        ok = json_put_field(b, "\"doc\":", doc->id ? doc->id : doc->origin ? doc->origin : "", 0);
    }
    if (ok) {
        snprintf(num, sizeof num, ",\"sentence\":%lld", (long long)e->sentence);
        orr_buf_puts(b, num);
        ok = json_put_field(b, ",\"date\":", *e->date ? e->date : NULL, 1) &&
             json_put_field(b, ",\"date_how\":", nz(e->date_how), 0) &&
             json_put_field(b, ",\"source\":", e->source, 0) &&
             json_put_field(b, ",\"target\":", e->target, 0) &&
             json_put_field(b, ",\"code\":", e->code, 0);
    }
    if (ok) {
        char real[40];
        int w = snprintf(real, sizeof real, "%.17g", e->goldstein);
        /* jansson marks a real that prints as an integer with ".0" */
        int integral = strspn(real, "0123456789-") == strlen(real);
        ok = w > 0 && (size_t)w < sizeof real && !strchr(real, 'e');
        if (ok) {
            snprintf(num, sizeof num, ",\"root\":%lld,\"quad\":%lld,\"goldstein\":", (long long)e->root,
                     (long long)e->quad);
            orr_buf_puts(b, num);
            orr_buf_puts(b, real);
            if (integral) orr_buf_puts(b, ".0");
        }
    }
    if (ok)
        ok = json_put_field(b, ",\"plover\":", e->plover, 1) &&
             json_put_field(b, ",\"source_text\":", e->source_text, 0);
    if (ok) {
        json_put_span(b, ",\"source_span\":", e->source_start, e->source_end);
        ok = json_put_field(b, ",\"target_text\":", e->target_text, 0);
    }
    if (ok) {
        json_put_span(b, ",\"target_span\":", e->target_start, e->target_end);
        ok = json_put_field(b, ",\"verb_text\":", e->verb_text, 0);
    }
    if (ok) {
        json_put_span(b, ",\"verb_span\":", e->verb_start, e->verb_end);
        ok = json_put_field(b, ",\"rule\":", e->origin, 1) && json_put_field(b, ",\"issues\":", e->issues, 1);
    }
    if (ok) {
        orr_buf_puts(b, ",\"text\":");
        ok = json_put_string(b, doc->text + sp->start, sp->end - sp->start);
    }
    if (ok) {
        orr_buf_puts(b, "}\n");
        return;
    }
    b->len = mark;  /* jansson decides */
    if (b->data) b->data[mark] = 0;
    format_json_tree(b, doc, e);
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

/*
** The pipeline.  The main thread reads each file and cuts it into records
** (orr_read_split: a line of JSON lines, a whole text or HTML file), which
** is cheap, and queues them in a ring of jobs.  Workers take the jobs in
** turn and do everything else — JSON parsing, cleaning, sentence splitting,
** coding, formatting — into the job's own buffers.  The main thread prints
** finished jobs strictly in ring order, so stdout and stderr are the same
** for every -j.  Formats with many documents in one record (PETRARCH XML,
** RSS) are read on the main thread and each document becomes a job.
** A file's bytes are freed when the last job borrowing them is printed.
*/
typedef struct file_bytes {
    char *data;
    size_t refs;        /* jobs still borrowing data, +1 while it is split */
} file_bytes;

enum { JOB_FREE, JOB_QUEUED, JOB_DONE };

typedef struct job {
    int state;
    orr_record *records; /* read on the worker (CODE_GROUP at most, one file's)... */
    size_t n_records;
    file_bytes *file;   /* ...from these bytes */
    orr_doc *doc;       /* or a document read already (NULL) */
    orr_buf out;        /* formatted events */
    orr_buf msg;        /* stderr lines: reader warnings, errors, role warnings */
    size_t n_docs, n_events, n_sentences, n_bad, n_parsed;
    double cpu, code_cpu, parse_cpu;  /* --stats: thread CPU seconds */
    const struct code_run *run;
    orr_arena *scratch;  /* the running thread's, for the parses (orr_code_docs) */
} job;

typedef struct code_run {
    const orr_coder *coder;
    out_format format;
    int threads;
    int check_roles;
    int stats;
    int failed;
    job *jobs;              /* ring of cap_jobs */
    size_t cap_jobs;
    size_t head, next, tail; /* next to print <= next to take <= next to fill */
    int eof;
    pthread_mutex_t lock;
    pthread_cond_t work, done;
    orr_arena *scratch[65];  /* per thread, reused: [0] inline, [1 + t] worker t */
    size_t n_docs, n_events, n_bad, n_sentences, n_parsed;
    double jobs_cpu, code_cpu, parse_cpu;
} code_run;

static double thread_cpu(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double process_cpu(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void job_message(job *j, const char *prefix, const orr_error *err) {
    orr_buf_printf(&j->msg, "%s%s\n", prefix, err->message[0] ? err->message : orr_strerror(err->code));
}

/* Format a coded document into the job's buffers. */
static void job_put_doc(job *j, const orr_doc *doc, const orr_coded *coded) {
    const code_run *run = j->run;
    j->n_parsed += coded->n_parsed;
    j->parse_cpu += coded->parse_seconds;
    for (size_t k = 0; k < coded->n_events; k++) format_event(&j->out, run->format, doc, &coded->events[k], k);
    j->n_events += coded->n_events;
    j->n_sentences += coded->n_sentences;
    if (run->check_roles)
        for (size_t k = 0; k < coded->n_warnings; k++) format_warning(&j->msg, doc, &coded->warnings[k]);
}

/* Code one document into the job's buffers. */
static void job_code_doc(job *j, const orr_doc *doc) {
    const code_run *run = j->run;
    orr_arena *arena = orr_arena_new(1 << 16);
    orr_coded coded;
    orr_error err;
    orr_error_clear(&err);
    double t0 = run->stats ? thread_cpu() : 0;
    int rc = arena ? orr_code_doc(run->coder, arena, doc, 0, &coded, &err)
                   : orr_error_set(&err, ORR_ENOMEM, "out of memory");
    if (run->stats) j->code_cpu += thread_cpu() - t0;
    if (rc == ORR_OK) job_put_doc(j, doc, &coded);
    if (err.code) {
        job_message(j, "orrery: ", &err);
        j->n_bad++;
    }
    orr_arena_free(arena);
}

/*
** A job's records are read first, their documents kept, and then coded
** together (orr_code_docs: their sentences' parses in shared batches,
** which a network parser runs faster).  What goes to stderr stays in the
** order of one record at a time: a record's reader warnings, then its
** documents' role warnings, then its read error.
*/
typedef struct group_read {
    job *j;
    size_t rec;                 /* the record being read */
    orr_doc **docs;
    size_t *rec_of;             /* each document's record */
    size_t n, cap;
    orr_buf *before, *after;    /* per record: reader warnings, read error */
} group_read;

static int group_on_doc(void *ctx, orr_doc *doc) {
    group_read *g = ctx;
    g->j->n_docs++;
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        orr_doc **docs = realloc(g->docs, cap * sizeof *docs);
        if (docs) g->docs = docs;
        size_t *rec_of = docs ? realloc(g->rec_of, cap * sizeof *rec_of) : NULL;
        if (rec_of) g->rec_of = rec_of;
        if (!docs || !rec_of) goto no_memory;
        g->cap = cap;
    }
    if (!(g->docs[g->n] = orr_doc_copy(doc))) goto no_memory;
    g->rec_of[g->n++] = g->rec;
    return 0;
no_memory:
    g->j->n_bad++;
    orr_buf_printf(&g->before[g->rec], "orrery: %s: out of memory\n", doc->id ? doc->id : "document");
    return 0;
}

static void group_on_warning(void *ctx, const orr_error *warning) {
    group_read *g = ctx;
    g->j->n_bad++;
    orr_buf_printf(&g->before[g->rec], "orrery code: %s\n",
                   warning->message[0] ? warning->message : orr_strerror(warning->code));
}

/* The documents of records [0, n_records) as orr_code_docs gives them, or,
** when that fails, one by one, so that an error stays its document's. */
static void job_code_records(job *j) {
    const code_run *run = j->run;
    group_read g = {.j = j};
    g.before = calloc(j->n_records, sizeof *g.before);
    g.after = calloc(j->n_records, sizeof *g.after);
    if (!g.before || !g.after) {
        free(g.before), free(g.after);
        orr_buf_printf(&j->msg, "orrery: out of memory\n");
        j->n_bad++;
        return;
    }
    for (g.rec = 0; g.rec < j->n_records; g.rec++) {
        orr_error err;
        int rc = orr_read_record(&j->records[g.rec], group_on_doc, group_on_warning, &g, &err);
        if (rc && rc != ORR_ESTOP) {
            orr_buf_printf(&g.after[g.rec], "orrery: %s\n", err.message[0] ? err.message : orr_strerror(err.code));
            j->n_bad++;
        }
    }
    orr_arena *arena = orr_arena_new(1 << 16);
    orr_coded *coded = calloc(g.n + 1, sizeof *coded);
    orr_error err;
    orr_error_clear(&err);
    double t0 = run->stats ? thread_cpu() : 0;
    int together = arena && coded &&
                   orr_code_docs(run->coder, arena, j->scratch, (const orr_doc *const *)g.docs, NULL, g.n, coded,
                                 &err) == ORR_OK;
    if (run->stats) j->code_cpu += thread_cpu() - t0;
    for (size_t r = 0, d = 0; r < j->n_records; r++) {
        orr_buf_append(&j->msg, g.before[r].data, g.before[r].len);
        for (; d < g.n && g.rec_of[d] == r; d++) {
            if (together) job_put_doc(j, g.docs[d], &coded[d]);
            else job_code_doc(j, g.docs[d]);
            orr_doc_free(g.docs[d]);
        }
        orr_buf_append(&j->msg, g.after[r].data, g.after[r].len);
        orr_buf_free(&g.before[r]);
        orr_buf_free(&g.after[r]);
    }
    orr_arena_free(arena);
    free(coded), free(g.docs), free(g.rec_of), free(g.before), free(g.after);
}

/* Run one job (on a worker, or inline with -j 1). */
static void job_run(job *j) {
    double t0 = j->run->stats ? thread_cpu() : 0;
    if (j->doc) {
        job_code_doc(j, j->doc);
    } else if (j->n_records) {
        job_code_records(j);
    }
    if (j->run->stats) j->cpu += thread_cpu() - t0;
}

/* Print a finished job and free its slot (main thread only). */
static void job_print(code_run *run, job *j) {
    if (j->out.len) fwrite(j->out.data, 1, j->out.len, stdout);
    if (j->msg.len) {
        fflush(stdout);
        fwrite(j->msg.data, 1, j->msg.len, stderr);
    }
    run->n_docs += j->n_docs;
    run->n_events += j->n_events;
    run->n_sentences += j->n_sentences;
    run->n_bad += j->n_bad;
    run->n_parsed += j->n_parsed;
    run->jobs_cpu += j->cpu;
    run->code_cpu += j->code_cpu;
    run->parse_cpu += j->parse_cpu;
    orr_buf_free(&j->out);
    orr_buf_free(&j->msg);
    orr_doc_free(j->doc);
    free(j->records);
    if (j->file) {
        pthread_mutex_lock(&run->lock);
        int last = --j->file->refs == 0;
        pthread_mutex_unlock(&run->lock);
        if (last) {
            free(j->file->data);
            free(j->file);
        }
    }
    *j = (job){.state = JOB_FREE};
}

typedef struct worker {
    code_run *run;
    orr_arena *scratch;
} worker;

static void *worker_main(void *arg) {
    code_run *run = ((worker *)arg)->run;
    orr_arena *scratch = ((worker *)arg)->scratch;
    pthread_mutex_lock(&run->lock);
    for (;;) {
        while (run->next == run->tail && !run->eof) pthread_cond_wait(&run->work, &run->lock);
        if (run->next == run->tail) break;
        job *j = &run->jobs[run->next++ % run->cap_jobs];
        pthread_mutex_unlock(&run->lock);
        j->scratch = scratch;
        job_run(j);
        pthread_mutex_lock(&run->lock);
        j->state = JOB_DONE;
        pthread_cond_broadcast(&run->done);
    }
    pthread_mutex_unlock(&run->lock);
    return NULL;
}

/* Each thread's scratch arena, then the workers (-j 2 and up).  A batch
** of the accurate model's parses fits an arena's first block (its pages
** are only touched when used); it is reset, not freed, between batches. */
static int start_workers(code_run *run, pthread_t *tid, worker *workers, int *started) {
    for (int t = 0; t <= (run->threads > 1 ? run->threads : 0); t++)
        if (!(run->scratch[t] = orr_arena_new((size_t)1 << 26))) return ORR_ENOMEM;
    for (int t = 0; run->threads > 1 && t < run->threads; t++) {
        workers[*started] = (worker){run, run->scratch[1 + t]};
        if (pthread_create(&tid[*started], NULL, worker_main, &workers[*started]) == 0) (*started)++;
    }
    return ORR_OK;
}

/* Print finished jobs in order; with `wait`, wait for the oldest one. */
static void print_ready(code_run *run, int wait) {
    for (;;) {
        pthread_mutex_lock(&run->lock);
        if (run->head == run->tail) { pthread_mutex_unlock(&run->lock); return; }
        job *j = &run->jobs[run->head % run->cap_jobs];
        while (wait && j->state != JOB_DONE) pthread_cond_wait(&run->done, &run->lock);
        int ready = j->state == JOB_DONE;
        pthread_mutex_unlock(&run->lock);
        if (!ready) return;
        job_print(run, j);
        run->head++;
        wait = 0;
    }
}

/* Queue a job (or run and print it at once with one thread). */
static void submit(code_run *run, job j) {
    j.run = run;
    if (run->threads <= 1) {  /* the file outlives the call: no reference taken */
        j.file = NULL;
        j.scratch = run->scratch[0];
        job_run(&j);
        job_print(run, &j);
        return;
    }
    print_ready(run, 0);
    while (run->tail - run->head == run->cap_jobs) print_ready(run, 1);
    if (j.file) {
        pthread_mutex_lock(&run->lock);
        j.file->refs++;
        pthread_mutex_unlock(&run->lock);
    }
    j.state = JOB_QUEUED;
    pthread_mutex_lock(&run->lock);
    run->jobs[run->tail++ % run->cap_jobs] = j;
    pthread_cond_signal(&run->work);
    pthread_mutex_unlock(&run->lock);
}

/* A message for stderr in its place in the output (main thread). */
static void submit_message(code_run *run, const char *prefix, const orr_error *err) {
    job j = {.n_bad = 1};
    job_message(&j, prefix, err);
    submit(run, j);
}

/* Documents of a multi-document record, read on the main thread. */
static int main_on_doc(void *ctx, orr_doc *doc) {
    code_run *run = ctx;
    orr_doc *copy = orr_doc_copy(doc);
    if (!copy) { run->failed = 1; return 1; }
    submit(run, (job){.doc = copy, .n_docs = 1});
    return 0;
}

static void main_on_warning(void *ctx, const orr_error *warning) {
    submit_message(ctx, "orrery code: ", warning);
}

/* Records per job: their documents are coded together (orr_code_docs). */
#define CODE_GROUP 32

typedef struct split_state {
    code_run *run;
    file_bytes *file;
    orr_record group[CODE_GROUP];  /* records not yet queued */
    size_t n_group;
} split_state;

/* Queue the records gathered so far as one job. */
static void flush_group(split_state *st) {
    if (!st->n_group) return;
    orr_record *records = malloc(st->n_group * sizeof *records);
    if (!records) {
        st->run->failed = 1;
        st->n_group = 0;
        return;
    }
    memcpy(records, st->group, st->n_group * sizeof *records);
    submit(st->run, (job){.records = records, .n_records = st->n_group, .file = st->file});
    st->n_group = 0;
}

static int on_record(void *ctx, const orr_record *record) {
    split_state *st = ctx;
    code_run *run = st->run;
    if (record->format == ORR_FMT_PETRARCH_XML || record->format == ORR_FMT_RSS) {
        flush_group(st);
        orr_error err;
        int rc = orr_read_record(record, main_on_doc, main_on_warning, run, &err);
        if (rc && rc != ORR_ESTOP) submit_message(run, "orrery: ", &err);
        return run->failed ? ORR_ESTOP : 0;
    }
    st->group[st->n_group++] = *record;
    if (st->n_group == CODE_GROUP) flush_group(st);
    return run->failed ? ORR_ESTOP : 0;
}

/* Read one input file and queue its records. */
static void code_file(code_run *run, const char *path, orr_format in_format) {
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    orr_error err;
    orr_error_clear(&err);
    file_bytes *file = calloc(1, sizeof *file);
    size_t len;
    if (!file) { run->failed = 1; return; }
    int rc = orr_read_file(path, &file->data, &len, &err);
    if (rc == ORR_OK && orr_is_gzip(file->data, len)) {  /* gzip inside gzip, as orr_read_docs */
        char *plain;
        rc = orr_gunzip(name, file->data, len, &plain, &len, &err);
        if (rc == ORR_OK) { free(file->data); file->data = plain; }
    }
    file->refs = 1;
    split_state st = {.run = run, .file = file};
    if (rc == ORR_OK) rc = orr_read_split(name, file->data, len, in_format, on_record, &st, &err);
    flush_group(&st);
    if (rc && rc != ORR_ESTOP) submit_message(run, "orrery: ", &err);
    pthread_mutex_lock(&run->lock);
    int last = --file->refs == 0;
    pthread_mutex_unlock(&run->lock);
    if (last) {
        free(file->data);
        free(file);
    }
}

/*
** --stats: where the CPU time went.  Thread CPU time is summed over the
** jobs, so the split holds for any -j; "other" is the main thread (reading
** files, cutting records, printing) and anything not timed.
*/
static void print_stats(const code_run *run, double setup_cpu, double total_cpu) {
    double work = total_cpu - setup_cpu;
    double reading = run->jobs_cpu - run->code_cpu;
    fprintf(stderr,
            "orrery code: stats: %zu of %zu sentences tagged and parsed; CPU %.2f s = setup %.2f"
            " + reading and splitting %.2f + coding %.2f (tag+parse %.2f) + other %.2f;"
            " tag+parse %.1f%% of the CPU after setup\n",
            run->n_parsed, run->n_sentences, total_cpu, setup_cpu, reading, run->code_cpu,
            run->parse_cpu, work - run->jobs_cpu, work > 0 ? 100.0 * run->parse_cpu / work : 0.0);
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
        } else if (cli_opt_is(&o, "--stats")) {
            run.stats = setup.stats = 1;
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
    double setup_cpu = process_cpu();
    run.check_roles = setup.check_roles;
    run.cap_jobs = run.threads > 1 ? 8 * (size_t)run.threads : 1;  /* a job: up to CODE_GROUP records */
    run.jobs = calloc(run.cap_jobs, sizeof *run.jobs);
    if (status == EXIT_OK && !run.jobs) status = EXIT_FAIL;
    pthread_t tid[64];
    worker workers[64];
    int started = 0;
    pthread_mutex_init(&run.lock, NULL);
    pthread_cond_init(&run.work, NULL);
    pthread_cond_init(&run.done, NULL);
    if (status == EXIT_OK && start_workers(&run, tid, workers, &started)) status = EXIT_FAIL;
    if (status == EXIT_OK && run.threads > 1 && started == 0) run.threads = 1;  /* run inline */
    for (size_t i = 0; status == EXIT_OK && i < n_files; i++) {
        code_file(&run, files[i], in_format);
        if (run.failed) status = EXIT_FAIL;
    }
    pthread_mutex_lock(&run.lock);
    run.eof = 1;
    pthread_cond_broadcast(&run.work);
    pthread_mutex_unlock(&run.lock);
    if (run.jobs) while (run.head != run.tail) print_ready(&run, 1);
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&run.lock);
    pthread_cond_destroy(&run.work);
    pthread_cond_destroy(&run.done);
    fflush(stdout);
    if (status == EXIT_OK)
        fprintf(stderr, "orrery code: %zu document%s, %zu sentences, %zu event%s, %zu bad\n",
                run.n_docs, run.n_docs == 1 ? "" : "s", run.n_sentences, run.n_events,
                run.n_events == 1 ? "" : "s", run.n_bad);
    if (status == EXIT_OK && run.stats) print_stats(&run, setup_cpu, process_cpu());
    free(run.jobs);
    for (int t = 0; t < 65; t++) orr_arena_free(run.scratch[t]);
    free(files);
    code_setup_free(&setup, coder);
    if (status == EXIT_OK && run.n_bad) status = EXIT_BADINPUT;
    return status;
}
