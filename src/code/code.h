/*
** code.h — internals of the event coder shared by the src/code files: one
** parsed sentence with its actor mentions, and the verb-pattern matcher.
*/
#ifndef ORR_CODE_H
#define ORR_CODE_H

#include "orrery.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* An actor mention: a dictionary match (or an unknown proper name). */
typedef struct code_mention {
    size_t start, end;       /* token range [start, end) */
    size_t head;             /* token index of its syntactic head */
    const char *code;        /* CAMEO actor code on the date; "" if uncoded */
    int flags;               /* ORR_MATCH_* flags of the match */
    int is_location;         /* a place in a locative phrase ("in Riyadh") */
    int is_agent_only;       /* an agent phrase with no actor ("the police") */
    const char *agent_code;  /* its agent code ("COP") when is_agent_only */
    int dropped;             /* 1: folded into others; 2: composed with an agent phrase */
    size_t role_head;        /* token whose role it takes (the agent phrase's head) */
    int is_pair;             /* half of an "X-Y" pair modifying a noun ("US-Russia relations") */
    int is_channel;          /* a news medium carrying a statement ("told Reuters"): it keeps
                                its role in the parse but no event names it */
} code_mention;

/* One sentence being coded; all arrays live in the coder's arena. */
typedef struct code_sent {
    const char *text;        /* the document text (token spans point into it) */
    const orr_token *tok;
    size_t n;                /* tokens == words */
    orr_word *w;             /* parse: w[i] is token i, heads are 1-based */
    code_mention *m;
    size_t n_m, cap_m;
    int32_t date;            /* YYYYMMDD for dated dictionary codes */
} code_sent;

/* What coding one document carries from sentence to sentence. */
typedef struct code_ctx {
    const orr_dict *dict;
    orr_arena *arena;
    int flags;                 /* ORR_CODE_* */
    int32_t sentence;          /* index of the sentence being coded */
    orr_role_warning *warnings;
    size_t n_warnings, cap_warnings;
    size_t n_parsed;           /* statistics for orr_coded */
} code_ctx;

/* Is the word a verb (VERB or AUX)? */
static inline int code_is_verbal(const orr_word *w) {
    return strcmp(w->upos, "VERB") == 0 || strcmp(w->upos, "AUX") == 0;
}

/* Is rel the relation base or one of its subtypes ("nsubj" for "nsubj:pass")? */
static inline int code_rel_is(const char *rel, const char *base) {
    size_t n = strlen(base);
    return strncmp(rel, base, n) == 0 && (rel[n] == 0 || rel[n] == ':');
}

/* Fill s->m from the dictionary sequence of the sentence (mention.c). */
int code_mentions(code_ctx *c, code_sent *s, const orr_dict_seq *seq);
char *code_mention_text(orr_arena *arena, const code_sent *s, const code_mention *m);
/* Is token i the word "former" (which turns a state office into ELI)? */
int code_token_is_former(const code_sent *s, size_t i);
void code_role_warning(code_ctx *c, const code_sent *s, size_t a, size_t b, const char *title_code,
                       const char *dict_code, const char *used);

/* Is token t's text one of the words of list (any case)? (mention.c) */
int code_token_in(const code_sent *s, size_t t, const char *const *list);
/* The syntactic head of tokens [a, b): the token whose head lies outside
** the span (mention.c says which when a broken parse sends several). */
size_t code_span_head(const code_sent *s, size_t a, size_t b);
/* Does token i (case-folded form or lemma) equal the upper-case word? */
int code_token_is(const code_sent *s, size_t i, const char *word, size_t len);
/* The same through pattern.c's per-verb window (for tests); *in_set: the
** window's word set holds the word. */
int code_token_is_windowed(const code_sent *s, size_t i, const char *word, size_t len, int *in_set);

/*
** The best pattern of a verb block for the verb at tokens [vstart, vend):
** the matching pattern with the most words, its words after the verb
** before token after_limit (where a reported clause begins).  Fills code/code2 (strings
** owned by the dictionary, "" when absent) and *words; returns 1 if a
** pattern matched, 0 if none did (the form's own code then applies).
** *src_m / *tgt_m: the mention a "$" / "+" marker of the pattern matched,
** SIZE_MAX when the pattern has none.  need_neg: only patterns whose
** words match the verb's negation (NOT, N'T, NEVER) count.  *first_word:
** the token of the pattern's first word before the verb, or SIZE_MAX;
** *after_end: the token after its last element after the verb, or SIZE_MAX.
** *matched (may be NULL): the dictionary's record of the pattern (its text
** and line).
*/
int code_pattern_best(const orr_dict *d, uint32_t block, const code_sent *s, size_t vstart,
                      size_t vend, size_t after_limit, const char **code, const char **code2, size_t *words,
                      orr_dict_pattern *matched, size_t *src_m, size_t *tgt_m, int need_neg,
                      size_t *first_word, size_t *after_end);

/* Repair parses the dictionary shows to be wrong (repair.c). */
void code_repair_parse(code_sent *s, const orr_dict_match *verbs, size_t n_verbs);

/*
** What the parser is shown of a sentence (units.c): each capitalized
** actor match among am[0..n_am) as one stand-in name, and each verb match
** among verbs[0..n_verbs) whose dictionary form puts words before the
** verb ("WIRE_+TAP") as its verb word alone.  code_units_prepare fills u
** (u->forms, u->n: the words to parse); code_units_finish turns the
** parse of those words (sw) into s->w, one word per token.
*/
typedef struct code_units {
    const char **forms;
    size_t n;
    size_t *to_short, *short_tok, *pre_verb;  /* NULL: the sentence as it is */
} code_units;
int code_units_prepare(const orr_dict *dict, orr_arena *arena, const code_sent *s, const char **forms,
                       const orr_dict_match *am, size_t n_am, const orr_dict_match *verbs, size_t n_verbs,
                       code_units *u, orr_error *err);
int code_units_finish(orr_arena *arena, code_sent *s, const char **forms, const code_units *u, orr_word *sw,
                      orr_error *err);

#endif
