/*
** repair.c — local repairs of parses the dictionary shows to be wrong.
**
** The tagger sometimes reads a verb as an adjective or a noun around
** names ("Russia attacked Ukraine" as one noun phrase, "Ethiopia departs
** from Libya" as a compound noun) or leaves a sentence without any verb.
** The dictionary knows which tokens are actors and which are verb forms;
** when their arrangement leaves only one English reading, that reading is
** restored here, before roles are read (docs/coder.md, step 2).  Each
** repair is narrow on purpose: it fires only where the parse cannot be
** right.
*/
#include "code.h"

#include <string.h>
#include <strings.h>

/*
** "Russia attacked Ukraine" parsed as one noun phrase ("Russia" a
** compound and "attacked" an adjective of "Ukraine"): two proper-name
** actors cannot enclose a participle in one English noun phrase, so a
** one-word verb form of the dictionary between two coded actor mentions,
** tagged as a modifier of the second, is a finite verb: the first actor is
** its subject, the second its object, and it takes the place the second
** had in the sentence (as a reported clause under a verb).
*/
static void repair_name_verb_name(code_sent *s, const orr_dict_match *verbs, size_t n_verbs) {
    for (size_t k = 0; k < n_verbs; k++) {
        size_t t = verbs[k].start;
        if (verbs[k].end != t + 1 || t == 0 || t + 1 >= s->n) continue;
        orr_word *w = &s->w[t];
        if (code_is_verbal(w) && !code_rel_is(w->deprel, "amod")) continue;
        const char *x = w->xpos ? w->xpos : "";
        if (strcmp(x, "VBD") != 0 && strcmp(x, "VBN") != 0 && strcmp(x, "VBZ") != 0) continue;
        const code_mention *a = NULL, *b = NULL;
        for (size_t i = 0; i < s->n_m; i++) {
            if (!*s->m[i].code || s->m[i].dropped == 1) continue;
            if (s->m[i].end == t) a = &s->m[i];
            if (s->m[i].start == t + 1) b = &s->m[i];
        }
        if (!a || !b || w->head - 1 != (int)b->head) continue;
        orr_word *bh = &s->w[b->head];
        int up = bh->head - 1;
        w->upos = "VERB";
        w->head = bh->head;
        w->deprel = up >= 0 && code_is_verbal(&s->w[up]) ? "ccomp" : bh->deprel;
        s->w[a->head].head = (int)t + 1;
        s->w[a->head].deprel = "nsubj";
        bh->head = (int)t + 1;
        bh->deprel = "obj";
    }
}

/*
** "Ethiopia departs from Libya" tagged as a noun phrase ("Ethiopia" a
** compound of the noun "departs"): a one-word verb form of the dictionary
** right after a coded actor that the parse makes its compound, and itself
** followed by a preposition or determiner (the start of a verb's
** complement, not of a noun's), is the actor's verb — when the actor
** begins a clause (sentence start, after punctuation or a conjunction).
*/
static void repair_name_noun_verb(code_sent *s, const orr_dict_match *verbs, size_t n_verbs) {
    for (size_t k = 0; k < n_verbs; k++) {
        size_t t = verbs[k].start;
        if (verbs[k].end != t + 1 || t == 0 || t + 1 >= s->n) continue;
        orr_word *w = &s->w[t];
        if (strcmp(w->upos, "NOUN") != 0 || code_rel_is(w->deprel, "compound") ||
            code_rel_is(w->deprel, "amod"))
            continue;
        const char *nu = s->w[t + 1].upos;
        if (strcmp(nu, "ADP") != 0 && strcmp(nu, "DET") != 0) continue;
        const code_mention *a = NULL;
        for (size_t i = 0; i < s->n_m; i++)
            if (*s->m[i].code && s->m[i].dropped != 1 && s->m[i].end == t) a = &s->m[i];
        if (!a || s->w[a->head].head - 1 != (int)t || !code_rel_is(s->w[a->head].deprel, "compound")) continue;
        /* the actor begins a clause, not a noun phrase ("an anti-Gondor parade on") */
        if (a->start > 0) {
            const char *pu = s->w[a->start - 1].upos;
            const char *pf = s->text + s->tok[a->start - 1].start;
            int clause_punct = s->tok[a->start - 1].end - s->tok[a->start - 1].start == 1 &&
                               (*pf == ',' || *pf == ';' || *pf == ':');
            if (!clause_punct && strcmp(pu, "CCONJ") != 0 && strcmp(pu, "SCONJ") != 0) continue;
        }
        int up = w->head - 1;
        w->upos = "VERB";
        if (up >= 0 && code_is_verbal(&s->w[up]) && code_rel_is(w->deprel, "nsubj")) w->deprel = "ccomp";
        s->w[a->head].deprel = "nsubj";
    }
}

/*
** A sentence the tagger left without any verb ("Caras Galadhon's new
** mayor left yesterday for Minas Tirith …", "left" tagged an adjective)
** still has the dictionary's verb form: the first one-word form is made
** the main verb, with no arcs of its own, so that PETRARCH's shallow
** reading (nearest actor before and after) applies to it.
*/
static void repair_verbless(code_sent *s, const orr_dict_match *verbs, size_t n_verbs) {
    for (size_t i = 0; i < s->n; i++)
        if (code_is_verbal(&s->w[i])) return;
    for (size_t k = 0; k < n_verbs; k++) {
        size_t t = verbs[k].start;
        if (verbs[k].end != t + 1 || t >= s->n) continue;
        s->w[t].upos = "VERB";
        s->w[t].head = 0;
        s->w[t].deprel = "root";
        return;
    }
}

/*
** A sentence whose root is a noun, with a past verb form of the
** dictionary hanging from it as a reduced relative ("Pyongyang on
** Thursday fired two shells at Seoul" parsed as "Pyongyang, fired …";
** "Ithilen's militia vowed … to wage war" as "the militia vowed …"), has
** no predicate at all: a sentence needs one, so that participle is its
** main verb and the root noun its subject.  Only when the participle
** takes a complement a passive participle in a noun phrase cannot take
** (an object or a clausal complement: "soldiers killed in the attack" is
** left alone) and has no auxiliary of its own, and only when the noun
** has no copula, subject or auxiliary (then it is a predicate already:
** "… was his first response to … U.S.-backed rebels").
*/
/* Has token v a dependent with relation rel (or a subtype of it)? */
static int repair_has_child(const code_sent *s, size_t v, const char *rel) {
    for (size_t i = 0; i < s->n; i++)
        if ((size_t)(s->w[i].head - 1) == v && code_rel_is(s->w[i].deprel, rel)) return 1;
    return 0;
}

/* Has token n a "case" dependent whose word is prep ("by")? */
static int repair_case_is(const code_sent *s, size_t n, const char *prep) {
    for (size_t i = 0; i < s->n; i++)
        if ((size_t)(s->w[i].head - 1) == n && code_rel_is(s->w[i].deprel, "case") &&
            s->tok[i].end - s->tok[i].start == strlen(prep) &&
            strncasecmp(s->text + s->tok[i].start, prep, strlen(prep)) == 0)
            return 1;
    return 0;
}

static int repair_takes_complement(const code_sent *s, size_t v) {
    int comp = 0;
    for (size_t i = 0; i < s->n; i++) {
        if ((size_t)(s->w[i].head - 1) != v) continue;
        const char *rel = s->w[i].deprel;
        if (code_rel_is(rel, "aux") || code_rel_is(rel, "nsubj")) return 0;
        if (code_rel_is(rel, "obj") || code_rel_is(rel, "xcomp") || code_rel_is(rel, "ccomp") ||
            code_rel_is(rel, "advcl"))
            comp = 1;
    }
    return comp;
}

/*
** Is the noun n inside the root noun r's own prepositional phrases ("centre
** of a diplomatic row": r, or a noun reached from r by nmod steps)?
*/
static int repair_in_root_phrase(const code_sent *s, size_t n, size_t r) {
    for (int step = 0; step < 3; step++) {
        if (n == r) return step > 0;
        if (!code_rel_is(s->w[n].deprel, "nmod") || s->w[n].head < 1) return 0;
        n = (size_t)s->w[n].head - 1;
    }
    return 0;
}

/* Is token t the only word of the sentence tagged as a finite verb? */
static int repair_only_finite(const code_sent *s, size_t t) {
    for (size_t i = 0; i < s->n; i++) {
        const char *x = s->w[i].xpos ? s->w[i].xpos : "";
        if (i != t && (strcmp(x, "VBD") == 0 || strcmp(x, "VBZ") == 0 || strcmp(x, "VBP") == 0 ||
                       strcmp(x, "MD") == 0))
            return 0;
    }
    return 1;
}

static void repair_acl_main_verb(code_sent *s, const orr_dict_match *verbs, size_t n_verbs) {
    size_t r = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++)
        if (s->w[i].head == 0) { r = i; break; }
    if (r == SIZE_MAX) return;
    if (strcmp(s->w[r].upos, "NOUN") != 0 && strcmp(s->w[r].upos, "PROPN") != 0) return;
    /* "… was his first response to … U.S.-backed rebels": a copula or a
       subject makes the noun a predicate already */
    if (repair_has_child(s, r, "cop") || repair_has_child(s, r, "nsubj") || repair_has_child(s, r, "aux")) return;
    for (size_t k = 0; k < n_verbs; k++) {
        size_t t = verbs[k].start;
        if (verbs[k].end != t + 1 || t <= r || t >= s->n) continue;
        orr_word *w = &s->w[t];
        const char *x = w->xpos ? w->xpos : "";
        if (strcmp(w->deprel, "acl") != 0 || w->head < 1) continue;
        /* "Gollum centre of a diplomatic row between Radagast the Brown
           called on Gondor …" with "called" a reduced relative of "row":
           deeper in the root's phrase only when no other word of the
           sentence is tagged finite — a sentence needs a predicate, and
           "a row over the talks held in Geneva erupted" has one */
        int deep = (size_t)(w->head - 1) != r;
        if (deep && (!repair_in_root_phrase(s, (size_t)w->head - 1, r) || !repair_only_finite(s, t)))
            continue;
        if (strcmp(x, "VBD") != 0 && strcmp(x, "VBN") != 0) continue;
        if (!repair_takes_complement(s, t)) continue;
        w->head = 0;
        w->deprel = "root";
        s->w[r].head = (int)t + 1;
        s->w[r].deprel = "nsubj";
        return;
    }
}

/*
** "In a surprise move Russia released US citizen Kalob Byers" parsed with
** "move" a base-form verb, "Russia" its object and "released" its xcomp.
** An xcomp is non-finite, yet "released" is a finite past form right after
** the coded actor, and a bare base form with no subject, auxiliary or "to"
** cannot govern it: the base form is the noun closing a fronted phrase.
** So a one-word past-tense verb form (VBD) of the dictionary that the parse
** makes the xcomp of such a base form (VB, not the first word: no
** imperative), whose object is a coded actor ending right before it,
** becomes the main verb in the base form's place, the actor its subject
** and the base form a noun (an oblique of it).
*/
static void repair_bare_noun_verb(code_sent *s, const orr_dict_match *verbs, size_t n_verbs) {
    for (size_t k = 0; k < n_verbs; k++) {
        size_t t = verbs[k].start;
        if (verbs[k].end != t + 1 || t == 0 || t >= s->n) continue;
        orr_word *w = &s->w[t];
        if (!w->xpos || strcmp(w->xpos, "VBD") != 0 || !code_rel_is(w->deprel, "xcomp") || w->head <= 0) continue;
        size_t g = (size_t)w->head - 1;
        orr_word *gw = &s->w[g];
        if (g == 0 || g >= t || !gw->xpos || strcmp(gw->xpos, "VB") != 0) continue;
        if (repair_has_child(s, g, "nsubj") || repair_has_child(s, g, "aux") || repair_has_child(s, g, "mark"))
            continue;
        const code_mention *a = NULL;
        for (size_t i = 0; i < s->n_m; i++)
            if (*s->m[i].code && s->m[i].dropped != 1 && s->m[i].end == t) a = &s->m[i];
        if (!a || s->w[a->head].head - 1 != (int)g || !code_rel_is(s->w[a->head].deprel, "obj")) continue;
        for (size_t i = 0; i < s->n; i++)
            if (i != t && (size_t)(s->w[i].head - 1) == g && code_rel_is(s->w[i].deprel, "punct"))
                s->w[i].head = (int)t + 1;
        w->head = gw->head;
        w->deprel = gw->deprel;
        gw->upos = "NOUN";
        gw->xpos = "NN";
        gw->head = (int)t + 1;
        gw->deprel = "obl";
        s->w[a->head].head = (int)t + 1;
        s->w[a->head].deprel = "nsubj";
    }
}

/*
** "Arnor will abandon improved economic relations" tagged with "abandon"
** an adverb and "improved" the verb.  A modal takes a bare verb, never a
** past form: so a one-word verb form of the dictionary right after a
** modal auxiliary, tagged as no verb, whose head is a past form (VBD or
** VBN) after it, is the verb; that past form modifies its object
** ("improved relations") or, with no object, is the verb's complement.
** The past form's other dependents (subject, modal, object) move over.
*/
static void repair_modal_verb(code_sent *s, const orr_dict_match *verbs, size_t n_verbs) {
    for (size_t k = 0; k < n_verbs; k++) {
        size_t t = verbs[k].start;
        if (verbs[k].end != t + 1 || t == 0 || t + 1 >= s->n) continue;
        orr_word *w = &s->w[t], *md = &s->w[t - 1];
        if (code_is_verbal(w) || !md->xpos || strcmp(md->xpos, "MD") != 0 || !code_rel_is(md->deprel, "aux"))
            continue;
        int h = w->head - 1;
        if (h <= (int)t || md->head - 1 != h) continue;
        orr_word *hw = &s->w[h];
        if (!hw->xpos || (strcmp(hw->xpos, "VBN") != 0 && strcmp(hw->xpos, "VBD") != 0)) continue;
        int obj = -1;
        for (size_t i = 0; i < s->n; i++) {
            if (i == t || s->w[i].head - 1 != h) continue;
            if (obj < 0 && code_rel_is(s->w[i].deprel, "obj") && (int)i > h) obj = (int)i;
            s->w[i].head = (int)t + 1;
        }
        w->upos = "VERB";
        w->xpos = "VB";
        w->head = hw->head;
        w->deprel = hw->deprel;
        if (obj >= 0) {
            hw->head = obj + 1;
            hw->deprel = "amod";
            hw->upos = "ADJ";
        } else {
            hw->head = (int)t + 1;
            hw->deprel = "xcomp";
        }
    }
}

/*
** "his annual mushroom hunting trip" parsed as "mushroom, hunting (a)
** trip": a noun, a gerund modifying it (or, from another parser model, an
** adverbial clause of the verb whose object the noun is) and the gerund's
** object, adjacent,
** the object a bare singular common noun (no determiner: no object of a
** gerund in English) — a compound noun.  Its last noun takes the first
** one's place in the sentence and all their dependents ("in the White
** Downs", now a modifier of the trip); the first two are its compounds.
*/
static void repair_gerund_compound(code_sent *s) {
    for (size_t t = 1; t + 1 < s->n; t++) {
        orr_word *n1 = &s->w[t - 1], *g = &s->w[t], *o = &s->w[t + 1];
        if (!g->xpos || strcmp(g->xpos, "VBG") != 0) continue;
        /* the gerund modifying the first noun, or (the same words read as
           "rescheduled his mushroom, hunting a trip") an adverbial clause
           of the verb whose object the first noun is */
        int modifies = strcmp(g->deprel, "acl") == 0 && g->head == (int)t;
        int adverbial = (strcmp(g->deprel, "advcl") == 0 || strcmp(g->deprel, "xcomp") == 0) &&
                        code_rel_is(n1->deprel, "obj") && g->head == n1->head;
        if (!modifies && !adverbial) continue;
        if (strcmp(n1->upos, "NOUN") != 0 || strcmp(o->upos, "NOUN") != 0 || !o->xpos || strcmp(o->xpos, "NN") != 0)
            continue;
        if (o->head != (int)t + 1 || !code_rel_is(o->deprel, "obj")) continue;
        int det = 0;
        for (size_t i = 0; i < s->n; i++)
            if (s->w[i].head == (int)t + 2 && (code_rel_is(s->w[i].deprel, "det") || code_rel_is(s->w[i].deprel, "nmod:poss")))
                det = 1;
        if (det) continue;
        o->head = n1->head;
        o->deprel = n1->deprel;
        for (size_t i = 0; i < s->n; i++) {
            if (i + 1 == t || i == t || i == t + 1) continue;
            if (s->w[i].head == (int)t || s->w[i].head == (int)t + 1) {
                s->w[i].head = (int)t + 2;
                if (code_rel_is(s->w[i].deprel, "obl")) s->w[i].deprel = "nmod";
            }
        }
        n1->head = g->head = (int)t + 2;
        n1->deprel = g->deprel = "compound";
        g->upos = "NOUN";
        g->xpos = "NN";
    }
}

/*
** "Gollum allowed that Mordor isn't a real easy or pleasant place" parsed
** with "place" the object of "allowed" and "that Mordor is n't" hanging
** from its adjective "easy".  An adjective modifying a noun takes no
** subject, copula or subordinator of its own: those belong to the noun,
** the predicate of a clause ("that Mordor isn't a … place"), which is
** then the verb's clausal complement, not its object.  The subject,
** copula, auxiliaries, subordinator and negation move to the noun.
*/
static void repair_predicate_adjective(code_sent *s) {
    for (size_t a = 0; a < s->n; a++) {
        orr_word *aw = &s->w[a];
        if (strcmp(aw->deprel, "amod") != 0 || aw->head < 1) continue;
        size_t p = (size_t)aw->head - 1;
        if (!code_rel_is(s->w[p].deprel, "obj") || s->w[p].head < 1 ||
            !code_is_verbal(&s->w[s->w[p].head - 1]))
            continue;
        if (!repair_has_child(s, a, "nsubj") || !(repair_has_child(s, a, "cop") || repair_has_child(s, a, "mark")))
            continue;
        for (size_t i = 0; i < s->n; i++) {
            orr_word *d = &s->w[i];
            if ((size_t)(d->head - 1) != a) continue;
            const char *l = d->lemma ? d->lemma : "";
            int neg = code_rel_is(d->deprel, "advmod") &&
                      (strcasecmp(l, "not") == 0 || strcasecmp(l, "n't") == 0 || strcasecmp(l, "never") == 0);
            if (code_rel_is(d->deprel, "nsubj") || code_rel_is(d->deprel, "cop") || code_rel_is(d->deprel, "aux") ||
                code_rel_is(d->deprel, "mark") || neg)
                d->head = (int)p + 1;
        }
        s->w[p].deprel = "ccomp";
    }
}

/*
** "The information ministry of Gondor … said on Friday that …" parsed
** with "information" the root and "said" a relative clause on it whose
** subject is "ministry", the next word.  A relative clause cannot begin
** with its own subject right after the noun it would modify when that
** noun is the whole sentence's root with no predicate of its own: the
** root noun modifies the subject (a compound), and the clause's verb (a
** one-word past form of the dictionary) is the main verb.
*/
static void repair_root_relative(code_sent *s, const orr_dict_match *verbs, size_t n_verbs) {
    size_t r = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++)
        if (s->w[i].head == 0) { r = i; break; }
    if (r == SIZE_MAX || r + 1 >= s->n || strcmp(s->w[r].upos, "NOUN") != 0) return;
    if (repair_has_child(s, r, "cop") || repair_has_child(s, r, "nsubj") || repair_has_child(s, r, "aux")) return;
    orr_word *subj = &s->w[r + 1];
    if (!code_rel_is(subj->deprel, "nsubj") || subj->head < 1 ||
        (strcmp(subj->upos, "NOUN") != 0 && strcmp(subj->upos, "PROPN") != 0))
        return;
    size_t t = (size_t)subj->head - 1;
    orr_word *w = &s->w[t];
    if (t <= r + 1 || w->head - 1 != (int)r || strcmp(w->deprel, "acl:relcl") != 0 || !w->xpos ||
        strcmp(w->xpos, "VBD") != 0)
        return;
    int in_dict = 0;
    for (size_t k = 0; k < n_verbs; k++) in_dict |= verbs[k].start == t && verbs[k].end == t + 1;
    if (!in_dict) return;
    for (size_t i = r + 2; i < s->n; i++)
        if (s->w[i].head - 1 == (int)r) s->w[i].head = (int)t + 1;
    w->head = 0;
    w->deprel = "root";
    s->w[r].head = (int)r + 2;
    s->w[r].deprel = "compound";
}

/*
** "Arnor is about to restore full ties", parsed with "restore" an
** adverbial clause (advcl) of the predicate adjective "about".  A "to"
** infinitive right after a predicate adjective ("about to", "ready to",
** "willing to", "likely to") is the adjective's complement (UD xcomp),
** whose missing subject is the adjective's; an adjective takes no purpose
** clause ("in order to" would not follow it directly).  So such an
** infinitive with no subject of its own is made the xcomp it is, and every
** rule for "agreed to meet" applies to it (subject, negation, the
** infinitive of a coded verb).
*/
static void repair_adjective_infinitive(code_sent *s) {
    for (size_t t = 2; t < s->n; t++) {
        orr_word *w = &s->w[t], *to = &s->w[t - 1];
        if (!code_rel_is(w->deprel, "advcl") || w->head != (int)t - 1 || !w->xpos || strcmp(w->xpos, "VB") != 0)
            continue;
        size_t a = (size_t)w->head - 1;
        if (strcmp(s->w[a].upos, "ADJ") != 0 || !repair_has_child(s, a, "cop") || !repair_has_child(s, a, "nsubj"))
            continue;
        if (to->head != (int)t + 1 || !code_rel_is(to->deprel, "mark") || !to->lemma || strcasecmp(to->lemma, "to") != 0)
            continue;
        if (repair_has_child(s, t, "nsubj")) continue;
        w->deprel = "xcomp";
    }
}

/*
** "Ethiopia has broken relations with Libya" parsed with "has" the main
** verb and "broken" an adjective of its object.  A past participle right
** after a form of "have", with nothing between them, is the perfect tense
** in news English ("has signed an agreement", "has expanded ties"); the
** stative reading ("has broken relations" = whose relations are broken)
** needs the context no parser has.  So a one-word verb form of the
** dictionary tagged VBN, right after a finite "have" and modifying that
** verb's object, becomes the verb: "have" its auxiliary, the noun its
** object, and the other dependents of "have" its own.
*/
static void repair_have_participle(code_sent *s, const orr_dict_match *verbs, size_t n_verbs) {
    for (size_t k = 0; k < n_verbs; k++) {
        size_t t = verbs[k].start;
        if (verbs[k].end != t + 1 || t == 0 || t + 1 >= s->n) continue;
        orr_word *w = &s->w[t], *hv = &s->w[t - 1];
        if (!w->xpos || strcmp(w->xpos, "VBN") != 0 || !code_rel_is(w->deprel, "amod") || w->head < 1) continue;
        size_t o = (size_t)w->head - 1;
        if (o <= t || s->w[o].head != (int)t || !code_rel_is(s->w[o].deprel, "obj")) continue;
        const char *hx = hv->xpos ? hv->xpos : "";
        if (!code_is_verbal(hv) || !hv->lemma || strcasecmp(hv->lemma, "have") != 0 ||
            (strcmp(hx, "VBZ") != 0 && strcmp(hx, "VBP") != 0 && strcmp(hx, "VBD") != 0))
            continue;
        for (size_t i = 0; i < s->n; i++)
            if (i != t && s->w[i].head == (int)t) s->w[i].head = (int)t + 1;
        w->upos = "VERB";
        w->head = hv->head;
        w->deprel = hv->deprel;
        hv->upos = "AUX";
        hv->head = (int)t + 1;
        hv->deprel = "aux";
    }
}

/*
** "Arnor will abandon improved economic relations with Gondor …, a
** senior official said" parsed with "abandon" left without object and
** "improved relations" a clause reported by "said".  A past participle
** with an object but no subject, auxiliary or subordinator heads no
** clause of its own; right after a verb that has no object, it is an
** adjective of the noun that verb takes ("abandon improved relations").
** So that noun becomes the verb's object, the participle its modifier,
** and the participle's other dependents the verb's.
*/
static void repair_participle_object(code_sent *s) {
    for (size_t t = 1; t + 1 < s->n; t++) {
        orr_word *p = &s->w[t], *v = &s->w[t - 1];
        if (!p->xpos || strcmp(p->xpos, "VBN") != 0) continue;
        if (!code_rel_is(p->deprel, "ccomp") && !code_rel_is(p->deprel, "parataxis") && !code_rel_is(p->deprel, "advcl"))
            continue;
        if (strcmp(v->upos, "VERB") != 0 || repair_has_child(s, t - 1, "obj")) continue;
        int other_clause = 0;  /* the verb reports another clause: "said [it] improved …" */
        for (size_t i = 0; i < s->n; i++)
            other_clause |= i != t && s->w[i].head == (int)t && code_rel_is(s->w[i].deprel, "ccomp");
        if (other_clause) continue;
        if (repair_has_child(s, t, "nsubj") || repair_has_child(s, t, "aux") || repair_has_child(s, t, "mark") ||
            repair_has_child(s, t, "cop") || repair_has_child(s, t, "expl"))
            continue;
        size_t o = SIZE_MAX;
        for (size_t i = t + 1; i < s->n && o == SIZE_MAX; i++)
            if (s->w[i].head == (int)t + 1 && code_rel_is(s->w[i].deprel, "obj")) o = i;
        if (o == SIZE_MAX) continue;
        for (size_t i = 0; i < s->n; i++)
            if (i != o && s->w[i].head == (int)t + 1) s->w[i].head = (int)t;
        s->w[o].head = (int)t;
        p->head = (int)o + 1;
        p->deprel = "amod";
        p->upos = "ADJ";
    }
}

/*
** "Fornost and the evil awful Gondor welcomed …" parsed with "Gondor" the
** subject of the adjective "awful" (itself a modifier of "evil").  An
** adjective modifying a noun has no subject, and with no copula an
** adjective is never a predicate; the noun right after it is the noun it
** modifies.  So that noun takes the adjective's place in the sentence
** (as a modifier of the noun the adjective modified, the way "Calenardhon
** leaders" modifies its conjunct) and the adjective becomes its amod.
*/
static void repair_adjective_subject(code_sent *s) {
    for (size_t a = 0; a + 1 < s->n; a++) {
        orr_word *aw = &s->w[a], *x = &s->w[a + 1];
        if (strcmp(aw->upos, "ADJ") != 0 || strcmp(aw->deprel, "amod") != 0 || aw->head < 1) continue;
        if (x->head != (int)a + 1 || !code_rel_is(x->deprel, "nsubj") ||
            (strcmp(x->upos, "PROPN") != 0 && strcmp(x->upos, "NOUN") != 0))
            continue;
        if (repair_has_child(s, a, "cop") || repair_has_child(s, a, "aux") || repair_has_child(s, a, "mark"))
            continue;
        x->head = aw->head;
        x->deprel = "compound";
        aw->head = (int)a + 2;
        aw->deprel = "amod";
    }
}

/*
** "On February 18, 2025, US Secretary of State Marco Rubio and … Mike
** Waltz held a meeting" parsed with "Rubio" an apposition of "18" and
** "held" left without subject.  An apposition renames its noun; a number
** (a date, an amount) is never renamed by a named actor.  So a coded actor
** in apposition to a number that is an oblique of a verb after it, a verb
** with no subject, is that verb's subject: the fronted date ends at the
** comma.
*/
static void repair_date_apposition(code_sent *s) {
    for (size_t k = 0; k < s->n_m; k++) {
        const code_mention *m = &s->m[k];
        if (!*m->code || m->dropped == 1) continue;
        orr_word *x = &s->w[m->head];
        if (!code_rel_is(x->deprel, "appos") || x->head < 1) continue;
        size_t d = (size_t)x->head - 1;
        if (d >= m->start || strcmp(s->w[d].upos, "NUM") != 0 || !code_rel_is(s->w[d].deprel, "obl") ||
            s->w[d].head < 1)
            continue;
        size_t v = (size_t)s->w[d].head - 1;
        if (v < m->end || !code_is_verbal(&s->w[v]) || repair_has_child(s, v, "nsubj") ||
            repair_has_child(s, v, "expl"))
            continue;
        x->head = (int)v + 1;
        x->deprel = "nsubj";
    }
}

/*
** "Ithilen's militia vowed on Thursday to wage war …" parsed with "vowed"
** a participle (VBN) and "militia" its passive subject.  An English
** passive has its auxiliary ("was vowed"); a passive with none is the
** headline style ("Diplomat expelled by Britain"), and headlines end
** without a full stop.  So the root verb of a sentence that ends with
** "." "!" or "?", with a passive subject before it but no auxiliary
** (of its own or between them), copula or "by" agent, in a form that is
** also the past tense (a regular "-ed" form: "taken" is no past tense),
** is that past tense and the subject its active subject.
*/
static void repair_bare_passive(code_sent *s) {
    size_t r = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++)
        if (s->w[i].head == 0) { r = i; break; }
    if (r == SIZE_MAX || r == 0 || !code_is_verbal(&s->w[r]) || !s->w[r].xpos ||
        (strcmp(s->w[r].xpos, "VBN") != 0 && strcmp(s->w[r].xpos, "VBD") != 0))
        return;
    size_t len = s->tok[r].end - s->tok[r].start;
    if (len < 3 || strncasecmp(s->text + s->tok[r].end - 2, "ed", 2) != 0) return;
    const orr_token *last = &s->tok[s->n - 1];
    char stop = s->text[last->start];
    if (last->end - last->start != 1 || (stop != '.' && stop != '!' && stop != '?')) return;
    size_t subj = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++) {
        if ((size_t)(s->w[i].head - 1) != r) continue;
        const char *rel = s->w[i].deprel;
        if (code_rel_is(rel, "aux") || code_rel_is(rel, "cop") ||
            (code_rel_is(rel, "nsubj") && strcmp(rel, "nsubj:pass") != 0))
            return;
        if ((code_rel_is(rel, "obl") || code_rel_is(rel, "nmod")) && repair_case_is(s, i, "by")) return;
        if (strcmp(rel, "nsubj:pass") == 0 && i < r) subj = i;
    }
    if (subj == SIZE_MAX) return;
    /* "The Philippines was heavily and unjustly criticized" with "was"
       hung on the adverb: an auxiliary anywhere between is the passive's */
    for (size_t i = subj + 1; i < r; i++)
        if (strcmp(s->w[i].upos, "AUX") == 0) return;
    s->w[subj].deprel = "nsubj";
    s->w[r].xpos = "VBD";
}

void code_repair_parse(code_sent *s, const orr_dict_match *verbs, size_t n_verbs) {
    repair_name_verb_name(s, verbs, n_verbs);
    repair_name_noun_verb(s, verbs, n_verbs);
    repair_verbless(s, verbs, n_verbs);
    repair_acl_main_verb(s, verbs, n_verbs);
    repair_root_relative(s, verbs, n_verbs);
    repair_bare_noun_verb(s, verbs, n_verbs);
    repair_modal_verb(s, verbs, n_verbs);
    repair_gerund_compound(s);
    repair_predicate_adjective(s);
    repair_adjective_infinitive(s);
    repair_have_participle(s, verbs, n_verbs);
    repair_participle_object(s);
    repair_adjective_subject(s);
    repair_date_apposition(s);
    repair_bare_passive(s);
}
