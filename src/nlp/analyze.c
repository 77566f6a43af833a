/*
** analyze.c — orr_model_parse: one sentence through the whole pipeline
** (orr_model_parse_batch: several, which the biaffine parser runs together)
** (token features, tagging, parsing, lemmas and morphological features).
** Parsing is greedy, or a beam search (beam.c) for a model trained with
** one or when the caller asks for one, or — for a model that has one —
** the BiLSTM + biaffine parser (biparse.c; the beam is then not used).
** Lemmas and features come from tables learned from the treebank: the
** (form, tag) -> (lemma, feats) exceptions, then suffix rules per tag;
** Voice=Pass is added to participles that have a passive auxiliary, since
** it depends on the parse rather than on the word.
*/
#include "nlp.h"

#include <ctype.h>

uint64_t nlp_lex_key(const char *form, size_t n, uint32_t tag) {
    uint64_t k = nlp_h1(nlp_hash_str(form, n), tag);
    return k ? k : 1;
}

uint64_t nlp_rule_key(uint32_t tag, const char *suffix, size_t n) {
    uint64_t k = nlp_h2(77, tag, nlp_hash_str(suffix, n));
    return k ? k : 1;
}

static const nlp_lex *lex_find(const orr_model *m, const char *form, size_t n, uint32_t tag) {
    uint64_t key = nlp_lex_key(form, n, tag);
    for (uint32_t i = (uint32_t)key & m->lex_mask; m->lex[i].key; i = (i + 1) & m->lex_mask)
        if (m->lex[i].key == key) return &m->lex[i];
    return NULL;
}

static const nlp_rule *rule_find(const orr_model *m, uint32_t tag, const char *suf, size_t n) {
    uint64_t key = nlp_rule_key(tag, suf, n);
    for (uint32_t i = (uint32_t)key & m->rules_mask; m->rules[i].key; i = (i + 1) & m->rules_mask)
        if (m->rules[i].key == key) return &m->rules[i];
    return NULL;
}

static const char *lemma_by_rule(const orr_model *m, orr_arena *a, const char *form, uint32_t tag) {
    size_t n = strlen(form);
    char *low = orr_arena_strndup(a, form, n);
    if (!low) return form;
    int propn = !strcmp(nlp_str(m, m->tags[tag].upos), "PROPN");
    if (!propn)
        for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)low[i]);
    for (size_t k = n < 4 ? n : 4; k >= 1; k--) {
        const nlp_rule *r = rule_find(m, tag, low + n - k, k);
        /* Rules are learned on bytes: one that would cut a character in
        ** two ("'m" -> "be" applied to "\xc2\xb4m") is not used. */
        if (!r || r->strip > n || (r->strip < n && ((unsigned char)low[n - r->strip] & 0xc0) == 0x80))
            continue;
        const char *add = nlp_str(m, r->add);
        size_t na = strlen(add);
        char *out = orr_arena_alloc(a, n - r->strip + na + 1);
        if (!out) return low;
        memcpy(out, low, n - r->strip);
        memcpy(out + n - r->strip, add, na + 1);
        return out;
    }
    return low;
}

static void word_lemma_feats(const orr_model *m, orr_arena *a, orr_word *w, uint32_t tag) {
    size_t n = strlen(w->form);
    const nlp_lex *e = lex_find(m, w->form, n, tag);
    if (!e && n < 64) {
        char low[64];
        for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)w->form[i]);
        e = lex_find(m, low, n, tag);
    }
    if (e) {
        w->lemma = nlp_str(m, e->lemma);
        w->feats = nlp_str(m, e->feats);
    } else {
        w->lemma = lemma_by_rule(m, a, w->form, tag);
        w->feats = nlp_str(m, m->tags[tag].feats);
    }
}

/* Participles with a passive auxiliary get Voice=Pass (features sorted). */
static void add_voice(const orr_model *m, orr_arena *a, orr_word *words, const int *label, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if ((uint32_t)label[i + 1] != m->label_auxpass || words[i].head <= 0) continue;
        orr_word *h = &words[words[i].head - 1];
        if (strcmp(h->xpos, "VBN") || strstr(h->feats, "Voice=")) continue;
        size_t len = strlen(h->feats) + 12;
        char *f = orr_arena_alloc(a, len);
        if (!f) return;
        if (!strcmp(h->feats, "_")) snprintf(f, len, "Voice=Pass");
        else snprintf(f, len, "%s|Voice=Pass", h->feats);
        h->feats = f;
    }
}

int orr_model_parse(const orr_model *m, orr_arena *a, const char *const *forms, size_t n,
                    orr_word **out, orr_error *err) {
    return orr_model_parse_beam(m, a, forms, n, 0, out, err);
}

int orr_model_beam(const orr_model *m) { return (int)m->beam; }

int orr_model_parse_beam(const orr_model *m, orr_arena *a, const char *const *forms, size_t n,
                         int beam, orr_word **out, orr_error *err) {
    return orr_model_parse_tagged(m, a, forms, NULL, n, beam, out, err);
}

/* The model's (UPOS, XPOS) class of a given word's tags, or -1. */
static int given_tag(const orr_model *m, const orr_word *g) {
    if (!g->upos || !g->xpos) return -1;
    for (uint32_t t = 0; t < m->n_tags; t++)
        if (!strcmp(nlp_str(m, m->tags[t].upos), g->upos) && !strcmp(nlp_str(m, m->tags[t].xpos), g->xpos))
            return (int)t;
    return -1;
}

/* One sentence between tagging and the finished words. */
typedef struct tagged {
    const char *const *forms;
    size_t n;
    nlp_tok *toks;
    int *tags;                   /* [0] the root's class, words from 1 */
    uint64_t *word;
    parse_state st;
} tagged;

/* Token features and tags (the given ones where the model knows them). */
static int tag_sentence(const orr_model *m, orr_arena *a, const char *const *forms, const orr_word *given,
                        size_t n, tagged *s, orr_error *err) {
    if (n > 100000) return orr_error_set(err, ORR_EUSAGE, "sentence of %zu words is too long", n);
    s->forms = forms;
    s->n = n;
    s->toks = orr_arena_alloc(a, (n + 1) * sizeof *s->toks);
    s->tags = orr_arena_alloc(a, (n + 2) * sizeof *s->tags);
    s->word = orr_arena_alloc(a, (n + 1) * sizeof *s->word);
    if (!s->toks || !s->tags || !s->word || parse_state_init(&s->st, (int)n, a))
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) nlp_tok_init(m, forms[i], &s->toks[i]);
    tagger_tag(m, s->toks, n, s->tags + 1);
    tagger_fix_news(m, forms, n, s->tags + 1);
    for (size_t i = 0; given && i < n; i++) {
        int t = given_tag(m, &given[i]);
        if (t >= 0) s->tags[i + 1] = t;
    }
    s->tags[0] = (int)m->n_tags;
    s->word[0] = 0x7e7e7e7eULL;
    for (size_t i = 0; i < n; i++) s->word[i + 1] = s->toks[i].lower;
    return ORR_OK;
}

/* The words of a parsed sentence: tags, heads, relations, lemmas, features. */
static int finish_sentence(const orr_model *m, orr_arena *a, const tagged *s, orr_word **out, orr_error *err) {
    orr_word *words = orr_arena_alloc(a, (s->n + 1) * sizeof *words);
    if (!words) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n; i++) {
        orr_word *w = &words[i];
        uint32_t t = (uint32_t)s->tags[i + 1];
        w->form = s->forms[i];
        w->upos = nlp_str(m, m->tags[t].upos);
        w->xpos = nlp_str(m, m->tags[t].xpos);
        w->head = s->st.head[i + 1];
        w->deprel = nlp_str(m, m->labels[s->st.label[i + 1]]);
        w->misc = "_";
        word_lemma_feats(m, a, w, t);
    }
    add_voice(m, a, words, s->st.label, s->n);
    *out = words;
    return ORR_OK;
}

int orr_model_parse_tagged(const orr_model *m, orr_arena *a, const char *const *forms,
                           const orr_word *given, size_t n, int beam, orr_word **out, orr_error *err) {
    *out = NULL;
    if (beam < 0 || beam > 256) return orr_error_set(err, ORR_EUSAGE, "beam %d is not in 0..256", beam);
    tagged s;
    int rc = tag_sentence(m, a, forms, given, n, &s, err);
    if (rc) return rc;
    int k = beam > 0 ? beam : (int)m->beam;
    if (m->has_bi) {
        if (nlp_bi_parse(m, s.toks, s.tags + 1, n, s.st.head, s.st.label))
            return orr_error_set(err, ORR_ENOMEM, "out of memory");
    } else if (k > 1 && n <= BEAM_MAX_WORDS) {
        if (beam_parse(m, k, &s.st, s.word, s.tags, a)) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    } else
        parser_parse(m, &s.st, s.word, s.tags);
    return finish_sentence(m, a, &s, out, err);
}

/* A model with the biaffine parser runs the batch's sentences through its
** networks together (biinfer.c); any other parses them one by one. */
int orr_model_parse_batch(const orr_model *m, orr_arena *a, size_t n_sentences, const char *const *const *forms,
                          const orr_word *const *given, const size_t *n_words, orr_word **out, orr_error *err) {
    if (!m->has_bi) {
        for (size_t i = 0; i < n_sentences; i++) {
            int rc = orr_model_parse_tagged(m, a, forms[i], given ? given[i] : NULL, n_words[i], 0, &out[i], err);
            if (rc) return rc;
        }
        return ORR_OK;
    }
    tagged *s = orr_arena_alloc(a, (n_sentences + 1) * sizeof *s);
    const nlp_tok **toks = orr_arena_alloc(a, (n_sentences + 1) * sizeof *toks);
    const int **tags = orr_arena_alloc(a, (n_sentences + 1) * sizeof *tags);
    int **head = orr_arena_alloc(a, (n_sentences + 1) * sizeof *head);
    int **label = orr_arena_alloc(a, (n_sentences + 1) * sizeof *label);
    if (!s || !toks || !tags || !head || !label) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    for (size_t i = 0; i < n_sentences; i++) {
        out[i] = NULL;
        int rc = tag_sentence(m, a, forms[i], given ? given[i] : NULL, n_words[i], &s[i], err);
        if (rc) return rc;
        toks[i] = s[i].toks, tags[i] = s[i].tags + 1, head[i] = s[i].st.head, label[i] = s[i].st.label;
    }
    if (nlp_bi_parse_batch(m, a, n_sentences, toks, tags, n_words, head, label))
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    for (size_t i = 0; i < n_sentences; i++) {
        int rc = finish_sentence(m, a, &s[i], &out[i], err);
        if (rc) return rc;
    }
    return ORR_OK;
}
