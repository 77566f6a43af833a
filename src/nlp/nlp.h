/*
** nlp.h — internals of the tagger and parser shared by the src/nlp files:
** feature hashing, the read-only weight tables of a loaded model, the
** growable averaged-perceptron tables used while training, the model
** file layout, and the per-sentence feature extractors.
*/
#ifndef ORR_NLP_H
#define ORR_NLP_H

#include "../util/util.h"
#include "biaffine.h"

#include <stdint.h>

#define NLP_MAGIC "ORRNLP\r\n"
#define NLP_VERSION 2
#define NLP_MAX_CLASSES 512

/* ---- hashing: every feature is a 64-bit hash of a template and values ---- */

static inline uint64_t nlp_fmix(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}
static inline uint64_t nlp_h1(uint64_t tmpl, uint64_t a) {
    return nlp_fmix(tmpl * 0x9e3779b97f4a7c15ULL + a);
}
static inline uint64_t nlp_h2(uint64_t tmpl, uint64_t a, uint64_t b) {
    return nlp_fmix((tmpl * 0x9e3779b97f4a7c15ULL + a) * 0xbf58476d1ce4e5b9ULL + b);
}
static inline uint64_t nlp_h3(uint64_t tmpl, uint64_t a, uint64_t b, uint64_t c) {
    return nlp_fmix(((tmpl * 0x9e3779b97f4a7c15ULL + a) * 0xbf58476d1ce4e5b9ULL + b) *
                        0x94d049bb133111ebULL + c);
}
uint64_t nlp_hash_str(const char *s, size_t n);

/* ---- read-only weight table (inside the mapped model file) ----
** Buckets of one cache line (64 bytes): 8 checks (high 32 bits of the
** feature hash | 1; 0 = empty) then their 8 refs.  A feature lives in
** bucket (hash & mask) or, when that is full, in the next ones; a lookup
** compares the 8 checks at once and stops at a bucket with an empty slot,
** so it nearly always reads one cache line.  A ref is one of:
**   NLP_REF_INLINE | cls << 16 | (uint16_t)w   the row's only weight;
**   NLP_REF_DENSE | offset / 64                 a dense row at that byte
**        offset of the row area: one weight of wbytes per class, zero-
**        padded to whole cache lines (nlp_dense_bytes);
**   n << 24 | offset / 4                        a sparse row of n (cls, w)
**        nlp_entry pairs, 2 <= n <= NLP_DENSE_MIN, within one cache line.
** Rows are in one area after the buckets, dense ones first.  The parser's weights are int8 (wbytes 1): after
** averaging, one scale for the table maps the largest weight to 127 and
** the sums of a state's features fit int16 (128 x 127), so a dense row is
** two cache lines, added 16 classes at a time; the tagger keeps int16
** (int8 costs it 0.06 UPOS on EWT test). */
#define NLP_BUCKET 8
#define NLP_REF_INLINE 0x80000000u
#define NLP_REF_DENSE 0x40000000u
#define NLP_DENSE_MIN 16
#define NLP_WT_MAX_FEATS 128
static inline uint32_t nlp_pad(uint32_t n_classes) { return (n_classes + 15) & ~15u; }
/* Bytes of a dense row: whole cache lines. */
static inline uint32_t nlp_dense_bytes(uint32_t n_classes, uint32_t wbytes) {
    return (nlp_pad(n_classes) * wbytes + 63) & ~63u;
}
typedef struct nlp_entry {
    uint16_t cls;
    int16_t w;
} nlp_entry;
typedef struct nlp_wtable {
    const uint32_t *buckets;    /* 16 words each: checks[8], refs[8] */
    const char *rows;
    uint32_t mask, rows_len, n_classes, wbytes;
} nlp_wtable;

/* scores[c] += the weights of class c of every feature found (at most
** NLP_WT_MAX_FEATS features are used). */
void nlp_wt_score(const nlp_wtable *t, const uint64_t *feats, size_t n, int32_t *scores);
/* Start loading the buckets of features about to be scored. */
void nlp_wt_prefetch(const nlp_wtable *t, const uint64_t *feats, size_t n);

/* ---- training-time averaged perceptron ---- */
typedef struct pw_entry {
    uint16_t cls;
    uint32_t ts;  /* update count when w last changed */
    float w;
    double total; /* sum of w over time, up to ts */
} pw_entry;
typedef struct pw_row {
    uint32_t n, cap, hits;  /* hits: updates that touched the row */
    pw_entry *e;
} pw_row;
typedef struct pw_table {
    uint64_t *keys;   /* 0 = empty */
    uint32_t *rowid;
    size_t n_slots, n_rows, cap_rows;
    pw_row *rows;
    int n_classes;
    uint32_t now;     /* number of updates (instances seen) */
    uint32_t wbytes;  /* exported weight width: 2 (pw_init), or 1 (int8) */
} pw_table;

int pw_init(pw_table *t, int n_classes);
void pw_free(pw_table *t);
void pw_score(const pw_table *t, const uint64_t *feats, size_t n, float *scores);
int pw_update(pw_table *t, const uint64_t *feats, size_t n, int truth, int guess);
/* Structured updates (global training, train_beam.c): add delta to class
** cls of every feature without ticking the clock, and tick it once per
** training instance (a sentence) with pw_tick. */
int pw_add_feats(pw_table *t, const uint64_t *feats, size_t n, int cls, float delta);
static inline void pw_tick(pw_table *t) { t->now++; }
/* Averaged weights as a file section (wtable layout, t->wbytes wide),
** leaving out rows updated fewer than min_hits times (rare features). */
int pw_export(const pw_table *t, uint32_t min_hits, orr_buf *out);

/* ---- the model ---- */
typedef struct nlp_tag {
    uint32_t upos, xpos, feats;  /* string offsets; feats: most common for the tag */
} nlp_tag;
typedef struct nlp_lex {        /* (form, tag) -> lemma, feats */
    uint64_t key;                /* nlp_lex_key(form, tag); 0 = empty */
    uint32_t lemma, feats;
} nlp_lex;
typedef struct nlp_word_class { /* form -> ambiguity class (tag set hash) */
    uint64_t key;
    uint32_t amb, best_tag;
} nlp_word_class;
typedef struct nlp_bi_word {   /* lowercased form hash -> biaffine vocabulary id */
    uint64_t key;
    uint32_t id, count;
} nlp_bi_word;
/* One network of the biaffine parser and its vocabulary.  A model may hold
** up to BI_MAX_NETS of them (an ensemble, `orrery parse --combine`): they
** share the model's tagger, and their arc and label log-probabilities are
** summed before decoding. */
#define BI_MAX_NETS 4
typedef struct nlp_bi_parser {
    bi_net net;
    const nlp_bi_word *vocab;
    uint32_t vocab_mask;
} nlp_bi_parser;
typedef struct nlp_rule {       /* (tag, suffix) -> strip n bytes, add string */
    uint64_t key;
    uint32_t strip, add;
} nlp_rule;

struct orr_model {
    void *map;                  /* mmap'd or malloc'd file */
    size_t map_len;
    int mapped;
    const char *strings;
    uint32_t strings_len;
    const nlp_tag *tags;
    uint32_t n_tags;
    const uint32_t *labels;     /* string offsets */
    uint32_t n_labels;
    nlp_wtable tagger, parser;
    const nlp_lex *lex;
    uint32_t lex_mask;
    const nlp_word_class *wclass;
    uint32_t wclass_mask;
    const nlp_rule *rules;
    uint32_t rules_mask;
    uint32_t label_punct, label_root, label_auxpass, label_nsubjpass;
    uint32_t beam;              /* beam width it was trained with; 1 = greedy */
    int has_bi;                 /* networks of the optional biaffine parser (SEC_BI_*): 0..BI_MAX_NETS */
    nlp_bi_parser bi[BI_MAX_NETS];
    char info[256];
};

static inline const char *nlp_str(const orr_model *m, uint32_t off) { return m->strings + off; }
uint64_t nlp_lex_key(const char *form, size_t n, uint32_t tag);
uint64_t nlp_rule_key(uint32_t tag, const char *suffix, size_t n);

/* Section ids in the file. */
enum {
    SEC_STRINGS = 1, SEC_TAGS, SEC_LABELS, SEC_TAGGER, SEC_PARSER, SEC_LEX,
    SEC_WCLASS, SEC_RULES, SEC_INFO, SEC_COUNT_,
    /* Optional sections (a loader that does not know one skips it, so
    ** older builds still read newer files): */
    SEC_BEAM = 32,  /* u32 beam width the parser was trained with (absent: 1) */
    /* The BiLSTM + biaffine parser (biaffine.h): all three or none; with
    ** them it parses instead of the transition parser. */
    SEC_BI_DIMS = 33,     /* bi_dims */
    SEC_BI_VOCAB = 34,    /* hash section of nlp_bi_word */
    SEC_BI_WEIGHTS = 35,  /* float32 x bi_layout.n_params */
    /* network k of an ensemble: the same three at SEC_BI_DIMS + 3k */
    SEC_BI_LAST = SEC_BI_WEIGHTS + 3 * (BI_MAX_NETS - 1)
};

/* Assemble a model file from sections (bytes malloc'd into *out). */
typedef struct nlp_section {
    uint32_t id;
    const void *data;
    size_t size;
} nlp_section;
int nlp_model_write(const nlp_section *secs, size_t n, char **out, size_t *out_len);
/* Write a model file whole or not at all (a temporary file renamed). */
int nlp_model_save(const char *path, const char *bytes, size_t len, orr_error *err);
/* The sections of a loaded model, in file order (views into its bytes). */
size_t nlp_model_sections(const orr_model *m, nlp_section *out, size_t cap);

/* ---- per-sentence token features (shared by tagger and parser) ---- */
typedef struct nlp_tok {
    uint64_t form, lower, shape, pre[4], suf[5], amb;
    uint32_t flags;
    int best_tag;   /* unambiguous frequent word: its tag, else -1 */
} nlp_tok;
void nlp_tok_init(const orr_model *m, const char *form, nlp_tok *t);

/* Tagger: first-pass features of word i given the first pass's tags of
** words i-1 and i-2, and second-pass features (tagger.c). */
#define TAG_MAX_FEATS 64
size_t tagger_features(const nlp_tok *toks, size_t n, size_t i, int prev1, int prev2,
                       uint64_t *feats);
/* Its two parts: the features of the words only, then those of the tags. */
size_t tagger_features_words(const nlp_tok *toks, size_t n, size_t i, uint64_t *feats);
size_t tagger_features_tags(const nlp_tok *toks, size_t n, size_t i, int prev1, int prev2,
                            uint64_t *feats);
size_t tagger_features2(const nlp_tok *toks, size_t n, size_t i, int left1, int left2, int first0,
                        int right1, int right2, uint64_t *feats);
/* Tag n words with a loaded model. */
void tagger_tag(const orr_model *m, const nlp_tok *toks, size_t n, int *tags);
/* News prose: a participle where only a past-tense verb fits becomes that
** verb ("Russia attacked Ukraine"; retag.c). */
void tagger_fix_news(const orr_model *m, const char *const *forms, size_t n, int *tags);

/* Parser state and features (parser.c). */
#define PARSE_MAX_FEATS 128
typedef struct parse_state {
    int n;              /* words 1..n; 0 is the root */
    int *stack, n_stack;
    int b;              /* buffer front: words b..n */
    int *head, *label;
    int *lc1, *lc2, *rc1, *rc2;  /* leftmost/rightmost two children, 0 = none */
    int *nl, *nr;       /* number of left/right children */
    uint64_t *lset, *rset;  /* label sets (bit l & 63) of left/right children */
} parse_state;

int parse_state_init(parse_state *s, int n, orr_arena *arena);
/* Its parts: the bytes of a state's arrays, laying a state over such a
** block, and setting a bound state to the start (root on the stack). */
size_t parse_state_bytes(int n);
void parse_state_bind(parse_state *s, char *block, int n);
void parse_state_start(parse_state *s);
/* Unlabeled cost of shift/left/right for the gold tree (dynamic oracle). */
void parser_costs(const parse_state *s, const int *gold_head, int costs[3]);
size_t parser_features(const parse_state *s, const uint64_t *word, const int *tag,
                       uint64_t *feats);
/* word[0..n], tag[0..n]: index 0 is the root. */
/* Transition classes: 0 shift, 1 + 2l left-l, 2 + 2l right-l. */
int parser_allowed(const parse_state *s, int cls, int label_root);
void parser_apply(parse_state *s, int cls);
static inline int parser_done(const parse_state *s) {
    return s->b > s->n && s->n_stack == 1;
}
/* Parse n words (tags given) with a loaded model. */
void parser_parse(const orr_model *m, parse_state *s, const uint64_t *word, const int *tag);

/* ---- beam search (beam.c) ----
** A beam of up to k parser states, advanced one transition at a time;
** every item takes the same number of steps (2n), so all finish together.
** The scorer fills scores[0..n_classes) for one state's features; the
** item's score is the sum of its transitions' scores.  hist keeps, per
** step, each item's parent (index in the previous beam) and class, so any
** item's transition sequence can be read back (beam_history). */
typedef void beam_score_fn(void *ctx, const uint64_t *feats, size_t n, double *scores);
typedef struct beam_item {
    parse_state st;
    double score;
} beam_item;
typedef struct beam {
    int k, n_classes, label_root, size, steps;
    beam_item *cur, *next;
    int *parent, *cls;          /* [step * k + item], steps 0..2n-1 */
    size_t block;               /* bytes of one state's arrays */
    double *scores;             /* n_classes: one state's class scores */
    double *top_score;          /* k: the expansions kept by a step */
    int *top_item, *top_cls;
} beam;
/* Beams longer than this parse greedily (a step copies whole states). */
#define BEAM_MAX_WORDS 1000
int beam_init(beam *b, int n, int k, int n_classes, int label_root, orr_arena *a);
/* One transition for every item: the best k expansions (item score + class
** score over allowed classes; ties: lowest class, then lowest item), best
** first. */
void beam_step(beam *b, const uint64_t *word, const int *tag, beam_score_fn *score, void *ctx);
/* The classes item i of the beam had after `steps` steps (its first
** `steps` transitions) into cls[0..steps). */
void beam_history(const beam *b, int steps, int i, int *cls);
/* Parse n words with a loaded model and a beam of k (k >= 1); the best
** final state's arcs (head, label) are copied into s. */
int beam_parse(const orr_model *m, int k, parse_state *s, const uint64_t *word, const int *tag,
               orr_arena *a);

/* ---- the biaffine parser on a tagged sentence (biparse.c) ---- */
/* Vocabulary id of a lowercased form's hash (BI_WORD_UNK if unknown). */
/* Drop the networks' bf16 copies (bi_pack): products in float again, for
** the scores and targets that training decides by. */
void nlp_model_unpack(orr_model *m);
uint32_t nlp_bi_word_id(const nlp_bi_parser *p, uint64_t lower);
/* 1 when two models have the same tagger, tag set and relations byte for
** byte, so that their networks read the same tags (combine.c). */
int nlp_model_same_tagging(const orr_model *a, const orr_model *b);
/* Heads and labels (1-based, [0] unused) of n tagged words; sentences
** longer than BI_CHUNK are parsed in pieces joined under the first. */
int nlp_bi_parse(const orr_model *m, const nlp_tok *toks, const int *tags, size_t n, int *head,
                 int *label);
/* Sentences [0, B) at once (biinfer.c's batch; activations from arena a);
** those longer than BI_CHUNK words are parsed alone as nlp_bi_parse does. */
int nlp_bi_parse_batch(const orr_model *m, orr_arena *a, size_t B, const nlp_tok *const *toks,
                       const int *const *tags, const size_t *n, int *const *head, int *const *label);

#endif
