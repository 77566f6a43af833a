/*
** read_actors.c — actor dictionaries in the PETRARCH-2 format and TABARI's.
**
**   PRIMARY_PHRASE_  [CODE]        # an entry, with an optional default code
**   +SYNONYM_PHRASE                # more phrases for the same entry
**   <tab>[CODE 19940922-20040712]  # dated restriction (YYMMDD or YYYYMMDD)
**   <tab>[CODE >20040309]          # from that date on   (inclusive)
**   <tab>[CODE <990809]            # up to that date     (inclusive)
**   <tab>[CODE]                    # default
**
** TABARI also puts restrictions on the primary line and several in one
** bracket separated by ';', and uses ';' for comments: all accepted.  An
** entry's phrases enter the trie when the entry is complete, so that a
** phrase already held by another entry with different codes can be
** reported (same file: warning; an earlier file: a note, the later wins).
*/
#include "dict.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct actor_phrase { const char *s; size_t len, line; } actor_phrase;

static int restr_same(const orr_dict_builder *b, const dict_actor *x, const dict_actor *y) {
    if (strcmp(dict_str_at(b, x->code), dict_str_at(b, y->code)) != 0) return 0;
    if (x->restr_count != y->restr_count) return 0;
    for (uint32_t k = 0; k < x->restr_count; k++) {
        const dict_restr *p = &DICT_AT(b->restr, dict_restr, x->restr_first + k);
        const dict_restr *q = &DICT_AT(b->restr, dict_restr, y->restr_first + k);
        if (p->from != q->from || p->to != q->to ||
            strcmp(dict_str_at(b, p->code), dict_str_at(b, q->code)) != 0)
            return 0;
    }
    return 1;
}

/* Dated restrictions with different codes that share more than a boundary day. */
static void actor_check_overlaps(orr_dict_builder *b, const dict_actor *a) {
    for (uint32_t i = 0; i < a->restr_count; i++) {
        const dict_restr *p = &DICT_AT(b->restr, dict_restr, a->restr_first + i);
        for (uint32_t j = i + 1; j < a->restr_count; j++) {
            const dict_restr *q = &DICT_AT(b->restr, dict_restr, a->restr_first + j);
            if ((p->from == 0 && p->to == DICT_OPEN_TO) || (q->from == 0 && q->to == DICT_OPEN_TO))
                continue;
            int32_t lo = p->from > q->from ? p->from : q->from;
            int32_t hi = p->to < q->to ? p->to : q->to;
            const char *pc = dict_str_at(b, p->code), *qc = dict_str_at(b, q->code);
            size_t pl = strlen(pc), ql = strlen(qc);
            /* a sub-role of the same actor (ALBGOV, ALBGOVBUS) is no conflict */
            int nested = strncmp(pc, qc, pl < ql ? pl : ql) == 0;
            if (lo < hi && !nested)
                dict_diag(b, q->line, 1,
                          "overlapping date ranges: [%s] (line %u) and [%s] both hold from %d to %d",
                          dict_str_at(b, p->code), p->line, dict_str_at(b, q->code), lo, hi);
        }
    }
}

static int actor_finish(orr_dict_builder *b, dict_vec *phrases, int have_entry) {
    if (!have_entry) { phrases->n = 0; return 0; }
    uint32_t idx = (uint32_t)b->actors.n - 1;
    dict_actor *a = &DICT_AT(b->actors, dict_actor, idx);
    if (!a->code && a->restr_count == 0)
        dict_diag(b, a->line, 1, "entry '%s' has no code: it matches but codes nothing",
                  dict_str_at(b, a->phrase));
    actor_check_overlaps(b, a);
    dict_file *f = &DICT_AT(b->files, dict_file, b->file);
    f->entries++;
    f->restrictions += a->restr_count;
    for (size_t k = 0; k < phrases->n; k++) {
        actor_phrase *p = &DICT_AT(*phrases, actor_phrase, k);
        uint32_t prev;
        int rc = dict_add_phrase(b, p->s, p->len, SLOT_ACTOR, idx, &prev);
        if (rc < 0) return -1;
        if (rc == 0) { dict_diag(b, p->line, 2, "phrase has no words"); continue; }
        f->phrases++;
        a = &DICT_AT(b->actors, dict_actor, idx);
        if (!prev || prev - 1 == idx) continue;
        const dict_actor *old = &DICT_AT(b->actors, dict_actor, prev - 1);
        if (restr_same(b, old, a)) continue;
        const char *oldfile = dict_str_at(b, DICT_AT(b->files, dict_file, old->file).name);
        if (old->file == a->file)
            dict_diag(b, p->line, 1,
                      "phrase '%.*s' is also entry '%s' (line %u) with other codes; this one wins",
                      (int)p->len, p->s, dict_str_at(b, old->phrase), old->line);
        else
            dict_diag(b, p->line, 0, "phrase '%.*s' overrides '%s' (%s:%u)", (int)p->len, p->s,
                      dict_str_at(b, old->phrase), oldfile, old->line);
    }
    phrases->n = 0;
    return 0;
}

/* One restriction "CODE", "CODE a-b", "CODE >a", "CODE <a" for the last entry. */
static int actor_restriction(orr_dict_builder *b, const char *s, size_t len, size_t line,
                             int on_primary) {
    while (len && (*s == ' ' || *s == '\t')) { s++; len--; }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (len == 0) { dict_diag(b, line, 2, "empty code in [ ]"); return 0; }
    size_t c = 0;
    while (c < len && s[c] != ' ' && s[c] != '\t') c++;
    if (!dict_code_ok(s, c))
        dict_diag(b, line, 1, "bad code shape '%.*s' (expected A-Z/0-9 in groups of 3)", (int)c, s);
    const char *d = s + c;
    size_t dl = len - c;
    while (dl && (*d == ' ' || *d == '\t')) { d++; dl--; }
    dict_actor *a = &DICT_AT(b->actors, dict_actor, b->actors.n - 1);
    uint32_t code = dict_str(b, s, c);
    if (!code) return -1;
    if (dl == 0) {
        if (on_primary || !a->code) {
            if (a->code && strcmp(dict_str_at(b, a->code), dict_str_at(b, code)) != 0)
                dict_diag(b, line, 1, "second default code [%s] replaces [%s]",
                          dict_str_at(b, code), dict_str_at(b, a->code));
            a->code = code;
            return 0;
        }
        if (strcmp(dict_str_at(b, a->code), dict_str_at(b, code)) != 0)
            dict_diag(b, line, 1, "second default code [%s] replaces [%s]",
                      dict_str_at(b, code), dict_str_at(b, a->code));
        a->code = code;
        return 0;
    }
    dict_restr r = {code, 0, DICT_OPEN_TO, (uint32_t)line};
    if (*d == '>' || *d == '<') {
        const char *v0 = d + 1;
        size_t vl = dl - 1;
        while (vl && (*v0 == ' ' || *v0 == '\t')) { v0++; vl--; }
        int32_t v = dict_parse_date(v0, vl);
        if (v < 0) { dict_diag(b, line, 2, "bad date '%.*s' (expected YYMMDD or YYYYMMDD)", (int)vl, v0); return 0; }
        if (*d == '>') r.from = v; else r.to = v;
    } else {
        const char *dash = memchr(d, '-', dl);
        if (!dash) { dict_diag(b, line, 2, "bad date range '%.*s' (expected FROM-TO, >DATE or <DATE)", (int)dl, d); return 0; }
        size_t fl = (size_t)(dash - d), tl = dl - fl - 1;
        const char *ts = dash + 1;
        while (fl && (d[fl - 1] == ' ' || d[fl - 1] == '\t')) fl--;
        while (tl && (*ts == ' ' || *ts == '\t')) { ts++; tl--; }
        int32_t f = dict_parse_date(d, fl);
        int32_t t = dict_parse_date(ts, tl);
        if (f < 0 || t < 0) { dict_diag(b, line, 2, "bad date in range '%.*s' (expected YYMMDD or YYYYMMDD)", (int)dl, d); return 0; }
        if (f > t) { dict_diag(b, line, 2, "date range '%.*s' ends before it starts", (int)dl, d); return 0; }
        r.from = f;
        r.to = t;
    }
    /* restrictions of one entry are contiguous: they follow its creation */
    if (a->restr_count && a->restr_first + a->restr_count != b->restr.n) {
        dict_diag(b, line, 2, "internal: restrictions out of order");
        return 0;
    }
    if (!a->restr_count) a->restr_first = (uint32_t)b->restr.n;
    if (dict_vec_push(&b->restr, &r) != 0) return -1;
    a->restr_count++;
    return 0;
}

/* Every [ ... ] group in s (';' separates restrictions inside one group). */
static int actor_brackets(orr_dict_builder *b, const char *s, size_t len, size_t line,
                          int on_primary) {
    size_t i = 0;
    while (i < len) {
        if (s[i] == ' ' || s[i] == '\t') { i++; continue; }
        if (s[i] != '[') {
            dict_diag(b, line, 2, "unexpected text '%.*s' after the phrase", (int)(len - i), s + i);
            return 0;
        }
        const char *close = memchr(s + i, ']', len - i);
        if (!close) { dict_diag(b, line, 2, "'[' without ']'"); return 0; }
        size_t j = i + 1, end = (size_t)(close - s);
        while (j <= end) {
            size_t k = j;
            while (k < end && s[k] != ';') k++;
            if (actor_restriction(b, s + j, k - j, line, on_primary) != 0) return -1;
            j = k + 1;
        }
        i = end + 1;
    }
    return 0;
}

int dict_read_actors(orr_dict_builder *b, const char *data, size_t len, int metonym) {
    dict_lines it = {data, len, 0, 0};
    dict_line ln;
    dict_vec phrases = DICT_VEC(actor_phrase);
    int have_entry = 0, rc = 0;
    while (rc == 0 && dict_next_line(&it, &ln)) {
        const char *s;
        size_t n = dict_strip(ln.s, ln.len, 1, &s);
        if (n == 0) continue;
        if (n >= 4 && memcmp(s, "<!--", 4) == 0) continue;   /* header lines */
        if (s[0] == '[') {
            if (!have_entry) { dict_diag(b, ln.lineno, 2, "code line before any entry"); continue; }
            rc = actor_brackets(b, s, n, ln.lineno, 0);
            continue;
        }
        const char *br = memchr(s, '[', n);
        size_t plen = br ? (size_t)(br - s) : n;
        while (plen && (s[plen - 1] == ' ' || s[plen - 1] == '\t')) plen--;
        if (s[0] == '+') {
            if (!have_entry) { dict_diag(b, ln.lineno, 2, "synonym '+' line before any entry"); continue; }
            if (br) dict_diag(b, ln.lineno, 1, "code on a synonym line ignored (codes belong to the entry)");
            actor_phrase p = {s + 1, plen - 1, ln.lineno};
            if (dict_vec_push(&phrases, &p) != 0) rc = -1;
            continue;
        }
        if (ln.indented && !br)
            dict_diag(b, ln.lineno, 1, "indented line that is not a [code]: read as a new entry");
        /* A codeless entry directly followed by another entry is a synonym
        ** written without its '+' (the CountryInfo files do this for name
        ** variants: LEONID_BREZHNEV_ / LEONID_ILYICH_BREZHNEV / ... [codes]):
        ** its phrases join the next entry. */
        const dict_actor *prev = have_entry ? &DICT_AT(b->actors, dict_actor, b->actors.n - 1) : NULL;
        if (prev && !prev->code && prev->restr_count == 0) {
            dict_diag(b, prev->line, 0, "entry '%s' has no code: read as a synonym of the next entry (line %zu)",
                      dict_str_at(b, prev->phrase), ln.lineno);
            b->actors.n--;
        } else if (actor_finish(b, &phrases, have_entry) != 0) { rc = -1; break; }
        dict_actor a = {0};
        a.phrase = dict_str(b, s, plen);
        a.file = b->file;
        a.line = (uint32_t)ln.lineno;
        a.flags = metonym ? DICT_ACTOR_METONYM : 0;
        a.restr_first = (uint32_t)b->restr.n;
        if ((plen && !a.phrase) || dict_vec_push(&b->actors, &a) != 0) { rc = -1; break; }
        have_entry = 1;
        actor_phrase p = {s, plen, ln.lineno};
        if (dict_vec_push(&phrases, &p) != 0) { rc = -1; break; }
        if (br) rc = actor_brackets(b, br, n - (size_t)(br - s), ln.lineno, 1);
    }
    if (rc == 0) rc = actor_finish(b, &phrases, have_entry);
    free(phrases.data);
    return rc;
}
