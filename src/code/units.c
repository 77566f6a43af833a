/*
** units.c — parse a sentence with each named actor as one word.
**
** The tagger and parser were trained on web English (UD EWT); they know
** "France" and "Putin" but guess at names they never saw, and a guessed
** tag breaks the whole parse: "Pyongyang on Thursday fired two shells at
** Seoul" came out with "Pyongyang" as a verb and "fired" as an adjective.
** The dictionary already knows these words are names.  So each capitalized
** actor match is handed to the parser as one stand-in word it knows well
** (a country name), the parse is taken on that shorter sentence, and the
** stand-in's tag, head and relation go back to the last token of the
** match; the match's other tokens hang from that token as `flat`.  Arcs
** the parser drew into the stand-in point at that token.  The coder then
** sees every actor mention as one unit whatever the parser would have made
** of its words, and different parser models agree far more often on the
** shape of a sentence about "France and Britain" than about "Arnor and
** Gondor".
**
** Multi-word verbs whose dictionary form puts words before the verb
** ("WIRE_+TAP": "Soldiers from Gondor wire tapped all links") are read
** the same way: the parser sees the verb word alone ("Soldiers from
** Gondor tapped all links"), and the words before it hang from it as
** `compound`.  Parsed as they stand, "wire" became the subject and
** "Gondor" its compound, so the soldiers lost their country.
**
** Not units: agent phrases ("the police"), compositions of a nationality
** with an agent ("Indian police", whose head is the common noun), lower-case
** matches, and the "'s" of a possessive match (kept as its own token).
*/
#include "code.h"

#include <string.h>

/* Stand-ins, used in turn so that neighbouring units differ. */
static const char *const stand_in[] = {"France", "Britain", "Germany", "Russia", "Japan", "Italy"};

static int is_upper_start(const char *text, const orr_token *t) {
    unsigned char c = (unsigned char)text[t->start];
    return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int is_possessive_tok(const char *text, const orr_token *t) {
    size_t n = t->end - t->start;
    const char *p = text + t->start;
    return (n == 2 && p[0] == '\'' && (p[1] == 's' || p[1] == 'S')) || (n == 1 && p[0] == '\'') ||
           (n == 4 && memcmp(p, "\xe2\x80\x99s", 4) == 0);
}

/*
** The units among the actor matches: unit_end[i] is the end of the unit
** starting at token i, or 0.  Returns how many units there are.
*/
static size_t find_units(const code_sent *s, const orr_dict_match *am, size_t n_am, size_t *unit_end) {
    size_t units = 0;
    memset(unit_end, 0, s->n * sizeof *unit_end);
    for (size_t k = 0; k < n_am; k++) {
        const orr_dict_match *m = &am[k];
        if (m->type != ORR_MATCH_ACTOR) continue;
        if (m->end <= m->start || m->end > s->n) continue;
        size_t end = m->end;
        while (end > m->start && is_possessive_tok(s->text, &s->tok[end - 1])) end--;
        if (end == m->start || !is_upper_start(s->text, &s->tok[m->start])) continue;
        if (!(m->flags & ORR_MATCH_COMPOSED) && !is_upper_start(s->text, &s->tok[end - 1])) continue;
        unit_end[m->start] = end;
        units++;
    }
    return units;
}

/*
** Words before the verb word of pre-compound verb matches ("wire" of
** "wire tapped"): pre_verb[i] is 1 + the verb word's token for such a
** word, 0 otherwise.  The verb word is the one the form marks with '+'.
** Returns how many words there are.
*/
static size_t find_pre_verbs(const orr_dict *dict, const code_sent *s, const size_t *unit_end,
                             const orr_dict_match *verbs, size_t n_verbs, size_t *pre_verb) {
    size_t found = 0;
    memset(pre_verb, 0, s->n * sizeof *pre_verb);
    for (size_t k = 0; k < n_verbs; k++) {
        const orr_dict_match *vm = &verbs[k];
        orr_dict_verb_form f;
        if (vm->end <= vm->start + 1 || vm->end > s->n || orr_dict_verb_form_get(dict, vm->entry, &f) ||
            !f.form)
            continue;
        const char *plus = strchr(f.form, '+');
        size_t before = 0;
        for (const char *p = f.form; plus && p < plus; p++) before += *p == '_' || *p == ' ';
        size_t verb = vm->start + before;
        if (!plus || before == 0 || verb >= vm->end) continue;
        int in_unit = 0;
        for (size_t i = 0; i < s->n; i++)
            if (unit_end[i] && i < vm->end && unit_end[i] > vm->start) in_unit = 1;
        if (in_unit) continue;
        for (size_t i = vm->start; i < verb; i++) pre_verb[i] = verb + 1;
        found += verb - vm->start;
    }
    return found;
}

int code_units_prepare(const orr_dict *dict, orr_arena *arena, const code_sent *s, const char **forms,
                       const orr_dict_match *am, size_t n_am, const orr_dict_match *verbs, size_t n_verbs,
                       code_units *u, orr_error *err) {
    size_t n = s->n;
    memset(u, 0, sizeof *u);
    u->forms = forms;
    u->n = n;
    size_t *unit_end = orr_arena_alloc(arena, n * sizeof *unit_end);
    size_t *to_short = orr_arena_alloc(arena, n * sizeof *to_short);  /* token -> short index */
    size_t *pre_verb = orr_arena_alloc(arena, n * sizeof *pre_verb);
    if (!unit_end || !to_short || !pre_verb) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    size_t units = find_units(s, am, n_am, unit_end);
    if (find_pre_verbs(dict, s, unit_end, verbs, n_verbs, pre_verb) + units == 0) return ORR_OK;
    const char **short_forms = orr_arena_alloc(arena, n * sizeof *short_forms);
    size_t *short_tok = orr_arena_alloc(arena, n * sizeof *short_tok);  /* short -> head token */
    if (!short_forms || !short_tok) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    size_t m = 0, used = 0;
    for (size_t i = 0; i < n;) {
        if (pre_verb[i]) {  /* not shown to the parser */
            i++;
            continue;
        }
        if (unit_end[i]) {
            size_t e = unit_end[i];
            short_forms[m] = stand_in[used++ % (sizeof stand_in / sizeof *stand_in)];
            short_tok[m] = e - 1;
            for (size_t j = i; j < e; j++) to_short[j] = m;
            m++;
            i = e;
        } else {
            short_forms[m] = forms[i];
            short_tok[m] = i;
            to_short[i] = m++;
            i++;
        }
    }
    *u = (code_units){.forms = short_forms, .n = m, .to_short = to_short, .short_tok = short_tok,
                      .pre_verb = pre_verb};
    return ORR_OK;
}

int code_units_finish(orr_arena *arena, code_sent *s, const char **forms, const code_units *u, orr_word *sw,
                      orr_error *err) {
    if (!u->to_short) {  /* the parser saw the sentence as it is */
        s->w = sw;
        return ORR_OK;
    }
    size_t n = s->n;
    orr_word *w = orr_arena_alloc(arena, n * sizeof *w);
    if (!w) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    for (size_t i = 0; i < n; i++) {
        if (u->pre_verb[i]) {  /* "wire" of "wire tapped": a compound of the verb */
            memset(&w[i], 0, sizeof w[i]);
            w[i].form = w[i].lemma = forms[i];
            w[i].upos = "NOUN";
            w[i].xpos = "NN";
            w[i].deprel = "compound";
            w[i].head = (int)u->pre_verb[i];
            continue;
        }
        size_t k = u->to_short[i];
        if (u->short_tok[k] != i) {  /* a unit's inner token: flat under the unit's last token */
            w[i] = sw[k];
            w[i].form = w[i].lemma = forms[i];
            w[i].upos = "PROPN";
            w[i].xpos = "NNP";
            w[i].feats = NULL;
            w[i].deprel = "flat";
            w[i].head = (int)u->short_tok[k] + 1;
            continue;
        }
        w[i] = sw[k];
        w[i].head = sw[k].head > 0 ? (int)u->short_tok[sw[k].head - 1] + 1 : 0;
        if (u->forms[k] != forms[i]) w[i].form = w[i].lemma = forms[i];
    }
    s->w = w;
    return ORR_OK;
}
