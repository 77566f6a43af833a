/*
** cmd_ingest.c — `orrery ingest`, `orrery docs`, `orrery sentences`: put
** documents into the store and look at what is there.  Ingest commits in
** batches (one transaction each), so a killed run keeps every finished
** batch and a rerun skips what is stored (content hashes are unique).
** A batch's new documents are coded together just before it commits
** (orr_code_docs: their parses share batches), their events stored in
** the same transaction.
*/
#include "cli.h"
#include "code_setup.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ingest_run {
    orr_db *db;
    size_t batch_size, in_batch;
    size_t n_new, n_dup, n_bad, n_sentences, n_events, n_undated;
    const orr_coder *coder;  /* NULL: --no-code, or no model */
    bool progress;
    orr_error err;  /* first store error; stops the run */
    /* the batch's new documents, coded together before it commits */
    orr_doc **to_code;
    int64_t *to_code_id;
    size_t n_to_code;
    orr_arena *scratch;  /* the parses' (orr_code_docs), reused */
} ingest_run;

/* Documents coded per orr_code_docs call: their parses share batches. */
#define INGEST_CODE_GROUP 32

/* Code documents [0, n) of the batch together and store their events. */
static int code_group(ingest_run *run, orr_doc **docs, const int64_t *ids, size_t n) {
    orr_arena *arena = orr_arena_new(1 << 16);
    orr_coded coded[INGEST_CODE_GROUP];
    if (!arena) return orr_error_set(&run->err, ORR_ENOMEM, "out of memory");
    int rc = orr_code_docs(run->coder, arena, run->scratch, (const orr_doc *const *)docs, ids, n, coded, &run->err);
    for (size_t i = 0; !rc && i < n; i++) {
        size_t n_dated = 0, n_new_events = 0;  /* the store needs a date: undated events are not kept */
        for (size_t k = 0; k < coded[i].n_events; k++)
            if (coded[i].events[k].date[0]) coded[i].events[n_dated++] = coded[i].events[k];
            else run->n_undated++;
        rc = orr_db_put_events(run->db, coded[i].events, n_dated, &n_new_events, &run->err);
        run->n_events += n_new_events;
    }
    orr_arena_free(arena);
    return rc;
}

/* Room for a batch's documents to code, and the parses' scratch arena
** (a batch of the accurate model's parses fits its first block). */
static int coding_begin(ingest_run *run) {
    run->to_code = calloc(run->batch_size, sizeof *run->to_code);
    run->to_code_id = calloc(run->batch_size, sizeof *run->to_code_id);
    run->scratch = orr_arena_new((size_t)1 << 26);
    return run->to_code && run->to_code_id && run->scratch ? ORR_OK : ORR_ENOMEM;
}

static void coding_end(ingest_run *run) {
    for (size_t k = 0; k < run->n_to_code; k++) orr_doc_free(run->to_code[k]);
    free(run->to_code), free(run->to_code_id);
    orr_arena_free(run->scratch);
}

/* Code the batch's new documents and commit it. */
static int commit_batch(ingest_run *run) {
    int rc = ORR_OK;
    for (size_t at = 0; !rc && at < run->n_to_code; at += INGEST_CODE_GROUP) {
        size_t n = run->n_to_code - at < INGEST_CODE_GROUP ? run->n_to_code - at : INGEST_CODE_GROUP;
        rc = code_group(run, run->to_code + at, run->to_code_id + at, n);
    }
    for (size_t i = 0; i < run->n_to_code; i++) orr_doc_free(run->to_code[i]);
    run->n_to_code = 0;
    if (rc) return rc;
    rc = orr_db_commit(run->db, &run->err);
    run->in_batch = 0;
    return rc;
}

static void on_warning(void *ctx, const orr_error *warning) {
    ingest_run *run = ctx;
    run->n_bad++;
    fprintf(stderr, "orrery ingest: %s\n", warning->message);
}

static int on_doc(void *ctx, orr_doc *doc) {
    ingest_run *run = ctx;
    if (run->in_batch == 0 && orr_db_begin(run->db, &run->err)) return 1;
    int64_t id;
    int was_new;
    if (orr_db_put_doc(run->db, doc, &id, &was_new, &run->err)) return 1;
    if (was_new) {
        run->n_new++;
        run->n_sentences += doc->n_sentences;
        if (run->coder) {  /* coded with the rest of the batch, before it commits */
            orr_doc *copy = orr_doc_copy(doc);
            if (!copy) return orr_error_set(&run->err, ORR_ENOMEM, "out of memory"), 1;
            run->to_code[run->n_to_code] = copy;
            run->to_code_id[run->n_to_code++] = id;
        }
    } else {
        run->n_dup++;
    }
    if (++run->in_batch >= run->batch_size) {
        if (commit_batch(run)) return 1;
        if (run->progress)
            fprintf(stderr, "\r%zu new, %zu already stored", run->n_new, run->n_dup);
    }
    return 0;
}

int cmd_ingest(int argc, char **argv) {
    const char *db_path = cli_default_db();
    orr_format format = ORR_FMT_AUTO;
    ingest_run run = {.batch_size = 500, .progress = cli_stderr_is_tty()};
    const char **files = calloc((size_t)argc, sizeof *files);
    size_t n_files = 0;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    int status = EXIT_OK;
    bool no_code = false;
    code_setup setup;
    code_setup_init(&setup);
    orr_coder *coder = NULL;
    while (status == EXIT_OK && cli_opts_next(&o)) {
        const char *v;
        int r = code_setup_option(&setup, &o, "ingest");
        if (r < 0) { status = EXIT_USAGE; continue; }
        if (r > 0) continue;
        if (cli_opt_is(&o, "--no-code")) {
            no_code = true;
        } else if (cli_opt_is(&o, "--db")) {
            if (!(v = cli_opt_value(&o))) status = EXIT_USAGE;
            else db_path = v;
        } else if (cli_opt_is(&o, "--in")) {
            if (!(v = cli_opt_value(&o))) status = EXIT_USAGE;
            else if (orr_format_parse(v, &format))
                status = cli_usage_error("ingest", "unknown input format '%s'", v);
        } else if (cli_opt_is(&o, "--batch")) {
            if (!(v = cli_opt_value(&o))) status = EXIT_USAGE;
            else if ((run.batch_size = strtoul(v, NULL, 10)) == 0)
                status = cli_usage_error("ingest", "--batch needs a positive number");
        } else if (o.positional) {
            files[n_files++] = o.arg;
        } else {
            status = cli_unknown_option(&o);
        }
    }
    if (status == EXIT_OK && n_files == 0) status = cli_usage_error("ingest", "no input files");
    if (status == EXIT_OK && !no_code) {
        if (code_setup_open(&setup, &coder))
            fprintf(stderr, "orrery ingest: storing documents without coding events (--no-code to silence)\n");
        run.coder = coder;
    }
    if (status == EXIT_OK && run.coder && coding_begin(&run)) status = EXIT_FAIL;
    if (status == EXIT_OK && orr_db_open(&run.db, db_path, &run.err)) {
        cli_print_error(&run.err);
        status = EXIT_FAIL;
    }
    for (size_t i = 0; status == EXIT_OK && i < n_files; i++) {
        orr_error err;
        orr_error_clear(&err);
        int rc = orr_read_docs(files[i], format, on_doc, on_warning, &run, &err);
        if (run.err.code) {  /* the store failed: stop, keep committed batches */
            cli_print_error(&run.err);
            if (run.in_batch) orr_db_rollback(run.db, NULL);
            run.in_batch = 0;
            status = EXIT_FAIL;
        } else if (rc && rc != ORR_ESTOP) {  /* this file failed: report, go on */
            cli_print_error(&err);
            run.n_bad++;
        }
    }
    if (status == EXIT_OK && run.in_batch && commit_batch(&run)) {
        cli_print_error(&run.err);
        orr_db_rollback(run.db, NULL);
        status = EXIT_FAIL;
    }
    if (run.progress) fprintf(stderr, "\r");
    if (run.db)
        fprintf(stderr, "orrery ingest: %zu new document%s (%zu sentences), %zu already stored, %zu bad\n",
                run.n_new, run.n_new == 1 ? "" : "s", run.n_sentences, run.n_dup, run.n_bad);
    if (run.db && run.coder)
        fprintf(stderr, "orrery ingest: %zu event%s coded and stored (%zu undated, not stored: --date gives a default)\n",
                run.n_events, run.n_events == 1 ? "" : "s", run.n_undated);
    orr_db_close(run.db);
    coding_end(&run);
    code_setup_free(&setup, coder);
    free(files);
    if (status == EXIT_OK && run.n_bad) status = EXIT_BADINPUT;
    return status;
}

/* --- docs and sentences --------------------------------------------- */

typedef struct list_opts {
    const char *db_path;
    bool json;
    int64_t doc_id;
} list_opts;

static int parse_list_opts(int argc, char **argv, list_opts *lo, bool allow_doc) {
    lo->db_path = cli_default_db();
    lo->json = false;
    lo->doc_id = -1;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        const char *v;
        if (cli_opt_is(&o, "--db")) {
            if (!(v = cli_opt_value(&o))) return EXIT_USAGE;
            lo->db_path = v;
        } else if (cli_opt_is(&o, "--format")) {
            if (!(v = cli_opt_value(&o))) return EXIT_USAGE;
            if (strcmp(v, "json") == 0) lo->json = true;
            else if (strcmp(v, "table") != 0)
                return cli_usage_error(argv[0], "--format must be table or json");
        } else if (allow_doc && cli_opt_is(&o, "--doc")) {
            if (!(v = cli_opt_value(&o))) return EXIT_USAGE;
            char *end;
            lo->doc_id = strtoll(v, &end, 10);
            if (*end || lo->doc_id < 0) return cli_usage_error(argv[0], "--doc needs a document id");
        } else {
            return cli_unknown_option(&o);
        }
    }
    return EXIT_OK;
}

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

static json_t *json_str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static void print_json_line(json_t *obj) {
    char *s = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
    if (s) puts(s);
    free(s);
    json_decref(obj);
}

static int print_doc_row(void *ctx, const orr_doc_row *r) {
    if (*(bool *)ctx) {
        print_json_line(json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:I}", "id", (json_int_t)r->id,
                                  "url", json_str_or_null(r->url), "title", json_str_or_null(r->title),
                                  "author", json_str_or_null(r->author), "date", json_str_or_null(r->date),
                                  "lang", json_str_or_null(r->lang), "source", json_str_or_null(r->source),
                                  "hash", r->hash, "sentences", (json_int_t)r->n_sentences));
    } else {
        printf("%lld\t%s\t%s\t%s\t%lld sentences\t%s\n", (long long)r->id, or_dash(r->date),
               or_dash(r->title), or_dash(r->author), (long long)r->n_sentences, or_dash(r->url));
    }
    return 0;
}

static int open_for_listing(const list_opts *lo, orr_db **db) {
    orr_error err;
    if (orr_db_open(db, lo->db_path, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int cmd_docs(int argc, char **argv) {
    list_opts lo;
    orr_db *db;
    orr_error err;
    int status = parse_list_opts(argc, argv, &lo, false);
    if (status || (status = open_for_listing(&lo, &db))) return status;
    if (orr_db_list_docs(db, print_doc_row, &lo.json, &err)) {
        cli_print_error(&err);
        status = EXIT_FAIL;
    }
    orr_db_close(db);
    return status;
}

static int print_sentence_row(void *ctx, const orr_sentence_row *r) {
    if (*(bool *)ctx) {
        print_json_line(json_pack("{s:I,s:I,s:I,s:I,s:b,s:s}", "doc", (json_int_t)r->doc_id, "index",
                                  (json_int_t)r->index, "start", (json_int_t)r->start, "end",
                                  (json_int_t)r->end, "heading", r->is_heading, "text", r->text));
    } else {
        printf("%lld\t%lld\t%s%s\n", (long long)r->doc_id, (long long)r->index,
               r->is_heading ? "## " : "", r->text);
    }
    return 0;
}

int cmd_sentences(int argc, char **argv) {
    list_opts lo;
    orr_db *db;
    orr_error err;
    int status = parse_list_opts(argc, argv, &lo, true);
    if (status || (status = open_for_listing(&lo, &db))) return status;
    if (orr_db_list_sentences(db, lo.doc_id, print_sentence_row, &lo.json, &err)) {
        cli_print_error(&err);
        status = EXIT_FAIL;
    }
    orr_db_close(db);
    return status;
}
