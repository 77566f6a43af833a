/*
** train.h — what the training files share: the training context (the
** treebank, inventories and lexical tables being built), the seeded
** generator, and the helpers that assemble, evaluate and write a model.
** Internal to src/nlp.
*/
#ifndef ORR_NLP_TRAIN_H
#define ORR_NLP_TRAIN_H

#include "nlp.h"

typedef struct rng { uint64_t s; } rng;
uint64_t train_rng_next(rng *r);
double train_rng_unit(rng *r);
/* v = a random permutation of 0..n-1 */
void train_shuffle(rng *r, size_t *v, size_t n);

/* Interned strings: the model's string section. */
typedef struct strtab {
    orr_buf bytes;
    uint64_t *keys;
    uint32_t *offs;
    size_t n_slots, n;
} strtab;

/* A hash section being built: u32 n, u32 0, records keyed by their first u64. */
typedef struct hsec {
    char *data;
    size_t size, rec_size;
    uint32_t mask;
} hsec;

typedef struct trainer {
    const orr_train_opts *o;
    orr_error *err;
    orr_arena *arena;
    orr_conllu_sentence *train, *dev;
    size_t n_train, n_dev;
    strtab str;
    uint32_t n_tags, n_labels;
    nlp_tag tags[NLP_MAX_CLASSES];
    uint32_t labels[NLP_MAX_CLASSES];
    int **gold_tag, **gold_label;  /* per train sentence */
    int **pred_tag;                /* jackknifed tags the parser trains on */
    nlp_tok **toks;
    hsec lex, wclass, rules;
    orr_buf info;
    rng rng;
    /* The biaffine parser's sections when there is one (train_biaffine.c):
    ** dims, vocabulary, weights; bi_best owns them. */
    const void *bi_sec[3];
    size_t bi_size[3];
    char *bi_best;
    uint32_t bi_lstm;
} trainer;

void train_say(trainer *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Build a model in memory from the lexical tables and two weight tables. */
int train_load_assembled(trainer *t, const orr_buf *tagger, const orr_buf *parser, orr_model **m);
/* Dev-set UPOS and LAS (percent) of a model. */
void train_evaluate(const orr_model *m, const orr_conllu_sentence *s, size_t n, double *upos,
                    double *las);
/* The same with UAS too. */
void train_evaluate_uas(const orr_model *m, const orr_conllu_sentence *s, size_t n, double *upos,
                        double *uas, double *las);
/* The two: dev UPOS and LAS of the model made of these weight tables. */
int train_score(trainer *t, const orr_buf *tagger, const orr_buf *parser, double *upos, double *las);
int train_write_model(trainer *t, const orr_buf *tagger, const orr_buf *parser, double upos,
                      double las);
/* An epoch's parser table w: if its dev LAS beats *best it becomes
** *parser and the model file is written; otherwise it is freed. */
int train_keep_parser(trainer *t, const orr_buf *tagger, orr_buf *parser, orr_buf *w, double upos,
                      double las, double *best);

int train_tagger_best(trainer *t, orr_buf *tagger);              /* train_tagger.c */
/* --tag-cache (train_tagcache.c); *found says whether there was one. */
int train_tagcache_read(trainer *t, orr_buf *tagger, int *found);
int train_tagcache_write(trainer *t, const orr_buf *tagger);
int train_parser_best(trainer *t, const orr_buf *tagger, orr_buf *parser); /* train_parser.c */
/* The labeled cost of class cls given the unlabeled costs c3 (train_parser.c). */
int train_class_cost(const parse_state *st, const int *gold_head, const int *gold_label,
                     const int c3[3], int cls);
/* Hash sections being built (train.c): n_items records at most. */
void hsec_init(hsec *h, size_t n_items, size_t rec_size);
void hsec_put(hsec *h, const void *rec_bytes);
/* The BiLSTM + biaffine parser (train_biaffine.c), when o->biaffine;
** *parser becomes an empty transition-parser table. */
int train_biaffine_best(trainer *t, const orr_buf *tagger, orr_buf *parser);
/* Distillation (distill.c), when o->teacher_path: the teacher's soft
** targets per train sentence (T = words + 1): arc[s] T x T, label[s]
** T x n_labels (biaffine.h's bi_soft), in t->arena.  head: the gold heads
** the student trains on. */
typedef struct distill_set {
    float alpha;
    float **arc, **label;
} distill_set;
int train_distill_prepare(trainer *t, const orr_buf *tagger, const orr_buf *parser, int *const *head,
                          distill_set *ds);
/* Beam search with global training (train_beam.c), when o->beam > 1. */
int train_beam_best(trainer *t, const orr_buf *tagger, orr_buf *parser);

#endif
