/*
** read_verbs.c — verb dictionaries: PETRARCH-2's CAMEO.2.0 and TABARI's.
**
**   &CURRENCY            synset label (ending '_': no plurals made)
**   +CASH_               synset member (ending '_': no plural)
**   --- ALTER [---] ---  a verb block with its code
**   ALTER                verb: regular forms are made (S, ED, ING)
**   PUT {PUTS PUTTING}   irregular forms given
**   +CORDON_OFF {...}    multiword verb, '+' marks the inflected word
**   - * (TO) [042:043] # RUSH      pattern, code[:code], comment
**   ~ a (a b ATTACK) SAY = a b 015 transformation
**
** TABARI files have no "---" headers: a verb line after patterns opens a
** new block.  Patterns are kept as written (the coder parses them against
** the sentence); this reader checks their codes and their brackets.
*/
#include "dict.h"

#include <stdio.h>
#include <stdlib.h>

/* CAMEO event codes: 2-4 digits ("042", "1722"), or the null code "---";
** "CODE:CODE" pairs are checked part by part. */
static int event_code_ok(const char *s, size_t n) {
    const char *colon = memchr(s, ':', n);
    if (colon) {
        size_t a = (size_t)(colon - s), b = n - a - 1;
        return (a || b) && (!a || event_code_ok(s, a)) && (!b || event_code_ok(colon + 1, b));
    }
    if (n == 3 && memcmp(s, "---", 3) == 0) return 1;
    if (n < 2 || n > 4) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int is_vowel(char c) { c = (char)(c | 0x20); return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* Regular English verb forms of word w (upper case as in the files). */
static size_t verb_forms(const char *w, size_t n, char out[3][128]) {
    if (n == 0 || n + 4 >= 128) return 0;
    char last = (char)(w[n - 1] | 0x20), prev = n > 1 ? (char)(w[n - 2] | 0x20) : 0;
    for (int k = 0; k < 3; k++) memcpy(out[k], w, n);
    /* -S */
    if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's')))
        memcpy(out[0] + n, "ES", 3);
    else if (last == 'y' && !is_vowel(prev)) memcpy(out[0] + n - 1, "IES", 4);
    else memcpy(out[0] + n, "S", 2);
    /* -ED */
    if (last == 'e') memcpy(out[1] + n, "D", 2);
    else if (last == 'y' && !is_vowel(prev)) memcpy(out[1] + n - 1, "IED", 4);
    else memcpy(out[1] + n, "ED", 3);
    /* -ING */
    if (last == 'e' && prev != 'e' && n > 2) memcpy(out[2] + n - 1, "ING", 4);
    else memcpy(out[2] + n, "ING", 4);
    return 3;
}

static int verb_add_form(orr_dict_builder *b, const char *s, size_t n, uint32_t form, size_t line) {
    char buf[512];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < sizeof buf; i++)
        if (s[i] != '+') buf[o++] = s[i];
    uint32_t prev;
    int rc = dict_add_phrase(b, buf, o, SLOT_VERB, form, &prev);
    if (rc < 0) return -1;
    if (rc == 0) dict_diag(b, line, 2, "verb form has no words");
    else DICT_AT(b->files, dict_file, b->file).phrases++;
    return 0;
}

/* A verb line: forms, optional {irregular forms}, optional [code]. */
static int verb_line(orr_dict_builder *b, const char *s, size_t n, size_t line) {
    const char *cb = memchr(s, '{', n), *br = memchr(s, '[', n);
    size_t vlen = n;
    if (cb) vlen = (size_t)(cb - s);
    if (br && (size_t)(br - s) < vlen) vlen = (size_t)(br - s);
    while (vlen && (s[vlen - 1] == ' ' || s[vlen - 1] == '\t')) vlen--;
    if (vlen == 0) { dict_diag(b, line, 2, "verb line without a verb"); return 0; }
    dict_vform f = {(uint32_t)b->vblocks.n - 1, dict_str(b, s, vlen), 0, (uint32_t)line};
    if (br) {
        const char *close = memchr(br, ']', n - (size_t)(br - s));
        if (!close) { dict_diag(b, line, 2, "'[' without ']'"); return 0; }
        if (!event_code_ok(br + 1, (size_t)(close - br - 1)))
            dict_diag(b, line, 1, "bad verb code '%.*s'", (int)(close - br - 1), br + 1);
        f.code = dict_str(b, br + 1, (size_t)(close - br - 1));
    }
    if (!f.form || dict_vec_push(&b->vforms, &f) != 0) return -1;
    uint32_t form = (uint32_t)b->vforms.n - 1;
    DICT_AT(b->vblocks, dict_vblock, f.block).form_count++;
    if (verb_add_form(b, s, vlen, form, line) != 0) return -1;
    if (cb) {
        const char *ce = memchr(cb, '}', n - (size_t)(cb - s));
        if (!ce) { dict_diag(b, line, 2, "'{' without '}'"); return 0; }
        /* "{+CRACKED_DOWN , +CRACKS_DOWN}": a comma between forms separates
           them like a space (as a form of its own, every comma of every
           sentence was the verb "crack down") */
        int comma = 0;
        for (const char *p = cb + 1; p < ce;) {
            while (p < ce && (*p == ' ' || *p == '\t' || *p == ',')) comma |= *p++ == ',';
            const char *q = p;
            while (q < ce && *q != ' ' && *q != '\t' && *q != ',') q++;
            if (q > p && verb_add_form(b, p, (size_t)(q - p), form, line) != 0) return -1;
            p = q;
        }
        if (comma) dict_diag(b, line, 0, "',' between irregular forms read as a space");
        return 0;
    }
    /* regular forms of the marked word ('+'), or of a single word */
    const char *plus = memchr(s, '+', vlen);
    size_t ws = plus ? (size_t)(plus - s) + 1 : 0, we = ws;
    while (we < vlen && s[we] != '_' && s[we] != ' ') we++;
    if (!plus && we != vlen) {
        dict_diag(b, line, 1, "multiword verb without '+' marking the verb: no forms made");
        return 0;
    }
    char forms[3][128];
    size_t k = verb_forms(s + ws, we - ws, forms);
    for (size_t i = 0; i < k; i++) {
        char buf[512];
        size_t fl = strlen(forms[i]);
        if (ws + fl + (vlen - we) >= sizeof buf) continue;
        memcpy(buf, s, ws);
        memcpy(buf + ws, forms[i], fl);
        memcpy(buf + ws + fl, s + we, vlen - we);
        if (verb_add_form(b, buf, ws + fl + vlen - we, form, line) != 0) return -1;
    }
    return 0;
}

static int verb_block(orr_dict_builder *b, const char *name, size_t nlen, const char *code,
                      size_t clen, size_t line) {
    dict_vblock v = {0};
    v.name = dict_str(b, name, nlen);
    v.code = dict_str(b, code, clen);
    v.file = b->file;
    v.line = (uint32_t)line;
    v.pattern_first = (uint32_t)b->patterns.n;
    if ((nlen && !v.name) || (clen && !v.code) || dict_vec_push(&b->vblocks, &v) != 0) return -1;
    DICT_AT(b->files, dict_file, b->file).entries++;
    return 0;
}

/* "--- NAME [CODE] ---" */
static int verb_header(orr_dict_builder *b, const char *s, size_t n, size_t line) {
    if (n < 3) return 0;
    const char *p = s + 3;
    size_t pl = n - 3;
    while (pl && p[pl - 1] == '-') pl--;
    const char *e = p + pl;
    const char *br = memchr(p, '[', pl);
    const char *ne = br ? br : e;
    while (p < ne && *p == ' ') p++;
    while (ne > p && ne[-1] == ' ') ne--;
    const char *code = "---";
    size_t clen = 3;
    if (br) {
        const char *close = memchr(br, ']', (size_t)(e - br));
        if (!close) { dict_diag(b, line, 2, "'[' without ']' in block header"); close = e; }
        code = br + 1;
        clen = (size_t)(close - code);
        if (!event_code_ok(code, clen)) dict_diag(b, line, 1, "bad block code '%.*s'", (int)clen, code);
    }
    return verb_block(b, p, (size_t)(ne - p), code, clen, line);
}

static int brackets_balanced(const char *s, size_t n) {
    int paren = 0, brace = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '(') paren++;
        else if (s[i] == ')' && --paren < 0) return 0;
        else if (s[i] == '{') brace++;
        else if (s[i] == '}' && --brace < 0) return 0;
    }
    return paren == 0 && brace == 0;
}

/* "- pattern [code[:code2]] # comment" (raw: the line before comment stripping). */
static int verb_pattern(orr_dict_builder *b, const char *raw, size_t rawlen, const char *s,
                        size_t n, size_t line) {
    if (b->vblocks.n == 0) { dict_diag(b, line, 2, "pattern before any verb block"); return 0; }
    const char *br = memchr(s, '[', n);
    if (!br) { dict_diag(b, line, 2, "pattern without a [code]"); return 0; }
    const char *close = memchr(br, ']', n - (size_t)(br - s));
    if (!close) { dict_diag(b, line, 2, "'[' without ']'"); return 0; }
    const char *t = s + 1, *te = br;
    while (t < te && (*t == ' ' || *t == '\t')) t++;
    while (te > t && (te[-1] == ' ' || te[-1] == '\t')) te--;
    if (!brackets_balanced(t, (size_t)(te - t)))
        dict_diag(b, line, 1, "unbalanced ( ) or { } in pattern '%.*s'", (int)(te - t), t);
    const char *c = br + 1, *colon = memchr(c, ':', (size_t)(close - c));
    size_t c1 = colon ? (size_t)(colon - c) : (size_t)(close - c);
    size_t c2 = colon ? (size_t)(close - colon - 1) : 0;
    if ((c1 && !event_code_ok(c, c1)) || (colon && c2 && !event_code_ok(colon + 1, c2)) || (!c1 && !c2))
        dict_diag(b, line, 1, "bad pattern code '%.*s'", (int)(close - c), c);
    /* the comment follows the code (s points into raw: stripping only shortens) */
    const char *after = close + 1;
    const char *hash = memchr(after, '#', (size_t)(raw + rawlen - after));
    const char *cm = hash ? hash + 1 : raw + rawlen, *cme = raw + rawlen;
    while (cm < cme && *cm == ' ') cm++;
    while (cme > cm && (cme[-1] == ' ' || cme[-1] == '\r')) cme--;
    dict_pattern p = {(uint32_t)b->vblocks.n - 1, dict_str(b, t, (size_t)(te - t)),
                      dict_str(b, c, c1), colon ? dict_str(b, colon + 1, c2) : 0,
                      dict_str(b, cm, (size_t)(cme - cm)), (uint32_t)line};
    if (dict_vec_push(&b->patterns, &p) != 0) return -1;
    DICT_AT(b->vblocks, dict_vblock, p.block).pattern_count++;
    DICT_AT(b->files, dict_file, b->file).patterns++;
    return 0;
}

static int synset_member(orr_dict_builder *b, const char *s, size_t n, int plurals) {
    char buf[512];
    int no_plural = n && s[n - 1] == '_';
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < sizeof buf; i++) buf[o++] = s[i] == '_' ? ' ' : s[i];
    while (o && buf[o - 1] == ' ') o--;
    uint32_t m = dict_str(b, buf, o);
    if (!m || dict_vec_push(&b->members, &m) != 0) return -1;
    size_t count = 1;
    if (plurals && !no_plural && o) {
        char last = (char)(buf[o - 1] | 0x20), prev = o > 1 ? (char)(buf[o - 2] | 0x20) : 0;
        if (last == 'y' && !is_vowel(prev)) { memcpy(buf + o - 1, "IES", 3); o += 2; }
        else if (last == 's' && prev == 's') { memcpy(buf + o, "ES", 2); o += 2; }
        else buf[o++] = 'S';
        m = dict_str(b, buf, o);
        if (!m || dict_vec_push(&b->members, &m) != 0) return -1;
        count++;
    }
    DICT_AT(b->synsets, dict_synset, b->synsets.n - 1).member_count += (uint32_t)count;
    return 0;
}

int dict_read_verbs(orr_dict_builder *b, const char *data, size_t len) {
    dict_lines it = {data, len, 0, 0};
    dict_line ln;
    int in_synset = 0, synset_plurals = 1, rc = 0, after_patterns = 0;
    while (rc == 0 && dict_next_line(&it, &ln)) {
        const char *s;
        size_t n = dict_strip(ln.s, ln.len, 0, &s);
        if (n == 0 || (n >= 4 && memcmp(s, "<!--", 4) == 0)) continue;
        if (s[0] == '&') {
            dict_synset ss = {dict_str(b, s, n), (uint32_t)b->members.n, 0, (uint32_t)ln.lineno};
            if (!ss.label || dict_vec_push(&b->synsets, &ss) != 0) { rc = -1; break; }
            in_synset = 1;
            synset_plurals = s[n - 1] != '_';
            continue;
        }
        if (s[0] == '+' && in_synset) { rc = synset_member(b, s + 1, n - 1, synset_plurals); continue; }
        in_synset = 0;
        if (n >= 3 && memcmp(s, "---", 3) == 0) {
            rc = verb_header(b, s, n, ln.lineno);
            after_patterns = 0;
        } else if (s[0] == '-') {
            const char *raw = ln.s;
            size_t rawlen = ln.len;
            rc = verb_pattern(b, raw, rawlen, s, n, ln.lineno);
            after_patterns = 1;
        } else if (s[0] == '~') {
            dict_transform t = {dict_str(b, s, n), (uint32_t)ln.lineno};
            if (!t.text || dict_vec_push(&b->transforms, &t) != 0) rc = -1;
            if (!strstr(t.text ? dict_str_at(b, t.text) : "", "="))
                dict_diag(b, ln.lineno, 2, "transformation without '= result'");
        } else {
            if (b->vblocks.n == 0 || after_patterns ||
                DICT_AT(b->vblocks, dict_vblock, b->vblocks.n - 1).file != b->file) {
                size_t w = 0;
                while (w < n && s[w] != ' ' && s[w] != '\t' && s[w] != '{' && s[w] != '[') w++;
                rc = verb_block(b, s, w, "---", 3, ln.lineno);
                after_patterns = 0;
            }
            if (rc == 0) rc = verb_line(b, s, n, ln.lineno);
        }
    }
    return rc;
}
