/*
** conllu.c — the CoNLL-U reader: treebanks for training and evaluation,
** and pre-tokenised input for `orrery parse --from conllu`.  Strict about
** structure (ten columns, consecutive ids, heads inside the sentence, no
** cycles) because a silently mis-read treebank gives a silently worse
** model; every error names the file and line.
*/
#include "nlp.h"

#include <errno.h>
#include <stdlib.h>

typedef struct reader {
    orr_arena *arena;
    const char *name;
    int require_tree;
    orr_buf words, ranges, comments, sentences;
    size_t first_line;
    orr_error *err;
} reader;

static int fail(reader *r, size_t line, const char *fmt, const char *arg) {
    char what[256];
    snprintf(what, sizeof what, fmt, arg);
    return orr_error_set(r->err, ORR_EFORMAT, "%s:%zu: %s", r->name, line, what);
}

static int parse_int(const char *s, size_t n, long *out) {
    if (!n || n > 9) return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static char *field_dup(reader *r, const char *s, size_t n) { return orr_arena_strndup(r->arena, s, n); }

/* Does following heads from every word reach the root without a loop? */
static int has_cycle(const orr_word *w, size_t n) {
    for (size_t i = 0; i < n; i++) {
        int h = w[i].head;
        size_t steps = 0;
        while (h > 0 && steps <= n) h = w[h - 1].head, steps++;
        if (steps > n) return 1;
    }
    return 0;
}

static int end_sentence(reader *r, size_t line) {
    size_t nw = r->words.len / sizeof(orr_word), nr = r->ranges.len / sizeof(orr_word_range);
    size_t nc = r->comments.len / sizeof(char *);
    if (nw == 0) {
        if (nr) return fail(r, line, "%smultiword token without words", "");
        r->comments.len = 0;  /* comments between sentences belong to none */
        return ORR_OK;
    }
    orr_word *w = (orr_word *)r->words.data;
    for (size_t i = 0; i < nw; i++) {
        if (w[i].head > (int)nw)
            return fail(r, r->first_line + i, "head points outside the sentence%s", "");
        if (r->require_tree && w[i].head < 0)
            return fail(r, r->first_line + i, "missing head (\"_\")%s", "");
        if (r->require_tree && !strcmp(w[i].deprel, "_"))
            return fail(r, r->first_line + i, "missing relation (\"_\")%s", "");
    }
    orr_word_range *rg = (orr_word_range *)r->ranges.data;
    for (size_t i = 0; i < nr; i++)
        if (rg[i].last > (int)nw) return fail(r, r->first_line, "multiword token range beyond the last word%s", "");
    if (r->require_tree && has_cycle(w, nw))
        return fail(r, r->first_line, "the heads form a cycle%s", "");
    orr_conllu_sentence s = {0};
    s.n_words = nw;
    s.n_ranges = nr;
    s.n_comments = nc;
    s.line = r->first_line;
    s.words = orr_arena_alloc(r->arena, r->words.len);
    s.ranges = orr_arena_alloc(r->arena, r->ranges.len + 1);
    s.comments = orr_arena_alloc(r->arena, r->comments.len + 1);
    if (!s.words || !s.ranges || !s.comments) return orr_error_set(r->err, ORR_ENOMEM, "out of memory");
    memcpy(s.words, r->words.data, r->words.len);
    if (nr) memcpy(s.ranges, r->ranges.data, r->ranges.len);
    if (nc) memcpy(s.comments, r->comments.data, r->comments.len);
    r->words.len = r->ranges.len = r->comments.len = 0;
    return orr_buf_append(&r->sentences, &s, sizeof s) ? orr_error_set(r->err, ORR_ENOMEM, "out of memory") : ORR_OK;
}

static int word_line(reader *r, const char *p, size_t n, size_t line) {
    const char *f[10];
    size_t fl[10], k = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || p[i] == '\t') {
            if (k == 10) {
                k++;
                break;
            }
            f[k] = p + start;
            fl[k++] = i - start;
            start = i + 1;
        }
    }
    if (k != 10) {
        char got[16];
        snprintf(got, sizeof got, "%s%zu", k > 10 ? "more than " : "", k > 10 ? (size_t)10 : k);
        return fail(r, line, "expected 10 tab-separated columns, found %s", got);
    }
    for (int i = 0; i < 10; i++)
        if (!fl[i]) return fail(r, line, "empty column%s", "");
    size_t nw = r->words.len / sizeof(orr_word);
    if (nw == 0 && r->ranges.len == 0) r->first_line = line;
    const char *dash = memchr(f[0], '-', fl[0]), *dot = memchr(f[0], '.', fl[0]);
    long a, b;
    if (dot) {  /* empty node of the enhanced graph: not a word */
        if (parse_int(f[0], (size_t)(dot - f[0]), &a) || parse_int(dot + 1, fl[0] - (size_t)(dot - f[0]) - 1, &b))
            return fail(r, line, "bad word id '%s'", field_dup(r, f[0], fl[0]));
        return ORR_OK;
    }
    if (dash) {
        if (parse_int(f[0], (size_t)(dash - f[0]), &a) || parse_int(dash + 1, fl[0] - (size_t)(dash - f[0]) - 1, &b) ||
            a != (long)nw + 1 || b <= a)
            return fail(r, line, "bad multiword token range '%s'", field_dup(r, f[0], fl[0]));
        orr_word_range rg = {(int)a, (int)b, field_dup(r, f[1], fl[1]), field_dup(r, f[9], fl[9])};
        return orr_buf_append(&r->ranges, &rg, sizeof rg) ? ORR_ENOMEM : ORR_OK;
    }
    if (parse_int(f[0], fl[0], &a) || a != (long)nw + 1) {
        char want[32];
        snprintf(want, sizeof want, "%zu", nw + 1);
        return fail(r, line, "expected word id %s", want);
    }
    orr_word w;
    w.form = field_dup(r, f[1], fl[1]);
    w.lemma = field_dup(r, f[2], fl[2]);
    w.upos = field_dup(r, f[3], fl[3]);
    w.xpos = field_dup(r, f[4], fl[4]);
    w.feats = field_dup(r, f[5], fl[5]);
    w.deprel = field_dup(r, f[7], fl[7]);
    w.misc = field_dup(r, f[9], fl[9]);
    if (fl[6] == 1 && f[6][0] == '_') w.head = -1;
    else if (parse_int(f[6], fl[6], &b)) return fail(r, line, "bad head '%s'", field_dup(r, f[6], fl[6]));
    else if (b == a) return fail(r, line, "word is its own head%s", "");
    else w.head = (int)b;
    if (!w.form || !w.misc) return orr_error_set(r->err, ORR_ENOMEM, "out of memory");
    return orr_buf_append(&r->words, &w, sizeof w) ? ORR_ENOMEM : ORR_OK;
}

int orr_conllu_read(orr_arena *arena, const char *name, const char *data, size_t len,
                    int require_tree, orr_conllu_sentence **out, size_t *n_out, orr_error *err) {
    reader r = {.arena = arena, .name = name, .require_tree = require_tree, .err = err};
    orr_buf_init(&r.words);
    orr_buf_init(&r.ranges);
    orr_buf_init(&r.comments);
    orr_buf_init(&r.sentences);
    *out = NULL;
    *n_out = 0;
    size_t pos = 0, line = 0;
    int rc = ORR_OK;
    while (pos < len && rc == ORR_OK) {
        const char *p = data + pos;
        const char *nl = memchr(p, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - p) : len - pos;
        pos += n + (nl != NULL);
        line++;
        if (n && p[n - 1] == '\r') n--;
        if (memchr(p, 0, n)) rc = fail(&r, line, "NUL byte in line%s", "");
        else if (n == 0) rc = end_sentence(&r, line);
        else if (p[0] == '#') {
            if (r.words.len || r.ranges.len) rc = fail(&r, line, "comment inside a sentence%s", "");
            else {
                size_t skip = n >= 2 && p[1] == ' ' ? 2 : 1;
                char *c = field_dup(&r, p + skip, n - skip);
                rc = !c || orr_buf_append(&r.comments, &c, sizeof c) ? ORR_ENOMEM : ORR_OK;
            }
        } else
            rc = word_line(&r, p, n, line);
    }
    if (rc == ORR_OK) rc = end_sentence(&r, line + 1);
    if (rc == ORR_ENOMEM) orr_error_set(err, rc, "out of memory");
    if (rc == ORR_OK) {
        size_t ns = r.sentences.len / sizeof(orr_conllu_sentence);
        *out = orr_arena_alloc(arena, r.sentences.len + 1);
        if (!*out) rc = orr_error_set(err, ORR_ENOMEM, "out of memory");
        else {
            if (ns) memcpy(*out, r.sentences.data, r.sentences.len);
            *n_out = ns;
        }
    }
    orr_buf_free(&r.words);
    orr_buf_free(&r.ranges);
    orr_buf_free(&r.comments);
    orr_buf_free(&r.sentences);
    return rc;
}
