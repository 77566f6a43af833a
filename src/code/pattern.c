/*
** pattern.c — match PETRARCH/TABARI verb patterns against a sentence.
**
** A pattern is written as the words around the verb ("*"): plain words,
** {NOUN PHRASE} and (PREP NOUN) groups whose words must be adjacent,
** &SYNSET labels (any member), "A/B" alternatives, and the TABARI markers:
** "$" (source) and "+" (target) match an actor mention at that place and
** name it as the event's source or target; "%" and "^" are ignored.
**
** Hand-written because it is the heart of the coder.  The rule: every
** element before "*" must occur, in order, within the few tokens before
** the verb; every element after it, in order, within the clause after the
** verb (up to PATTERN_AFTER tokens, stopping at ';' or a colon).  Words in
** between are skipped, as PETRARCH skips determiners and adjectives inside
** noun phrases.  The longest matching pattern (most words) wins; on a tie,
** the first in the file.
*/
#include "code.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#define PATTERN_BEFORE 6
#define PATTERN_AFTER 14
#define PATTERN_MAX_SLOTS 24
#define PATTERN_MAX_ELEMS 12

/* One slot: a word (alternatives split by '/') or a synset. */
typedef struct pat_slot {
    const char *word;
    size_t len;
    int synset;      /* >= 0: synset index, word unused */
} pat_slot;

/* An element: adjacent slots ({...}, (...) or one word). */
typedef struct pat_elem {
    size_t first, n;
    char marker;     /* '$' or '+': an actor mention, no slots */
} pat_elem;

typedef struct pat {
    pat_slot slot[PATTERN_MAX_SLOTS];
    pat_elem elem[PATTERN_MAX_ELEMS];
    size_t n_slots, n_elems, star;  /* star: elements before "*" */
    int has_star;
    int glue_before, glue_after;  /* "X_*", "*_X": X must touch the verb */
    char text[512];  /* the pattern's text, "_*" glue undone */
} pat;

static int word_char(char c) {
    return c && !isspace((unsigned char)c) && c != '{' && c != '}' && c != '(' && c != ')';
}

/* Make slot s the synset named by w[0..len) ("&TIETYPES"); 0 if unknown. */
static int slot_synset(const orr_dict *d, pat_slot *s, const char *w, size_t len) {
    char label[64];
    if (len >= sizeof label) return 0;
    memcpy(label, w, len);
    label[len] = 0;
    size_t n_members;
    s->synset = orr_dict_synset(d, label, &n_members);
    return s->synset >= 0;
}

/* Parse pattern text into elements; returns 0 if it cannot be used. */
static int pat_parse(const orr_dict *d, const char *text, pat *p) {
    /* "RECENTLY_*", "*_AGAINST": a word glued to the verb is read as its
       own element next to the verb */
    char *buf = p->text;  /* the slots point into it */
    size_t tn = strlen(text);
    if (tn >= sizeof p->text) return 0;
    memcpy(buf, text, tn + 1);
    int glue_before = 0, glue_after = 0;
    for (size_t i = 0; i + 1 < tn; i++) {
        if (buf[i] == '_' && buf[i + 1] == '*') { buf[i] = ' '; glue_before = 1; }
        else if (buf[i] == '*' && buf[i + 1] == '_') { buf[i + 1] = ' '; glue_after = 1; }
    }
    const char *t = buf;
    memset(p->slot, 0, sizeof p->slot);
    memset(p->elem, 0, sizeof p->elem);
    p->n_slots = p->n_elems = p->star = 0;
    p->has_star = 0;
    p->glue_before = glue_before;
    p->glue_after = glue_after;
    int depth = 0;
    char marker_after = 0;
    while (*t) {
        char c = *t;
        if (isspace((unsigned char)c)) { t++; continue; }
        if (c == '{' || c == '(') {
            if (depth++ == 0) {
                if (p->n_elems == PATTERN_MAX_ELEMS) return 0;
                p->elem[p->n_elems++] = (pat_elem){p->n_slots, 0, 0};
            }
            t++;
            continue;
        }
        if (c == '}' || c == ')') { if (depth > 0) depth--; t++; continue; }
        const char *w = t;
        while (word_char(*t)) t++;
        size_t len = (size_t)(t - w);
        if (len == 1 && (*w == '$' || *w == '+') && depth == 0) {
            if (p->n_elems == PATTERN_MAX_ELEMS) return 0;
            p->elem[p->n_elems++] = (pat_elem){p->n_slots, 0, *w};
            continue;
        }
        if (len == 1 && *w == '^' && depth == 0) {  /* skip one noun phrase */
            if (p->n_elems == PATTERN_MAX_ELEMS) return 0;
            p->elem[p->n_elems++] = (pat_elem){p->n_slots, 0, '^'};
            continue;
        }
        if (len == 1 && (*w == '$' || *w == '+' || *w == '%' || *w == '^')) continue;
        if (len == 1 && *w == '*') {
            if (depth) return 0;
            p->star = p->n_elems;
            p->has_star = 1;
            continue;
        }
        if (p->n_slots == PATTERN_MAX_SLOTS) return 0;
        pat_slot *s = &p->slot[p->n_slots];
        s->synset = -1;
        if (*w == '&' && !memchr(w, '_', len)) {
            if (!slot_synset(d, s, w, len)) return 0;
        } else {
            if (len && (w[len - 1] == '$' || w[len - 1] == '+'))  /* "WORD+" */
                marker_after = w[--len];
            while (len && w[len - 1] == '_') len--;                      /* "CASH_": no plural */
            /* "REALLY_PLEASANT": adjacent words, one slot each */
            const char *us;
            while ((us = memchr(w, '_', len)) != NULL) {
                s->word = w;
                s->len = (size_t)(us - w);
                if (*w == '&' && !slot_synset(d, s, w, s->len)) return 0;  /* "MOST_&NEG_EVER" */
                if (depth == 0) {
                    if (p->n_elems == PATTERN_MAX_ELEMS) return 0;
                    p->elem[p->n_elems++] = (pat_elem){p->n_slots, 0, 0};
                    depth = -1;  /* the rest of this word joins the element */
                }
                p->elem[p->n_elems - 1].n++;
                if (++p->n_slots == PATTERN_MAX_SLOTS) return 0;
                len -= (size_t)(us - w) + 1;
                w = us + 1;
                s = &p->slot[p->n_slots];
                s->synset = -1;
            }
            s->word = w;
            s->len = len;
            if (*w == '&' && !slot_synset(d, s, w, len)) return 0;
        }
        p->n_slots++;
        if (depth == -1) {
            p->elem[p->n_elems - 1].n++;
            depth = 0;
        } else if (depth == 0) {
            if (p->n_elems == PATTERN_MAX_ELEMS) return 0;
            p->elem[p->n_elems++] = (pat_elem){p->n_slots - 1, 1, 0};
        } else {
            p->elem[p->n_elems - 1].n++;
        }
        if (marker_after && depth == 0) {
            if (p->n_elems == PATTERN_MAX_ELEMS) return 0;
            p->elem[p->n_elems++] = (pat_elem){p->n_slots, 0, marker_after};
        }
        marker_after = 0;
    }
    return p->has_star;
}

static int eq_fold(const char *a, size_t an, const char *word, size_t wn) {
    if (an != wn) return 0;
    for (size_t i = 0; i < an; i++)
        if (toupper((unsigned char)a[i]) != (unsigned char)word[i] &&
            !(word[i] == '_' && a[i] == ' '))
            return 0;
    return 1;
}

int code_token_is(const code_sent *s, size_t i, const char *word, size_t len) {
    const char *f = s->text + s->tok[i].start;
    size_t fn = s->tok[i].end - s->tok[i].start;
    if (eq_fold(f, fn, word, len)) return 1;
    /* the singular also matches its regular plural ("* MEETING": "held
       separate meetings") */
    if (fn == len + 1 && (f[fn - 1] == 's' || f[fn - 1] == 'S') && eq_fold(f, len, word, len))
        return 1;
    if (fn == len + 2 && eq_fold(f + fn - 2, 2, "ES", 2) && eq_fold(f, len, word, len)) return 1;
    if (len > 1 && word[len - 1] == 'Y' && fn == len + 2 && eq_fold(f + fn - 3, 3, "IES", 3) &&
        eq_fold(f, len - 1, word, len - 1))
        return 1;  /* POLICY -> policies */
    const char *lemma = s->w ? s->w[i].lemma : NULL;
    return lemma && eq_fold(lemma, strlen(lemma), word, len);
}

/* Word slot with "A/B" alternatives at token i. */
static int slot_word_at(const code_sent *s, size_t i, const pat_slot *sl) {
    const char *w = sl->word, *end = sl->word + sl->len;
    while (w < end) {
        const char *bar = memchr(w, '/', (size_t)(end - w));
        const char *stop = bar ? bar : end;
        if (stop > w && code_token_is(s, i, w, (size_t)(stop - w))) return 1;
        w = stop + (bar ? 1 : 0);
    }
    return 0;
}

/* Tokens the slot covers at i (a synset member may span several), or 0. */
static size_t slot_at(const orr_dict *d, const code_sent *s, size_t i, size_t limit,
                      const pat_slot *sl) {
    if (sl->synset < 0) return i < limit && slot_word_at(s, i, sl) ? 1 : 0;
    for (size_t k = 0;; k++) {
        const char *mem = orr_dict_synset_member(d, sl->synset, k);
        if (!mem) break;
        size_t j = i;
        const char *w = mem;
        int ok = 1;
        while (*w && ok) {
            const char *sp = strchr(w, ' ');
            size_t len = sp ? (size_t)(sp - w) : strlen(w);
            ok = j < limit && code_token_is(s, j, w, len);
            j++;
            w += len + (sp ? 1 : 0);
        }
        if (ok && j > i) return j - i;
    }
    return 0;
}

/*
** A marker at token i: a coded actor mention beginning there (or the
** agent phrase an actor was composed with: "soldiers from Gondor").
** Returns tokens covered and sets *which, or 0.
*/
static size_t marker_at(const code_sent *s, size_t i, size_t limit, size_t *which) {
    for (size_t k = 0; k < s->n_m; k++) {
        const code_mention *m = &s->m[k];
        if (!*m->code || m->dropped == 1) continue;  /* a place too: the pattern says so */
        if (m->start == i && m->end <= limit) { *which = k; return m->end - i; }
        if (m->dropped == 2 && m->role_head == i) { *which = k; return 1; }
    }
    return 0;
}

/* A noun phrase at token i ("their Ent populations"): determiners,
   adjectives, numbers and nouns with at least one noun; tokens covered. */
static size_t noun_phrase_at(const code_sent *s, size_t i, size_t limit) {
    if (!s->w) return 0;
    size_t j = i;
    int noun = 0;
    while (j < limit) {
        const char *u = s->w[j].upos;
        int is_noun = strcmp(u, "NOUN") == 0 || strcmp(u, "PROPN") == 0;
        if (!is_noun && strcmp(u, "DET") != 0 && strcmp(u, "ADJ") != 0 && strcmp(u, "NUM") != 0 &&
            strcmp(u, "PRON") != 0)
            break;
        if (noun && !is_noun) break;  /* the phrase ended with its nouns */
        noun |= is_noun;
        j++;
    }
    return noun ? j - i : 0;
}

/* Element at token i: returns tokens covered, or 0. */
static size_t elem_at(const orr_dict *d, const code_sent *s, size_t i, size_t limit,
                      const pat *p, const pat_elem *e, size_t *src, size_t *tgt, int *neg) {
    if (e->marker == '^') {  /* any mention, coded or not, or a plain noun phrase */
        for (size_t k = 0; k < s->n_m; k++)
            if (s->m[k].start == i && s->m[k].end <= limit)  /* an agent phrase too */
                return s->m[k].end - i;
        return noun_phrase_at(s, i, limit);
    }
    if (e->marker) {
        size_t which, c = marker_at(s, i, limit, &which);
        if (c) *(e->marker == '$' ? src : tgt) = which;
        return c;
    }
    size_t j = i;
    for (size_t k = 0; k < e->n; k++) {
        size_t c = slot_at(d, s, j, limit, &p->slot[e->first + k]);
        if (!c) return 0;
        for (size_t t = j; t < j + c; t++)
            *neg |= code_token_is(s, t, "NOT", 3) || code_token_is(s, t, "N'T", 3) ||
                    code_token_is(s, t, "NEVER", 5);
        j += c;
    }
    return j - i;
}

static int clause_stop(const code_sent *s, size_t i) {
    size_t n = s->tok[i].end - s->tok[i].start;
    char c = s->text[s->tok[i].start];
    return n == 1 && (c == ';' || c == ':');
}

/* Do all elements match (in order) around the verb? */
static int pat_matches(const orr_dict *d, const code_sent *s, size_t vstart, size_t vend,
                       size_t after_limit, const pat *p, size_t *src, size_t *tgt, int *neg,
                       size_t *first, size_t *after_end) {
    *src = *tgt = *first = *after_end = SIZE_MAX;
    *neg = 0;
    size_t lo = vstart > PATTERN_BEFORE ? vstart - PATTERN_BEFORE : 0;
    size_t i = lo;
    for (size_t e = 0; e < p->star; e++) {
        size_t c = 0;
        while (i < vstart && !(c = elem_at(d, s, i, vstart, p, &p->elem[e], src, tgt, neg))) i++;
        if (!c) return 0;
        if (*first == SIZE_MAX && !p->elem[e].marker) *first = i;
        i += c;
    }
    if (p->glue_before && (p->star == 0 || i != vstart)) return 0;
    size_t limit = vend;
    while (limit < s->n && limit < after_limit && limit < vend + PATTERN_AFTER &&
           !clause_stop(s, limit))
        limit++;
    i = vend;
    for (size_t e = p->star; e < p->n_elems; e++) {
        size_t c = 0;
        while (i < limit && !(c = elem_at(d, s, i, limit, p, &p->elem[e], src, tgt, neg))) {
            if (p->glue_after && e == p->star) return 0;
            i++;
        }
        if (!c) return 0;
        i += c;
        *after_end = i;
    }
    return 1;
}

int code_pattern_best(const orr_dict *d, uint32_t block, const code_sent *s, size_t vstart,
                      size_t vend, size_t after_limit, const char **code, const char **code2, size_t *words,
                      const char **pattern_text, size_t *src_m, size_t *tgt_m, int need_neg,
                      size_t *first_word, size_t *after_end) {
    orr_dict_verb_block b;
    if (orr_dict_verb_block_get(d, block, &b)) return 0;
    size_t best_words = 0;
    int found = 0;
    *src_m = *tgt_m = *first_word = *after_end = SIZE_MAX;
    pat p;
    for (size_t k = 0; k < b.n_patterns; k++) {
        orr_dict_pattern dp;
        if (orr_dict_verb_pattern(d, block, k, &dp) || !pat_parse(d, dp.text, &p)) continue;
        /* "[+++]", "[###]", "[abc]": not a code, so not a pattern ("---",
           the null code, is one: it says the phrase is no event) */
        if (!dp.code || !((dp.code[0] >= '0' && dp.code[0] <= '9') || strcmp(dp.code, "---") == 0))
            continue;
        if (p.n_slots <= best_words && found) continue;
        size_t ps, pt, pf, pe;
        int neg;
        if (!pat_matches(d, s, vstart, vend, after_limit, &p, &ps, &pt, &neg, &pf, &pe)) continue;
        if (need_neg && !neg) continue;
        *src_m = ps;
        *tgt_m = pt;
        *first_word = pf;
        *after_end = pe;
        found = 1;
        best_words = p.n_slots;
        *code = dp.code ? dp.code : "";
        *code2 = dp.code2 ? dp.code2 : "";
        if (pattern_text) *pattern_text = dp.text;
    }
    *words = best_words;
    return found;
}
