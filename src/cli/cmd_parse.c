/*
** cmd_parse.c — `orrery parse` (raw text or CoNLL-U in, predicted CoNLL-U
** out; `--train` builds a model) and `orrery eval parse GOLD.conllu`
** (UPOS, XPOS, UAS, LAS against a treebank, and speed; `--gold-tags`
** gives the parser the treebank's tags, to see what tagging errors cost
** it).  `--beam K`
** trains a beam-search parser, or overrides the model's beam when parsing
** (1 = greedy).  `--parser biaffine` trains the BiLSTM + biaffine parser
** instead (`--epochs`, `--lstm` units, `--batch` sentences per update); a
** model that has one parses with it (the beam is then not used).
** `--teacher MODEL [--distill ALPHA]` trains it against a biaffine
** model's (an ensemble's) head and label distributions as well (distill.c).
**
** Exit codes: 0 ok, 1 failure (unreadable file, bad model, bad CoNLL-U),
** 2 bad command line.
*/
#include "cli.h"
#include "../util/util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int load_model(const char *path, orr_model **m) {
    char buf[4096];
    orr_error err = {0};
    if (cli_model_path(path, buf, sizeof buf)) {
        fprintf(stderr, "orrery: model path too long\n");
        return EXIT_FAIL;
    }
    if (orr_model_load(m, buf, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static void write_word(FILE *out, int id, const orr_word *w, const char *misc) {
    fprintf(out, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t_\t%s\n", id, w->form, w->lemma, w->upos, w->xpos,
            w->feats, w->head, w->deprel, misc ? misc : "_");
}

/* Sentences parsed per call: the biaffine parser runs a batch through its
** networks together (orr_model_parse_batch; 32 measured best on EWT). */
#define PARSE_BATCH 32

/* Sentences [0, n) as one batch, or one by one with a beam other than
** the model's; given[i] may hold tags to use (or given NULL). */
static int parse_group(const orr_model *m, int beam, orr_arena *a, size_t n, const char *const *const *forms,
                       const orr_word *const *given, const size_t *n_words, orr_word **w, orr_error *err) {
    if (!beam) return orr_model_parse_batch(m, a, n, forms, given, n_words, w, err);
    for (size_t i = 0; i < n; i++) {
        int rc = orr_model_parse_tagged(m, a, forms[i], given ? given[i] : NULL, n_words[i], beam, &w[i], err);
        if (rc) return rc;
    }
    return ORR_OK;
}

/* A sentence's forms as an array from the arena. */
static const char *const *conllu_forms(orr_arena *a, const orr_conllu_sentence *s) {
    const char **forms = orr_arena_alloc(a, (s->n_words + 1) * sizeof *forms);
    for (size_t i = 0; forms && i < s->n_words; i++) forms[i] = s->words[i].form;
    return forms;
}

/* One sentence of pre-tokenised CoNLL-U: same comments, ranges and forms. */
static void write_conllu_sentence(const orr_conllu_sentence *s, const orr_word *w, FILE *out) {
    for (size_t i = 0; i < s->n_comments; i++) fprintf(out, "# %s\n", s->comments[i]);
    size_t r = 0;
    for (size_t i = 0; i < s->n_words; i++) {
        for (; r < s->n_ranges && s->ranges[r].first == (int)i + 1; r++)
            fprintf(out, "%d-%d\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", s->ranges[r].first, s->ranges[r].last,
                    s->ranges[r].form, s->ranges[r].misc);
        write_word(out, (int)i + 1, &w[i], s->words[i].misc);
    }
    fputc('\n', out);
}

static int parse_conllu_file(const orr_model *m, int beam, const char *path) {
    orr_error err = {0};
    char *data;
    size_t len;
    if (orr_read_file(path, &data, &len, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    orr_arena *a = orr_arena_new(1 << 20), *scratch = orr_arena_new((size_t)1 << 26);
    orr_conllu_sentence *s;
    size_t n;
    int rc = a && scratch ? orr_conllu_read(a, path, data, len, 0, &s, &n, &err) : ORR_ENOMEM;
    for (size_t i = 0; !rc && i < n; i += PARSE_BATCH) {
        size_t k = n - i < PARSE_BATCH ? n - i : PARSE_BATCH, n_words[PARSE_BATCH];
        const char *const *forms[PARSE_BATCH];
        orr_word *w[PARSE_BATCH];
        orr_arena_reset(scratch);
        for (size_t j = 0; !rc && j < k; j++) {
            forms[j] = conllu_forms(scratch, &s[i + j]), n_words[j] = s[i + j].n_words;
            if (!forms[j]) rc = orr_error_set(&err, ORR_ENOMEM, "out of memory");
        }
        if (!rc) rc = parse_group(m, beam, scratch, k, forms, NULL, n_words, w, &err);
        for (size_t j = 0; !rc && j < k; j++) write_conllu_sentence(&s[i + j], w[j], stdout);
    }
    if (rc) cli_print_error(&err);
    orr_arena_free(a);
    orr_arena_free(scratch);
    free(data);
    return rc ? EXIT_FAIL : EXIT_OK;
}

/* Documents (text, HTML, JSON lines, ...): read them as `orrery ingest`
** does (furniture removed, sentences split), then tokenise and parse the
** sentences of a document in batches; headings are not sentences and are
** skipped. */
typedef struct parse_run {
    const orr_model *model;
    int beam;  /* 0: the model's */
    orr_arena *scratch;
    size_t sent_id;
    orr_error err;
} parse_run;

/* A batch of a document's sentences: their tokens, forms and words. */
typedef struct doc_batch {
    const orr_sentence *sent[PARSE_BATCH];
    orr_token *tok[PARSE_BATCH];
    const char *const *forms[PARSE_BATCH];
    size_t n_words[PARSE_BATCH], n;
} doc_batch;

static int add_sentence(parse_run *run, const orr_doc *doc, const orr_sentence *sent, doc_batch *b) {
    orr_token *tok;
    size_t nt;
    int rc = orr_text_tokenize(run->scratch, doc->text, sent->start, sent->end, &tok, &nt, &run->err);
    if (rc || nt == 0) return rc;
    const char **forms = orr_arena_alloc(run->scratch, nt * sizeof *forms);
    if (!forms) return orr_error_set(&run->err, ORR_ENOMEM, "out of memory");
    for (size_t k = 0; k < nt; k++)
        forms[k] = orr_arena_strndup(run->scratch, doc->text + tok[k].start, tok[k].end - tok[k].start);
    b->sent[b->n] = sent, b->tok[b->n] = tok, b->forms[b->n] = forms, b->n_words[b->n] = nt;
    b->n++;
    return ORR_OK;
}

static int flush_batch(parse_run *run, const orr_doc *doc, doc_batch *b) {
    orr_word *w[PARSE_BATCH];
    int rc = parse_group(run->model, run->beam, run->scratch, b->n, b->forms, NULL, b->n_words, w, &run->err);
    for (size_t i = 0; !rc && i < b->n; i++) {
        const orr_sentence *sent = b->sent[i];
        const orr_token *tok = b->tok[i];
        size_t nt = b->n_words[i];
        printf("# sent_id = %zu\n# text = ", ++run->sent_id);
        for (size_t c = sent->start; c < sent->end; c++) putchar(doc->text[c] == '\n' ? ' ' : doc->text[c]);
        putchar('\n');
        for (size_t k = 0; k < nt; k++)
            write_word(stdout, (int)k + 1, &w[i][k],
                       k + 1 < nt && tok[k].end == tok[k + 1].start ? "SpaceAfter=No" : "_");
        putchar('\n');
    }
    b->n = 0;
    orr_arena_reset(run->scratch);
    return rc;
}

static int parse_doc(void *ctx, orr_doc *doc) {
    parse_run *run = ctx;
    doc_batch b = {.n = 0};
    int rc = ORR_OK;
    for (size_t i = 0; !rc && i < doc->n_sentences; i++) {
        if (doc->sentences[i].is_heading) continue;
        rc = add_sentence(run, doc, &doc->sentences[i], &b);
        if (!rc && b.n == PARSE_BATCH) rc = flush_batch(run, doc, &b);
    }
    if (!rc && b.n) rc = flush_batch(run, doc, &b);
    return rc ? 1 : 0;
}

static void parse_warning(void *ctx, const orr_error *warning) {
    (void)ctx;
    fprintf(stderr, "orrery parse: %s\n", warning->message);
}

static int parse_text_file(const orr_model *m, int beam, const char *path) {
    parse_run run = {.model = m, .beam = beam, .scratch = orr_arena_new((size_t)1 << 26)};
    if (!run.scratch) return EXIT_FAIL;
    orr_error err = {0};
    int rc = orr_read_docs(path, ORR_FMT_AUTO, parse_doc, parse_warning, &run, &err);
    if (run.err.code) cli_print_error(&run.err);
    else if (rc) cli_print_error(&err);
    orr_arena_free(run.scratch);
    return rc || run.err.code ? EXIT_FAIL : EXIT_OK;
}

/* --beam K: 1..256 (1 = greedy); -1 after a usage message. */
static int parse_beam(const char *v) {
    char *end;
    long k = strtol(v, &end, 10);
    if (*v && !*end && k >= 1 && k <= 256) return (int)k;
    fprintf(stderr, "orrery: --beam wants a number from 1 to 256, not '%s'\n", v);
    return -1;
}

static void train_progress(void *ctx, const char *line) {
    (void)ctx;
    fprintf(stderr, "train: %s\n", line);
}

static int parse_train(orr_train_opts *t) {
    if (!t->train_path || !t->dev_path || !t->out_path)
        return cli_usage_error("parse", "--train needs --dev and -o");
    t->progress = train_progress;
    orr_error err = {0};
    if (orr_model_train(t, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

/* --combine A,B[,C,D] -o OUT: an ensemble of biaffine models. */
static int parse_combine(const char *list, const char *out) {
    if (!out) return cli_usage_error("parse", "--combine needs -o OUT");
    char buf[8192];
    const char *paths[8];
    size_t n = 0;
    if (strlen(list) >= sizeof buf) return cli_usage_error("parse", "--combine list too long");
    strcpy(buf, list);
    for (char *p = strtok(buf, ","); p; p = strtok(NULL, ","))
        if (n < 8) paths[n++] = p;
    orr_error err = {0};
    if (orr_model_combine(paths, n, out, &err)) {
        cli_print_error(&err);
        return err.code == ORR_EUSAGE ? EXIT_USAGE : EXIT_FAIL;
    }
    fprintf(stderr, "orrery: wrote %s (an ensemble of %zu models)\n", out, n);
    return EXIT_OK;
}

int cmd_parse(int argc, char **argv) {
    const char *file = "-", *from = NULL, *model = NULL, *combine = NULL;
    orr_train_opts t = {.seed = 1, .jackknife = 4};
    int beam = 0;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    const char *v;
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "--from")) { if (!(from = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--model")) { if (!(model = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--train")) { if (!(t.train_path = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--dev")) { if (!(t.dev_path = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "-o")) { if (!(t.out_path = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--seed")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; t.seed = strtoull(v, NULL, 10); }
        else if (cli_opt_is(&o, "--tagger-epochs")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; t.tagger_epochs = atoi(v); }
        else if (cli_opt_is(&o, "--parser-epochs")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; t.parser_epochs = atoi(v); }
        else if (cli_opt_is(&o, "--jackknife")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; t.jackknife = atoi(v); }
        else if (cli_opt_is(&o, "--tagger-prune")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; t.tagger_prune = atoi(v); }
        else if (cli_opt_is(&o, "--prune")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; t.prune = atoi(v); }
        else if (cli_opt_is(&o, "--beam")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; if ((beam = parse_beam(v)) < 0) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--tag-cache")) { if (!(t.tag_cache = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--max-sentences")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; t.max_sentences = atoi(v); }
        else if (cli_opt_is(&o, "--parser")) {
            if (!(v = cli_opt_value(&o))) return EXIT_USAGE;
            if (strcmp(v, "biaffine") && strcmp(v, "transition"))
                return cli_usage_error("parse", "--parser must be biaffine or transition");
            t.biaffine = !strcmp(v, "biaffine");
        }
        else if (cli_opt_is(&o, "--epochs")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; t.parser_epochs = atoi(v); }
        else if (cli_opt_is(&o, "--lstm")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; t.bi_lstm = atoi(v); }
        else if (cli_opt_is(&o, "--batch")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; t.bi_batch = atoi(v); }
        else if (cli_opt_is(&o, "--lr-decay")) t.bi_lr_decay = 1;
        else if (cli_opt_is(&o, "--teacher")) { if (!(t.teacher_path = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--distill")) {
            if (!(v = cli_opt_value(&o))) return EXIT_USAGE;
            char *end;
            double a = strtod(v, &end);
            if (*end || !(a > 0 && a <= 1)) return cli_usage_error("parse", "--distill must be in (0, 1]");
            t.distill = (float)a;
        }
        else if (cli_opt_is(&o, "--combine")) { if (!(combine = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (o.positional) file = o.arg;
        else return cli_unknown_option(&o);
    }
    if (combine) return parse_combine(combine, t.out_path);
    if (t.train_path) {
        t.beam = beam;
        return parse_train(&t);
    }
    if (from && strcmp(from, "conllu") && strcmp(from, "text"))
        return cli_usage_error("parse", "--from must be conllu or text");
    orr_model *m;
    int rc = load_model(model, &m);
    if (rc) return rc;
    rc = from && !strcmp(from, "conllu") ? parse_conllu_file(m, beam, file) : parse_text_file(m, beam, file);
    orr_model_free(m);
    return rc;
}

/* ---- evaluation ---- */

typedef struct scores {
    size_t words, upos, xpos, uas, las, las_base;
} scores;

/* "nmod:poss" -> length of "nmod" */
static size_t base_len(const char *l) {
    const char *c = strchr(l, ':');
    return c ? (size_t)(c - l) : strlen(l);
}

static void score_sentence(const orr_conllu_sentence *g, const orr_word *w, scores *sc) {
    for (size_t i = 0; i < g->n_words; i++) {
        const orr_word *gw = &g->words[i];
        sc->words++;
        sc->upos += !strcmp(gw->upos, w[i].upos);
        sc->xpos += !strcmp(gw->xpos, w[i].xpos);
        if (gw->head != w[i].head) continue;
        sc->uas++;
        sc->las += !strcmp(gw->deprel, w[i].deprel);
        size_t gl = base_len(gw->deprel);
        sc->las_base += gl == base_len(w[i].deprel) && !strncmp(gw->deprel, w[i].deprel, gl);
    }
}

static double now_sec(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU time of this thread: the speed of one core, even on a busy machine. */
static double cpu_sec(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int eval_batch(const orr_model *m, const orr_conllu_sentence *s, size_t n, int gold_tags, int beam,
                      orr_arena *scratch, scores *sc, double *parse_sec, orr_error *err) {
    const char *const *forms[PARSE_BATCH];
    const orr_word *given[PARSE_BATCH];
    size_t n_words[PARSE_BATCH];
    orr_word *w[PARSE_BATCH];
    orr_arena_reset(scratch);
    for (size_t i = 0; i < n; i++) {
        if (!(forms[i] = conllu_forms(scratch, &s[i]))) return orr_error_set(err, ORR_ENOMEM, "out of memory");
        given[i] = gold_tags ? s[i].words : NULL, n_words[i] = s[i].n_words;
    }
    double t1 = cpu_sec();
    int rc = parse_group(m, beam, scratch, n, forms, given, n_words, w, err);
    *parse_sec += cpu_sec() - t1;
    for (size_t i = 0; !rc && i < n; i++) score_sentence(&s[i], w[i], sc);
    return rc;
}

int eval_parse(int argc, char **argv) {
    const char *gold = NULL, *model = NULL, *v;
    int beam = 0, gold_tags = 0;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "--model")) { if (!(model = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--beam")) { if (!(v = cli_opt_value(&o))) return EXIT_USAGE; if ((beam = parse_beam(v)) < 0) return EXIT_USAGE; }
        else if (cli_opt_is(&o, "--gold-tags")) gold_tags = 1;
        else if (o.positional && !gold) gold = o.arg;
        else return cli_unknown_option(&o);
    }
    if (!gold) return cli_usage_error("eval parse", "which gold CoNLL-U file?");
    double t0 = now_sec(), c0 = cpu_sec();
    orr_model *m;
    int rc = load_model(model, &m);
    if (rc) return rc;
    double load_ms = (now_sec() - t0) * 1000, load_cpu_ms = (cpu_sec() - c0) * 1000;
    orr_error err = {0};
    char *data;
    size_t len;
    /* scratch: one block the batches keep reusing (pages are touched as needed) */
    orr_arena *a = orr_arena_new(1 << 20), *scratch = orr_arena_new((size_t)1 << 26);
    orr_conllu_sentence *s = NULL;
    size_t n = 0;
    rc = orr_read_file(gold, &data, &len, &err);
    if (!rc) {
        rc = orr_conllu_read(a, gold, data, len, 1, &s, &n, &err);
        free(data);
    }
    scores sc = {0};
    double parse_sec = 0;
    for (size_t i = 0; !rc && i < n; i += PARSE_BATCH)
        rc = eval_batch(m, s + i, n - i < PARSE_BATCH ? n - i : PARSE_BATCH, gold_tags, beam, scratch, &sc,
                        &parse_sec, &err);
    if (!rc) {
        double d = sc.words ? 100.0 / (double)sc.words : 0;
        printf("file      %s\nmodel     %s\nbeam      %d\n%ssentences %zu\nwords     %zu\n", gold, orr_model_info(m),
               beam ? beam : orr_model_beam(m), gold_tags ? "tags      gold (--gold-tags: the parser alone)\n" : "",
               n, sc.words);
        printf("UPOS      %.2f\nXPOS      %.2f\nUAS       %.2f\nLAS       %.2f\nLAS-base  %.2f  (relations without subtypes)\n",
               sc.upos * d, sc.xpos * d, sc.uas * d, sc.las * d, sc.las_base * d);
        printf("speed     %.0f sentences/s (tag+parse, CPU time of one thread)\n"
               "load      %.1f ms (CPU %.1f ms)\n",
               parse_sec > 0 ? (double)n / parse_sec : 0, load_ms, load_cpu_ms);
    } else
        cli_print_error(&err);
    orr_arena_free(a);
    orr_arena_free(scratch);
    orr_model_free(m);
    return rc ? EXIT_FAIL : EXIT_OK;
}
