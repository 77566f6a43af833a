/*
** read_lists.c — the two phrase-list dictionaries, discards and issues.
**
** Discards:  PHRASE        the sentence is not coded
**            +PHRASE       the whole story is not coded
** Issues:    <ISSUE CATEGORY="EDUCATION" TYPE="ALL"> ... </ISSUE>
**            n:school [SCHOOLS]     noun: singular and plural
**            ethnic v:purge [X]     verb: regular forms
**            pre+k [X]              '+': "pre k" and "pre-k" (one phrase here,
**                                   since hyphenated tokens are split)
**            ~a head start          ignore phrase (cancels issue coding)
**
** PETRARCH's discards match word stems unless the phrase ends in '_'; here
** every phrase matches whole words (folded), which is what the coder's
** token lookup can do; the '_' is accepted and dropped.
*/
#include "dict.h"

#include <stdio.h>
#include <stdlib.h>

int dict_read_discards(orr_dict_builder *b, const char *data, size_t len) {
    dict_lines it = {data, len, 0, 0};
    dict_line ln;
    while (dict_next_line(&it, &ln)) {
        const char *s;
        size_t n = dict_strip(ln.s, ln.len, 0, &s);
        if (n == 0 || (n >= 4 && memcmp(s, "<!--", 4) == 0)) continue;
        dict_discard d = {0, b->file, (uint32_t)ln.lineno, 0};
        if (s[0] == '+') { d.flags |= DICT_DISCARD_STORY; s++; n--; }
        if (memchr(s, '[', n)) dict_diag(b, ln.lineno, 1, "discard phrase contains '[': read as words");
        d.phrase = dict_str(b, s, n);
        if (n && !d.phrase) return -1;
        if (dict_vec_push(&b->discards, &d) != 0) return -1;
        uint32_t prev;
        int rc = dict_add_phrase(b, s, n, SLOT_DISCARD, (uint32_t)b->discards.n - 1, &prev);
        if (rc < 0) return -1;
        if (rc == 0) { dict_diag(b, ln.lineno, 2, "discard phrase has no words"); continue; }
        if (prev) {
            const dict_discard *o = &DICT_AT(b->discards, dict_discard, prev - 1);
            dict_diag(b, ln.lineno, o->flags != d.flags ? 1 : 0,
                      "discard '%.*s' repeats line %u%s", (int)n, s, o->line,
                      o->flags != d.flags ? " with another scope; this one wins" : "");
        }
        DICT_AT(b->files, dict_file, b->file).entries++;
        DICT_AT(b->files, dict_file, b->file).phrases++;
    }
    return 0;
}

/* Expand word k onwards of an issue phrase into every variant. */
typedef struct issue_words { const char *w[24]; size_t len[24]; size_t n; } issue_words;

static int issue_expand(orr_dict_builder *b, const issue_words *iw, size_t k, char *buf,
                        size_t o, uint32_t entry, size_t line, size_t *count) {
    if (*count >= 1000) return 0;   /* n:/v: forms multiply: cap one line's phrases */
    if (k == iw->n) {
        uint32_t prev;
        int rc = dict_add_phrase(b, buf, o, SLOT_ISSUE, entry, &prev);
        if (rc < 0) return -1;
        if (rc > 0) (*count)++;
        return 0;
    }
    const char *w = iw->w[k];
    size_t n = iw->len[k];
    char forms[4][128];
    size_t nf = 0;
    int noun = n > 2 && w[0] == 'n' && w[1] == ':', verb = n > 2 && w[0] == 'v' && w[1] == ':';
    if (noun || verb) { w += 2; n -= 2; }
    if (n == 0 || n + 4 >= 128) return 0;
    memcpy(forms[nf], w, n); forms[nf++][n] = '\0';
    char last = (char)(w[n - 1] | 0x20), prev = n > 1 ? (char)(w[n - 2] | 0x20) : 0;
    int cons_y = last == 'y' && !strchr("aeiou", prev ? prev : 'a');
    int sib = last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's'));
    if (noun || verb) {
        memcpy(forms[nf], w, n);
        if (cons_y) strcpy(forms[nf] + n - 1, "ies");
        else strcpy(forms[nf] + n, sib ? "es" : "s");
        nf++;
    }
    if (verb) {
        memcpy(forms[nf], w, n);
        if (last == 'e') strcpy(forms[nf] + n, "d");
        else if (cons_y) strcpy(forms[nf] + n - 1, "ied");
        else strcpy(forms[nf] + n, "ed");
        nf++;
        memcpy(forms[nf], w, n);
        if (last == 'e' && prev != 'e' && n > 2) strcpy(forms[nf] + n - 1, "ing");
        else strcpy(forms[nf] + n, "ing");
        nf++;
    }
    for (size_t f = 0; f < nf; f++) {
        size_t fl = strlen(forms[f]);
        if (o + fl + 2 >= 1024) return 0;
        memcpy(buf + o, forms[f], fl);
        for (size_t i = o; i < o + fl; i++) if (buf[i] == '+') buf[i] = '_';
        buf[o + fl] = ' ';
        if (issue_expand(b, iw, k + 1, buf, o + fl + 1, entry, line, count) != 0) return -1;
    }
    return 0;
}

static int issue_line(orr_dict_builder *b, const char *s, size_t n, size_t line,
                      uint32_t category) {
    dict_issue is = {0, b->file, (uint32_t)line, 0, category, 0};
    while (n && s[0] == '~') { is.flags |= DICT_ISSUE_IGNORE; s++; n--; }
    const char *br = memchr(s, '[', n);
    size_t plen = br ? (size_t)(br - s) : n;
    while (plen && (s[plen - 1] == ' ' || s[plen - 1] == '\t')) plen--;
    if (br) {
        const char *close = memchr(br, ']', n - (size_t)(br - s));
        if (!close) { dict_diag(b, line, 2, "'[' without ']'"); return 0; }
        for (const char *t = close + 1; t < s + n; t++)
            if (*t != ' ' && *t != '\t') {
                dict_diag(b, line, 1, "text after the code ignored: '%.*s'", (int)(s + n - t), t);
                break;
            }
        is.code = dict_str(b, br + 1, (size_t)(close - br - 1));
        if (close > br + 1 && !is.code) return -1;
        if (is.flags & DICT_ISSUE_IGNORE) dict_diag(b, line, 1, "ignore phrase '~' with a code: code unused");
    } else if (!(is.flags & DICT_ISSUE_IGNORE)) {
        dict_diag(b, line, 2, "issue phrase without [CODE]");
        return 0;
    }
    if (!category) dict_diag(b, line, 1, "issue phrase outside <ISSUE CATEGORY=...>");
    is.phrase = dict_str(b, s, plen);
    if ((plen && !is.phrase) || dict_vec_push(&b->issues, &is) != 0) return -1;
    issue_words iw = {{0}, {0}, 0};
    for (size_t i = 0; i < plen;) {
        while (i < plen && (s[i] == ' ' || s[i] == '\t' || s[i] == '_')) i++;
        size_t j = i;
        while (j < plen && s[j] != ' ' && s[j] != '\t' && s[j] != '_') j++;
        if (j > i) {
            if (iw.n == 24) { dict_diag(b, line, 2, "issue phrase longer than 24 words"); return 0; }
            iw.w[iw.n] = s + i;
            iw.len[iw.n++] = j - i;
        }
        i = j;
    }
    char buf[1024];
    size_t count = 0;
    if (issue_expand(b, &iw, 0, buf, 0, (uint32_t)b->issues.n - 1, line, &count) != 0) return -1;
    if (count == 0) { dict_diag(b, line, 2, "issue phrase has no words"); return 0; }
    DICT_AT(b->files, dict_file, b->file).entries++;
    DICT_AT(b->files, dict_file, b->file).phrases += (uint32_t)count;
    return 0;
}

int dict_read_issues(orr_dict_builder *b, const char *data, size_t len) {
    dict_lines it = {data, len, 0, 0};
    dict_line ln;
    uint32_t category = 0;
    while (dict_next_line(&it, &ln)) {
        const char *s;
        size_t n = dict_strip(ln.s, ln.len, 0, &s);
        if (n == 0 || (n >= 4 && memcmp(s, "<!--", 4) == 0)) continue;
        if (n >= 7 && memcmp(s, "<ISSUE ", 7) == 0) {
            const char *q = NULL;
            for (size_t i = 7; i + 9 < n; i++)
                if (memcmp(s + i, "CATEGORY=\"", 10) == 0) { q = s + i + 10; break; }
            const char *qe = q ? memchr(q, '"', n - (size_t)(q - s)) : NULL;
            if (!qe) { dict_diag(b, ln.lineno, 2, "<ISSUE> without CATEGORY=\"...\""); category = 0; continue; }
            category = dict_str(b, q, (size_t)(qe - q));
            if (qe > q && !category) return -1;
            continue;
        }
        if (n >= 8 && memcmp(s, "</ISSUE>", 8) == 0) { category = 0; continue; }
        if (s[0] == '<') { dict_diag(b, ln.lineno, 2, "unknown tag '%.*s'", (int)n, s); continue; }
        if (issue_line(b, s, n, ln.lineno, category) != 0) return -1;
    }
    return 0;
}
