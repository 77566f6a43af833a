/*
** retag.c — one correction to the tagger's output for news prose: a
** past participle (VBN) that stands where only a past-tense verb (VBD)
** can, "Russia attacked Ukraine", "Iran fired missiles at a tanker".
**
** The tagger learned from UD English EWT (reviews, e-mail, blogs), where
** "NAME verbed" is rare and a participle after a noun usually starts a
** reduced relative ("a guy named Joe", "a company called Spacehab").
** News is past-tense narrative, and there the tagger's VBN turns a clause
** into a noun phrase: the networks then give "Russia attacked Ukraine" no
** subject and the coder no event.  The rule reads a VBN as VBD when
**   - the words before it are one noun phrase (determiners, adjectives,
**     numbers, nouns, pronouns, possessives) ending in a noun or pronoun,
**   - that phrase opens the sentence or follows a verb of saying or
**     "that" (the clause under "said" is a clause, not an object), and
**   - the next word can start an object (a determiner, noun, pronoun,
**     number or adjective; not "by", not a preposition, not a day:
**     "Canada's finding announced today that ..." is a reduced relative),
**   - and it is not one of the participles that name what precedes them
**     ("a group called Hamas").
** With no auxiliary allowed before the phrase, "was attacked by Russia"
** and "has fired" keep their participles.  On EWT dev and test together
** the rule changes 8 words, 5 to the right tag and 3 to a wrong one
** ("any opinions expressed herein"); on news it gives "X attacked Y" its
** subject (docs/parser.md, "News prose: past tense").
*/
#include "nlp.h"

#include <string.h>
#include <strings.h>

static int xpos_in(const orr_model *m, int tag, const char *const *list) {
    if (tag < 0 || (uint32_t)tag >= m->n_tags) return 0;
    const char *x = nlp_str(m, m->tags[tag].xpos);
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(x, list[i])) return 1;
    return 0;
}

/* The model's (VERB, VBD) class, or -1. */
static int past_tense_class(const orr_model *m) {
    for (uint32_t t = 0; t < m->n_tags; t++)
        if (!strcmp(nlp_str(m, m->tags[t].upos), "VERB") && !strcmp(nlp_str(m, m->tags[t].xpos), "VBD"))
            return (int)t;
    return -1;
}

/* "the finding announced today that …": a time word after the
** participle belongs to a reduced relative, not to an object */
static int time_word(const char *form) {
    static const char *const words[] = {"today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday",
                                        "thursday", "friday", "saturday", "sunday", NULL};
    for (size_t i = 0; words[i]; i++)
        if (!strcasecmp(form, words[i])) return 1;
    return 0;
}

/* Participles that name or place what precedes them: "a group called
** Hamas", "a Paris-based firm owned Shell"; after a noun they are almost
** never the past tense */
static int naming_participle(const char *form) {
    static const char *const words[] = {"called", "named", "dubbed", "titled", "entitled", "nicknamed", "known",
                                        "based", "owned", "labelled", "labeled", "termed", NULL};
    for (size_t i = 0; words[i]; i++)
        if (!strcasecmp(form, words[i])) return 1;
    return 0;
}

static int opens_clause(const char *form) {
    static const char *const words[] = {"said", "says", "say", "told", "reported", "announced", "stated",
                                        "added", "that", NULL};
    for (size_t i = 0; words[i]; i++)
        if (!strcasecmp(form, words[i])) return 1;
    return 0;
}

void tagger_fix_news(const orr_model *m, const char *const *forms, size_t n, int *tags) {
    static const char *const vbn[] = {"VBN", NULL};
    static const char *const head[] = {"NNP", "NNPS", "NN", "NNS", "PRP", NULL};
    static const char *const phrase[] = {"NNP", "NNPS", "NN", "NNS", "PRP", "DT", "JJ", "PRP$", "CD", "POS", NULL};
    static const char *const object[] = {"DT", "NNP", "NNPS", "NNS", "NN", "PRP$", "CD", "PRP", "JJ", NULL};
    int vbd = -2;
    for (size_t i = 1; i + 1 < n; i++) {
        if (!xpos_in(m, tags[i], vbn) || !xpos_in(m, tags[i - 1], head) || !xpos_in(m, tags[i + 1], object) ||
            time_word(forms[i + 1]) || naming_participle(forms[i]))
            continue;
        size_t j = i - 1;
        while (j > 0 && xpos_in(m, tags[j - 1], phrase)) j--;
        if (j > 0 && !opens_clause(forms[j - 1])) continue;
        if (vbd == -2) vbd = past_tense_class(m);
        if (vbd < 0) return;
        tags[i] = vbd;
    }
}
