/*
** cmd_segment.c — `orrery eval segment GOLD.conllu [--no-paragraphs]
** [--errors N]`: score the sentence splitter and the tokenizer against a
** Universal Dependencies file.
**
** Raw text is rebuilt per document (`# newdoc`) from the `# text` lines:
** sentences of one paragraph are joined by a space, paragraphs (`# newpar`)
** by a blank line — what a real article looks like.  --no-paragraphs joins
** everything with spaces (the harder, UDPipe "no paragraph" setting).
** Sentences are matched by their exact character span, tokens likewise;
** a multiword token counts once, by its surface form ("don't"), so the
** tokenizer's words are merged back with orr_text_token_continues_word().
** Precision, recall and F1 follow the CoNLL 2018 shared task evaluation.
*/
#include "cli.h"
#include "../util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct span {
    size_t start, end;
} span;

typedef struct span_list {
    span *items;
    size_t n, cap;
} span_list;

typedef struct seg_eval {
    bool paragraphs;
    long show_errors, show_token_errors;
    orr_buf text;              /* the current document's raw text */
    span_list gold_sents, gold_toks;
    size_t docs, unaligned;
    size_t sent_gold, sent_sys, sent_match;
    size_t tok_gold, tok_sys, tok_match;
    size_t bytes;              /* raw text segmented */
    double seconds;            /* in orr_text_split_sentences + orr_text_tokenize */
} seg_eval;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);  /* CPU time: fair on a shared machine */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void spans_push(span_list *l, size_t start, size_t end) {
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 1024;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
        if (!l->items) {
            fprintf(stderr, "orrery eval segment: out of memory\n");
            exit(EXIT_FAIL);
        }
    }
    l->items[l->n++] = (span){start, end};
}

/* Exact span matches between two lists sorted by start. */
static size_t count_matches(const span *a, size_t na, const span *b, size_t nb) {
    size_t i = 0, j = 0, m = 0;
    while (i < na && j < nb) {
        if (a[i].start == b[j].start && a[i].end == b[j].end) m++, i++, j++;
        else if (a[i].start < b[j].start || (a[i].start == b[j].start && a[i].end < b[j].end)) i++;
        else j++;
    }
    return m;
}

static void show_sentence_errors(seg_eval *ev, const orr_doc *doc) {
    const char *t = ev->text.data;
    for (size_t i = 0; i < doc->n_sentences && ev->show_errors > 0; i++) {
        const orr_sentence *s = &doc->sentences[i];
        bool found = false;
        for (size_t j = 0; j < ev->gold_sents.n && !found; j++)
            found = ev->gold_sents.items[j].start == s->start && ev->gold_sents.items[j].end == s->end;
        if (found) continue;
        printf("SYS  %.*s\n", (int)(s->end - s->start), t + s->start);
        ev->show_errors--;
    }
}

/* Print gold tokens the tokenizer missed, with what it produced there. */
static void show_token_errors(seg_eval *ev, const span_list *sys) {
    const char *t = ev->text.data;
    size_t j = 0;
    for (size_t i = 0; i < ev->gold_toks.n && ev->show_token_errors > 0; i++) {
        span g = ev->gold_toks.items[i];
        while (j < sys->n && sys->items[j].end <= g.start) j++;
        if (j < sys->n && sys->items[j].start == g.start && sys->items[j].end == g.end) continue;
        printf("TOK  gold [%.*s] system", (int)(g.end - g.start), t + g.start);
        for (size_t k = j; k < sys->n && sys->items[k].start < g.end; k++)
            printf(" [%.*s]", (int)(sys->items[k].end - sys->items[k].start), t + sys->items[k].start);
        printf("\n");
        ev->show_token_errors--;
    }
}

/* Split and tokenise the finished document, compare with its gold spans. */
static int score_document(seg_eval *ev) {
    if (ev->text.len == 0) return ORR_OK;
    orr_error err = {0};
    orr_doc *doc = orr_doc_new();
    if (!doc) return ORR_ENOMEM;
    doc->text = orr_arena_strndup(doc->arena, ev->text.data, ev->text.len);
    doc->text_len = ev->text.len;
    double t0 = now_seconds();
    int rc = doc->text ? orr_text_split_sentences(doc, &err) : ORR_ENOMEM;
    span_list sys_toks = {0};
    orr_token **toks = calloc(doc->n_sentences + 1, sizeof *toks);
    size_t *n_toks = calloc(doc->n_sentences + 1, sizeof *n_toks);
    if (!toks || !n_toks) rc = ORR_ENOMEM;
    for (size_t i = 0; rc == ORR_OK && i < doc->n_sentences; i++)
        rc = orr_text_tokenize(doc->arena, doc->text, doc->sentences[i].start, doc->sentences[i].end,
                               &toks[i], &n_toks[i], &err);
    ev->seconds += now_seconds() - t0;
    ev->bytes += doc->text_len;
    for (size_t i = 0; rc == ORR_OK && i < doc->n_sentences; i++) {
        orr_token *tok = toks[i];
        size_t n = n_toks[i];
        for (size_t k = 0; k < n; k++) {
            if (k > 0 && orr_text_token_continues_word(doc->text, &tok[k - 1], &tok[k]))
                sys_toks.items[sys_toks.n - 1].end = tok[k].end;
            else
                spans_push(&sys_toks, tok[k].start, tok[k].end);
        }
    }
    if (rc == ORR_OK) {
        span *sys_sents = calloc(doc->n_sentences + 1, sizeof *sys_sents);
        for (size_t i = 0; sys_sents && i < doc->n_sentences; i++)
            sys_sents[i] = (span){doc->sentences[i].start, doc->sentences[i].end};
        ev->sent_match += count_matches(sys_sents, doc->n_sentences, ev->gold_sents.items, ev->gold_sents.n);
        ev->sent_sys += doc->n_sentences;
        ev->sent_gold += ev->gold_sents.n;
        ev->tok_match += count_matches(sys_toks.items, sys_toks.n, ev->gold_toks.items, ev->gold_toks.n);
        ev->tok_sys += sys_toks.n;
        ev->tok_gold += ev->gold_toks.n;
        if (ev->show_errors > 0) show_sentence_errors(ev, doc);
        if (ev->show_token_errors > 0) show_token_errors(ev, &sys_toks);
        free(sys_sents);
    } else {
        cli_print_error(&err);
    }
    free(sys_toks.items);
    free(toks);
    free(n_toks);
    orr_doc_free(doc);
    ev->docs++;
    ev->text.len = 0;
    ev->gold_sents.n = ev->gold_toks.n = 0;
    return rc;
}

/* Append a sentence's text; return its offset in the document. */
static size_t add_sentence(seg_eval *ev, const char *s, size_t len, bool new_par) {
    if (ev->text.len > 0) orr_buf_puts(&ev->text, new_par && ev->paragraphs ? "\n\n" : " ");
    size_t off = ev->text.len;
    orr_buf_append(&ev->text, s, len);
    spans_push(&ev->gold_sents, off, off + len);
    return off;
}

/* Place a surface form in the sentence text at or after *cursor. */
static void align_token(seg_eval *ev, size_t sent_off, size_t sent_end, size_t *cursor,
                        const char *form, size_t len) {
    const char *t = ev->text.data;
    while (*cursor < sent_end && (t[*cursor] == ' ' || t[*cursor] == '\t')) (*cursor)++;
    const char *hit = NULL;
    if (*cursor + len <= sent_end && memcmp(t + *cursor, form, len) == 0) hit = t + *cursor;
    else if (len) hit = memmem(t + *cursor, sent_end - *cursor, form, len);
    (void)sent_off;
    if (!hit) {
        ev->unaligned++;
        return;
    }
    size_t start = (size_t)(hit - t);
    spans_push(&ev->gold_toks, start, start + len);
    *cursor = start + len;
}

static int read_conllu(seg_eval *ev, char *data, size_t len) {
    bool new_par = false, in_sentence = false;
    size_t sent_off = 0, sent_end = 0, cursor = 0, skip_until = 0;
    char *p = data, *end = data + len;
    while (p < end) {
        char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        size_t n = (size_t)(eol - p);
        if (n && p[n - 1] == '\r') n--;
        if (n >= 9 && strncmp(p, "# newdoc", 8) == 0) {
            if (score_document(ev)) return 1;
            new_par = true;
        } else if (n >= 9 && strncmp(p, "# newpar", 8) == 0) {
            new_par = true;
        } else if (n >= 9 && strncmp(p, "# text = ", 9) == 0) {
            sent_off = add_sentence(ev, p + 9, n - 9, new_par);
            sent_end = sent_off + (n - 9);
            cursor = sent_off;
            new_par = false;
            in_sentence = true;
            skip_until = 0;
        } else if (n > 0 && p[0] >= '0' && p[0] <= '9' && in_sentence) {
            char *tab = memchr(p, '\t', n);
            char *tab2 = tab ? memchr(tab + 1, '\t', n - (size_t)(tab + 1 - p)) : NULL;
            if (tab && tab2) {
                char *dash = memchr(p, '-', (size_t)(tab - p));
                char *dot = memchr(p, '.', (size_t)(tab - p));
                size_t id = strtoul(p, NULL, 10);
                if (dash) {
                    skip_until = strtoul(dash + 1, NULL, 10);
                    align_token(ev, sent_off, sent_end, &cursor, tab + 1, (size_t)(tab2 - tab - 1));
                } else if (!dot && id > skip_until) {
                    align_token(ev, sent_off, sent_end, &cursor, tab + 1, (size_t)(tab2 - tab - 1));
                }
            }
        } else if (n == 0) {
            in_sentence = false;
        }
        p = eol + 1;
    }
    return score_document(ev);
}

static void print_prf(const char *what, size_t match, size_t sys, size_t gold) {
    double p = sys ? 100.0 * (double)match / (double)sys : 0, r = gold ? 100.0 * (double)match / (double)gold : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("%-10s precision %6.2f  recall %6.2f  F1 %6.2f  (%zu matched, %zu system, %zu gold)\n", what, p,
           r, f, match, sys, gold);
}

int eval_segment(int argc, char **argv) {
    seg_eval ev = {.paragraphs = true};
    const char *path = NULL;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        const char *v;
        if (cli_opt_is(&o, "--no-paragraphs")) ev.paragraphs = false;
        else if (cli_opt_is(&o, "--errors")) {
            if (!(v = cli_opt_value(&o))) return EXIT_USAGE;
            ev.show_errors = strtol(v, NULL, 10);
        } else if (cli_opt_is(&o, "--token-errors")) {
            if (!(v = cli_opt_value(&o))) return EXIT_USAGE;
            ev.show_token_errors = strtol(v, NULL, 10);
        } else if (o.positional && !path) path = o.arg;
        else return cli_unknown_option(&o);
    }
    if (!path) return cli_usage_error("eval segment", "usage: orrery eval segment GOLD.conllu [--no-paragraphs]");
    orr_error err = {0};
    char *data;
    size_t len;
    if (orr_read_file(path, &data, &len, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    orr_buf_init(&ev.text);
    int rc = read_conllu(&ev, data, len);
    free(data);
    orr_buf_free(&ev.text);
    free(ev.gold_sents.items);
    free(ev.gold_toks.items);
    if (rc) return EXIT_FAIL;
    printf("segment %s: %zu documents, paragraph breaks %s\n", path, ev.docs,
           ev.paragraphs ? "kept (blank line)" : "ignored (all spaces)");
    print_prf("sentences", ev.sent_match, ev.sent_sys, ev.sent_gold);
    print_prf("tokens", ev.tok_match, ev.tok_sys, ev.tok_gold);
    printf("speed      %.1f MB/s splitting and tokenising (%zu bytes in %.3f s, CPU time, one core, in-process)\n",
           ev.seconds > 0 ? (double)ev.bytes / 1e6 / ev.seconds : 0.0, ev.bytes, ev.seconds);
    if (ev.unaligned) printf("(%zu gold tokens not found in their # text line)\n", ev.unaligned);
    return EXIT_OK;
}
