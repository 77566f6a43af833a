/*
** cmd_extract.c — `orrery extract PAGE.html [--format text|json]` prints
** the article the extractor finds in one page; `orrery eval extract DIR`
** scores the extractor on a folder laid out like the article extraction
** benchmark (pages/<id>.html.gz and ground-truth.json: id -> articleBody).
**
** The score is the benchmark's own (its evaluate.py, as described in
** ../shared/html-extraction/PROVENANCE.md): tokens are maximal runs of
** Unicode word characters (Python's \w: letters, numbers, underscore; case
** kept); each text is a bag of 4-token shingles (a text of 1-3 tokens is
** one shorter shingle); per page the true positives (shingles in both
** bags, counted with multiplicity), false positives and false negatives
** are divided by their sum; precision and recall are averaged over the
** pages that have predicted (resp. expected) shingles, and F1 is the
** harmonic mean of the two averages.  Speed counts only the time inside
** orr_html_extract(), not reading or gunzipping the file.
*/
#include "cli.h"
#include "../util/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utf8proc.h>

/* ---- orrery extract ---- */

static void print_field(const char *label, const char *value) {
    if (value && *value) printf("%s: %s\n", label, value);
}

static json_t *json_str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

int cmd_extract(int argc, char **argv) {
    const char *path = NULL, *format = "text";
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "--format")) {
            if (!(format = cli_opt_value(&o))) return EXIT_USAGE;
        } else if (o.positional && !path) {
            path = o.arg;
        } else {
            return cli_unknown_option(&o);
        }
    }
    if (!path) return cli_usage_error("extract", "which page? give PAGE.html (or - for stdin)");
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error("extract", "--format is text or json, not '%s'", format);
    orr_error err = {0};
    char *html;
    size_t len;
    if (orr_read_file(path, &html, &len, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    orr_doc *doc;
    int rc = orr_html_extract(html, len, path, &doc, &err);
    free(html);
    if (rc) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    char *text;
    size_t text_len, replaced = 0;
    if (orr_text_clean(doc->arena, doc->text, doc->text_len, &text, &text_len, &replaced, &err)) {
        cli_print_error(&err);
        orr_doc_free(doc);
        return EXIT_FAIL;
    }
    if (strcmp(format, "json") == 0) {
        json_t *j = json_object();
        json_object_set_new(j, "title", json_str_or_null(doc->title));
        json_object_set_new(j, "date", json_str_or_null(doc->date));
        json_object_set_new(j, "author", json_str_or_null(doc->author));
        json_object_set_new(j, "lang", json_str_or_null(doc->lang));
        json_object_set_new(j, "url", json_str_or_null(doc->url));
        json_object_set_new(j, "text", json_stringn(text, text_len));
        char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s) puts(s);
        free(s);
        json_decref(j);
    } else {
        print_field("Title", doc->title);
        print_field("Date", doc->date);
        print_field("Author", doc->author);
        print_field("Language", doc->lang);
        print_field("URL", doc->url);
        printf("\n%s", text);
        if (text_len && text[text_len - 1] != '\n') putchar('\n');
    }
    orr_doc_free(doc);
    return EXIT_OK;
}

/* ---- the benchmark's metric ---- */

/* Python's \w on str: letters, numbers (any category N*), underscore. */
static int is_word_char(utf8proc_int32_t cp) {
    if (cp == '_') return 1;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

typedef struct u64_vec {
    uint64_t *v;
    size_t n, cap;
} u64_vec;

static int vec_push(u64_vec *a, uint64_t x) {
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        uint64_t *p = realloc(a->v, cap * sizeof *p);
        if (!p) return -1;
        a->v = p;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

/* FNV-1a over a token's bytes: tokens are compared by 64-bit hash. */
static uint64_t fnv1a(const unsigned char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

static int tokenize_words(const char *text, size_t len, u64_vec *tokens) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, start = 0;
    int in_word = 0;
    tokens->n = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) { k = 1; cp = -1; }
        int w = cp >= 0 && is_word_char(cp);
        if (w && !in_word) start = i;
        if (!w && in_word && vec_push(tokens, fnv1a(s + start, i - start))) return -1;
        in_word = w;
        i += (size_t)k;
    }
    if (in_word && vec_push(tokens, fnv1a(s + start, len - start))) return -1;
    return 0;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Bag of 4-token shingles (sorted hashes); fewer than 4 tokens: one shingle. */
static int shingles(const char *text, size_t len, u64_vec *tok, u64_vec *out) {
    out->n = 0;
    if (tokenize_words(text, len, tok)) return -1;
    if (tok->n == 0) return 0;
    size_t n = tok->n < 4 ? 1 : tok->n - 3, width = tok->n < 4 ? tok->n : 4;
    for (size_t i = 0; i < n; i++) {
        uint64_t h = 0x9E3779B97F4A7C15ull;
        for (size_t k = 0; k < width; k++) h = (h ^ tok->v[i + k]) * 0xff51afd7ed558ccdull + k;
        if (vec_push(out, h)) return -1;
    }
    qsort(out->v, out->n, sizeof *out->v, cmp_u64);
    return 0;
}

/* Multiset matching of two sorted bags. */
static void bag_match(const u64_vec *truth, const u64_vec *pred, double *tp, double *fp, double *fn) {
    size_t i = 0, j = 0;
    *tp = *fp = *fn = 0;
    while (i < truth->n || j < pred->n) {
        if (j == pred->n || (i < truth->n && truth->v[i] < pred->v[j])) {
            (*fn)++, i++;
        } else if (i == truth->n || pred->v[j] < truth->v[i]) {
            (*fp)++, j++;
        } else {
            (*tp)++, i++, j++;
        }
    }
}

/* ---- orrery eval extract ---- */

typedef struct eval_totals {
    double sum_p, sum_r;
    int n_p, n_r, pages, failed;
    double seconds;
    size_t bytes;
} eval_totals;

/* CPU time of this thread: the machine may be shared, and the figure
** wanted is what one core does. */
static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void dump_text(const char *dir, const char *id, const orr_doc *doc) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.txt", dir, id);
    FILE *f = fopen(path, "w");
    if (!f) return;
    fwrite(doc->text, 1, doc->text_len, f);
    fclose(f);
}

static int eval_page(const char *dir, const char *id, const char *truth, int verbose,
                     const char *dump, eval_totals *tot, u64_vec bufs[3]) {
    char path[4096];
    snprintf(path, sizeof path, "%s/pages/%s.html.gz", dir, id);
    orr_error err = {0};
    char *html;
    size_t len;
    if (orr_read_file(path, &html, &len, &err)) {
        cli_print_error(&err);
        tot->failed++;
        return -1;
    }
    orr_doc *doc;
    double t0 = now_seconds();
    int rc = orr_html_extract(html, len, path, &doc, &err);
    tot->seconds += now_seconds() - t0;
    tot->bytes += len;
    free(html);
    if (rc) {
        cli_print_error(&err);
        tot->failed++;
        return -1;
    }
    if (dump) dump_text(dump, id, doc);
    double tp, fp, fn;
    if (shingles(truth, strlen(truth), &bufs[0], &bufs[1]) ||
        shingles(doc->text, doc->text_len, &bufs[0], &bufs[2])) {
        orr_doc_free(doc);
        fprintf(stderr, "orrery eval extract: out of memory\n");
        return -1;
    }
    bag_match(&bufs[1], &bufs[2], &tp, &fp, &fn);
    double s = tp + fp + fn, p = -1, r = -1;
    if (s > 0) tp /= s, fp /= s, fn /= s;
    if (tp + fp > 0) { p = tp / (tp + fp); tot->sum_p += p; tot->n_p++; }
    if (tp + fn > 0) { r = tp / (tp + fn); tot->sum_r += r; tot->n_r++; }
    tot->pages++;
    if (verbose)
        printf("%s  precision %.3f  recall %.3f  (%zu/%zu shingles)\n", id, p < 0 ? 0 : p,
               r < 0 ? 0 : r, bufs[2].n, bufs[1].n);
    orr_doc_free(doc);
    return 0;
}

int eval_extract(int argc, char **argv) {
    const char *dir = NULL, *dump = NULL;
    int verbose = 0;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        if (cli_opt_is(&o, "--verbose") || cli_opt_is(&o, "-v")) verbose = 1;
        else if (cli_opt_is(&o, "--dump")) { if (!(dump = cli_opt_value(&o))) return EXIT_USAGE; }
        else if (o.positional && !dir) dir = o.arg;
        else return cli_unknown_option(&o);
    }
    if (!dir) return cli_usage_error("eval", "eval extract DIR [--verbose] [--dump OUTDIR]");
    if (dump) mkdir(dump, 0777);
    char path[4096];
    snprintf(path, sizeof path, "%s/ground-truth.json", dir);
    json_error_t jerr;
    json_t *gt = json_load_file(path, JSON_PRESERVE_ORDER, &jerr);
    if (!gt || !json_is_object(gt)) {
        fprintf(stderr, "orrery: %s:%d: %s\n", path, jerr.line, gt ? "expected an object" : jerr.text);
        json_decref(gt);
        return EXIT_FAIL;
    }
    eval_totals tot = {0};
    u64_vec bufs[3] = {{0}};
    const char *id;
    json_t *entry;
    json_object_foreach(gt, id, entry) {
        const char *truth = json_string_value(json_object_get(entry, "articleBody"));
        if (!truth) {
            fprintf(stderr, "orrery: %s: page %s: expected an articleBody string\n", path, id);
            tot.failed++;
            continue;
        }
        eval_page(dir, id, truth, verbose, dump, &tot, bufs);
    }
    for (int i = 0; i < 3; i++) free(bufs[i].v);
    json_decref(gt);
    double p = tot.n_p ? tot.sum_p / tot.n_p : 0, r = tot.n_r ? tot.sum_r / tot.n_r : 0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("pages %d  precision %.4f  recall %.4f  F1 %.4f\n", tot.pages, p, r, f1);
    printf("speed %.1f pages/s  %.1f MB/s  (%.3f s CPU extracting %.1f MB, one core, in-process)\n",
           tot.seconds > 0 ? tot.pages / tot.seconds : 0,
           tot.seconds > 0 ? (double)tot.bytes / tot.seconds / 1e6 : 0, tot.seconds,
           (double)tot.bytes / 1e6);
    if (tot.failed) fprintf(stderr, "orrery eval extract: %d page(s) could not be scored\n", tot.failed);
    return tot.failed ? EXIT_BADINPUT : EXIT_OK;
}
