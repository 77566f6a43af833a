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
** noun phrases, but not a verb that begins another clause (see
** win_clause_verb()): a pattern's words belong to the verb's own phrase.
** The longest matching pattern (most words) wins; on a tie, the first in
** the file.
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
    char paren;      /* written "(...)": a prepositional phrase */
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
                p->elem[p->n_elems++] = (pat_elem){p->n_slots, 0, 0, c == '('};
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
            p->elem[p->n_elems++] = (pat_elem){p->n_slots, 0, *w, 0};
            continue;
        }
        if (len == 1 && *w == '^' && depth == 0) {  /* skip one noun phrase */
            if (p->n_elems == PATTERN_MAX_ELEMS) return 0;
            p->elem[p->n_elems++] = (pat_elem){p->n_slots, 0, '^', 0};
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
                    p->elem[p->n_elems++] = (pat_elem){p->n_slots, 0, 0, 0};
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
            p->elem[p->n_elems++] = (pat_elem){p->n_slots - 1, 1, 0, 0};
        } else {
            p->elem[p->n_elems - 1].n++;
        }
        if (marker_after && depth == 0) {
            if (p->n_elems == PATTERN_MAX_ELEMS) return 0;
            p->elem[p->n_elems++] = (pat_elem){p->n_slots, 0, marker_after, 0};
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

/*
** The tokens a verb's patterns can look at: PATTERN_BEFORE before the verb
** and PATTERN_AFTER after it.  Every pattern of the block is tried against
** them, so their case-folded forms and lemmas and whether they negate are
** worked out once per verb here, and win_is() compares with memcmp what
** code_token_is() compares byte by byte with toupper (same answers: the
** fold maps ' ' to '_' because pattern words never hold a space and a
** pattern's '_' matches a token's space).  Tokens too long for the buffers
** take the slow path.
*/
#define WIN_TOKENS (PATTERN_BEFORE + PATTERN_AFTER)
#define WIN_CHARS 40

typedef struct win_tok {
    char form[WIN_CHARS], lemma[WIN_CHARS];
    char ies[WIN_CHARS];           /* "POLICIES" -> "POLICY" (or empty) */
    size_t form_n, lemma_n;
    int has_lemma, slow, neg;
    int clause_verb;               /* win_clause_verb(): a word element may not skip it */
} win_tok;

/* A word win_is() can match somewhere in the window (bytes in a win_tok). */
typedef struct win_word {
    const char *w;
    size_t len;
} win_word;

#define WIN_SET 256  /* open addressing, > 4 words a token */
#define WIN_SYNSETS 32
#define WIN_CANDS 16
#define WIN_UNKNOWN 255

/*
** A synset seen in this window: the members whose words are all in the
** window's word set (only they can match; in member order, so the first
** match is the same), and the tokens matched at each window token
** (WIN_UNKNOWN until asked).
*/
typedef struct win_syn {
    int id;
    int all;                       /* too many candidates: try every member */
    size_t n_cand;
    size_t cand[WIN_CANDS];
    unsigned char at[WIN_TOKENS];
} win_syn;

typedef struct pat_window {
    const code_sent *s;
    size_t lo, vstart, vend, hi;   /* [lo, vstart) and [vend, hi) */
    size_t verb;                   /* the verb's head word (of [vstart, vend)) */
    win_tok tok[WIN_TOKENS];
    int any_slow;                  /* a token took the slow path: no word set */
    win_word set[WIN_SET];
    uint64_t lens;                 /* bit min(len, 63) of every word in set */
    uint64_t firsts[4];            /* bit of the first byte of every word */
    size_t n_syn;                  /* synsets the patterns named so far */
    win_syn syn[WIN_SYNSETS];
} pat_window;

static size_t win_fold(char *out, const char *in, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = in[i] == ' ' ? '_' : (char)toupper((unsigned char)in[i]);
    return n;
}

static const win_tok *win_get(const pat_window *w, size_t i) {
    if (i >= w->lo && i < w->vstart) return &w->tok[i - w->lo];
    if (i >= w->vend && i < w->hi) return &w->tok[PATTERN_BEFORE + (i - w->vend)];
    return NULL;
}

/*
** Is word i, after the verb, a verb that begins a clause of its own?  A
** pattern's word after the verb must belong to the verb's own phrase,
** and PETRARCH's skipping of the words in between (meant for determiners
** and adjectives) otherwise lets it reach into a later clause:
** "welcomed Israel's decision to appoint an envoy to Jordan" is no
** welcome to a visitor ("* (TO)"), "planned tax changes to discourage
** shopping trips to Denmark" no planned trip ("* TRIP"), "reported
** launching an offensive, while Iraq said ..." no threat ("* OFFENSIVE").
** So an element of words may not skip a VERB (by the parse), except one
** that continues the verb's own predicate: its open complement ("agreed
** to form a venture with", xcomp), an infinitive of purpose hanging on it
** ("vowed on Thursday to wage war", advcl after "to"), and a participle
** inside a noun phrase ("its escalating dispute" amod or compound,
** "assurances sent from Bree" acl VBN).  AUX is no clause verb ("allowed
** that Mordor isn't a pleasant place").  "$", "+" and "^" markers still
** skip (a target named after the words).  Measured on the Reuters bodies
** (docs/coder.md); the PETRARCH records keep every triple.
*/
static int win_clause_verb(const code_sent *s, size_t verb, size_t i) {
    if (!s->w) return 0;
    const orr_word *w = &s->w[i];
    if (!w->upos || !w->deprel || strcmp(w->upos, "VERB") != 0) return 0;
    int on_verb = w->head > 0 && (size_t)(w->head - 1) == verb;
    if (on_verb && code_rel_is(w->deprel, "xcomp")) return 0;
    if (on_verb && code_rel_is(w->deprel, "advcl") && i > 0 && code_token_is(s, i - 1, "TO", 2)) return 0;
    if (code_rel_is(w->deprel, "amod") || code_rel_is(w->deprel, "compound")) return 0;
    if (code_rel_is(w->deprel, "acl") && w->xpos && strcmp(w->xpos, "VBN") == 0) return 0;
    return 1;
}

static void win_fill_token(pat_window *w, size_t i) {
    const code_sent *s = w->s;
    win_tok *t = (win_tok *)win_get(w, i);
    const char *f = s->text + s->tok[i].start;
    size_t fn = s->tok[i].end - s->tok[i].start;
    const char *lemma = s->w ? s->w[i].lemma : NULL;
    size_t ln = lemma ? strlen(lemma) : 0;
    t->slow = fn >= WIN_CHARS || ln >= WIN_CHARS;
    t->has_lemma = lemma != NULL;
    if (!t->slow) {
        t->form_n = win_fold(t->form, f, fn);
        t->lemma_n = win_fold(t->lemma, lemma ? lemma : "", ln);
        t->ies[0] = 0;
        if (fn > 3 && memcmp(t->form + fn - 3, "IES", 3) == 0) {
            memcpy(t->ies, t->form, fn - 3);
            t->ies[fn - 3] = 'Y';
        }
    }
    t->neg = code_token_is(s, i, "NOT", 3) || code_token_is(s, i, "N'T", 3) ||
             code_token_is(s, i, "NEVER", 5);
    t->clause_verb = i >= w->vend && win_clause_verb(s, w->verb, i);
}

static size_t win_hash(const char *w, size_t len) {
    uint32_t h = 2166136261u;  /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h & (WIN_SET - 1);
}

static void win_set_add(pat_window *win, const char *w, size_t len) {
    unsigned char c = len ? (unsigned char)w[0] : 0;
    win->lens |= 1ull << (len < 63 ? len : 63);
    win->firsts[c >> 6] |= 1ull << (c & 63);
    size_t h = win_hash(w, len);
    while (win->set[h].w) {
        if (win->set[h].len == len && memcmp(win->set[h].w, w, len) == 0) return;
        h = (h + 1) & (WIN_SET - 1);
    }
    win->set[h] = (win_word){w, len};
}

/* 0 if win_is() is false for this word at every token of the window. */
static int win_set_has(const pat_window *win, const char *w, size_t len) {
    if (win->any_slow) return 1;
    unsigned char c = len ? (unsigned char)w[0] : 0;
    if (!(win->lens >> (len < 63 ? len : 63) & 1) || !(win->firsts[c >> 6] >> (c & 63) & 1)) return 0;
    for (size_t h = win_hash(w, len); win->set[h].w; h = (h + 1) & (WIN_SET - 1))
        if (win->set[h].len == len && memcmp(win->set[h].w, w, len) == 0) return 1;
    return 0;
}

/* The words win_is() accepts at a token: its form, the form less a plural
** "S" or "ES", "IES" made "Y", its lemma. */
static void win_set_token(pat_window *win, const win_tok *t) {
    size_t fn = t->form_n;
    if (t->slow) { win->any_slow = 1; return; }
    win_set_add(win, t->form, fn);
    if (fn >= 1 && t->form[fn - 1] == 'S') win_set_add(win, t->form, fn - 1);
    if (fn >= 2 && t->form[fn - 2] == 'E' && t->form[fn - 1] == 'S') win_set_add(win, t->form, fn - 2);
    if (t->ies[0]) win_set_add(win, t->ies, fn - 2);
    if (t->has_lemma) win_set_add(win, t->lemma, t->lemma_n);
}

static void win_fill(pat_window *w, const code_sent *s, size_t vstart, size_t vend, size_t hi) {
    w->s = s;
    w->verb = vend > vstart + 1 && s->w ? code_span_head(s, vstart, vend) : vstart;  /* one word: itself */
    w->lo = vstart > PATTERN_BEFORE ? vstart - PATTERN_BEFORE : 0;
    w->vstart = vstart;
    w->vend = vend;
    w->hi = hi;  /* clause_limit(): at most vend + PATTERN_AFTER */
    w->any_slow = 0;
    w->n_syn = 0;
    w->lens = 0;
    memset(w->firsts, 0, sizeof w->firsts);
    memset(w->set, 0, sizeof w->set);
    for (size_t i = w->lo; i < w->vstart; i++) win_fill_token(w, i);
    for (size_t i = w->vend; i < w->hi; i++) win_fill_token(w, i);
    for (size_t i = w->lo; i < w->vstart; i++) win_set_token(w, win_get(w, i));
    for (size_t i = w->vend; i < w->hi; i++) win_set_token(w, win_get(w, i));
}

/* code_token_is() through the window. */
static int win_is(const pat_window *w, size_t i, const char *word, size_t len) {
    const win_tok *t = win_get(w, i);
    if (!t || t->slow) return code_token_is(w->s, i, word, len);
    size_t fn = t->form_n;
    if (fn >= len && fn <= len + 2 && memcmp(t->form, word, len) == 0 &&
        (fn == len || (fn == len + 1 && t->form[len] == 'S') ||
         (fn == len + 2 && t->form[len] == 'E' && t->form[len + 1] == 'S')))
        return 1;
    if (len > 1 && word[len - 1] == 'Y' && fn == len + 2 && t->ies[0] && memcmp(t->form, word, len - 1) == 0)
        return 1;  /* POLICY -> policies */
    return t->has_lemma && t->lemma_n == len && memcmp(t->lemma, word, len) == 0;
}

static int win_neg(const pat_window *w, size_t i) {
    const win_tok *t = win_get(w, i);
    if (!t) return code_token_is(w->s, i, "NOT", 3) || code_token_is(w->s, i, "N'T", 3) ||
                   code_token_is(w->s, i, "NEVER", 5);
    return t->neg;
}

/* For tests: win_is() at token i, and whether the window's word set holds
** the word (it must whenever code_token_is() says yes). */
int code_token_is_windowed(const code_sent *s, size_t i, const char *word, size_t len, int *in_set) {
    pat_window win;
    win_fill(&win, s, i + 1, i + 1, i + 1);
    *in_set = win_set_has(&win, word, len);
    return win_is(&win, i, word, len);
}

/* Word slot with "A/B" alternatives at token i. */
static int slot_word_at(const pat_window *win, size_t i, const pat_slot *sl) {
    const char *w = sl->word, *end = sl->word + sl->len;
    while (w < end) {
        const char *bar = memchr(w, '/', (size_t)(end - w));
        const char *stop = bar ? bar : end;
        if (stop > w && win_is(win, i, w, (size_t)(stop - w))) return 1;
        w = stop + (bar ? 1 : 0);
    }
    return 0;
}

/* Tokens member `mem` of a synset covers at i, or 0. */
static size_t member_at(pat_window *win, const char *mem, size_t i, size_t limit) {
    size_t j = i;
    const char *w = mem;
    int ok = 1;
    while (*w && ok) {
        size_t len = 0;
        while (w[len] && w[len] != ' ') len++;
        ok = j < limit && win_is(win, j, w, len);
        j++;
        w += len + (w[len] == ' ');
    }
    return ok && j > i ? j - i : 0;
}

/* Tokens the first matching member of a synset covers at i, or 0. */
static size_t synset_at(const orr_dict *d, pat_window *win, size_t i, size_t limit, int synset) {
    const char *mem;
    for (size_t k = 0; (mem = orr_dict_synset_member(d, synset, k)) != NULL; k++) {
        size_t c = member_at(win, mem, i, limit);
        if (c) return c;
    }
    return 0;
}

static int member_in_set(const pat_window *win, const char *w) {
    while (*w) {
        size_t len = 0;
        while (w[len] && w[len] != ' ') len++;
        if (!win_set_has(win, w, len)) return 0;
        w += len + (w[len] == ' ');
    }
    return 1;
}

/* The window's entry for a synset (made on first use), or NULL if full. */
static win_syn *win_synset(const orr_dict *d, pat_window *win, int synset) {
    for (size_t k = 0; k < win->n_syn; k++)
        if (win->syn[k].id == synset) return &win->syn[k];
    if (win->n_syn == WIN_SYNSETS) return NULL;
    win_syn *e = &win->syn[win->n_syn++];
    e->id = synset;
    e->all = win->any_slow;
    e->n_cand = 0;
    memset(e->at, WIN_UNKNOWN, sizeof e->at);
    const char *mem;
    for (size_t k = 0; !e->all && (mem = orr_dict_synset_member(d, synset, k)) != NULL; k++) {
        if (!member_in_set(win, mem)) continue;
        if (e->n_cand == WIN_CANDS) e->all = 1;
        else e->cand[e->n_cand++] = k;
    }
    return e;
}

/*
** Tokens the slot covers at i (a synset member may span several), or 0.
** Inside the window the limit is fixed by i (vstart before the verb, hi
** after it), so a synset's answer at i is kept for the other patterns.
*/
static size_t slot_at(const orr_dict *d, pat_window *win, size_t i, size_t limit,
                      const pat_slot *sl) {
    if (sl->synset < 0) return i < limit && slot_word_at(win, i, sl) ? 1 : 0;
    const win_tok *t = win_get(win, i);
    win_syn *e = t && limit == (i < win->vstart ? win->vstart : win->hi)
                     ? win_synset(d, win, sl->synset) : NULL;
    if (!e) return synset_at(d, win, i, limit, sl->synset);
    unsigned char *at = &e->at[t - win->tok];
    if (*at != WIN_UNKNOWN) return *at;
    size_t c = 0;
    if (e->all) c = synset_at(d, win, i, limit, sl->synset);
    for (size_t k = 0; !e->all && !c && k < e->n_cand; k++)
        c = member_at(win, orr_dict_synset_member(d, sl->synset, e->cand[k]), i, limit);
    if (c < WIN_UNKNOWN) *at = (unsigned char)c;
    return c;
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
static size_t elem_at(const orr_dict *d, pat_window *win, size_t i, size_t limit,
                      const pat *p, const pat_elem *e, size_t *src, size_t *tgt, int *neg) {
    const code_sent *s = win->s;
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
    /* "(TO)", "(TO TALKS)": a preposition, not the "to" of an infinitive
       ("hailed Iran's failure to achieve victory" is no welcome to a place) */
    if (e->paren && e->n && i < s->n && s->w && strcmp(s->w[i].upos, "PART") == 0 &&
        code_rel_is(s->w[i].deprel, "mark"))
        return 0;
    size_t j = i;
    for (size_t k = 0; k < e->n; k++) {
        size_t c = slot_at(d, win, j, limit, &p->slot[e->first + k]);
        if (!c) return 0;
        for (size_t t = j; t < j + c; t++) *neg |= win_neg(win, t);
        j += c;
    }
    return j - i;
}

static int clause_stop(const code_sent *s, size_t i) {
    size_t n = s->tok[i].end - s->tok[i].start;
    char c = s->text[s->tok[i].start];
    return n == 1 && (c == ';' || c == ':');
}

/*
** Every word slot of a pattern must match some token of the window, so a
** pattern with a slot none of whose alternatives is in the window's word
** set cannot match: most patterns of a big block are dropped here without
** walking the window.  Likewise a synset slot none of whose members has
** all its words in the set.
*/
static int pat_may_match(const orr_dict *d, pat_window *win, const pat *p) {
    for (size_t k = 0; k < p->n_slots; k++) {  /* words first: they are cheap */
        const pat_slot *sl = &p->slot[k];
        if (sl->synset >= 0) continue;
        const char *w = sl->word, *end = sl->word + sl->len;
        int any = 0;
        while (w < end && !any) {
            const char *bar = memchr(w, '/', (size_t)(end - w));
            const char *stop = bar ? bar : end;
            any = stop > w && win_set_has(win, w, (size_t)(stop - w));
            w = stop + (bar ? 1 : 0);
        }
        if (!any) return 0;
    }
    for (size_t k = 0; k < p->n_slots; k++) {
        const pat_slot *sl = &p->slot[k];
        if (sl->synset < 0) continue;
        const win_syn *e = win_synset(d, win, sl->synset);
        if (e && !e->all && e->n_cand == 0) return 0;
    }
    return 1;
}

/*
** The same test on the pattern's text before it is parsed: a plain word
** (no marker, synset, alternative or glue characters) becomes a slot of
** exactly that word, so if it is not in the window's word set the parse
** can be skipped too.  Most patterns of a big block stop here.
*/
static int text_char(char c) {  /* 0: between words (as word_char), 1: plain, 2: not plain */
    switch (c) {
    case 0: case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
    case '{': case '}': case '(': case ')':
        return 0;
    case '&': case '$': case '+': case '%': case '^': case '*': case '_': case '/':
        return 2;
    default:
        return 1;
    }
}

static int text_may_match(const pat_window *win, const char *t) {
    while (*t) {
        if (!text_char(*t)) { t++; continue; }
        const char *w = t;
        int plain = 1, k;
        for (; (k = text_char(*t)) != 0; t++) plain &= k == 1;
        if (plain && !win_set_has(win, w, (size_t)(t - w))) return 0;
    }
    return 1;
}

/* Do all elements match (in order) around the verb? */
static int pat_matches(const orr_dict *d, pat_window *win, const pat *p, size_t *src,
                       size_t *tgt, int *neg, size_t *first, size_t *after_end) {
    size_t vstart = win->vstart, vend = win->vend, limit = win->hi;
    *src = *tgt = *first = *after_end = SIZE_MAX;
    *neg = 0;
    size_t i = win->lo;
    for (size_t e = 0; e < p->star; e++) {
        size_t c = 0;
        while (i < vstart && !(c = elem_at(d, win, i, vstart, p, &p->elem[e], src, tgt, neg))) i++;
        if (!c) return 0;
        if (*first == SIZE_MAX && !p->elem[e].marker) *first = i;
        i += c;
    }
    if (p->glue_before && (p->star == 0 || i != vstart)) return 0;
    i = vend;
    for (size_t e = p->star; e < p->n_elems; e++) {
        size_t c = 0;
        int words = !p->elem[e].marker;
        while (i < limit && !(c = elem_at(d, win, i, limit, p, &p->elem[e], src, tgt, neg))) {
            if (p->glue_after && e == p->star) return 0;
            if (words && win_get(win, i)->clause_verb) return 0;  /* another clause */
            i++;
        }
        if (!c) return 0;
        i += c;
        *after_end = i;
    }
    return 1;
}

/* The end of the clause after the verb that patterns may reach. */
static size_t clause_limit(const code_sent *s, size_t vend, size_t after_limit) {
    size_t limit = vend;
    while (limit < s->n && limit < after_limit && limit < vend + PATTERN_AFTER &&
           !clause_stop(s, limit))
        limit++;
    return limit;
}

int code_pattern_best(const orr_dict *d, uint32_t block, const code_sent *s, size_t vstart,
                      size_t vend, size_t after_limit, const char **code, const char **code2, size_t *words,
                      orr_dict_pattern *matched, size_t *src_m, size_t *tgt_m, int need_neg,
                      size_t *first_word, size_t *after_end) {
    orr_dict_verb_block b;
    if (orr_dict_verb_block_get(d, block, &b)) return 0;
    size_t best_words = 0;
    int found = 0;
    *src_m = *tgt_m = *first_word = *after_end = SIZE_MAX;
    pat p;
    pat_window win;
    win_fill(&win, s, vstart, vend, clause_limit(s, vend, after_limit));
    for (size_t k = 0; k < b.n_patterns; k++) {
        orr_dict_pattern dp;
        if (orr_dict_verb_pattern(d, block, k, &dp) || !text_may_match(&win, dp.text) ||
            !pat_parse(d, dp.text, &p))
            continue;
        /* "[+++]", "[###]", "[abc]": not a code, so not a pattern ("---",
           the null code, is one: it says the phrase is no event) */
        if (!dp.code || !((dp.code[0] >= '0' && dp.code[0] <= '9') || strcmp(dp.code, "---") == 0))
            continue;
        if (p.n_slots <= best_words && found) continue;
        size_t ps, pt, pf, pe;
        int neg;
        if (!pat_may_match(d, &win, &p) || !pat_matches(d, &win, &p, &ps, &pt, &neg, &pf, &pe))
            continue;
        if (need_neg && !neg) continue;
        *src_m = ps;
        *tgt_m = pt;
        *first_word = pf;
        *after_end = pe;
        found = 1;
        best_words = p.n_slots;
        *code = dp.code ? dp.code : "";
        *code2 = dp.code2 ? dp.code2 : "";
        if (matched) *matched = dp;
    }
    *words = best_words;
    return found;
}
