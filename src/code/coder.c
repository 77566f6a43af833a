/*
** coder.c — CAMEO events from parsed sentences.
**
** For each sentence: tokens -> tagger/parser -> actor mentions
** (mention.c) -> verb phrases (verb dictionary; the longest matching
** pattern of the verb's block, pattern.c) -> source and target through
** the dependency parse -> one event per (source, target, code).  There is
** no fallback code: a sentence without a matched, coded verb yields no
** event.  A document's sentences go through that in three passes: each
** up to its parse (most stop there: no verb, fewer than two actors), the
** parses of the rest in batches (a network parser runs a batch at once),
** then each one's events, in order.  docs/coder.md states every rule; the
** comments here say how.
*/
#include "code.h"
#include "when.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct orr_coder {
    orr_coder_opts opts;
};

int orr_coder_new(orr_coder **out, const orr_coder_opts *opts, orr_error *err) {
    *out = NULL;
    if (!opts || !opts->dict || !opts->model)
        return orr_error_set(err, ORR_EUSAGE, "coder: a dictionary and a parser model are required");
    orr_coder *c = calloc(1, sizeof *c);
    if (!c) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    c->opts = *opts;
    *out = c;
    return ORR_OK;
}

void orr_coder_free(orr_coder *coder) { free(coder); }

/* ---- roles through the parse ------------------------------------- */

enum { ROLE_NONE = 0, ROLE_SUBJ, ROLE_AGENT, ROLE_OBJ, ROLE_PASS_SUBJ, ROLE_OBL, ROLE_TIME };

/* The preposition (case dependent) of token h, or NULL. */
static const char *case_of(const code_sent *s, size_t h) {
    for (size_t i = 0; i < s->n; i++)
        if ((size_t)(s->w[i].head - 1) == h && strcmp(s->w[i].deprel, "case") == 0)
            return s->w[i].lemma;
    return NULL;
}

static int prep_in(const char *p, const char *const *list) {
    for (; p && *list; list++)
        if (strcasecmp(p, *list) == 0) return 1;
    return 0;
}

/* A preposition that opens a time phrase ("after", "since", "until",
   "during"; not "before", which is also "before the Security Council"). */
static int is_time_prep(const char *p) {
    return p && (strcasecmp(p, "after") == 0 || strcasecmp(p, "since") == 0 || strcasecmp(p, "until") == 0 ||
                 strcasecmp(p, "till") == 0 || strcasecmp(p, "during") == 0);
}

/* Is token i inside an actor mention but not its head?  An arc leaving a
   mention from such a token is the parser's noise ("Fornost President
   Umbardacil": "Fornost" nsubj:pass, "Umbardacil" nsubj). */
static int inner_token(const code_sent *s, size_t i) {
    for (size_t k = 0; k < s->n_m; k++)
        if (i >= s->m[k].start && i < s->m[k].end) return i != s->m[k].head;
    return 0;
}

/* Passive by structure (nsubj:pass, aux:pass), not by the verb's own
   Voice feature, which a past participle tag sets even in "X attacked Y". */
static int is_passive(const code_sent *s, size_t v) {
    for (size_t i = 0; i < s->n; i++)
        if ((size_t)(s->w[i].head - 1) == v &&
            (strcmp(s->w[i].deprel, "nsubj:pass") == 0 || strcmp(s->w[i].deprel, "aux:pass") == 0) &&
            !inner_token(s, i))
            return 1;
    return 0;
}

static int has_mark_to(const code_sent *s, size_t v);

/*
** "restore fxll diplomatic ties": a word tagged as a verb right after the
** verb, hanging from it as xcomp with no "to", is a mistagged modifier of
** the verb's phrase; its dependents are the verb's.
*/
static int glued_verb(const code_sent *s, size_t hd, size_t v) {
    if (hd != v + 1 || s->w[hd].head - 1 != (int)v || !code_rel_is(s->w[hd].deprel, "xcomp")) return 0;
    for (size_t i = 0; i < s->n; i++)
        if ((size_t)(s->w[i].head - 1) == hd && (code_rel_is(s->w[i].deprel, "mark") || code_rel_is(s->w[i].deprel, "nsubj")))
            return 0;
    return 1;
}

/*
** "The KU basketball team", "the Soviet delegation": a noun naming a group
** that acts for the actor modifying it stands for that actor, unlike "the
** U.S. dollar" or "Japan's exports", where the actor only classifies a
** thing.  Only nouns that name the people sent or fielded by someone.
*/
static int group_noun(const code_sent *s, size_t h) {
    static const char *const groups[] = {"team", "delegation", "squad", "contingent", NULL};
    /* "the KU basketball team" bracketed [KU basketball] team: a noun
       compounded into the group noun classifies the same group, so the
       actor modifying it stands for the group too */
    for (int step = 0; step < 3; step++) {
        if (strcmp(s->w[h].upos, "NOUN") != 0) return 0;
        for (const char *const *g = groups; *g; g++)
            if (strcasecmp(s->w[h].lemma, *g) == 0) return 1;
        int up = s->w[h].head - 1;
        if (!code_rel_is(s->w[h].deprel, "compound") || up <= (int)h) return 0;
        h = (size_t)up;
    }
    return 0;
}

/*
** "meet Eriadori and Calenardhon leaders": whether "leaders" is shared by
** both names or conjoined to the first is a coin toss between parsers
** (the shipped model makes both names compounds of "leaders", the
** accurate one "Eriadori" the object and "Calenardhon leaders" its
** conjunct).  Conjuncts share one role, so an actor modifying a common
** noun (no name of its own) that is conjoined to a coded actor mention
** stands where that mention does, not one step down: is token h such a
** noun, a conjunct of a token of a coded mention?
*/
static int conjunct_of_actor(const code_sent *s, size_t h) {
    if (!code_rel_is(s->w[h].deprel, "conj") || s->w[h].head < 1 || strcmp(s->w[h].upos, "NOUN") != 0) return 0;
    for (size_t k = 0; k < s->n_m; k++)  /* a name of its own ("the evil Arnor awful Gondor") is no shared noun */
        if (h >= s->m[k].start && h < s->m[k].end) return 0;
    size_t g = (size_t)s->w[h].head - 1;
    for (size_t k = 0; k < s->n_m; k++)
        if (*s->m[k].code && s->m[k].dropped != 1 && g >= s->m[k].start && g < s->m[k].end) return 1;
    return 0;
}

/*
** The role of a mention for the verb at token v: climb from the mention's
** head through noun-phrase relations (conj, appos, flat, compound, and
** nmod: "a meeting with Putin") until the verb is reached; the relation
** that reaches it decides.  Reaching another verb first means the mention
** belongs to another clause: no role.  *depth counts nmod steps (an
** actor inside the object's prepositional phrase ranks below the object).
*/
/*
** "uncertainty about economist Alan Greenspan, nominated by President
** Reagan to succeed him": a participle set off by a comma right after a
** name is a reduced relative clause on that name, the nearest noun phrase
** (English puts a post-nominal modifier after its noun), whatever noun
** further left the parse hung it on; so its "by" agent is one step down
** the name, below it as a target, not beside it.  Returns the name's last
** word (a proper noun right before the comma), or SIZE_MAX.
*/
static size_t set_off_name(const code_sent *s, size_t part) {
    if (part < 2) return SIZE_MAX;
    const orr_token *t = &s->tok[part - 1];
    if (t->end - t->start != 1 || s->text[t->start] != ',') return SIZE_MAX;
    if (strcmp(s->w[part - 2].upos, "PROPN") != 0) return SIZE_MAX;
    return part - 2;
}

static int mention_role(const code_sent *s, const code_mention *m, size_t v, int passive, int *depth) {
    size_t h = m->dropped == 2 ? m->role_head : m->head;

    const char *prep = case_of(s, h);
    *depth = 0;
    for (int step = 0; step < 10; step++) {
        int hd = s->w[h].head - 1;
        const char *rel = s->w[h].deprel;
        if (hd < 0) return ROLE_NONE;
        /* "was opposed earlier by Osgiliath": a "by" phrase the parse hung
           on an adverb of a passive verb is that verb's agent, whether the
           parse calls it obl or nmod (an adverb takes neither) */
        if (passive && (code_rel_is(rel, "obl") || code_rel_is(rel, "nmod")) && prep &&
            strcasecmp(prep, "by") == 0 &&
            strcmp(s->w[hd].upos, "ADV") == 0 && code_rel_is(s->w[hd].deprel, "advmod") &&
            (size_t)(s->w[hd].head - 1) == v)
            return ROLE_AGENT;
        /* a bare noun-phrase adverbial ("five years after Calenardhon crowds
           burned …", "last week"): nothing inside it takes part */
        if (strstr(rel, ":unmarked") || strstr(rel, ":tmod") || strstr(rel, ":npmod")) return ROLE_NONE;
        /* nor does a time phrase ("…, several years after Calenardhon
           crowds burned down its embassy", "since the war with Iraq"): it
           says when, not with whom */
        if (is_time_prep(step == 0 ? prep : case_of(s, h))) return ROLE_TIME;
        if ((size_t)hd == v || glued_verb(s, (size_t)hd, v)) {
            if (strcmp(rel, "nsubj:pass") == 0) return ROLE_PASS_SUBJ;
            if (code_rel_is(rel, "nsubj")) return ROLE_SUBJ;
            if (code_rel_is(rel, "obj") || code_rel_is(rel, "iobj")) return ROLE_OBJ;
            if (code_rel_is(rel, "obl") || code_rel_is(rel, "nmod")) {
                if (prep && strcasecmp(prep, "by") == 0 && passive) return ROLE_AGENT;
                return ROLE_OBL;
            }
            return ROLE_NONE;
        }
        if (code_is_verbal(&s->w[hd])) {
            /* "memos sent by Bree": the by-agent of a participle modifying a
               noun is one step down that noun, like an nmod */
            const char *x = s->w[hd].xpos;
            int by_agent = code_rel_is(rel, "obl") && strcmp(s->w[hd].deprel, "acl") == 0 && x &&
                           strcmp(x, "VBN") == 0 && prep &&
                           (strcasecmp(prep, "by") == 0 || strcasecmp(prep, "from") == 0);
            /* "boycotted the parade supporting Gondor", "tapped the links
               leading into Mordor": the object of a gerund modifying a
               noun, or its oblique toward or against someone, is one step
               down that noun (not "setting up a bank along the lines of
               the Asian Development Bank", "living in Switzerland") */
            static const char *const toward[] = {"into", "to", "toward", "towards", "against", NULL};
            int part_obj = (code_rel_is(rel, "obj") || (code_rel_is(rel, "obl") && prep_in(prep, toward))) &&
                           strcmp(s->w[hd].deprel, "acl") == 0 && x && strcmp(x, "VBG") == 0;
            /* "signed an accord on Thursday to supply Gondor": the object
               of a purpose infinitive of the verb is one step down it */
            int purpose = code_rel_is(rel, "obj") && code_rel_is(s->w[hd].deprel, "advcl") &&
                          s->w[hd].head - 1 == (int)v && has_mark_to(s, (size_t)hd);
            if (!by_agent && !part_obj && !purpose) return ROLE_NONE;
            ++*depth;
            if (purpose) return ROLE_OBL;  /* a second-rank target of v itself */
            int noun = s->w[hd].head - 1;
            if (noun < 0) return ROLE_NONE;
            h = (size_t)noun;
            size_t before = set_off_name(s, (size_t)hd);
            if (by_agent && before != SIZE_MAX && before != h) h = before;
            continue;
        }
        if (code_rel_is(rel, "appos") && case_of(s, h)) {
            ++*depth;  /* "ties with Gondor, … after Calenardhon crowds": a
                          phrase with a preposition is no apposition */
        } else if (strcmp(rel, "nmod:desc") == 0) {
            /* UD's title before a name ("President Bill Clinton"): the
               same person, one phrase like flat, not a step down */
        } else if (code_rel_is(rel, "nmod") || code_rel_is(rel, "obl")) {
            ++*depth;
        } else if ((code_rel_is(rel, "compound") || code_rel_is(rel, "amod")) &&
                   ((size_t)hd < m->start || (size_t)hd >= m->end) && !group_noun(s, (size_t)hd) &&
                   !conjunct_of_actor(s, (size_t)hd)) {
            ++*depth;  /* a modifier of another noun: "US-Russia relations" */
        } else if (!(code_rel_is(rel, "conj") || code_rel_is(rel, "appos") || code_rel_is(rel, "flat") ||
                     code_rel_is(rel, "compound") || code_rel_is(rel, "amod") || code_rel_is(rel, "nummod") ||
                     code_rel_is(rel, "dep"))) {
            return ROLE_NONE;
        }
        h = (size_t)hd;
        if (!prep) prep = case_of(s, h);
    }
    return ROLE_NONE;
}

/*
** "has bought no U.S. wheat", "conducts no trade with Nicaragua", "took no
** immediate action": an object with the determiner "no" says the act did
** not happen, as "not" would (third pass).  Not so for a statement:
** "foresaw no problem about Italian participation" still says something
** about Italy (the caller asks only for codes outside root 01).
*/
static int object_says_no(const code_sent *s, size_t v) {
    for (size_t i = 0; i < s->n; i++) {
        if ((size_t)(s->w[i].head - 1) != v || !code_rel_is(s->w[i].deprel, "obj")) continue;
        for (size_t k = 0; k < i; k++)
            if ((size_t)(s->w[k].head - 1) == i && code_rel_is(s->w[k].deprel, "det") &&
                strcasecmp(s->w[k].lemma, "no") == 0)
                return 1;
    }
    return 0;
}

/*
** Is the verb negated ("did not meet", "never met")?  So is the infinitive
** or gerund of a negated verb: "is not considering offering wheat".
*/
static int is_negated(const code_sent *s, size_t v) {
    for (int up = 0; up < 3; up++) {
        for (size_t i = 0; i < s->n; i++) {
            if ((size_t)(s->w[i].head - 1) != v) continue;
            const char *l = s->w[i].lemma;
            if (strcasecmp(l, "not") == 0 || strcasecmp(l, "n't") == 0 || strcasecmp(l, "never") == 0)
                return 1;
        }
        if (!code_rel_is(s->w[v].deprel, "xcomp") || s->w[v].head < 1) break;
        v = (size_t)(s->w[v].head - 1);
    }
    return 0;
}

/* Is the subordinator of verb v "if" or "unless"? */
static int has_condition_mark(const code_sent *s, size_t v) {
    for (size_t i = 0; i < s->n; i++) {
        if ((size_t)(s->w[i].head - 1) != v || !code_rel_is(s->w[i].deprel, "mark")) continue;
        const char *f = s->text + s->tok[i].start;
        size_t n = s->tok[i].end - s->tok[i].start;
        if ((n == 2 && strncasecmp(f, "if", 2) == 0) || (n == 6 && strncasecmp(f, "unless", 6) == 0)) return 1;
    }
    return 0;
}

/* The auxiliaries of the future and of its conditional. */
static const char *const will_would[] = {"will", "would", NULL};

/*
** "If Washington imposes tariffs on Japanese goods, …", "unless the U.S.
** cuts its deficit": a verb whose own subordinator is "if" or "unless"
** states a condition, not an event.  So does the "would" that answers
** one: "If the spot price goes above 17.30 dlrs, we would buy Iranian
** crude" (a verb with "would" and a condition among its clauses), and the
** "will" (fourth pass: "If Japan fails to meet such expectations it will
** invite retaliatory moves from the U.S.").
*/
static int is_condition(const code_sent *s, size_t v) {
    if (has_condition_mark(s, v)) return 1;
    int would = 0, conditioned = 0;
    for (size_t i = 0; i < s->n; i++) {
        if ((size_t)(s->w[i].head - 1) != v) continue;
        if (code_rel_is(s->w[i].deprel, "aux") && code_token_in(s, i, will_would)) would = 1;
        if (code_rel_is(s->w[i].deprel, "advcl") && has_condition_mark(s, i)) conditioned = 1;
        /* "would consider buying U.S. wheat if it were priced …": the
           condition may hang on the verb's infinitive or gerund */
        for (size_t k = 0; k < s->n && code_rel_is(s->w[i].deprel, "xcomp"); k++)
            if ((size_t)(s->w[k].head - 1) == i && code_rel_is(s->w[k].deprel, "advcl") && has_condition_mark(s, k))
                conditioned = 1;
    }
    return would && conditioned;
}

/*
** "the U.S. was unwilling to give the Soviet Union a naval role", "Brazil
** has resisted going to the IMF": the infinitive or gerund governed by a
** word of unwillingness or refusal is what the subject will not do, not an
** event (a coded governor, "refused to meet", names its own event).  So is
** one governed by a word of wishing: "Britain wants Japan to agree a
** timetable", "wants to encourage expanded trade" say what someone wishes
** were done (WANT's own patterns code what is wanted: talks, aid).
*/
static int is_unwilled(const code_sent *s, size_t v) {
    static const char *const refusal[] = {"unwilling", "reluctant", "loath", "loth", "refuse", "decline",
                                          "resist", "avoid", "hesitate", "unable", "fail",
                                          "want", "wish", "hope", "desire", "aim", "plan", "seek", NULL};
    for (int up = 0; up < 3; up++) {
        if (s->w[v].head < 1) return 0;
        /* "Japan will have to buy more", "would have to enact": what
           someone has to do is not done (an infinitive with "to" under
           "have") */
        const orr_word *gw = &s->w[s->w[v].head - 1];
        if (code_rel_is(s->w[v].deprel, "xcomp") && strcasecmp(gw->lemma, "have") == 0 &&
            (size_t)(s->w[v].head - 1) < v && has_mark_to(s, v) && !(gw->xpos && strcmp(gw->xpos, "VBD") == 0))
            return 1;  /* (not the past "Japan had to devalue": it did) */
        if (!code_rel_is(s->w[v].deprel, "xcomp")) return 0;
        v = (size_t)(s->w[v].head - 1);
        /* the lemma, or the form: a tagger's VERB "unwilling" has lemma "unwill" */
        size_t n = s->tok[v].end - s->tok[v].start;
        for (const char *const *r = refusal; *r; r++)
            if (strcasecmp(s->w[v].lemma, *r) == 0 ||
                (strlen(*r) == n && strncasecmp(s->text + s->tok[v].start, *r, n) == 0))
                return 1;
    }
    return 0;
}

/* The modals of possibility, advice or obligation: a verb with one is no
   event ("must" fourth pass: "Japan must stop dumping chips and buy more
   American chips" is a demand on Japan, "Texas courts must consider
   Texaco's plea" a ruling on what is still to be done). */
static const char *const hedge_modals[] = {"may", "might", "could", "should", "must", NULL};

/* Is w[0..n) one of the hedge modals (any case)? */
static int is_hedge_modal(const char *w, size_t n) {
    for (const char *const *m = hedge_modals; *m; m++)
        if (strlen(*m) == n && strncasecmp(w, *m, n) == 0) return 1;
    return 0;
}

/*
** Has verb v a modal of possibility or advice among its auxiliaries?  Or
** right before the first word of its verb group, whatever its tag: Reuters
** capitalizes the word after "U.S." ("the U.S. May be able to lift
** sanctions"), and the tagger makes that "May" a name (fourth pass).  Not
** the month after a preposition, article or number ("in May", "the May
** figures").
*/
static int has_hedge_modal(const code_sent *s, size_t v) {
    size_t first = v;
    for (size_t i = 0; i < s->n; i++) {
        if ((size_t)(s->w[i].head - 1) != v) continue;
        const char *rel = s->w[i].deprel;
        if (code_rel_is(rel, "aux") && is_hedge_modal(s->text + s->tok[i].start, s->tok[i].end - s->tok[i].start))
            return 1;
        if ((code_rel_is(rel, "aux") || code_rel_is(rel, "cop")) && i < first) first = i;
    }
    if (first < 2 || !is_hedge_modal(s->text + s->tok[first - 1].start,
                                     s->tok[first - 1].end - s->tok[first - 1].start))
        return 0;
    const char *before = s->w[first - 2].upos;
    return strcmp(before, "ADP") != 0 && strcmp(before, "DET") != 0 && strcmp(before, "NUM") != 0;
}

/*
** "officials deny that Britain had set a deadline", "we categorically deny
** that the United States is selling weapons": a clause that a verb of
** denial governs says what did not happen (third pass).
*/
static int wh_clause(const code_sent *s, size_t h);

static int is_deny(const code_sent *s, size_t g) {
    return strcasecmp(s->w[g].lemma, "deny") == 0 || strcasecmp(s->w[g].lemma, "denied") == 0;
}

/* So does a gerund it governs ("Japan denied breaking a pact with the
** U.S.", an xcomp), and the content clause of a report or charge it denies
** ("denied a report that the United States was continuing to ship arms to
** Iran": the clause of the denied object). */
static int is_denied(const code_sent *s, size_t v) {
    static const char *const claims[] = {"report", "reports", "allegation", "allegations", "charge", "charges",
                                         "claim", "claims", "rumour", "rumours", "rumor", "rumors",
                                         "accusation", "accusations", "suggestion", "suggestions", NULL};
    const char *rel = s->w[v].deprel;
    if (s->w[v].head < 1) return 0;
    size_t g = (size_t)(s->w[v].head - 1);
    if ((code_rel_is(rel, "ccomp") || code_rel_is(rel, "xcomp")) && is_deny(s, g)) return 1;
    /* the parser may make the content clause relative ("a report that
       Iraq had attacked", "that" its object): any but a wh-clause */
    if (!(code_rel_is(rel, "ccomp") || strcmp(rel, "acl") == 0 || (strcmp(rel, "acl:relcl") == 0 && !wh_clause(s, v))))
        return 0;
    if (!code_rel_is(s->w[g].deprel, "obj") || s->w[g].head < 1) return 0;
    return prep_in(s->w[g].lemma, claims) && is_deny(s, (size_t)(s->w[g].head - 1));
}

/*
** A possibility or advice is not an event: "may push", "might view",
** "could lay", "should join" (third pass: "Washington should join Moscow
** in a diplomatic initiative" is a recommendation).  The infinitive under
** such a verb is as hypothetical as the verb ("may be able to lift
** sanctions", "if Japan was expected to retaliate"), and so are a clause
** it reports ("if Japan shows it will abide by") and a verb conjoined to it
** ("deny that the U.S. is selling and/or sending"): the modal, an "if" or
** a denial is looked for up the chain of xcomp, ccomp and conj governors
** (three levels).  "Will", "would" and "can" are left to the verb dictionary (its
** "WILL *" patterns give intent codes).
*/
/*
** "the only way out is for Washington to join forces with Moscow", "it
** would not be possible for Greece to discuss the bases": an infinitive
** with a subject of its own, brought in by "for", says what would be good,
** possible or needed, not what was done (fourth pass).
*/
static int is_for_to(const code_sent *s, size_t v) {
    int mark_for = 0;
    for (size_t i = 0; i < v; i++)
        if ((size_t)(s->w[i].head - 1) == v && code_rel_is(s->w[i].deprel, "mark") &&
            strcasecmp(s->w[i].lemma, "for") == 0)
            mark_for = 1;
    return mark_for && has_mark_to(s, v);
}

/*
** "dealers think that the Japanese will continue to invest in U.S.
** Government securities", "he expected the U.S. would soon start
** importing less from Japan": a clause with "will" or "would" that a verb
** of belief or expectation governs is a prediction, not an event (fourth
** pass).
*/
static int is_predicted(const code_sent *s, size_t v) {
    static const char *const believing[] = {"think", "believe", "expect", "predict", "forecast", "anticipate",
                                            "belief", "expectation", "prediction", "doubt", NULL};
    if (s->w[v].head < 1 || !(code_rel_is(s->w[v].deprel, "ccomp") || strcmp(s->w[v].deprel, "acl") == 0 ||
                              (strcmp(s->w[v].deprel, "acl:relcl") == 0 && !wh_clause(s, v))))
        return 0;
    static const char *const rumours[] = {"speculation", "rumour", "rumor", "rumours", "rumors", NULL};
    /* "speculation the United States will offer subsidized wheat", "rumors
       … that the Soviet Union has purchased an additional 1.5 mln tonnes
       of U.S. corn": what is rumoured is not asserted, in any tense */
    size_t g = (size_t)(s->w[v].head - 1);
    if (prep_in(s->w[g].lemma, rumours)) return 1;
    /* "expressed expectations that Japan would buy": the clause may hang
       from the verb whose object is the noun of belief */
    int believed = prep_in(s->w[g].lemma, believing);
    for (size_t i = g + 1; i < v && !believed; i++)
        believed = (size_t)(s->w[i].head - 1) == g && code_rel_is(s->w[i].deprel, "obj") &&
                   prep_in(s->w[i].lemma, believing);
    if (!believed) return 0;
    for (size_t i = 0; i < v; i++)
        if ((size_t)(s->w[i].head - 1) == v && code_rel_is(s->w[i].deprel, "aux") && code_token_in(s, i, will_would))
            return 1;
    return 0;
}

static int is_question(const code_sent *s, size_t c);

static int is_hedged(const code_sent *s, size_t v) {
    if (is_unwilled(s, v)) return 1;
    for (int up = 0; up < 4; up++) {
        /* "depend on whether Japanese parents allow German subsidiaries
           independence": an indirect question asks, it reports no event
           (fourth pass) */
        if (has_hedge_modal(s, v) || is_condition(s, v) || is_denied(s, v) || is_for_to(s, v) ||
            is_predicted(s, v) || is_question(s, v))
            return 1;
        const char *rel = s->w[v].deprel;
        if (s->w[v].head < 1 || !(code_rel_is(rel, "xcomp") || code_rel_is(rel, "ccomp") ||
                                  (code_rel_is(rel, "conj") && code_is_verbal(&s->w[s->w[v].head - 1]))))
            return 0;
        v = (size_t)(s->w[v].head - 1);
    }
    return 0;
}

/* Does the pattern text have a modal of possibility or advice among its
   words ("INDICATED SHOULD *")? */
static int pattern_spells_modal(const char *text) {
    for (const char *t = text; t && *t;) {
        while (*t && !isalpha((unsigned char)*t)) t++;
        const char *w = t;
        while (isalpha((unsigned char)*t)) t++;
        if (t > w && is_hedge_modal(w, (size_t)(t - w))) return 1;
    }
    return 0;
}

/* ---- events ------------------------------------------------------- */

typedef struct ev_list {
    orr_event *ev;
    size_t n, cap;
    int marked_pair;  /* the verb's pattern named both source and target */
    const char *rule; /* "FILE:LINE" of the dictionary line whose code the next events carry */
} ev_list;

typedef struct sent_info {
    int32_t index;
    char date[11];
    const char *date_how;
    const char *issues;
    int64_t doc_id;
    const char *url;
    const char *ref;   /* the date the sentence's own date resolves against */
    int inferred;      /* ref was inferred from the text */
} sent_info;

static const char *country_of(orr_arena *a, const char *code) {
    return orr_arena_strndup(a, code, strlen(code) < 3 ? strlen(code) : 3);
}

/* A CAMEO event code: 2-4 digits (dictionaries also hold "---", "+++", "025?"). */
static int is_event_code(const char *code) {
    size_t n = strlen(code);
    if (n < 2 || n > 4) return 0;
    for (size_t i = 0; i < n; i++)
        if (code[i] < '0' || code[i] > '9') return 0;
    return 1;
}

/*
** An actor never acts on itself, nor a country on its own parts: "USA"
** and "USAGOV" share the root USA, so "the US ... Trump" is no event
** (docs/coder.md).  Roots that are not one actor (IGO, NGO, MNC ...)
** compare whole codes: two different IGOs may act on each other.
*/
static int same_root(const char *a, const char *b) {
    static const char *const shared[] = {"IGO", "NGO", "NGM", "MNC", "IMG", "UIS", "INT", NULL};
    if (strcmp(a, b) == 0) return 1;
    if (strlen(a) < 3 || strlen(b) < 3 || strncmp(a, b, 3) != 0) return 0;
    /* two different sectors of one country ("Russian police arrested
       Russian students": RUSCOP, RUSEDU) are two actors */
    if (strlen(a) >= 6 && strlen(b) >= 6 && strncmp(a, b, strlen(a) < strlen(b) ? strlen(a) : strlen(b)) != 0)
        return 0;
    for (const char *const *r = shared; *r; r++)
        if (strncmp(a, *r, 3) == 0) return 0;
    return 1;
}

static int ev_add_one(const orr_coder *cd, orr_arena *a, ev_list *l, const code_sent *s,
                      const sent_info *si, const code_mention *src, const code_mention *tgt,
                      const char *src_code, const char *tgt_code, const char *code, size_t vs,
                      size_t ve) {
    if (!is_event_code(code) || !*src_code || !*tgt_code) return ORR_OK;
    if ((src && src->is_channel) || (tgt && tgt->is_channel)) return ORR_OK;  /* "told Reuters" */
    if (same_root(src_code, tgt_code) && !(l->marked_pair && strcmp(src_code, tgt_code) != 0))
        return ORR_OK;
    for (size_t i = 0; i < l->n; i++)  /* one event per (source, target, code) per sentence */
        if (l->ev[i].sentence == si->index && strcmp(l->ev[i].source, src_code) == 0 &&
            strcmp(l->ev[i].target, tgt_code) == 0 && strcmp(l->ev[i].code, code) == 0)
            return ORR_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        orr_event *e = orr_arena_alloc(a, cap * sizeof *e);
        if (!e) return ORR_ENOMEM;
        if (l->n) memcpy(e, l->ev, l->n * sizeof *e);
        l->ev = e;
        l->cap = cap;
    }
    orr_event *e = &l->ev[l->n++];
    memset(e, 0, sizeof *e);
    e->doc_id = si->doc_id;
    e->sentence = si->index;
    memcpy(e->date, si->date, sizeof e->date);
    e->date_how = si->date_how;
    e->source = orr_arena_strdup(a, src_code);
    e->target = orr_arena_strdup(a, tgt_code);
    e->source_country = country_of(a, src_code);
    e->target_country = country_of(a, tgt_code);
    e->source_agent = strlen(src_code) >= 6 ? orr_arena_strndup(a, src_code + 3, 3) : NULL;
    e->target_agent = strlen(tgt_code) >= 6 ? orr_arena_strndup(a, tgt_code + 3, 3) : NULL;
    e->source_text = code_mention_text(a, s, src);
    e->source_start = (int32_t)s->tok[src->start].start;
    e->source_end = (int32_t)s->tok[src->end - 1].end;
    e->target_text = code_mention_text(a, s, tgt);
    e->target_start = (int32_t)s->tok[tgt->start].start;
    e->target_end = (int32_t)s->tok[tgt->end - 1].end;
    e->verb_start = (int32_t)s->tok[vs].start;
    e->verb_end = (int32_t)s->tok[ve - 1].end;
    e->verb_text = orr_arena_strndup(a, s->text + e->verb_start, (size_t)(e->verb_end - e->verb_start));
    snprintf(e->code, sizeof e->code, "%s", code);
    e->root = orr_cameo_root(code);
    e->quad = orr_cameo_quad(e->root);
    if (cd->opts.cameo) {
        int found;
        e->goldstein = orr_cameo_goldstein(cd->opts.cameo, code, &found);
        e->plover = orr_cameo_plover(cd->opts.cameo, code);
    }
    e->issues = si->issues;
    e->url = si->url;
    e->dataset = "orrery";
    char id[160];
    snprintf(id, sizeof id, "%lld:%d:%s:%s:%s", (long long)si->doc_id, (int)si->index, src_code,
             tgt_code, code);
    e->origin_id = orr_arena_strdup(a, id);
    e->origin = l->rule;
    e->sentence_text = NULL;
    if (!e->source || !e->target || !e->source_text || !e->target_text || !e->verb_text ||
        !e->origin_id)
        return ORR_ENOMEM;
    return ORR_OK;
}

/* An actor entry may hold several codes ("FRO/BIL/SAM"): one event each. */
static int ev_add(const orr_coder *cd, orr_arena *a, ev_list *l, const code_sent *s,
                  const sent_info *si, const code_mention *src, const code_mention *tgt,
                  const char *src_code, const char *tgt_code, const char *code, size_t vs, size_t ve) {
    const char *slash = strchr(src_code, '/');
    int rc = ORR_OK;
    if (slash) {
        char one[32];
        for (const char *p = src_code; *p && !rc; p = slash ? slash + 1 : p + strlen(p)) {
            slash = strchr(p, '/');
            size_t n = slash ? (size_t)(slash - p) : strlen(p);
            snprintf(one, sizeof one, "%.*s", (int)n, p);
            rc = ev_add(cd, a, l, s, si, src, tgt, one, tgt_code, code, vs, ve);
        }
        return rc;
    }
    if ((slash = strchr(tgt_code, '/'))) {
        char one[32];
        for (const char *p = tgt_code; *p && !rc; p = slash ? slash + 1 : p + strlen(p)) {
            slash = strchr(p, '/');
            size_t n = slash ? (size_t)(slash - p) : strlen(p);
            snprintf(one, sizeof one, "%.*s", (int)n, p);
            rc = ev_add(cd, a, l, s, si, src, tgt, src_code, one, code, vs, ve);
        }
        return rc;
    }
    return ev_add_one(cd, a, l, s, si, src, tgt, src_code, tgt_code, code, vs, ve);
}

/* Split "040:040" (a form's own code) into its two halves. */
static void split_code(orr_arena *a, const char *code, const char **c1, const char **c2) {
    const char *colon = strchr(code, ':');
    if (!colon) { *c1 = code; *c2 = ""; return; }
    *c1 = orr_arena_strndup(a, code, (size_t)(colon - code));
    *c2 = colon + 1;
}

/* The verb's word for roles: the VERB token of the matched span, if any. */
static size_t verb_word(const code_sent *s, size_t vs, size_t ve) {
    for (size_t i = vs; i < ve; i++)
        if (code_is_verbal(&s->w[i])) return i;
    return vs;
}

/*
** A verb form tagged as a noun counts only as the complement of a light
** verb: "had a discussion on Phone with Putin" is coded through "Phone"
** with "had" supplying the roles.  Returns the light verb or -1.
*/
static int light_verb_of(const code_sent *s, size_t v, const char *is_verb) {
    static const char *const light[] = {"have", "make", "conduct", "take", NULL};
    size_t h = v;
    for (int step = 0; step < 5; step++) {
        int hd = s->w[h].head - 1;
        const char *rel = s->w[h].deprel;
        if (hd < 0 || (size_t)hd > v) break;
        if (!(code_rel_is(rel, "obj") || code_rel_is(rel, "obl") || code_rel_is(rel, "nmod") ||
              code_rel_is(rel, "compound") || code_rel_is(rel, "xcomp")))
            break;
        if (code_is_verbal(&s->w[hd])) {
            for (const char *const *l = light; *l; l++)
                if (strcasecmp(s->w[hd].lemma, *l) == 0)
                    return is_verb[hd] ? -1 : hd;  /* a dictionary verb: its patterns decide */
        }
        h = (size_t)hd;
    }
    /* the parse lost the noun: the nearest light verb before it in the clause */
    for (size_t k = v, steps = 0; k-- > 0 && steps < 8; steps++) {
        const char *f = s->text + s->tok[k].start;
        if (s->tok[k].end - s->tok[k].start == 1 && (*f == ',' || *f == ';' || *f == ':')) break;
        if (!code_is_verbal(&s->w[k])) continue;
        for (const char *const *l = light; *l; l++)
            if (strcasecmp(s->w[k].lemma, *l) == 0) return is_verb[k] ? -1 : (int)k;
    }
    return -1;
}

typedef struct role_set {
    size_t idx[32];
    size_t n;
} role_set;

/* Does token i lie in the subtree of token top, within max_steps head hops? */
static int in_subtree(const code_sent *s, size_t i, size_t top, int max_steps) {
    size_t h = i;
    for (int step = 0; step < max_steps && h != top; step++) {
        int hd = s->w[h].head - 1;
        if (hd < 0) break;
        h = (size_t)hd;
    }
    return h == top;
}

/* The first token of the subject phrase of v (0 when it has none before it). */
static size_t subj_start(const code_sent *s, size_t v) {
    for (size_t i = 0; i < s->n; i++)
        if ((size_t)(s->w[i].head - 1) == v && code_rel_is(s->w[i].deprel, "nsubj") && i < v) {
            size_t first = i;  /* leftmost token of its phrase */
            for (size_t k = 0; k < i; k++)
                if (in_subtree(s, k, i, 8)) { first = k; break; }
            return first;
        }
    return 0;
}

/*
** Is the place m where verb v's statement (or agreement) was made: an oblique of the verb
** itself ("said in Caracas", "said yesterday in The Hague") or of the
** occasion of speaking ("told a news conference in Lagos", "in an
** interview in Tokyo")?  Not so a place inside what is said ("predicts
** growth in West Germany", "expressed confidence in Argentina's policies").
*/
static int where_said(const code_sent *s, const code_mention *m, size_t v) {
    static const char *const occasions[] = {"conference", "briefing", "meeting", "interview", "session",
                                            "rally", "speech", "gathering", "seminar", "symposium",
                                            "dinner", "luncheon", "forum", "hearing", NULL};
    size_t h = m->dropped == 2 ? m->role_head : m->head;
    if (s->w[h].head <= 0 || !(code_rel_is(s->w[h].deprel, "obl") || code_rel_is(s->w[h].deprel, "nmod")))
        return 0;
    size_t up = (size_t)(s->w[h].head - 1);
    if (up == v) return 1;
    if (s->w[up].head - 1 != (int)v) return 0;
    for (const char *const *o = occasions; *o; o++)
        if (strcasecmp(s->w[up].lemma, *o) == 0) return 1;
    return 0;
}

/*
** Places ("in Bree", "at Seoul") are targets only when nothing else is,
** never of a meeting (root 04: the place is where it happened, and the
** hosting rule speaks for it), never when they are part of the subject's
** phrase, and never of a statement (root 01) or a diplomatic act (root
** 05: "agreed in Paris") made there ("places" 2 and 3; a diplomatic act
** takes no place at all, fourth pass).
*/
static void roles_for(const code_sent *s, size_t v, int places, role_set *src, role_set *tgt) {
    int passive = is_passive(s, v);
    int best_rank = 0;
    src->n = tgt->n = 0;
    for (size_t i = 0; i < s->n_m; i++) {
        const code_mention *m = &s->m[i];
        if (!*m->code || m->dropped == 1 || m->is_pair || (m->is_location && !places)) continue;
        int depth;
        int role = mention_role(s, m, v, passive, &depth);
        if (m->is_location) {
            /* a place inside the subject's phrase ("Merrill Lynch in London
               said …", "the meeting in Washington provides …") says where
               the subject is, not what the verb acts on */
            if ((role == ROLE_SUBJ && !passive) || role == ROLE_AGENT) continue;
            /* "said in Caracas", "told a news conference in Lagos": where a
               statement was made is not whom it is about ("predicts growth
               in West Germany" is: the place is inside what is said) */
            if (places >= 2 && where_said(s, m, v)) continue;
            /* "are expected to sign an agreement in Moscow", "agreed to a
               package at a meeting in Paris": a diplomatic act (places 3)
               takes no place for its target, wherever the phrase hangs
               (fourth pass); a place word that only modifies a noun ("a
               cut in West German interest rates") is not such a phrase */
            if (places == 3 && (code_rel_is(s->w[m->head].deprel, "obl") || code_rel_is(s->w[m->head].deprel, "nmod")))
                continue;
            /* "In Frankfurt Deutsche Bank's chief executive said …": a place
               in an adverbial fronted before the subject says where the
               clause happens, as a fronted oblique does for any actor
               (below) */
            if (role == ROLE_OBL && m->end <= subj_start(s, v)) continue;
            if (role == ROLE_NONE || role == ROLE_TIME || best_rank > 0) continue;
            if (tgt->n < 32) tgt->idx[tgt->n++] = i;
            continue;
        }
        int is_src = (role == ROLE_SUBJ && !passive) || role == ROLE_AGENT;
        if (is_src && depth == 0) {
            if (src->n < 32) src->idx[src->n++] = i;
            continue;
        }
        int rank = 0;
        if (role == ROLE_OBJ || (role == ROLE_SUBJ && passive) || role == ROLE_PASS_SUBJ)
            rank = depth ? 2 : 4;
        else if (role == ROLE_OBL) rank = depth ? 1 : 3;
        if (!rank) continue;
        /* an oblique before the clause's subject is a fronted adverbial
           ("between A and B, the newspaper said"), not a target */
        if (role == ROLE_OBL && m->end <= subj_start(s, v)) continue;
        rank = rank * 16 - (depth < 15 ? depth : 15);  /* nearer first */
        if (rank > best_rank) {
            best_rank = rank;
            tgt->n = 0;  /* (also drops places kept so far) */
        }
        if (rank == best_rank && tgt->n < 32) tgt->idx[tgt->n++] = i;
    }
}

/*
** A verb heading a main clause: the sentence root, or a conjunct or
** reported clause of it, and not a gerund, participle or infinitive
** ("tensions surrounding the war", "in engaging with Russia").
*/
static int main_clause_verb(const code_sent *s, size_t v) {
    const char *rel = s->w[v].deprel, *x = s->w[v].xpos;
    if (!(strcmp(rel, "root") == 0 || code_rel_is(rel, "conj") || code_rel_is(rel, "ccomp") || code_rel_is(rel, "parataxis")))
        return 0;
    if (x && strcmp(x, "VBG") == 0) return 0;
    return 1;
}

/*
** The mentions a pattern marker names: the marked mention and the
** mentions coordinated with it ("Arnor and Gondor").
*/
static void marked_set(const code_sent *s, size_t k, role_set *out) {
    out->n = 0;
    out->idx[out->n++] = k;
    size_t kh = s->m[k].dropped == 2 ? s->m[k].role_head : s->m[k].head;
    for (size_t i = 0; i < s->n_m && out->n < 32; i++) {
        const code_mention *m = &s->m[i];
        if (i == k || !*m->code || m->dropped == 1 || m->is_location || m->is_pair) continue;
        size_t h = m->dropped == 2 ? m->role_head : m->head;
        const code_mention *km = &s->m[k];
        for (int step = 0; step < 4 && code_rel_is(s->w[h].deprel, "conj"); step++) {
            int hd = s->w[h].head - 1;
            if (hd < 0) break;
            h = (size_t)hd;
            /* an arc into any token of k's span reaches k */
            if (h == kh || (h >= km->start && h < km->end)) { out->idx[out->n++] = i; break; }
        }
        /* k itself a conjunct of m */
        size_t g = kh;
        for (int step = 0; step < 4 && code_rel_is(s->w[g].deprel, "conj"); step++) {
            int hd = s->w[g].head - 1;
            if (hd < 0) break;
            g = (size_t)hd;
            if (g == h && out->n < 32 && out->idx[out->n - 1] != i) { out->idx[out->n++] = i; break; }
        }
    }
}

/*
** When the parse gives a verb no subject (or no object), PETRARCH's
** shallow reading still applies: the nearest coded actor before the verb
** is its source, the nearest after it its target (within the clause, not
** a place, not already on the other side).  Adds at most one mention.
** Used only for a finite main-clause verb (main_clause_verb).
*/
static int has_child(const code_sent *s, size_t v, const char *rel);

/*
** "Mustapha, who leaves for Moscow on Tuesday, met Mubarak", "people
** crossing its borders with West Germany": an actor inside a clause that
** modifies a noun — a relative clause, or a reduced one (a participle or
** gerund with no subject or auxiliary of its own) — belongs to that
** clause, which describes its noun; the shallow readings (nearest actor,
** the actor after a pattern) do not take it for verb v unless v is in that
** clause itself (third pass).  A past participle's obliques are kept: its
** agent names who stands behind the noun ("the petition, filed by Sara
** Lee Corp, asks USDA", "the Commissioners, led by President Delors, will
** pay a visit"), and a broken parse may not say "by".
*/
static int reduced_clause(const code_sent *s, size_t h) {
    const char *x = s->w[h].xpos;
    if (!x || (strcmp(x, "VBG") != 0 && strcmp(x, "VBN") != 0)) return 0;
    return !has_child(s, h, "nsubj") && !has_child(s, h, "aux") && !has_child(s, h, "mark");
}

/* "evidence that China's reserves have fallen", "charged during the
   debate that Canada was trying", "said in a statement it had received":
   the parser makes content and reported clauses relative ones too; only
   a clause opened by a wh-word ("who", "which", "whose", …) is surely
   relative. */
static int wh_clause(const code_sent *s, size_t h) {
    static const char *const wh[] = {"who", "whom", "whose", "which", "where", "when", NULL};
    for (size_t i = 0; i < h; i++)
        if ((size_t)(s->w[i].head - 1) == h && prep_in(s->w[i].lemma, wh)) return 1;
    return 0;
}

static int in_noun_clause(const code_sent *s, const code_mention *m, size_t v) {
    size_t h = m->dropped == 2 ? m->role_head : m->head, below = h;
    for (int step = 0; step < 12; step++) {
        if (h == v || s->w[h].head < 1) return 0;
        const char *rel = s->w[h].deprel;
        if (code_is_verbal(&s->w[h]) && h != below) {
            if (strcmp(rel, "acl:relcl") == 0) return wh_clause(s, h);
            if (strcmp(rel, "acl") == 0 && reduced_clause(s, h))
                return !(strcmp(s->w[h].xpos, "VBN") == 0 && code_rel_is(s->w[below].deprel, "obl"));
        }
        below = h;
        h = (size_t)(s->w[h].head - 1);
    }
    return 0;
}

/* Is token t a double quotation mark (", '', or a curly one)? */
static int is_quote_mark(const code_sent *s, size_t t) {
    const char *f = s->text + s->tok[t].start;
    size_t n = s->tok[t].end - s->tok[t].start;
    return (n == 1 && *f == '"') || (n == 2 && (memcmp(f, "''", 2) == 0 || memcmp(f, "``", 2) == 0)) ||
           (n == 3 && (memcmp(f, "\xe2\x80\x9c", 3) == 0 || memcmp(f, "\xe2\x80\x9d", 3) == 0));
}

/*
** '"Something will be done at the G-7 meeting," said David Horner of
** Merrill Lynch', '"… large packages like Mexico," Ruding told reporters':
** a quotation closed before the verb is what is said; nothing inside it
** is the verb's source (fourth pass).  Is there a closing quotation mark
** in [from, to)?  A mark closes when it is the second, fourth, … of the
** sentence.
*/
static int quote_closes_between(const code_sent *s, size_t from, size_t to) {
    size_t marks = 0;
    for (size_t t = 0; t < to && t < s->n; t++) {
        if (!is_quote_mark(s, t)) continue;
        marks++;
        if (t >= from && marks % 2 == 0) return 1;
    }
    return 0;
}

/*
** A "that" after the verb whose clause has no verb to the sentence's end
** opens a fragment, not a report: "told the same committee that the six -
** Britain, Canada, France, Japan, the U.S." (the wire broke the sentence
** after "U.S.").  What the clause would have said is unknown, so no actor
** after that "that" is a target of the verb, whichever way it was found
** (the nearest actor, or a role the parse gave it under the "that").
*/
static int after_verbless_that(const code_sent *s, size_t v, size_t at) {
    size_t that = SIZE_MAX;
    for (size_t t = v + 1; t < at && t < s->n; t++)
        if (strcmp(s->w[t].upos, "SCONJ") == 0 && strcasecmp(s->w[t].form, "that") == 0) that = t;
    if (that == SIZE_MAX) return 0;
    for (size_t t = that + 1; t < s->n; t++)
        if (code_is_verbal(&s->w[t])) return 0;
    return 1;
}

static void nearest_mention(const code_sent *s, size_t v, int dir, const role_set *other, role_set *out) {
    const size_t window = 12;
    size_t best = SIZE_MAX, best_dist = SIZE_MAX;
    size_t gov = SIZE_MAX;  /* the verb v's reported clause hangs from */
    if ((code_rel_is(s->w[v].deprel, "ccomp") || code_rel_is(s->w[v].deprel, "parataxis")) && s->w[v].head > 0 &&
        code_is_verbal(&s->w[s->w[v].head - 1]))
        gov = (size_t)s->w[v].head - 1;
    int own_subject = 0;  /* a noun subject: a pronoun may stand for the actor ("Moi, who appealed") */
    for (size_t i = 0; gov != SIZE_MAX && i < s->n; i++)
        own_subject |= (size_t)(s->w[i].head - 1) == v && code_rel_is(s->w[i].deprel, "nsubj") &&
                       (strcmp(s->w[i].upos, "NOUN") == 0 || strcmp(s->w[i].upos, "PROPN") == 0);
    for (size_t i = 0; i < s->n_m; i++) {
        const code_mention *m = &s->m[i];
        if (m->is_location || !*m->code || m->dropped == 1 || m->is_pair) continue;
        /* the parse gave it another role of this verb ("On improvement of
           Gondor's health centres, he said"): not its subject */
        int depth;
        int role = mention_role(s, m, v, 0, &depth);
        if (dir < 0 && (role == ROLE_OBL || role == ROLE_OBJ)) continue;
        /* nor, when the reported clause v heads has a noun subject of its
           own (an uncoded one: else no guess is made), one of the saying verb
           ("On improvement of Gondor's health centres, he said government
           proposed …": the fronted phrase is the saying verb's; "told
           Reuters the waiver allowed …": the one told).  Without one, the
           saying verb's object or oblique right before the clause is its
           subject the parse misplaced ("saying American will buy" with
           American the object of "saying"; "said on Sunday Iran had
           seized" with "Sunday Iran" one oblique); nor with a pronoun,
           which may stand for it ("informed by the United States that it
           would take action", "Moi, who afterwards appealed") */
        if (dir < 0 && gov != SIZE_MAX) {
            int grole = mention_role(s, m, gov, 0, &depth);
            if ((grole == ROLE_OBL || grole == ROLE_OBJ) && own_subject) continue;
        }
        if (role == ROLE_TIME) continue;  /* "Lukman, during a visit … from Jamaica, told" */
        if (dir < 0 && m->end <= v && quote_closes_between(s, m->end, v)) continue;
        if (in_noun_clause(s, m, v)) continue;
        int taken = 0;
        for (size_t k = 0; k < other->n; k++) taken |= other->idx[k] == i;
        if (taken) continue;
        size_t dist;
        if (dir < 0 && m->end <= v) dist = v - m->end;
        else if (dir > 0 && m->start > v) dist = m->start - v;
        else continue;
        if (dist < window && dist < best_dist) { best = i; best_dist = dist; }
    }
    if (best != SIZE_MAX && out->n == 0) marked_set(s, best, out);  /* with its conjuncts */
    else if (best != SIZE_MAX && out->n < 32) out->idx[out->n++] = best;
}

/*
** The nearest-actor reading for a verb whose parse subject is an uncoded
** noun looks at that noun's modifiers first: a coded actor that names or
** classifies it as a compound ("The Calenardhon government issue
** condemned", "Gollum centre of a diplomatic row between Radagast the
** Brown called on …": Gollum, not Radagast, who is nearer to the verb but
** inside a prepositional phrase).  A possessor or a prepositional
** complement is another entity ("the admission of China … would offer",
** "Australia's proposals … would place"): not the subject.  The fewest
** arcs win, ties go to the one nearer the verb.  Returns 1 if it found
** one (added with its conjuncts), 0 to fall back on the nearest actor.
*/
static int subject_phrase_actor(const code_sent *s, size_t v, const role_set *other, role_set *out) {
    size_t subj = SIZE_MAX;
    for (size_t i = 0; i < v && subj == SIZE_MAX; i++)
        if ((size_t)(s->w[i].head - 1) == v && code_rel_is(s->w[i].deprel, "nsubj")) subj = i;
    if (subj == SIZE_MAX) return 0;
    size_t best = SIZE_MAX;
    int best_steps = 99;
    for (size_t i = 0; i < s->n_m; i++) {
        const code_mention *m = &s->m[i];
        if (m->is_location || !*m->code || m->dropped == 1 || m->is_pair || m->end > v) continue;
        int taken = 0;
        for (size_t k = 0; k < other->n; k++) taken |= other->idx[k] == i;
        if (taken) continue;
        size_t h = m->dropped == 2 ? m->role_head : m->head;
        int steps = 0;
        while (h != subj && steps < 8 && s->w[h].head > 0) {
            const char *rel = s->w[h].deprel;
            if (!(code_rel_is(rel, "compound") || code_rel_is(rel, "flat") || code_rel_is(rel, "amod") ||
                  strcmp(rel, "nmod:desc") == 0))
                break;
            h = (size_t)(s->w[h].head - 1);
            steps++;
        }
        if (h != subj) continue;
        if (steps < best_steps || (steps == best_steps && best != SIZE_MAX && m->start > s->m[best].start)) {
            best = i;
            best_steps = steps;
        }
    }
    if (best == SIZE_MAX) return 0;
    marked_set(s, best, out);
    return 1;
}

/* The coded mentions that are the passive subject of verb v. */
static void passive_subjects(const code_sent *s, size_t v, role_set *out) {
    for (size_t i = 0; i < s->n_m && out->n < 32; i++) {
        const code_mention *m = &s->m[i];
        if (!*m->code || m->is_location || m->dropped == 1) continue;
        int depth;
        int role = mention_role(s, m, v, 1, &depth);
        if ((role == ROLE_PASS_SUBJ || role == ROLE_SUBJ) && depth == 0) out->idx[out->n++] = i;
    }
}

/*
** "Sam Gamgee has begun to question whether … with the Morgul Orcs"
** (QUESTION's "BEGUN * [212]"): a pattern whose words before the verb
** are a main-clause verb governing this one as its infinitive makes the
** two one predicate ("begun to question" is the act, as "questioned" would
** be), so the shallow target reading of a finite main-clause verb applies
** to it.  Only through a pattern: "agreed to buy", "plans to visit" without
** one stay infinitives, whose targets come from the parse alone.
*/
static int pattern_predicate(const code_sent *s, size_t v, size_t first_word) {
    if (first_word == SIZE_MAX || first_word >= v || !code_rel_is(s->w[v].deprel, "xcomp")) return 0;
    size_t h = first_word;
    for (int step = 0; step < 6 && !code_is_verbal(&s->w[h]) && s->w[h].head > 0; step++)
        h = (size_t)(s->w[h].head - 1);
    return h != v && code_is_verbal(&s->w[h]) && (size_t)(s->w[v].head - 1) == h && main_clause_verb(s, h);
}

/* The first coded actor within 6 tokens after token from, not a place,
   not a source, no ';' or ':' between (with its conjuncts). */
static void after_pattern_target(const code_sent *s, size_t v, size_t from, const role_set *src, role_set *tgt) {
    for (size_t i = 0; i < s->n_m; i++) {
        const code_mention *m = &s->m[i];
        if (m->start < from || m->start >= from + 6) continue;
        if (!*m->code || m->dropped == 1 || m->is_location || m->is_pair) continue;
        /* "said … to discredit it during the visit of the West German
           president" ("* VISIT"), "help people crossing its borders with
           West Germany": an actor in a time phrase or in a clause
           modifying a noun is not what the pattern's phrase acts on */
        int depth;
        if (mention_role(s, m, v, 0, &depth) == ROLE_TIME || in_noun_clause(s, m, v)) continue;
        int taken = 0;
        for (size_t k = 0; k < src->n; k++) taken |= src->idx[k] == i;
        if (taken) continue;
        for (size_t t = from; t < m->start; t++) {
            const char *f = s->text + s->tok[t].start;
            if (s->tok[t].end - s->tok[t].start == 1 && (*f == ';' || *f == ':')) return;
        }
        marked_set(s, i, tgt);
        return;
    }
}

/* A personal pronoun: the speaker, or the body it speaks for, telling of itself. */
static int personal_pronoun(const char *lemma) {
    static const char *const list[] = {"he", "she", "it", "they", "we", "i", NULL};
    for (size_t i = 0; list[i]; i++)
        if (strcasecmp(lemma, list[i]) == 0) return 1;
    return 0;
}

/*
** "Frodo said he has deep satisfaction toward Gondor and Arnor": a
** reported clause whose subject is a personal pronoun (the speaker, or
** the body he speaks for, telling of itself) and whose verb the dictionary
** gives no code of its own codes no event, but its "toward(s)" phrase
** names whom the speaker's own stance is about: the saying verb's target
** (with the actors coordinated with it).  Only "toward(s)", which names
** the object of an attitude ("policy towards", "hostility toward"), and
** only with such a pronoun: "said the Brazilian delegation had made no
** demands" states nothing toward Brazil.
*/
static void stance_target(const code_sent *s, size_t v, const char *is_verb, const role_set *src,
                          role_set *tgt) {
    for (size_t c = v + 1; c < s->n; c++) {
        if ((size_t)(s->w[c].head - 1) != v || is_verb[c] == 2) continue;
        if (!code_rel_is(s->w[c].deprel, "ccomp") && !code_rel_is(s->w[c].deprel, "parataxis")) continue;
        int pron = 0;
        for (size_t i = v + 1; i < c; i++)
            if ((size_t)(s->w[i].head - 1) == c && code_rel_is(s->w[i].deprel, "nsubj") &&
                strcmp(s->w[i].upos, "PRON") == 0 && personal_pronoun(s->w[i].lemma))
                pron = 1;
        if (!pron) continue;
        for (size_t k = 0; k < s->n_m; k++) {
            const code_mention *m = &s->m[k];
            if (!*m->code || m->dropped == 1 || m->is_location || m->is_pair || m->start <= c) continue;
            if (!in_subtree(s, m->head, c, 12)) continue;
            int toward = 0;
            for (size_t i = c + 1; i < m->start; i++)
                if (code_rel_is(s->w[i].deprel, "case") && (size_t)(s->w[i].head - 1) >= m->start &&
                    (size_t)(s->w[i].head - 1) < m->end &&
                    (strcasecmp(s->w[i].lemma, "toward") == 0 || strcasecmp(s->w[i].lemma, "towards") == 0))
                    toward = 1;
            int taken = 0;
            for (size_t j = 0; j < src->n; j++) taken |= src->idx[j] == k;
            if (toward && !taken) {
                marked_set(s, k, tgt);
                return;
            }
        }
    }
}

/* Has verb v the infinitive marker "to"? */
static int has_mark_to(const code_sent *s, size_t v) {
    for (size_t i = 0; i < v; i++)
        if ((size_t)(s->w[i].head - 1) == v && code_rel_is(s->w[i].deprel, "mark") &&
            strcasecmp(s->w[i].lemma, "to") == 0)
            return 1;
    return 0;
}

/* No subject in this clause: take the governing verb's ("agreed to meet"). */
/*
** "rejected a petition by the U.S. rice industry seeking relief from
** Japanese import restrictions": a gerund after its governor's object,
** with no "to", is said of that object — a reduced relative on it, or
** what the object is seen doing ("saw Gondor crossing the river") — never
** of the governor's subject, whose act it is not (third pass).
*/
static int gerund_after_object(const code_sent *s, size_t g, size_t gov) {
    if (!s->w[g].xpos || strcmp(s->w[g].xpos, "VBG") != 0 || has_mark_to(s, g)) return 0;
    for (size_t i = gov + 1; i < g; i++)
        if ((size_t)(s->w[i].head - 1) == gov && code_rel_is(s->w[i].deprel, "obj")) return 1;
    return 0;
}

static void inherit_subject(const code_sent *s, size_t v, role_set *src) {
    size_t h = v;
    for (int step = 0; step < 3 && src->n == 0; step++) {
        const char *rel = s->w[h].deprel;
        int hd = s->w[h].head - 1;
        /* a "to" infinitive right after a passive verb is its complement
           whatever the parse called it ("was seen to attack": advcl) */
        int raised = hd >= 0 && code_rel_is(rel, "advcl") && has_mark_to(s, h) && (size_t)hd < h &&
                     is_passive(s, (size_t)hd);
        if (raised) rel = "xcomp";
        if (hd < 0 || !(code_rel_is(rel, "xcomp") || code_rel_is(rel, "conj")))
            return;
        if (code_rel_is(rel, "xcomp") && gerund_after_object(s, h, (size_t)hd)) return;
        /* a verb conjoined to a noun is a misattached conjunct ("condemned
           an attack ... and promised aid"): the verb governing that noun */
        if (code_rel_is(rel, "conj") && !code_is_verbal(&s->w[hd])) {
            int up = hd;
            for (int k = 0; k < 4 && up >= 0 && !code_is_verbal(&s->w[up]); k++) up = s->w[up].head - 1;
            if (up < 0 || !code_is_verbal(&s->w[up])) return;
            hd = up;
        }
        role_set dummy;
        roles_for(s, (size_t)hd, 0, src, &dummy);
        /* raising: "Gollum was seen to break into ...", "Arnor is said to
           be about to restore ...": the passive subject of the governing
           verb is the subject of its infinitive */
        if (src->n == 0 && code_rel_is(rel, "xcomp") && is_passive(s, (size_t)hd))
            passive_subjects(s, (size_t)hd, src);
        h = (size_t)hd;
    }
}

/*
** Does the parse give verb v a subject, coded or not — its own, or for a
** conjoined verb its governing verb's ("The Calenardhon government issue
** condemned … and promised raids": "issue" is the subject of both)?  The
** shallow reading is for verbs the parse left without one.
*/
static int has_child(const code_sent *s, size_t v, const char *rel);

/* The verb a conjoined verb v shares its subject with: its head, or for a
   verb the parse conjoined to a noun ("condemned an attack … and
   promised"), the verb governing that noun; SIZE_MAX if none. */
static size_t conj_governor(const code_sent *s, size_t v) {
    if (!code_rel_is(s->w[v].deprel, "conj")) return SIZE_MAX;
    int up = s->w[v].head - 1;
    for (int k = 0; k < 4 && up >= 0 && !code_is_verbal(&s->w[up]); k++) {
        /* through nouns only: an adjective or a noun with a subject or
           copula of its own is a predicate ("… is likely to continue,
           Subroto told Reuters"), a clause that governs nothing */
        const char *u = s->w[up].upos;
        if ((strcmp(u, "NOUN") != 0 && strcmp(u, "PROPN") != 0) || has_child(s, (size_t)up, "nsubj") ||
            has_child(s, (size_t)up, "cop"))
            return SIZE_MAX;
        up = s->w[up].head - 1;
    }
    return up >= 0 && code_is_verbal(&s->w[up]) ? (size_t)up : SIZE_MAX;
}

static int parse_has_subject(const code_sent *s, size_t v) {
    size_t g = conj_governor(s, v);
    return g != SIZE_MAX && has_child(s, g, "nsubj");
}

/* Has token v a dependent with relation rel (or a subtype of it)? */
static int has_child(const code_sent *s, size_t v, const char *rel) {
    for (size_t i = 0; i < s->n; i++)
        if ((size_t)(s->w[i].head - 1) == v && code_rel_is(s->w[i].deprel, rel)) return 1;
    return 0;
}

/*
** Is the clause headed by c an indirect question ("whether he has a
** future with the Morgul Orcs")?  When its verb has no code of its own
** (HAVE), it asks and reports no event, so it does not end the governing
** verb's phrase; a coded verb still does ("to decide whether to offer
** wheat to the Soviet Union" is no decision toward it).  ("if" is left out: it
** is as often a condition the parse hung on the wrong verb, "warned that
** it would retaliate if Japan did not move".)
*/
static int is_question(const code_sent *s, size_t c) {
    for (size_t i = 0; i < c; i++)
        if ((size_t)(s->w[i].head - 1) == c && code_rel_is(s->w[i].deprel, "mark") &&
            strcasecmp(s->w[i].lemma, "whether") == 0)
            return 1;
    return 0;
}

/*
** Reported speech: "X said Y attacked Z".  When the verb has a clausal
** complement whose head is itself a verb of the dictionary, that clause
** is coded on its own (Y -> Z); the saying verb's patterns stop where the
** clause begins and it takes no target from inside it.  Returns the first
** token of the clause, or SIZE_MAX when there is none.
*/
static size_t reported_clause(const code_sent *s, size_t v, const char *is_verb) {
    size_t first = SIZE_MAX;
    for (size_t c = v + 1; c < s->n; c++) {
        if ((size_t)(s->w[c].head - 1) != v || !is_verb[c]) continue;
        if (!code_rel_is(s->w[c].deprel, "ccomp") && !code_rel_is(s->w[c].deprel, "parataxis")) continue;
        if (is_hedged(s, c)) continue;  /* "… that Osgiliath could be drawn": no event of its own */
        /* "question whether he has a future with …": a question whose verb
           the dictionary gives no code of its own asks, it reports no event */
        if (is_verb[c] == 1 && is_question(s, c)) continue;
        for (size_t i = v + 1; i <= c && i < first; i++)
            if (in_subtree(s, i, c, 20)) { first = i; break; }
    }
    return first;
}

/*
** A target of a noun standing for its verb must hang from that noun, not
** from another verb-form noun below it: in "had a back to back discussion
** on Phone with Putin", Putin belongs to "Phone", not to "back".
*/
static void innermost_noun(const code_sent *s, size_t noun, const char *is_form, role_set *tgt) {
    size_t kept = 0;
    for (size_t j = 0; j < tgt->n; j++) {
        const code_mention *m = &s->m[tgt->idx[j]];
        size_t h = m->dropped == 2 ? m->role_head : m->head;
        int ok = 1;
        for (int step = 0; step < 10 && h != noun; step++) {
            int hd = s->w[h].head - 1;
            if (hd < 0) break;
            h = (size_t)hd;
            if (h != noun && is_form[h] && (h < m->start || h >= m->end)) { ok = 0; break; }
        }
        if (ok) tgt->idx[kept++] = tgt->idx[j];
    }
    tgt->n = kept;
}

/*
** "had a back to back discussion on Phone with Putin": the phrase after a
** noun standing for its verb ("on Phone") may hang from that noun or from
** the noun it modifies ("discussion") — the same words, two parses
** equally English, and one event: the partner of a discussion held on
** the phone is the partner of the call.  So when the verb-form noun is a
** prepositional modifier (nmod) of a plain noun (no verb form) and nothing
** below it is a target, the actors in prepositional phrases of that noun
** after the verb-form noun are its targets.  Only phrases after it (the
** attachment in doubt), not "Trump's discussion on Phone".
*/
static void sibling_targets(const code_sent *s, size_t noun, int places, const char *is_form, role_set *tgt) {
    int hd = s->w[noun].head - 1;
    if (hd < 0 || !code_rel_is(s->w[noun].deprel, "nmod") || is_form[hd] || strcmp(s->w[hd].upos, "NOUN") != 0)
        return;
    role_set dummy, sib;
    roles_for(s, (size_t)hd, places, &dummy, &sib);
    innermost_noun(s, (size_t)hd, is_form, &sib);
    tgt->n = 0;
    for (size_t j = 0; j < sib.n; j++) {
        const code_mention *m = &s->m[sib.idx[j]];
        int depth;
        if (m->start <= noun) continue;
        /* a prepositional phrase of that noun itself (or a conjunct in it) */
        if (mention_role(s, m, (size_t)hd, 0, &depth) != ROLE_OBL || depth != 0) continue;
        tgt->idx[tgt->n++] = sib.idx[j];
    }
}

/*
** Are the coordinated actors joined by "and" (not "or", "nor", "neither")?
** Only "A and B held talks" says they acted together, on each other.
*/
static int joined_by_and(const code_sent *s, const role_set *src) {
    for (size_t j = 0; j < src->n; j++) {
        const code_mention *m = &s->m[src->idx[j]];
        size_t h = m->dropped == 2 ? m->role_head : m->head;
        /* the conjunct may be the noun the actor modifies ("Saudi Arabia
           or some other OPEC member": "or" hangs on "member") */
        size_t noun = h;
        if ((code_rel_is(s->w[h].deprel, "compound") || code_rel_is(s->w[h].deprel, "amod")) && s->w[h].head > 0 &&
            conjunct_of_actor(s, (size_t)s->w[h].head - 1))
            noun = (size_t)s->w[h].head - 1;
        for (size_t i = 0; i < s->n; i++) {
            size_t hd = (size_t)(s->w[i].head - 1);
            if ((hd != h && hd != noun) || !code_rel_is(s->w[i].deprel, "cc")) continue;
            const char *f = s->text + s->tok[i].start;
            size_t n = s->tok[i].end - s->tok[i].start;
            if ((n == 2 && strncasecmp(f, "or", 2) == 0) || (n == 3 && strncasecmp(f, "nor", 3) == 0) ||
                (n == 7 && strncasecmp(f, "neither", 7) == 0) || (n == 6 && strncasecmp(f, "either", 6) == 0))
                return 0;
        }
    }
    return 1;
}

/*
** Is the predicate reciprocal: does it say that its coordinated subjects
** acted on one another?  In English that is a property of the words, not
** of the code: "A and B met", "… agreed", "… signed an accord", "… held
** talks", "… remain at odds", "… traded accusations with each other" are
** between A and B, while "A and B increased output", "… dispatched
** missions", "… have led the opposition", "… expressed such opposition"
** are two acts side by side (on Reuters such readings made three wrong
** events in four: docs/coder.md, "Precision on real news").  The verb (or
** the noun a light verb carries), or a word depending on it or on one of
** its dependents outside a clause of its own, must name an interaction: a
** closed list of verbs of meeting, talking and agreeing, nouns of the same
** (talks, accord, relations, odds), and "each other", "one another",
** "jointly", "together", "mutual", "bilateral".
*/
static int reciprocal_lemma(const char *lemma) {
    static const char *const words[] = {
        /* verbs */
        "meet", "talk", "negotiate", "discuss", "agree", "sign", "confer", "consult", "cooperate",
        "collaborate", "reconcile", "exchange", "ally", "unite", "clash", "quarrel", "disagree",
        "differ", "argue", "bargain", "correspond", "communicate", "compromise", "settle",
        /* nouns */
        "meeting", "talks", "negotiation", "discussion", "agreement", "accord", "pact", "treaty",
        "deal", "consultation", "odds", "loggerheads", "relations", "relation", "ties", "tie", "summit",
        "cooperation", "contact", "dialogue", "alliance", "partnership", "dispute", "conflict",
        "war", "truce", "ceasefire", "peace", "rapprochement", "differences", "difference", "disagreement",
        "understanding", "memorandum", "protocol", "communique", "negotiations", "discussions",
        "consultations", "contacts", "meetings", "agreements", "deals", "exchanges",
        "deadlock", "deadlocked", "stalemate", "impasse", "standoff", "rift", "feud",
        /* adverbs and adjectives */
        "jointly", "together", "mutually", "mutual", "bilateral", "bilaterally", "reciprocal", NULL};
    for (const char *const *p = words; *p; p++)
        if (strcasecmp(lemma, *p) == 0) return 1;
    return 0;
}

/* the word's lemma or, lemmatizers differing on plurals ("odds"), its form */
static int reciprocal_word(const code_sent *s, size_t i) {
    if (reciprocal_lemma(s->w[i].lemma)) return 1;
    char form[24];
    size_t n = s->tok[i].end - s->tok[i].start;
    if (n >= sizeof form) return 0;
    memcpy(form, s->text + s->tok[i].start, n);
    form[n] = 0;
    return reciprocal_lemma(form);
}

static int reciprocal_predicate(const code_sent *s, size_t v, size_t noun) {
    int reciprocal = reciprocal_word(s, v) || reciprocal_word(s, noun), partner = 0;
    for (size_t i = 0; i < s->n; i++) {
        size_t h = (size_t)(s->w[i].head - 1);
        if (s->w[i].head <= 0) continue;
        /* a dependent of the verb or the noun, or a dependent of one of
           those ("reached agreement on", "remain at odds over") */
        int near = h == v || h == noun;
        if (!near && s->w[h].head > 0) {
            size_t g = (size_t)(s->w[h].head - 1);
            const char *r = s->w[h].deprel;
            near = (g == v || g == noun) && !code_rel_is(r, "ccomp") && !code_rel_is(r, "parataxis") &&
                   !code_rel_is(r, "advcl") && !code_rel_is(r, "acl") && !code_rel_is(r, "xcomp") &&
                   !code_rel_is(r, "conj") && !code_rel_is(r, "nsubj");
        }
        if (!near || code_rel_is(s->w[i].deprel, "nsubj") || code_rel_is(s->w[i].deprel, "ccomp") ||
            code_rel_is(s->w[i].deprel, "advcl") || code_rel_is(s->w[i].deprel, "conj"))
            continue;
        int other = (strcasecmp(s->w[i].lemma, "other") == 0 || strcasecmp(s->w[i].lemma, "another") == 0) &&
                    i > 0 && (strcasecmp(s->w[i - 1].lemma, "each") == 0 || strcasecmp(s->w[i - 1].lemma, "one") == 0);
        /* "each other", "one another" */
        if (other || reciprocal_word(s, i)) reciprocal = 1;
        /* "have all reached agreement with commercial banks": a "with"
           phrase names the partner, uncoded or not, and it is not the
           subjects themselves */
        const char *prep = case_of(s, i);
        if (!other && prep && strcasecmp(prep, "with") == 0 &&
            (strcmp(s->w[i].upos, "NOUN") == 0 || strcmp(s->w[i].upos, "PROPN") == 0))
            partner = 1;
    }
    return reciprocal && !partner;
}

/*
** The evidence for a verb's code: "FILE:LINE" of the dictionary line it
** came from, the pattern that matched (its line) or else the verb's own
** entry, so that a user can see which entry to fix when a code is wrong.
** NULL when out of memory.
*/
static const char *verb_rule(const code_ctx *c, const orr_dict_verb_form *form, size_t line) {
    orr_dict_verb_block b;
    if (orr_dict_verb_block_get(c->dict, form->block, &b)) return NULL;
    char buf[512];
    snprintf(buf, sizeof buf, "%s:%zu", b.file ? b.file : "", line);
    return orr_arena_strdup(c->arena, buf);
}

/*
** A verb conjoined to a verb whose subject is an uncoded noun shares the
** source the coder gave that verb through the nearest-actor reading, when
** that verb made events with it ("The Calenardhon government issue
** condemned an attack by Osgiliath soldiers … and promised raids": both
** acts are the government's, not the soldiers' nearer to "promised").  A
** governing verb that made no event (hedged, negated, no target) lends no
** guess: "All ATPC members except Zaire and Australia agreed … and
** allocated …" has no source.
*/
static void shared_guess(const code_sent *s, size_t v, const ev_list *l, const sent_info *si, role_set *src) {
    size_t hd = conj_governor(s, v);
    if (hd == SIZE_MAX) return;
    if (!main_clause_verb(s, hd) || is_passive(s, hd)) return;
    role_set hs, ht, guess = {0};
    roles_for(s, hd, 0, &hs, &ht);
    if (hs.n) return;
    nearest_mention(s, hd, -1, &ht, &guess);
    int32_t at = (int32_t)s->tok[hd].start;
    for (size_t i = 0; i < guess.n && src->n < 32; i++) {
        int32_t from = (int32_t)s->tok[s->m[guess.idx[i]].start].start;
        for (size_t k = 0; k < l->n; k++) {
            const orr_event *e = &l->ev[k];
            if (e->sentence == si->index && e->verb_start <= at && at < e->verb_end && e->source_start == from) {
                src->idx[src->n++] = guess.idx[i];
                break;
            }
        }
    }
}

/*
** "Norway, Egypt and the Soviet Union agreed to help OPEC": coordinated
** subjects whose verb governs an infinitive acting on a third party agree
** (plan, offer) toward that party, not with each other — as one subject
** would ("Norway agreed to help OPEC" takes OPEC by the nearest-actor
** reading).  Fills tgt with the coded objects of v's xcomp (with their
** conjuncts), none of them a subject; returns how many (third pass).
*/
static size_t infinitive_party(const code_sent *s, size_t v, const role_set *src, role_set *tgt) {
    size_t x = SIZE_MAX;
    for (size_t i = v + 1; i < s->n && x == SIZE_MAX; i++)
        if ((size_t)(s->w[i].head - 1) == v && code_rel_is(s->w[i].deprel, "xcomp") && code_is_verbal(&s->w[i]))
            x = i;
    if (x == SIZE_MAX) return 0;
    for (size_t i = 0; i < s->n_m; i++) {
        const code_mention *m = &s->m[i];
        if (!*m->code || m->dropped == 1 || m->is_location || m->is_pair || m->is_channel) continue;
        int depth, taken = 0;
        for (size_t k = 0; k < src->n; k++) taken |= src->idx[k] == i;
        if (taken || mention_role(s, m, x, 0, &depth) != ROLE_OBJ || depth != 0) continue;
        marked_set(s, i, tgt);
        return tgt->n;
    }
    return 0;
}

static int code_verb(const orr_coder *cd, code_ctx *c, ev_list *l, const code_sent *s,
                     const sent_info *si, const orr_dict_match *vm, const char *is_verb,
                     const char *is_form) {
    orr_dict_verb_form form;
    if (orr_dict_verb_form_get(c->dict, vm->entry, &form)) return ORR_OK;
    size_t vs = vm->start, ve = vm->end;
    size_t v = verb_word(s, vs, ve), noun = v;
    /* a noun that only modifies another names no act: "Taiwan's trade
       surplus with the U.S.", "an attack helicopter" */
    if (!code_is_verbal(&s->w[v]) && code_rel_is(s->w[v].deprel, "compound")) return ORR_OK;
    if (!code_is_verbal(&s->w[v])) {
        int lv = light_verb_of(s, v, is_verb);
        if (lv < 0) return ORR_OK;
        v = (size_t)lv;
    }
    if (strcmp(s->w[v].deprel, "amod") == 0) return ORR_OK;  /* "the released prisoners" */
    /* "threatened to attack", "plans to attack": the infinitive of a coded
       verb is what that verb threatens, plans or refuses, not an act of
       its own; the governing verb's code names the event.  A passive
       governor reports the act ("was seen to attack", "is said to be") */
    if (code_rel_is(s->w[v].deprel, "xcomp") && s->w[v].head > 0 && is_verb[s->w[v].head - 1] == 2 &&
        !is_passive(s, (size_t)(s->w[v].head - 1)))
        return ORR_OK;
    const char *code, *code2;
    orr_dict_pattern pattern = {0};
    size_t words = 0;
    /* a noun standing for its verb ("a discussion on Phone") takes the
       form's own code: patterns describe verb phrases */
    size_t reported = reported_clause(s, v, is_verb);
    /* negation: a negated action is not that action; only a pattern that
       spells the negation ("NOT * [112]", "&NEGATVAUXVRB * ...") codes it
       (docs/coder.md) */
    int negated = is_negated(s, v) || (v != vs && is_negated(s, vs));
    if (negated && noun != v) return ORR_OK;
    size_t mark_src = SIZE_MAX, mark_tgt = SIZE_MAX, first_word = SIZE_MAX, after_end = SIZE_MAX;
    int from_pattern = noun == v &&
        code_pattern_best(c->dict, form.block, s, vs, ve, reported, &code, &code2, &words, &pattern,
                          &mark_src, &mark_tgt, negated, &first_word, &after_end);
    if (negated && !from_pattern) return ORR_OK;
    /* a hedged verb is coded only by a pattern that spells the modal, as a
       negated one only by a pattern that spells the negation
       ("INDICATED SHOULD *") */
    if (is_hedged(s, v) && !(from_pattern && pattern_spells_modal(pattern.text))) return ORR_OK;
    if (!from_pattern)
        split_code(c->arena, form.code ? form.code : "", &code, &code2);
    if ((!*code || *code == '-') && (!*code2 || *code2 == '-')) return ORR_OK;
    l->rule = verb_rule(c, &form, from_pattern ? pattern.line : form.line);
    if (!negated && orr_cameo_root(code) != 1 && object_says_no(s, v)) return ORR_OK;
    role_set src, tgt;
    int places = orr_cameo_root(code) == 4 ? 0 : orr_cameo_root(code) == 1 ? 2 : orr_cameo_root(code) == 5 ? 3 : 1;
    roles_for(s, v, places, &src, &tgt);
    if (noun != v) {  /* light verb: the subject is the verb's, the target the noun's */
        role_set dummy;
        roles_for(s, noun, places, &dummy, &tgt);
        innermost_noun(s, noun, is_form, &tgt);
        if (tgt.n == 0) sibling_targets(s, noun, places, is_form, &tgt);
    }
    /* a noun coded through a light verb needs that verb's own subject */
    if (noun != v && src.n == 0) return ORR_OK;
    if (src.n == 0) inherit_subject(s, v, &src);
    /* "NOTED + * [115]": a pattern's "+" overrides the parse, so the verb's
       own subject, when it is the marked target, is not its source; the
       source is then the subject of the pattern's words before the verb
       ("Falastur noted that Cirith Ungol regretted …" -> GONGOV -> MORMIL) */
    if (mark_tgt != SIZE_MAX && src.n > 0) {
        role_set marked;
        marked_set(s, mark_tgt, &marked);
        size_t kept = 0;
        for (size_t i = 0; i < src.n; i++) {
            int is_marked = 0;
            for (size_t k = 0; k < marked.n; k++) is_marked |= marked.idx[k] == src.idx[i];
            if (!is_marked) src.idx[kept++] = src.idx[i];
        }
        src.n = kept;
    }
    /* "Arnor is inching nearer to accord with Gondor" ("INCHING &ACCORDSYN
       *"): the pattern's words before the verb are one predicate with it,
       whose subject is that of the verb heading those words */
    if (src.n == 0 && first_word != SIZE_MAX && first_word < v) {
        size_t h = first_word;
        for (int step = 0; step < 6 && !code_is_verbal(&s->w[h]) && s->w[h].head > 0; step++)
            h = (size_t)(s->w[h].head - 1);
        if (h != v && code_is_verbal(&s->w[h])) {
            role_set dummy;
            roles_for(s, h, 0, &src, &dummy);
        }
    }
    /* the shallow reading only for a finite verb of a main clause */
    int finite_main = main_clause_verb(s, v);
    int src_guessed = finite_main && src.n == 0 && !is_passive(s, v) && !parse_has_subject(s, v);
    if (src_guessed && !subject_phrase_actor(s, v, &tgt, &src)) nearest_mention(s, v, -1, &tgt, &src);
    if (src.n == 0 && parse_has_subject(s, v) && !has_child(s, v, "nsubj")) shared_guess(s, v, l, si, &src);
    if ((finite_main || pattern_predicate(s, v, first_word)) && tgt.n == 0 && src.n < 2 &&
        !has_child(s, v, "obj") && reported == SIZE_MAX)
        nearest_mention(s, v, +1, &src, &tgt);
    if (tgt.n == 0 && src.n > 0 && reported != SIZE_MAX) stance_target(s, v, is_verb, &src, &tgt);
    /* "expressed hopes that Osgiliath …" ("* HOPES"): the pattern's words
       after the verb end its phrase; with no target from the parse, the
       first actor after them (within the clause window) is the target */
    if (from_pattern && after_end != SIZE_MAX && mark_tgt == SIZE_MAX && src.n > 0) {
        size_t coded = 0;
        for (size_t j = 0; j < tgt.n; j++) coded += *s->m[tgt.idx[j]].code != 0;
        if (coded == 0) after_pattern_target(s, v, after_end, &src, &tgt);
    }
    /* nor any target inside a "that" clause the sentence ends before it
       has a verb (after_verbless_that) */
    size_t kept_tgt = 0;
    for (size_t j = 0; j < tgt.n; j++)
        if (!after_verbless_that(s, v, s->m[tgt.idx[j]].start)) tgt.idx[kept_tgt++] = tgt.idx[j];
    tgt.n = kept_tgt;
    /* a pattern's "$" / "+" markers name the source / target outright */
    if (mark_src != SIZE_MAX) marked_set(s, mark_src, &src);
    if (mark_tgt != SIZE_MAX) marked_set(s, mark_tgt, &tgt);
    int rc = ORR_OK;
    /* "+ HOSTING * TABASKI ^ $": the dictionary names both, even two
       parts of one country */
    l->marked_pair = mark_src != SIZE_MAX && mark_tgt != SIZE_MAX;
    size_t coded_tgt = 0;
    for (size_t j = 0; j < tgt.n; j++) coded_tgt += *s->m[tgt.idx[j]].code != 0;
    /* coordinated subjects with no target act on each other, unless another
       verb of the sentence already gave them a target */
    if (coded_tgt == 0 && src.n >= 2 && !src_guessed) coded_tgt = infinitive_party(s, v, &src, &tgt);
    int acted = 0;
    for (size_t k = 0; k < l->n; k++)
        for (size_t i = 0; i < src.n; i++)
            acted |= l->ev[k].sentence == si->index &&
                     (int32_t)s->tok[s->m[src.idx[i]].start].start == l->ev[k].source_start;
    int root = orr_cameo_root(code);
    if (coded_tgt == 0 && src.n >= 2 && src.n <= 4 && !acted && !src_guessed && joined_by_and(s, &src) &&
        ((root >= 3 && root <= 6) || (from_pattern && words > 0)) && reciprocal_predicate(s, v, noun)) {
        /* "A and B held a meeting": the coordinated actors act on each other */
        for (size_t i = 0; i < src.n && !rc; i++)
            for (size_t j = 0; j < src.n && !rc; j++)
                if (i != j)
                    rc = ev_add(cd, c->arena, l, s, si, &s->m[src.idx[i]], &s->m[src.idx[j]],
                                s->m[src.idx[i]].code, s->m[src.idx[j]].code, code, vs, ve);
        l->marked_pair = 0;
        return rc;
    }
    for (size_t i = 0; i < src.n && !rc; i++)
        for (size_t j = 0; j < tgt.n && !rc; j++) {
            const code_mention *a = &s->m[src.idx[i]], *b = &s->m[tgt.idx[j]];
            rc = ev_add(cd, c->arena, l, s, si, a, b, a->code, b->code, code, vs, ve);
            if (!rc && *code2)
                rc = ev_add(cd, c->arena, l, s, si, b, a, b->code, a->code, code2, vs, ve);
        }
    l->marked_pair = 0;
    return rc;
}

/*
** Hosting: a negotiation (046) placed "in" or "at" a place of a third
** country makes that country the host of each participant (043); the
** first such place only.  Not a 044: CAMEO's "meet at a third location"
** already says the venue is no party's, and a host event would make its
** country one ("Arnor has celebrated Iftar at Osgiliath with …").
*/
static int code_hosts(const orr_coder *cd, code_ctx *c, ev_list *l, size_t first, const code_sent *s,
                      const sent_info *si) {
    size_t n_before = l->n;
    for (size_t k = 0; k < s->n_m; k++) {
        const code_mention *loc = &s->m[k];
        if (!loc->is_location || strlen(loc->code) < 3) continue;
        char host[4];
        memcpy(host, loc->code, 3);
        host[3] = 0;
        for (size_t i = first; i < n_before; i++) {
            const orr_event *e = &l->ev[i];
            if (strcmp(e->code, "046") != 0) continue;
            if (strcmp(e->source_country, host) == 0 || strcmp(e->target_country, host) == 0) continue;
            const char *guests[2] = {e->source, e->target};
            int32_t spans[2][2] = {{e->source_start, e->source_end}, {e->target_start, e->target_end}};
            for (int g = 0; g < 2; g++) {
                const code_mention *gm = NULL;
                for (size_t m = 0; m < s->n_m; m++)
                    if ((int32_t)s->tok[s->m[m].start].start == spans[g][0]) gm = &s->m[m];
                if (!gm) continue;
                size_t vs = 0, ve = 0;
                for (size_t t = 0; t < s->n; t++) {
                    if ((int32_t)s->tok[t].start == e->verb_start) vs = t;
                    if ((int32_t)s->tok[t].end == e->verb_end) ve = t + 1;
                }
                if (ve <= vs) continue;
                l->rule = e->origin;  /* hosting is read off the meeting's code */
                int rc = ev_add(cd, c->arena, l, s, si, loc, gm, host, guests[g], "043", vs, ve);
                if (rc) return rc;
            }
        }
        /* one host: the first place that made one ("at Osgiliath … in
           Eriador" is hosted by Osgiliath; "in Riyadh, Saudi Arabia" is one) */
        if (l->n > n_before) break;
    }
    return ORR_OK;
}

/* Issue codes of the sentence, comma-separated, or NULL. */
static const char *sentence_issues(code_ctx *c, const orr_dict_seq *seq, const code_sent *s) {
    orr_dict_match found[16];
    size_t n = orr_dict_scan(c->dict, seq, s->date, 1 << ORR_MATCH_ISSUE, found, 16);
    if (n > 16) n = 16;
    char buf[256];
    size_t len = 0;
    buf[0] = 0;
    for (size_t k = 0; k < n; k++) {
        orr_dict_issue_info info;
        if (orr_dict_issue(c->dict, found[k].entry, &info) || info.ignore || !info.code) continue;
        if (strstr(buf, info.code)) continue;
        int w = snprintf(buf + len, sizeof buf - len, "%s%s", len ? "," : "", info.code);
        if (w < 0 || (size_t)w >= sizeof buf - len) break;
        len += (size_t)w;
    }
    return len ? orr_arena_strdup(c->arena, buf) : NULL;
}

/* 1: the sentence has a discard phrase (2: a story discard). */
static int sentence_discard(code_ctx *c, const orr_dict_seq *seq, const code_sent *s) {
    orr_dict_match found[4];
    size_t n = orr_dict_scan(c->dict, seq, s->date, 1 << ORR_MATCH_DISCARD, found, 4);
    if (n > 4) n = 4;
    int r = 0;
    for (size_t k = 0; k < n; k++) {
        orr_dict_discard_info info;
        if (orr_dict_discard(c->dict, found[k].entry, &info)) continue;
        r = info.story ? 2 : (r ? r : 1);
    }
    return r;
}

#define CODE_MAX_TOKENS 200  /* longer "sentences" are lists or tables */

/* CPU time of the calling thread (for ORR_CODE_STATS). */
static double code_thread_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
** "the Prince of Dol_Amroth": dictionaries join the words of a phrase with
** underscores, and so do some texts; the coder reads "Dol_Amroth" as the
** two words it stands for.  Returns ORR_ENOMEM or 0.
*/
static int split_underscores(orr_arena *a, const char *text, orr_token **tok, size_t *n) {
    size_t extra = 0;
    if (!memchr(text + (*tok)[0].start, '_', (*tok)[*n - 1].end - (*tok)[0].start)) return 0;
    for (size_t i = 0; i < *n; i++)
        for (uint32_t p = (*tok)[i].start + 1; p + 1 < (*tok)[i].end; p++)
            extra += text[p] == '_' && text[p - 1] != '_' && text[p + 1] != '_';
    if (extra == 0) return 0;
    orr_token *out = orr_arena_alloc(a, (*n + extra) * sizeof *out);
    if (!out) return ORR_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < *n; i++) {
        uint32_t from = (*tok)[i].start;
        for (uint32_t p = from + 1; p + 1 < (*tok)[i].end; p++)
            if (text[p] == '_' && text[p - 1] != '_' && text[p + 1] != '_') {
                out[m++] = (orr_token){from, p};
                from = p + 1;
            }
        out[m++] = (orr_token){from, (*tok)[i].end};
    }
    *tok = out;
    *n = m;
    return 0;
}

/*
** Can two mentions of the sentence ever be the source and target of one
** event?  Decided before the parse from the actor and agent matches
** (am[0..n_am), the scan code_mentions repeats after it), so that the
** parse is skipped when the answer is no.  A mention's code is an actor
** match's code, or one composed from actor and agent codes (mention.c:
** an actor's first three letters or whole code, then agent codes; a
** prefix agent goes first).  An event needs codes that differ
** (ev_add_one) and, unless the verb's pattern marks both source and
** target, that are not one actor's (same_root).  So with no agent
** phrase, codes all equal give no event; and when every code is one
** root R followed only by one same three-letter agent code T (R, RT,
** RTT ...), any two are the same root and only a pattern marking both
** "$" and "+" could pair them.  Anything else ("FRO/BIL" lists, prefix
** agents, odd lengths, the shared roots IGO, NGO ..., the word "former",
** which turns an office into ELI in mention.c) says yes.  Keep this in
** step with how mention.c makes codes, and with one-sided events if they
** ever come: it assumes every event pairs two different mention codes.
*/
static int codes_may_pair(const orr_dict *d, const code_sent *s, const orr_dict_match *am, size_t n_am,
                          const orr_dict_match *verbs, size_t n_verbs) {
    const char *first = NULL;
    char unit[4] = "";
    for (size_t k = 0; k < n_am; k++) {
        const char *code = am[k].code;
        size_t len = strlen(code);
        if (am[k].flags & ORR_MATCH_AGENT_PREFIX) return 1;
        if (am[k].type == ORR_MATCH_AGENT) {
            if (!len) continue;
            if (len != 3 || (*unit && memcmp(unit, code, 3) != 0)) return 1;
            memcpy(unit, code, 4);
            continue;
        }
        if (am[k].type != ORR_MATCH_ACTOR || !len || (am[k].flags & ORR_MATCH_NOCODE)) continue;
        if (strchr(code, '/') || len < 3 || (len - 3) % 3 != 0) return 1;
        if (!first) first = code;
        else if (strncmp(first, code, 3) != 0) return 1;
        for (const char *p = code + 3; *p; p += 3) {
            if (*unit && memcmp(unit, p, 3) != 0) return 1;
            memcpy(unit, p, 3);
            unit[3] = 0;
        }
    }
    if (!first) return 0;
    for (size_t i = 0; i < s->n; i++)
        if (code_token_is_former(s, i)) return 1;
    if (!*unit) return 0;  /* every code is `first` */
    char rt[4][16];  /* R, RT, RTT, RTTT: one actor for same_root? */
    for (int i = 0; i < 4; i++) {
        memcpy(rt[i], first, 3);
        for (int k = 0; k < i; k++) memcpy(rt[i] + 3 + 3 * k, unit, 3);
        rt[i][3 + 3 * i] = 0;
    }
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            if (!same_root(rt[i], rt[j])) return 1;
    for (size_t k = 0; k < n_verbs; k++) {
        orr_dict_verb_form vf;
        orr_dict_verb_block vb;
        if (orr_dict_verb_form_get(d, verbs[k].entry, &vf) || orr_dict_verb_block_get(d, vf.block, &vb))
            return 1;
        for (size_t q = 0; q < vb.n_patterns; q++) {
            orr_dict_pattern pt;
            if (orr_dict_verb_pattern(d, vf.block, q, &pt)) return 1;
            if (strchr(pt.text, '$') && strchr(pt.text, '+')) return 1;
        }
    }
    return 0;
}

static void fill_date(sent_info *si, const char *text, size_t len, const char *ref, int inferred);

/* A sentence that may give events, up to its parse (sentence_prepare). */
typedef struct pending {
    code_sent s;
    orr_dict_seq seq;
    orr_dict_match *verbs, *am;
    size_t n_verbs, n_am;
    const char **forms;
    code_units units;  /* what the parser is shown */
    orr_word *parsed;  /* its parse */
    sent_info si;
} pending;

/* Everything before the parse: tokens, dictionary matches, the checks
** that no event can come of the sentence.  *ready: 1 when it must be
** parsed (p filled), 0 when it gives no event. */
static int sentence_prepare(code_ctx *c, const char *text, size_t start, size_t end, sent_info *si,
                            int *story_discard, pending *p, int *ready, orr_error *err) {
    *ready = 0;
    code_sent s;
    memset(&s, 0, sizeof s);
    s.text = text;
    orr_token *tok;
    size_t n;
    int rc = orr_text_tokenize(c->arena, text, start, end, &tok, &n, err);
    if (rc) return rc;
    if (n == 0 || n > CODE_MAX_TOKENS) return ORR_OK;
    if (split_underscores(c->arena, text, &tok, &n)) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    s.tok = tok;
    s.n = n;
    orr_dict_seq seq;
    if (orr_dict_seq_tokens(c->dict, c->arena, text, tok, n, &seq))
        return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    int discard = sentence_discard(c, &seq, &s);
    if (discard == 2) *story_discard = 1;
    if (discard) return ORR_OK;
    /* skip the parse when the sentence has no verb of the dictionary */
    orr_dict_match *verbs = orr_arena_alloc(c->arena, (n + 1) * sizeof *verbs);
    if (!verbs) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    size_t n_verbs = orr_dict_scan(c->dict, &seq, s.date, 1 << ORR_MATCH_VERB, verbs, n + 1);
    if (n_verbs > n + 1) n_verbs = n + 1;
    if (n_verbs == 0) return ORR_OK;
    /* an event needs two coded actors: without them, skip the parse.
       Where the actor phrases are does not depend on the date, their codes
       do: with fewer than two phrases, the date (as costly to find as a
       dictionary scan) is not needed at all */
    orr_dict_match *am = orr_arena_alloc(c->arena, (n + 1) * sizeof *am);
    if (!am) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    size_t n_am = orr_dict_scan(c->dict, &seq, 0, 1 << ORR_MATCH_ACTOR, am, n + 1);
    if (n_am < 2) return ORR_OK;
    fill_date(si, text + start, end - start, si->ref, si->inferred);
    s.date = *si->date ? orr_dict_date(si->date) : 0;
    if (s.date) n_am = orr_dict_scan(c->dict, &seq, s.date, 1 << ORR_MATCH_ACTOR, am, n + 1);
    if (n_am > n + 1) n_am = n + 1;
    size_t coded_actors = 0;
    for (size_t k = 0; k < n_am; k++)
        if (am[k].code[0] && !(am[k].flags & ORR_MATCH_NOCODE)) coded_actors++;
    if (coded_actors < 2) return ORR_OK;
    /* the parse sees each named actor (composed or not) as one word */
    n_am = orr_dict_scan(c->dict, &seq, s.date, ORR_DICT_ACTORS_AGENTS, am, n + 1);
    if (n_am > n + 1) n_am = n + 1;
    if (!codes_may_pair(c->dict, &s, am, n_am, verbs, n_verbs)) return ORR_OK;
    const char **forms = orr_arena_alloc(c->arena, n * sizeof *forms);
    if (!forms) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    for (size_t i = 0; i < n; i++)
        if (!(forms[i] = orr_arena_strndup(c->arena, text + tok[i].start, tok[i].end - tok[i].start)))
            return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    *p = (pending){.s = s, .seq = seq, .verbs = verbs, .am = am, .n_verbs = n_verbs, .n_am = n_am,
                   .forms = forms, .si = *si};
    if ((rc = code_units_prepare(c->dict, c->arena, &p->s, forms, am, n_am, verbs, n_verbs, &p->units, err)))
        return rc;
    *ready = 1;
    return ORR_OK;
}

/* Everything after the parse (p->parsed): the parse as one word per
** token, mentions, repairs, and the events of each verb. */
static int sentence_finish(const orr_coder *cd, code_ctx *c, ev_list *l, pending *p, orr_error *err) {
    code_sent *sp = &p->s;
    sent_info *si = &p->si;
    size_t n = sp->n;
    int rc = code_units_finish(c->arena, sp, p->forms, &p->units, p->parsed, err);
    if (rc) return rc;
    c->n_parsed++;
    if (code_mentions(c, sp, &p->seq)) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    code_repair_parse(sp, p->verbs, p->n_verbs);
    size_t coded = 0;
    for (size_t i = 0; i < sp->n_m; i++) coded += *sp->m[i].code != 0;
    if (coded == 0) return ORR_OK;
    si->issues = sentence_issues(c, &p->seq, sp);
    size_t first = l->n;
    char *is_verb = orr_arena_alloc(c->arena, n);
    if (!is_verb) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    memset(is_verb, 0, n);
    char *is_form = orr_arena_alloc(c->arena, n);  /* any token of a verb form, any tag */
    if (!is_form) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    memset(is_form, 0, n);
    for (size_t k = 0; k < p->n_verbs; k++) {
        orr_dict_verb_form vf;
        int coded_form = !orr_dict_verb_form_get(c->dict, p->verbs[k].entry, &vf) && vf.code &&
                         vf.code[0] >= '0' && vf.code[0] <= '9';
        for (size_t t = p->verbs[k].start; t < p->verbs[k].end && t < n; t++) {
            is_form[t] = 1;
            if (code_is_verbal(&sp->w[t])) is_verb[t] = coded_form ? 2 : 1;
        }
    }
    for (size_t k = 0; k < p->n_verbs; k++)
        if ((rc = code_verb(cd, c, l, sp, si, &p->verbs[k], is_verb, is_form)))
            return orr_error_set(err, rc, "coder: out of memory");
    if (l->n > first && (rc = code_hosts(cd, c, l, first, sp, si)))
        return orr_error_set(err, rc, "coder: out of memory");
    return ORR_OK;
}

/* A parsed sentence's words into the arena: the parse ran in the
** scratch arena, which the next batch reuses. */
static orr_word *keep_words(orr_arena *arena, const orr_word *w, size_t n) {
    orr_word *out = orr_arena_alloc(arena, (n + 1) * sizeof *out);
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        out[i] = w[i];
        if ((w[i].lemma && !(out[i].lemma = orr_arena_strdup(arena, w[i].lemma))) ||
            (w[i].feats && !(out[i].feats = orr_arena_strdup(arena, w[i].feats))))
            return NULL;
    }
    return out;
}

/* The pending sentences' parses, CODE_PARSE_BATCH at a time and no more
** than CODE_PARSE_WORDS words (a network's activations are about 40 KB a
** word): a model with BiLSTM networks runs a batch through them together
** (the same parses as one at a time, faster); any other parses them one
** by one.  Each batch in the scratch arena, reset before it.  *seconds:
** the thread CPU time taken, with ORR_CODE_STATS. */
#define CODE_PARSE_BATCH 32
#define CODE_PARSE_WORDS 512
static int parse_pending(const orr_coder *cd, orr_arena *arena, orr_arena *scratch, pending **p, size_t n,
                         double *seconds, orr_error *err) {
    const char *const *forms[CODE_PARSE_BATCH];
    size_t words[CODE_PARSE_BATCH];
    orr_word *out[CODE_PARSE_BATCH];
    double t0 = cd->opts.flags & ORR_CODE_STATS ? code_thread_seconds() : 0;
    for (size_t at = 0, b; at < n; at += b) {
        size_t total = 0;
        for (b = 0; at + b < n && b < CODE_PARSE_BATCH; b++) {
            if (b && total + p[at + b]->units.n > CODE_PARSE_WORDS) break;
            forms[b] = p[at + b]->units.forms, words[b] = p[at + b]->units.n;
            total += words[b];
        }
        orr_arena_reset(scratch);
        int rc = orr_model_parse_batch(cd->opts.model, scratch, b, forms, NULL, words, out, err);
        if (rc) return rc;
        for (size_t i = 0; i < b; i++)
            if (!(p[at + i]->parsed = keep_words(arena, out[i], words[i])))
                return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    }
    *seconds = cd->opts.flags & ORR_CODE_STATS ? code_thread_seconds() - t0 : 0;
    return ORR_OK;
}

static void fill_date(sent_info *si, const char *text, size_t len, const char *ref, int inferred) {
    when_how how = when_sentence_date(text, len, ref, si->date);
    if (how == WHEN_NONE) si->date[0] = 0;
    if (how == WHEN_DOCUMENT && inferred) how = WHEN_INFERRED;
    si->date_how = when_how_name(how);
}

/* One document being coded: its sentences up to their parses
** (doc_prepare), then its events (doc_finish). */
typedef struct doc_run {
    code_ctx c;
    ev_list l;
    char ref_buf[11];
    int story_discard;
    pending *pend;
    size_t n_pend;
    orr_coded *out;
} doc_run;

static int doc_prepare(const orr_coder *coder, orr_arena *arena, const orr_doc *doc, int64_t doc_id, doc_run *d,
                       orr_coded *out, orr_error *err) {
    memset(out, 0, sizeof *out);
    *d = (doc_run){.c = {.dict = coder->opts.dict, .arena = arena, .flags = coder->opts.flags}, .out = out};
    const char *ref = doc->date;
    int inferred = 0;
    if (!ref && doc->text && when_latest_full_date(doc->text, doc->text_len, d->ref_buf) == 0) {
        ref = d->ref_buf;
        inferred = 1;
    }
    if (!ref) ref = coder->opts.date;
    d->pend = orr_arena_alloc(arena, (doc->n_sentences + 1) * sizeof *d->pend);
    if (!d->pend) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    for (size_t i = 0; i < doc->n_sentences; i++) {
        const orr_sentence *sp = &doc->sentences[i];
        out->n_sentences++;
        if (sp->is_heading && !(coder->opts.flags & ORR_CODE_HEADINGS)) continue;
        if (sp->end <= sp->start || sp->end > doc->text_len) continue;
        sent_info si = {.index = (int32_t)i, .doc_id = doc_id, .url = doc->url, .ref = ref,
                        .inferred = inferred};
        d->c.sentence = (int32_t)i;
        int ready;
        int rc = sentence_prepare(&d->c, doc->text, sp->start, sp->end, &si, &d->story_discard,
                                  &d->pend[d->n_pend], &ready, err);
        if (rc) return rc;
        d->n_pend += (size_t)ready;
        if (d->story_discard) break;
    }
    return ORR_OK;
}

static int doc_finish(const orr_coder *coder, doc_run *d, orr_error *err) {
    orr_coded *out = d->out;
    for (size_t k = 0; k < d->n_pend; k++) {
        d->c.sentence = d->pend[k].si.index;
        size_t before = d->l.n;
        int rc = sentence_finish(coder, &d->c, &d->l, &d->pend[k], err);
        if (rc) return rc;
        if (d->l.n > before) out->n_coded_sentences++;
    }
    if (d->story_discard) {
        out->discarded = 1;
        d->l.n = 0;
    }
    out->events = d->l.ev;
    out->n_events = d->l.n;
    out->warnings = d->c.warnings;
    out->n_warnings = d->c.n_warnings;
    out->n_parsed = d->c.n_parsed;
    return ORR_OK;
}

/* Every document's sentences up to their parses, all the parses in
** batches, then each document's events, its sentences in order. */
int orr_code_docs(const orr_coder *coder, orr_arena *arena, orr_arena *scratch, const orr_doc *const *docs,
                  const int64_t *doc_ids, size_t n, orr_coded *out, orr_error *err) {
    doc_run *runs = orr_arena_alloc(arena, (n + 1) * sizeof *runs);
    if (!runs) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = doc_prepare(coder, arena, docs[i], doc_ids ? doc_ids[i] : 0, &runs[i], &out[i], err);
        if (rc) return rc;
        total += runs[i].n_pend;
    }
    pending **all = orr_arena_alloc(arena, (total + 1) * sizeof *all);
    if (!all) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    for (size_t i = 0, k = 0; i < n; i++)
        for (size_t j = 0; j < runs[i].n_pend; j++) all[k++] = &runs[i].pend[j];
    double seconds = 0;
    orr_arena *own = scratch || !total ? NULL : orr_arena_new(1 << 20);
    if (!scratch && total && !own) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    int rc = total ? parse_pending(coder, arena, scratch ? scratch : own, all, total, &seconds, err) : ORR_OK;
    orr_arena_free(own);
    for (size_t i = 0; !rc && i < n; i++) {
        rc = doc_finish(coder, &runs[i], err);
        /* the batches' time, shared by the sentences parsed */
        out[i].parse_seconds = total ? seconds * (double)runs[i].n_pend / (double)total : 0;
    }
    return rc;
}

int orr_code_doc(const orr_coder *coder, orr_arena *arena, const orr_doc *doc, int64_t doc_id,
                 orr_coded *out, orr_error *err) {
    return orr_code_docs(coder, arena, NULL, &doc, &doc_id, 1, out, err);
}

int orr_code_text(const orr_coder *coder, orr_arena *arena, const char *text, const char *date,
                  orr_coded *out, orr_error *err) {
    orr_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.arena = arena;
    size_t len = strlen(text);
    doc.text = orr_arena_strndup(arena, text, len);
    doc.text_len = len;
    doc.date = date ? orr_arena_strdup(arena, date) : NULL;
    orr_sentence one = {0, len, 0};
    doc.sentences = &one;
    doc.n_sentences = 1;
    if (!doc.text) return orr_error_set(err, ORR_ENOMEM, "coder: out of memory");
    return orr_code_doc(coder, arena, &doc, 0, out, err);
}
