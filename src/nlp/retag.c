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
**     perhaps followed by adverbs or a time phrase ("Pyongyang on
**     Thursday fired", "Iran also attacked"),
**   - that phrase opens the sentence or follows a verb of saying, "that"
**     or a subordinating conjunction ("five years after crowds trashed
**     its embassy"): the clause under "said" is a clause, not an object,
**   - the next word can start an object (a determiner, noun, pronoun,
**     number or adjective; not "by", not a preposition, not a day:
**     "Canada's finding announced today that ..." is a reduced relative)
**     or is "that" ("an investigation determined that"),
**   - and it is not one of the participles that name what precedes them
**     ("a group called Hamas").
** With no auxiliary allowed before the phrase, "was attacked by Russia"
** and "has fired" keep their participles.  On EWT dev and test together
** the rule changes 9 words, 6 to the right tag and 3 to a wrong one
** ("any opinions expressed herein"); on the news-style sentences of the
** PETRARCH unit-test records it cuts the tagger's VBD-read-as-VBN words
** from 116 to 30 (docs/parser.md, "News prose: past tense").
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

/* Is form one of the words of list (any case)? */
static int word_in(const char *form, const char *const *list) {
    for (size_t i = 0; list[i]; i++)
        if (!strcasecmp(form, list[i])) return 1;
    return 0;
}

/* "the finding announced today that …": a time word after the
** participle belongs to a reduced relative, not to an object */
static int time_word(const char *form) {
    static const char *const words[] = {"today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday",
                                        "thursday", "friday", "saturday", "sunday", NULL};
    return word_in(form, words);
}

/* Participles that name or place what precedes them: "a group called
** Hamas", "a Paris-based firm owned Shell"; after a noun they are almost
** never the past tense */
static int naming_participle(const char *form) {
    static const char *const words[] = {"called", "named", "dubbed", "titled", "entitled", "nicknamed", "known",
                                        "based", "owned", "labelled", "labeled", "termed", NULL};
    return word_in(form, words);
}

/* Words after which a noun phrase starts a clause: a verb of saying,
** "that", or a subordinating conjunction ("five years after crowds
** trashed its embassy"). */
static int opens_clause(const char *form) {
    static const char *const words[] = {"said", "says", "say", "told", "reported", "announced", "stated", "added",
                                        "that", "after", "before", "when", "while", "because", "since",
                                        "although", "though", "until", "once", "unless", "whereas", "where", NULL};
    return word_in(form, words);
}

/* Step left over what may stand between a subject and its verb: adverbs
** ("Iran also attacked") and a time phrase ("Pyongyang on Thursday
** fired", "Iran yesterday attacked").  Returns the index of the word
** before them (i itself when there are none). */
static size_t skip_between(const orr_model *m, const char *const *forms, const int *tags, size_t i) {
    static const char *const adverb[] = {"RB", NULL};
    static const char *const time_lead[] = {"on", "last", "this", "early", "late", NULL};
    for (int step = 0; step < 3 && i > 0; step++) {
        if (xpos_in(m, tags[i], adverb)) {
            i--;
        } else if (time_word(forms[i])) {
            i--;
            if (i > 0 && xpos_in(m, tags[i], adverb)) continue;
            /* a time phrase that opens the sentence leaves no subject
               before it: stop on its first word, which is no noun */
            if (i > 0 && word_in(forms[i], time_lead)) i--;
        } else {
            break;
        }
    }
    return i;
}

void tagger_fix_news(const orr_model *m, const char *const *forms, size_t n, int *tags) {
    static const char *const vbn[] = {"VBN", NULL};
    static const char *const head[] = {"NNP", "NNPS", "NN", "NNS", "PRP", NULL};
    static const char *const phrase[] = {"NNP", "NNPS", "NN", "NNS", "PRP", "DT", "JJ", "PRP$", "CD", "POS", NULL};
    static const char *const object[] = {"DT", "NNP", "NNPS", "NNS", "NN", "PRP$", "CD", "PRP", "JJ", NULL};
    int vbd = -2;
    for (size_t i = 1; i + 1 < n; i++) {
        if (!xpos_in(m, tags[i], vbn) || naming_participle(forms[i])) continue;
        int takes_object = xpos_in(m, tags[i + 1], object) && !time_word(forms[i + 1]);
        if (!takes_object && strcasecmp(forms[i + 1], "that") != 0) continue;
        size_t k = skip_between(m, forms, tags, i - 1);
        if (!xpos_in(m, tags[k], head) || time_word(forms[k])) continue;
        size_t j = k;
        while (j > 0 && xpos_in(m, tags[j - 1], phrase)) j--;
        if (j > 0 && !opens_clause(forms[j - 1])) continue;
        if (vbd == -2) vbd = past_tense_class(m);
        if (vbd < 0) return;
        tags[i] = vbd;
    }
}
