/*
** tagger.c — part-of-speech tagging: a greedy left-to-right averaged
** perceptron, followed two words behind by a second pass that corrects it
** with the first pass's tags of the words to the right, over joint UPOS+XPOS
** classes ("VERB|VBD", "AUX|VBD", ...), so
** the UD and PTB tags never disagree and the lossy PTB->UD mapping (AUX vs
** VERB, SCONJ vs ADP, PRON vs DET) is learned instead of guessed.
**
** Every token is reduced once to a handful of 64-bit hashes (form, lower
** case, prefixes, suffixes, shape, ambiguity class = the set of tags the
** word had in training); features are hashes of a template id and those
** values, looked up in the model's flat weight table.
*/
#include "nlp.h"

#include <ctype.h>

enum { F_DIGIT = 1, F_HYPHEN = 2, F_UPPER1 = 4, F_ALLUPPER = 8, F_ALPHA = 16 };
#define NONE_TOKEN 0x5a5a5a5aULL

static size_t shape_of(const char *s, size_t n, char *out, size_t cap) {
    size_t k = 0;
    char last = 0;
    int run = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        char x = isupper(c) ? 'X' : islower(c) ? 'x' : isdigit(c) ? 'd' : c >= 0x80 ? 'u' : (char)c;
        if (x == last) {
            if (++run > 1) continue;
        } else
            run = 0;
        out[k++] = x;
        last = x;
    }
    return k;
}

static uint64_t wclass_amb(const orr_model *m, uint64_t key, int *best) {
    key = key ? key : 1;
    uint32_t i = (uint32_t)key & m->wclass_mask;
    while (m->wclass[i].key) {
        if (m->wclass[i].key == key) {
            *best = m->wclass[i].best_tag == UINT32_MAX ? -1 : (int)m->wclass[i].best_tag;
            return m->wclass[i].amb;
        }
        i = (i + 1) & m->wclass_mask;
    }
    *best = -1;
    return 0;
}

void nlp_tok_init(const orr_model *m, const char *form, nlp_tok *t) {
    size_t n = strlen(form);
    char low[64], shape[16];
    size_t ln = n < sizeof low ? n : sizeof low;
    uint32_t flags = 0;
    int n_upper = 0, n_alpha = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)form[i];
        if (isdigit(c)) flags |= F_DIGIT;
        if (c == '-') flags |= F_HYPHEN;
        if (isalpha(c)) n_alpha++;
        if (isupper(c)) n_upper++;
        if (i < ln) low[i] = (char)tolower(c);
    }
    if (n && isupper((unsigned char)form[0])) flags |= F_UPPER1;
    if (n_alpha && n_upper == n_alpha) flags |= F_ALLUPPER;
    if (n_alpha) flags |= F_ALPHA;
    t->flags = flags;
    t->form = nlp_hash_str(form, n);
    t->lower = nlp_hash_str(low, ln);
    for (int k = 0; k < 4; k++) t->pre[k] = nlp_hash_str(low, ln < (size_t)k + 1 ? ln : (size_t)k + 1);
    for (int k = 0; k < 5; k++) {
        size_t s = ln < (size_t)k + 1 ? ln : (size_t)k + 1;
        t->suf[k] = nlp_hash_str(low + ln - s, s);
    }
    t->shape = nlp_hash_str(shape, shape_of(form, n, shape, sizeof shape));
    t->amb = 0;
    t->best_tag = -1;
    if (m) {
        t->amb = wclass_amb(m, t->form, &t->best_tag);
        if (!t->amb) t->amb = wclass_amb(m, t->lower ^ 0x77, &t->best_tag);
    }
}

/* Template ids (numbers only matter for hashing; keep them stable).
** The features of the word and its neighbours come first, those of the
** first pass's tags of words i-1 and i-2 (prev1, prev2; -1: none) after
** them, so that the tagger can look up the word features of the next word
** before it knows this one's tag (tagger_tag). */
size_t tagger_features_words(const nlp_tok *tk, size_t n, size_t i, uint64_t *f) {
    const nlp_tok *w = &tk[i];
    const nlp_tok *p1 = i >= 1 ? &tk[i - 1] : NULL, *p2 = i >= 2 ? &tk[i - 2] : NULL;
    const nlp_tok *n1 = i + 1 < n ? &tk[i + 1] : NULL, *n2 = i + 2 < n ? &tk[i + 2] : NULL;
    uint64_t l_p1 = p1 ? p1->lower : NONE_TOKEN, l_p2 = p2 ? p2->lower : NONE_TOKEN;
    uint64_t l_n1 = n1 ? n1->lower : NONE_TOKEN, l_n2 = n2 ? n2->lower : NONE_TOKEN;
    uint64_t a_p1 = p1 ? p1->amb : NONE_TOKEN, a_n1 = n1 ? n1->amb : NONE_TOKEN;
    uint64_t a_n2 = n2 ? n2->amb : NONE_TOKEN;
    size_t k = 0;
    f[k++] = nlp_h1(1, 0);
    f[k++] = nlp_h1(2, w->form);
    f[k++] = nlp_h1(3, w->lower);
    for (int j = 0; j < 4; j++) f[k++] = nlp_h1(4 + (uint64_t)j, w->suf[j]);
    for (int j = 0; j < 3; j++) f[k++] = nlp_h1(8 + (uint64_t)j, w->pre[j]);
    f[k++] = nlp_h1(11, w->shape);
    f[k++] = nlp_h1(12, w->amb);
    f[k++] = nlp_h1(17, l_p1);
    f[k++] = nlp_h1(18, l_p2);
    f[k++] = nlp_h1(19, l_n1);
    f[k++] = nlp_h1(20, l_n2);
    f[k++] = nlp_h1(21, p1 ? p1->suf[2] : NONE_TOKEN);
    f[k++] = nlp_h1(22, n1 ? n1->suf[2] : NONE_TOKEN);
    f[k++] = nlp_h1(23, a_n1);
    f[k++] = nlp_h1(24, a_p1);
    f[k++] = nlp_h2(25, a_n1, a_n2);
    f[k++] = nlp_h2(26, l_p1, w->lower);
    f[k++] = nlp_h2(27, w->lower, l_n1);
    f[k++] = nlp_h2(29, w->amb, a_n1);
    f[k++] = nlp_h2(30, w->flags, i == 0);
    f[k++] = nlp_h2(31, w->shape, i == 0);
    f[k++] = nlp_h1(34, n1 ? n1->shape : NONE_TOKEN);
    f[k++] = nlp_h2(35, w->suf[1], l_n1);
    f[k++] = nlp_h2(39, a_p1, w->amb);
    f[k++] = nlp_h3(40, l_p1, w->lower, l_n1);
    f[k++] = nlp_h2(41, w->amb, w->flags);
    f[k++] = nlp_h2(42, w->suf[2], n1 ? n1->suf[2] : NONE_TOKEN);
    f[k++] = nlp_h2(43, p1 ? p1->suf[2] : NONE_TOKEN, w->suf[2]);
    f[k++] = nlp_h1(44, w->suf[4]);
    f[k++] = nlp_h1(45, w->pre[3]);
    return k;
}

size_t tagger_features_tags(const nlp_tok *tk, size_t n, size_t i, int prev1, int prev2, uint64_t *f) {
    const nlp_tok *w = &tk[i], *n1 = i + 1 < n ? &tk[i + 1] : NULL;
    uint64_t t1 = (uint64_t)(prev1 + 2), t2 = (uint64_t)(prev2 + 2);
    uint64_t l_n1 = n1 ? n1->lower : NONE_TOKEN, a_n1 = n1 ? n1->amb : NONE_TOKEN;
    size_t k = 0;
    f[k++] = nlp_h1(13, t1);
    f[k++] = nlp_h2(14, t1, t2);
    f[k++] = nlp_h2(15, t1, w->lower);
    f[k++] = nlp_h2(16, t1, w->suf[2]);
    f[k++] = nlp_h2(28, t1, w->amb);
    f[k++] = nlp_h2(32, t1, l_n1);
    f[k++] = nlp_h3(33, t1, w->amb, a_n1);
    f[k++] = nlp_h1(36, t2);
    f[k++] = nlp_h2(37, t2, w->lower);
    f[k++] = nlp_h2(38, t1, w->suf[3]);
    return k;
}

size_t tagger_features(const nlp_tok *tk, size_t n, size_t i, int prev1, int prev2, uint64_t *f) {
    size_t k = tagger_features_words(tk, n, i, f);
    return k + tagger_features_tags(tk, n, i, prev1, prev2, f + k);
}

/* Second-pass features of word i: the final tags of words i-1, i-2 (left1,
** left2), the first pass's tags of i, i+1, i+2 (first0, right1, right2;
** -1: none).  They correct the first pass's scores, which saw no tags to
** the right. */
size_t tagger_features2(const nlp_tok *tk, size_t n, size_t i, int left1, int left2, int first0,
                        int right1, int right2, uint64_t *f) {
    const nlp_tok *w = &tk[i];
    uint64_t b1 = (uint64_t)(left1 + 2), b2 = (uint64_t)(left2 + 2), a0 = (uint64_t)(first0 + 2);
    uint64_t r1 = (uint64_t)(right1 + 2), r2 = (uint64_t)(right2 + 2);
    uint64_t l_n1 = i + 1 < n ? tk[i + 1].lower : NONE_TOKEN;
    size_t k = 0;
    f[k++] = nlp_h1(60, r1);
    f[k++] = nlp_h2(61, r1, r2);
    f[k++] = nlp_h2(62, r1, w->lower);
    f[k++] = nlp_h2(63, b1, r1);
    f[k++] = nlp_h2(64, r1, w->suf[2]);
    f[k++] = nlp_h2(65, r1, l_n1);
    f[k++] = nlp_h2(66, a0, r1);
    f[k++] = nlp_h3(67, b1, r1, w->amb);
    f[k++] = nlp_h3(68, b2, b1, r1);
    f[k++] = nlp_h3(69, r1, r2, w->lower);
    f[k++] = nlp_h3(70, b1, a0, r1);
    f[k++] = nlp_h2(71, r1, w->shape);
    f[k++] = nlp_h2(72, r2, w->lower);
    return k;
}

static int tagger_argmax(const int32_t *scores, uint32_t n_tags) {
    int best = 0;
    for (uint32_t c = 1; c < n_tags; c++)
        if (scores[c] > scores[best]) best = (int)c;
    return best;
}

/* First-pass scores of word j into scores[]; returns the best tag.
** feats holds word j's word features (nw of them); its tag features are
** appended. */
static int tagger_score(const orr_model *m, const nlp_tok *toks, size_t n, size_t j, int p1, int p2,
                        uint64_t *feats, size_t nw, int32_t *scores) {
    size_t nf = nw + tagger_features_tags(toks, n, j, p1, p2, feats + nw);
    memset(scores, 0, nlp_pad(m->n_tags) * sizeof *scores);
    nlp_wt_score(&m->tagger, feats, nf, scores);
    return tagger_argmax(scores, m->n_tags);
}

/*
** Two passes, interleaved: the first tags left to right from the left
** context only and keeps its scores; the second, two words behind, adds to
** word i's first-pass scores the weights of features that see the
** first pass's tags of words i+1 and i+2.  Only the scores of the last
** three words and the first-pass tags of the last four are kept (rings),
** so tagging needs no memory beyond the stack.  Frequent words that had
** one tag in training (the tag dictionary) are not scored at all.
*/
void tagger_tag(const orr_model *m, const nlp_tok *toks, size_t n, int *tags) {
    uint64_t feats[TAG_MAX_FEATS], wfeats[2][TAG_MAX_FEATS];
    size_t nw[2] = {0, 0};
    int32_t ring[3][NLP_MAX_CLASSES], scores[NLP_MAX_CLASSES];
    int first[4];
    size_t pad = nlp_pad(m->n_tags);
    if (n && toks[0].best_tag < 0) nw[0] = tagger_features_words(toks, n, 0, wfeats[0]);
    for (size_t j = 0; j < n + 2; j++) {
        /* The next word's word features, looked up while this one is
        ** scored: their buckets arrive in cache in the meantime. */
        if (j + 1 < n && toks[j + 1].best_tag < 0) {
            nw[(j + 1) & 1] = tagger_features_words(toks, n, j + 1, wfeats[(j + 1) & 1]);
            nlp_wt_prefetch(&m->tagger, wfeats[(j + 1) & 1], nw[(j + 1) & 1]);
        }
        if (j < n) {
            int p1 = j >= 1 ? first[(j - 1) & 3] : -1, p2 = j >= 2 ? first[(j - 2) & 3] : -1;
            first[j & 3] = toks[j].best_tag >= 0
                               ? toks[j].best_tag
                               : tagger_score(m, toks, n, j, p1, p2, wfeats[j & 1], nw[j & 1], ring[j % 3]);
        }
        if (j < 2) continue;
        size_t i = j - 2;
        if (toks[i].best_tag >= 0) {
            tags[i] = toks[i].best_tag;
            continue;
        }
        memcpy(scores, ring[i % 3], pad * sizeof *scores);
        size_t nf = tagger_features2(toks, n, i, i >= 1 ? tags[i - 1] : -1, i >= 2 ? tags[i - 2] : -1,
                                     first[i & 3], i + 1 < n ? first[(i + 1) & 3] : -1,
                                     i + 2 < n ? first[(i + 2) & 3] : -1, feats);
        nlp_wt_score(&m->tagger, feats, nf, scores);
        tags[i] = tagger_argmax(scores, m->n_tags);
    }
}
