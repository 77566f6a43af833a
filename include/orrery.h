/*
** orrery.h — the whole public interface of liborrery.
**
** orrery reads news (HTML, text, JSON lines, PETRARCH records, event files),
** splits it into sentences, parses it, codes CAMEO events with their evidence,
** stores them (SQLite or PostgreSQL) and models the relations between actors.
** The CLI (src/cli) and the HTTP server (src/serve) are thin layers over the
** functions declared here.
**
** Conventions (after SQLite and Lua):
**   - every fallible call returns ORR_OK (0) or an ORR_E* code and fills the
**     caller's orr_error with a message naming the file, line or byte offset;
**   - nothing in the library prints; nothing in the library is global and
**     mutable, so independent handles may be used from different threads;
**   - create/free pairs; per-document memory lives in an arena freed at once.
**
** The header is grouped by pipeline stage.  Each stage owns one section.
*/
#ifndef ORRERY_H
#define ORRERY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ORR_VERSION "0.1.0"

/* ======================================================================
** Errors
** ==================================================================== */

enum {
    ORR_OK = 0,
    ORR_EIO = 1,       /* a file or stream could not be read or written   */
    ORR_EFORMAT = 2,   /* input is not what was expected                  */
    ORR_ENOMEM = 3,    /* out of memory                                   */
    ORR_EDB = 4,       /* the store failed                                */
    ORR_EUSAGE = 5,    /* bad argument from the caller                    */
    ORR_ENOTFOUND = 6, /* no such document, actor, file ...               */
    ORR_EINTERNAL = 7, /* a bug: an invariant did not hold                */
    ORR_ESTOP = 8      /* a callback asked to stop early                  */
};

typedef struct orr_error {
    int code;           /* ORR_OK when no error */
    char message[512];  /* "file:line: what was expected" */
} orr_error;

/* Fill *err (if not NULL) and return code.  printf-style message. */
int orr_error_set(orr_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void orr_error_clear(orr_error *err);
const char *orr_strerror(int code);

/* ======================================================================
** Memory: arenas for per-document allocations (src/util/arena.c)
** ==================================================================== */

typedef struct orr_arena orr_arena;

orr_arena *orr_arena_new(size_t first_block);
void orr_arena_free(orr_arena *arena);
void orr_arena_reset(orr_arena *arena);          /* keep the first block */
void *orr_arena_alloc(orr_arena *arena, size_t size);  /* 16-byte aligned */
char *orr_arena_strndup(orr_arena *arena, const char *s, size_t n);
char *orr_arena_strdup(orr_arena *arena, const char *s);

/* ======================================================================
** Ingest: documents from files (src/ingest)
** ==================================================================== */

typedef enum orr_format {
    ORR_FMT_AUTO = 0,      /* sniff the content                        */
    ORR_FMT_TEXT,          /* plain text, one document per file        */
    ORR_FMT_HTML,          /* one HTML page per file                   */
    ORR_FMT_JSONL,         /* {"id","date","url","title","text"|"html"} */
    ORR_FMT_PETRARCH_XML,  /* <Sentence date= id=><Text>...</Text>     */
    ORR_FMT_RSS            /* RSS 2.0 or Atom feed: one doc per item   */
} orr_format;

/* A byte span into orr_doc.text, with whether it is a heading. */
typedef struct orr_sentence {
    size_t start, end;     /* [start, end) byte offsets in doc->text */
    int is_heading;        /* section heading, kept but not a sentence */
} orr_sentence;

/* A token: a byte span into orr_doc.text. */
typedef struct orr_token {
    uint32_t start, end;
} orr_token;

/*
** One document.  All strings are NUL-terminated UTF-8 owned by doc->arena
** (NULL when unknown).  `text` is the clean article text: furniture removed,
** NFC-normalised, invalid UTF-8 replaced by U+FFFD.
*/
typedef struct orr_doc {
    orr_arena *arena;
    const char *origin;    /* "file.jsonl:12" — where the record came from */
    char *id;              /* the record's own id, if any */
    char *url, *title, *subtitle, *author, *lang, *source;
    char *date;            /* YYYY-MM-DD, or NULL */
    char *text;
    size_t text_len;
    orr_sentence *sentences;
    size_t n_sentences;
    size_t invalid_utf8;   /* bytes replaced while cleaning */
} orr_doc;

orr_doc *orr_doc_new(void);
void orr_doc_free(orr_doc *doc);
/* A copy with its own arena (a reader frees its documents after on_doc);
** NULL when out of memory. */
orr_doc *orr_doc_copy(const orr_doc *doc);

/* Return nonzero from a callback to stop reading (the reader returns ORR_ESTOP). */
typedef int (*orr_doc_fn)(void *ctx, orr_doc *doc);
/* A bad record: the reader reports it here and goes on with the next one. */
typedef void (*orr_warn_fn)(void *ctx, const orr_error *warning);

/*
** Read every document in `path` ("-" for stdin; gzip is detected).  Each
** document is passed to on_doc, already cleaned and split into sentences,
** and freed when on_doc returns.  Fatal errors (unreadable file) return
** non-zero; bad records go to on_warn and reading continues.
*/
int orr_read_docs(const char *path, orr_format format, orr_doc_fn on_doc,
                  orr_warn_fn on_warn, void *ctx, orr_error *err);

/* Same, from bytes in memory; `name` is used in messages. */
int orr_read_docs_mem(const char *name, const char *data, size_t len,
                      orr_format format, orr_doc_fn on_doc,
                      orr_warn_fn on_warn, void *ctx, orr_error *err);

/*
** Reading in parallel.  orr_read_split() cuts plain bytes (not gzip; see
** orr_read_docs_mem) into records that can be read independently: each
** non-blank line of JSON lines, the whole input for the other formats
** (AUTO is resolved by sniffing).  It only finds record boundaries, so it
** is cheap; orr_read_record() then reads one record exactly as
** orr_read_docs_mem would, and may run on any thread.  A record borrows
** data and name: they must outlive it.  orr_read_docs_mem is the two in turn.
*/
typedef struct orr_record {
    const char *name;      /* input name for messages */
    orr_format format;     /* never ORR_FMT_AUTO */
    const char *data;      /* the record's bytes (a line without its newline) */
    size_t len;
    size_t line;           /* 1-based line of data[0] in the input */
} orr_record;

typedef int (*orr_record_fn)(void *ctx, const orr_record *record);
int orr_read_split(const char *name, const char *data, size_t len, orr_format format,
                   orr_record_fn on_record, void *ctx, orr_error *err);
int orr_read_record(const orr_record *record, orr_doc_fn on_doc, orr_warn_fn on_warn,
                    void *ctx, orr_error *err);

orr_format orr_format_sniff(const char *data, size_t len);
int orr_format_parse(const char *name, orr_format *out);
const char *orr_format_name(orr_format format);

/* ---- ingest: HTML article extraction (src/ingest/html_*.c) ---- */

/*
** Extract the article of an HTML page into a new document (*out, free with
** orr_doc_free): doc->text is the article body, one paragraph or heading
** per line, site furniture removed, not yet cleaned or split (ingest does
** that); title, date (YYYY-MM-DD), author, lang and url are filled when the
** page tells them (meta tags, JSON-LD, <time>, the URL), NULL otherwise.
** Pages in other charsets are converted to UTF-8.  `name` is used in
** messages.  Fails only when out of memory.
*/
int orr_html_extract(const char *html, size_t len, const char *name,
                     orr_doc **out, orr_error *err);

/* ======================================================================
** Text: cleaning, sentences, tokens (src/text)
** ==================================================================== */

/*
** Validate UTF-8 (replacing invalid bytes with U+FFFD) and NFC-normalise.
** Returns a new arena string; *replaced counts the invalid bytes.
*/
int orr_text_clean(orr_arena *arena, const char *in, size_t len, char **out,
                   size_t *out_len, size_t *replaced, orr_error *err);

/*
** Plain-text pages: drop furniture, find title, subtitle, author, headings.
** Rewrites doc->text to the kept blocks (title, subtitle and byline are
** not repeated in it) and leaves the headings in doc->sentences for the
** splitter.  Text without any prose paragraph is left unchanged.
*/
int orr_text_page_layout(orr_doc *doc, orr_error *err);

/*
** Split doc->text into sentences (fills doc->sentences).  Spans already in
** doc->sentences on entry (headings found by the page layout, sorted, not
** overlapping) are kept as they are and the text between them is split.
*/
int orr_text_split_sentences(orr_doc *doc, orr_error *err);

/*
** Tokenise text[start,end) in the UD English (EWT) convention: clitics
** and punctuation split ("do" "n't", "Putin" "'s"), abbreviations and
** "U.S." kept, "30-day" kept.  Tokens are byte spans into text (syntactic
** words: a contraction gives two tokens).
*/
int orr_text_tokenize(orr_arena *arena, const char *text, size_t start,
                      size_t end, orr_token **tokens, size_t *n_tokens,
                      orr_error *err);

/*
** 1 if tok was cut from the same surface word as the token before it
** (prev), as "n't" from "don't" — a multiword token in UD terms.
*/
int orr_text_token_continues_word(const char *text, const orr_token *prev,
                                  const orr_token *tok);

/* ======================================================================
** NLP: tagger and dependency parser (src/nlp)
** ==================================================================== */

typedef struct orr_model orr_model;

/*
** One syntactic word of a parsed sentence.  Strings are NUL-terminated and
** borrowed: from the caller's input, the model (read-only) or the arena.
** head is the 1-based index of the head word, 0 for the root.
*/
typedef struct orr_word {
    const char *form, *lemma, *upos, *xpos, *feats, *deprel, *misc;
    int head;
} orr_word;

/* A multiword token of a CoNLL-U file ("1-2 don't"): words first..last. */
typedef struct orr_word_range {
    int first, last;
    const char *form, *misc;
} orr_word_range;

/* A sentence: its words (word i has CoNLL-U id i+1), ranges, comments. */
typedef struct orr_conllu_sentence {
    orr_word *words;
    size_t n_words;
    orr_word_range *ranges;
    size_t n_ranges;
    const char **comments;  /* "# text = ..." lines without "# " */
    size_t n_comments;
    size_t line;            /* line of the first word in the file */
} orr_conllu_sentence;

/*
** Read CoNLL-U bytes into sentences (all memory in arena).  Empty nodes
** (ids like 3.1) are skipped.  With require_tree, every word needs a valid
** head and deprel and the heads must form a tree; otherwise HEAD and DEPREL
** may be "_".  Errors name "name:line".
*/
int orr_conllu_read(orr_arena *arena, const char *name, const char *data, size_t len,
                    int require_tree, orr_conllu_sentence **sentences, size_t *n_sentences,
                    orr_error *err);

/* Load a model file (mmap'd, version and checksum verified) / free it. */
int orr_model_load(orr_model **model, const char *path, orr_error *err);
/* The same from bytes in memory (copied); `name` is used in messages. */
int orr_model_load_mem(orr_model **model, const char *name, const void *data, size_t len,
                       orr_error *err);
void orr_model_free(orr_model *model);
/* "orrery-nlp v1, N tags, N labels, trained on ..." */
const char *orr_model_info(const orr_model *model);

/*
** Tag, lemmatise and parse one sentence of n forms.  words[i].form is
** forms[i]; the other fields are filled.  Reentrant: the model is read-only
** and may be shared by threads; scratch and results live in arena.
*/
int orr_model_parse(const orr_model *model, orr_arena *arena, const char *const *forms,
                    size_t n, orr_word **words, orr_error *err);
/* The same with a beam of `beam` parser states (0: the beam the model was
** trained with, which orr_model_parse uses; 1: greedy). */
int orr_model_parse_beam(const orr_model *model, orr_arena *arena, const char *const *forms,
                         size_t n, int beam, orr_word **words, orr_error *err);
/* The same with tags given: where given[i] has a (UPOS, XPOS) pair the
** model knows, the parser sees it instead of the tagger's (to measure
** what tagging errors cost the parser: `orrery eval parse --gold-tags`). */
int orr_model_parse_tagged(const orr_model *model, orr_arena *arena, const char *const *forms,
                           const orr_word *given, size_t n, int beam, orr_word **words,
                           orr_error *err);
/* Several sentences at once: sentence i is forms[i] (n_words[i] forms;
** given[i] as in orr_model_parse_tagged, or given NULL), its words go to
** out[i].  The same results as one call per sentence; a model with the
** BiLSTM + biaffine parser runs the batch through its networks together,
** which is faster (a batch of 16-64 sentences is a good size). */
int orr_model_parse_batch(const orr_model *model, orr_arena *arena, size_t n_sentences,
                          const char *const *const *forms, const orr_word *const *given,
                          const size_t *n_words, orr_word **out, orr_error *err);
/* The beam width the model's parser was trained with (1: greedy). */
int orr_model_beam(const orr_model *model);

/* Training (`orrery parse --train`): deterministic for a given seed. */
typedef struct orr_train_opts {
    const char *train_path, *dev_path, *out_path;
    int tagger_epochs, parser_epochs;  /* maximum; the best on dev is kept */
    int max_sentences;                 /* 0: all; else the first N (tests) */
    int jackknife;                     /* folds for predicted training tags; 0: gold */
    int prune;                         /* keep parser features updated >= prune times */
    int tagger_prune;                  /* the same for the tagger */
    int beam;                          /* parser: 0 or 1 greedy; K > 1: a beam of K and
                                       ** global (max-violation) training */
    const char *tag_cache;             /* parser experiments: reuse (or save) the tagger
                                       ** and jackknifed tags of an identical earlier run */
    int biaffine;                      /* 1: the BiLSTM + biaffine parser instead */
    int bi_lstm;                       /* its LSTM units per direction (0: 128) */
    int bi_batch;                      /* its sentences per update (0: 32) */
    int bi_lr_decay;                   /* its learning rate falls linearly to a tenth over the run */
    const char *teacher_path;          /* biaffine: distil this model's networks (same tagger) */
    float distill;                     /* the teacher's share of each target (0: 0.5) */
    uint64_t seed;
    void (*progress)(void *ctx, const char *line);  /* may be NULL */
    void *progress_ctx;
} orr_train_opts;

int orr_model_train(const orr_train_opts *opts, orr_error *err);
/* An ensemble: the biaffine networks of 2..4 models trained with the same
** tagger (the same seed, tagger options and treebank), in one model file
** whose parser sums their arc and label log-probabilities. */
int orr_model_combine(const char *const *paths, size_t n, const char *out_path, orr_error *err);

/* ======================================================================
** Dictionaries (src/dict)
** ==================================================================== */

typedef struct orr_dict orr_dict;

/*
** Dictionaries come as text in the PETRARCH-2 (and TABARI) formats and are
** compiled into one binary file that is mapped read-only: versioned,
** CRC-checked, validated on open, and safe to share between threads (an
** orr_dict is immutable).  `make` builds data/dict/default.orrdict from the
** shipped text files; orr_dict_open(NULL) finds it through orr_data_path.
**
** Kinds of text file, chosen from the name unless given:
**   *.actors*  actors     *.metonyms*  actors used for a government
**   *agents*   agents     *verbs* | CAMEO*  verb blocks and patterns
**   *discards* discards   *issue*      issue phrases
*/
typedef enum orr_dict_kind {
    ORR_DICT_AUTO = 0,
    ORR_DICT_ACTORS,
    ORR_DICT_METONYMS,
    ORR_DICT_AGENTS,
    ORR_DICT_VERBS,
    ORR_DICT_DISCARDS,
    ORR_DICT_ISSUES
} orr_dict_kind;

/* A diagnostic from a reader or a check: severity 0 note, 1 warning, 2 error. */
typedef struct orr_dict_diag {
    const char *file;
    size_t line;
    int severity;
    const char *message;
} orr_dict_diag;
typedef void (*orr_dict_diag_fn)(void *ctx, const orr_dict_diag *diag);

/* Building: read text dictionaries, check them, write the binary. */
typedef struct orr_dict_builder orr_dict_builder;
orr_dict_builder *orr_dict_builder_new(orr_dict_diag_fn diag, void *ctx);
void orr_dict_builder_free(orr_dict_builder *b);
orr_dict_kind orr_dict_kind_of(const char *path);
/* Read one file (later files override earlier ones for the same phrase).
** Malformed lines are reported as errors to diag and skipped. */
int orr_dict_builder_add_file(orr_dict_builder *b, const char *path, orr_dict_kind kind,
                              orr_error *err);
int orr_dict_builder_add_mem(orr_dict_builder *b, const char *name, const char *data,
                             size_t len, orr_dict_kind kind, orr_error *err);
/* Cross-file checks (unknown agent codes, ...) reported to diag. */
void orr_dict_builder_check(orr_dict_builder *b);
/* Counts of diagnostics so far: [0] notes, [1] warnings, [2] errors. */
void orr_dict_builder_counts(const orr_dict_builder *b, size_t counts[3]);
/* The compiled dictionary as bytes (malloc'd) or written to a file. */
int orr_dict_builder_compile(orr_dict_builder *b, void **out, size_t *out_len, orr_error *err);
int orr_dict_builder_write(orr_dict_builder *b, const char *path, orr_error *err);

/* Loading.  path NULL: the default dictionary (orr_data_path "dict/default.orrdict"). */
int orr_dict_open(orr_dict **out, const char *path, orr_error *err);
/* Validate and use bytes the caller keeps alive until orr_dict_close. */
int orr_dict_open_mem(orr_dict **out, const void *data, size_t len, orr_error *err);
void orr_dict_close(orr_dict *d);

/* Dates are integers YYYYMMDD; 0 means "no date" (default codes apply). */
int32_t orr_dict_date(const char *yyyy_mm_dd);

/*
** Lookup over token sequences.  First map the tokens to dictionary word
** ids (case and diacritics folded, "'s" kept as a possessive marker,
** hyphenated tokens split), then scan for longest matches.
*/
typedef struct orr_dict_seq {
    uint32_t *ids;    /* dictionary word ids (UINT32_MAX: unknown word) */
    uint32_t *tok;    /* token index each id came from */
    size_t n, cap;
} orr_dict_seq;
/* Fill seq (arrays from arena) from tokens over text, or from token strings. */
int orr_dict_seq_tokens(const orr_dict *d, orr_arena *arena, const char *text,
                        const orr_token *tokens, size_t n_tokens, orr_dict_seq *seq);
int orr_dict_seq_strings(const orr_dict *d, orr_arena *arena, const char *const *tokens,
                         size_t n_tokens, orr_dict_seq *seq);

enum {  /* orr_dict_match.type */
    ORR_MATCH_ACTOR = 1,   /* a named actor (maybe composed with an agent) */
    ORR_MATCH_AGENT = 2,   /* an agent phrase alone ("the police") */
    ORR_MATCH_DISCARD = 3,
    ORR_MATCH_ISSUE = 4,
    ORR_MATCH_VERB = 5
};
enum {  /* orr_dict_match.flags */
    ORR_MATCH_METONYM = 1,     /* a place standing for its government */
    ORR_MATCH_POSSESSIVE = 2,  /* ended in 's (included in the span) */
    ORR_MATCH_COMPOSED = 4,    /* nationality/actor + agent ("Indian police") */
    ORR_MATCH_DEFAULT = 8,     /* no dated restriction applied: default code */
    ORR_MATCH_NOCODE = 16,     /* the entry has no code on that date */
    ORR_MATCH_AGENT_PREFIX = 32 /* agent code goes before the actor (NGO~) */
};
typedef struct orr_dict_match {
    size_t start, end;     /* token range [start, end) */
    int type, flags;
    uint32_t entry;        /* actor/agent/discard/issue/verb-form index */
    uint32_t agent;        /* composed agent index, UINT32_MAX if none */
    uint32_t restriction;  /* restriction index that applied, UINT32_MAX if none */
    uint32_t shadow;       /* for metonyms: the literal actor entry it overrides, or UINT32_MAX */
    char code[32];         /* code valid on the date ("RUSGOV"); "" if none */
} orr_dict_match;

/* Longest match of any of `types` (bit (1<<type)) starting at seq index i;
** returns 1 and fills *m, or 0.  Indices in *m are token indices. */
#define ORR_DICT_ACTORS_AGENTS ((1 << ORR_MATCH_ACTOR) | (1 << ORR_MATCH_AGENT))
int orr_dict_match_at(const orr_dict *d, const orr_dict_seq *seq, size_t i, int32_t date,
                      int types, orr_dict_match *m);
/* All non-overlapping longest matches left to right; returns how many
** were found (may exceed max: only max are stored). */
size_t orr_dict_scan(const orr_dict *d, const orr_dict_seq *seq, int32_t date, int types,
                     orr_dict_match *out, size_t max);
/* Human explanation of a match ("MARCO_RUBIO_ current.actors.txt:12:
** [USAGOV 20250121-] holds on 2025-02-18"). */
void orr_dict_explain(const orr_dict *d, const orr_dict_match *m, int32_t date, char *buf,
                      size_t size);

/* Entries, for the coder and the CLI. */
typedef struct orr_dict_actor_info {
    const char *phrase, *file, *default_code;  /* default_code NULL if none */
    size_t line, n_restrictions;
    int metonym;
} orr_dict_actor_info;
typedef struct orr_dict_restriction {
    const char *code;
    int32_t from, to;      /* inclusive YYYYMMDD; 0 / 99999999 when open */
    size_t line;
} orr_dict_restriction;
int orr_dict_actor(const orr_dict *d, uint32_t i, orr_dict_actor_info *out);
int orr_dict_actor_restriction(const orr_dict *d, uint32_t actor, size_t k,
                               orr_dict_restriction *out);
/* Code of an actor on a date (NULL if none); *restriction gets the index used. */
const char *orr_dict_actor_code(const orr_dict *d, uint32_t actor, int32_t date,
                                uint32_t *restriction);

typedef struct orr_dict_agent_info {
    const char *phrase, *code, *file;  /* code without ~: "GOV" */
    size_t line;
    int prefix;                        /* CODE~ form: goes before the actor */
} orr_dict_agent_info;
int orr_dict_agent(const orr_dict *d, uint32_t i, orr_dict_agent_info *out);

typedef struct orr_dict_discard_info {
    const char *phrase, *file;
    size_t line;
    int story;                         /* + form: discard the whole story */
} orr_dict_discard_info;
int orr_dict_discard(const orr_dict *d, uint32_t i, orr_dict_discard_info *out);

typedef struct orr_dict_issue_info {
    const char *phrase, *code, *category, *file;
    size_t line;
    int ignore;                        /* ~ phrase: cancels issue coding */
} orr_dict_issue_info;
int orr_dict_issue(const orr_dict *d, uint32_t i, orr_dict_issue_info *out);

/*
** Verbs: a verb form (matched with ORR_MATCH_VERB; entry = form index)
** belongs to a block; a block has patterns.  A pattern's text is kept as
** written after "- " with its code(s) split off; the coder parses it
** (words, {NOUN PHRASE}, (PREP NOUN), &SYNSET, * for the verb, and the
** TABARI markers $ source, + target, % compound, ^ skip).
*/
typedef struct orr_dict_verb_form {
    const char *form, *code;           /* code: the form's own or its block's */
    uint32_t block;
    size_t line;
} orr_dict_verb_form;
typedef struct orr_dict_verb_block {
    const char *name, *code, *file;
    size_t line, n_patterns, n_forms;
} orr_dict_verb_block;
typedef struct orr_dict_pattern {
    const char *text, *code, *code2;   /* "[042:043]": code "042", code2 "043" ("" if none) */
    const char *comment;
    size_t line;
} orr_dict_pattern;
int orr_dict_verb_form_get(const orr_dict *d, uint32_t form, orr_dict_verb_form *out);
int orr_dict_verb_block_get(const orr_dict *d, uint32_t block, orr_dict_verb_block *out);
int orr_dict_verb_pattern(const orr_dict *d, uint32_t block, size_t k, orr_dict_pattern *out);
/* Synsets (&LABEL, trailing '_' optional): index or -1; members have
** spaces between words and include the generated plurals. */
int orr_dict_synset(const orr_dict *d, const char *label, size_t *n_members);
const char *orr_dict_synset_member(const orr_dict *d, int synset, size_t k);
size_t orr_dict_n_transforms(const orr_dict *d);
const char *orr_dict_transform(const orr_dict *d, size_t k, size_t *line);

/* Counts per file and kind. */
typedef struct orr_dict_file_stats {
    const char *name;
    orr_dict_kind kind;
    size_t entries, phrases, restrictions, patterns;
} orr_dict_file_stats;
size_t orr_dict_n_files(const orr_dict *d);
int orr_dict_file(const orr_dict *d, size_t i, orr_dict_file_stats *out);
typedef struct orr_dict_totals {
    size_t words, nodes, actors, restrictions, agents, discards, issues, verb_blocks,
        verb_forms, patterns, synsets, transforms, bytes;
} orr_dict_totals;
void orr_dict_totals_get(const orr_dict *d, orr_dict_totals *out);

/* ======================================================================
** Event coder (src/code)
** ==================================================================== */

/*
** The coder turns a document's sentences into CAMEO events with their
** evidence: tokens -> parse -> actor mentions (dictionary) -> verb
** phrases (verb dictionary and patterns) -> source/target through the
** dependency parse (docs/coder.md gives every rule).  An orr_coder only
** borrows the dictionary, model and CAMEO tables, which are read-only, so
** one coder may be used from several threads, each with its own arena.
*/
typedef struct orr_coder orr_coder;
typedef struct orr_cameo orr_cameo;   /* see Relations */
struct orr_event;                       /* see Store */

enum {  /* orr_coder_opts.flags */
    ORR_CODE_CHECK_ROLES = 1,  /* warn when a title contradicts the dated role */
    ORR_CODE_HEADINGS = 2,     /* also code headings (default: skipped as furniture) */
    ORR_CODE_STATS = 4         /* time tag+parse (orr_coded.parse_seconds) */
};

typedef struct orr_coder_opts {
    const orr_dict *dict;      /* required */
    const orr_model *model;    /* required */
    const orr_cameo *cameo;    /* Goldstein/PLOVER; NULL: left empty */
    const char *date;          /* YYYY-MM-DD for documents without one, or NULL */
    int flags;
} orr_coder_opts;

int orr_coder_new(orr_coder **out, const orr_coder_opts *opts, orr_error *err);
void orr_coder_free(orr_coder *coder);

/* A mention whose own title contradicts the dictionary's dated role. */
typedef struct orr_role_warning {
    int32_t sentence;
    const char *mention;       /* "Russian National Security Adviser Mike Waltz" */
    const char *title_code;    /* code of the title phrase: RUSGOV */
    const char *dict_code;     /* dated dictionary code of the name: USAGOV */
    const char *used_code;     /* the code events use */
    const char *why;           /* one sentence */
} orr_role_warning;

/* The events of one document (all memory in the arena given to orr_code_doc). */
typedef struct orr_coded {
    struct orr_event *events;
    size_t n_events;
    orr_role_warning *warnings;
    size_t n_warnings;
    size_t n_sentences, n_coded_sentences;
    int discarded;             /* a story discard phrase matched: no events */
    size_t n_parsed;           /* sentences tagged and parsed (the others had no
                                  dictionary verb or fewer than two actors) */
    double parse_seconds;      /* thread CPU time in tag+parse, with ORR_CODE_STATS */
} orr_coded;

/* Code one document.  doc_id goes into every event (0 if not stored). */
int orr_code_doc(const orr_coder *coder, orr_arena *arena, const orr_doc *doc, int64_t doc_id,
                 orr_coded *out, orr_error *err);
/* Code n documents at once: out[i] as orr_code_doc(docs[i], doc_ids[i])
** gives it (doc_ids NULL: 0), all memory in the one arena.  Their
** sentences are parsed in shared batches, which a model with BiLSTM
** networks runs faster, each batch in `scratch` (reset first; NULL: one
** made for the call).  A caller coding many groups passes the same
** scratch arena each time, made with a first block large enough for a
** batch (64 MB for the accurate model), so its memory is reused.  On an
** error no out[i] is valid. */
int orr_code_docs(const orr_coder *coder, orr_arena *arena, orr_arena *scratch, const orr_doc *const *docs,
                  const int64_t *doc_ids, size_t n, orr_coded *out, orr_error *err);

/* Code one sentence of text given as a string (tests, validate). */
int orr_code_text(const orr_coder *coder, orr_arena *arena, const char *text, const char *date,
                  orr_coded *out, orr_error *err);

/* ======================================================================
** Store: SQLite (default) or PostgreSQL (src/store)
** ==================================================================== */

typedef struct orr_db orr_db;

/* uri: a file path (SQLite) or postgres://... ; NULL means ./orrery.db */
int orr_db_open(orr_db **db, const char *uri, orr_error *err);
void orr_db_close(orr_db *db);

/* Batches: one transaction each. */
int orr_db_begin(orr_db *db, orr_error *err);
int orr_db_commit(orr_db *db, orr_error *err);
int orr_db_rollback(orr_db *db, orr_error *err);

/*
** Store a document and its sentences.  A document whose content hash is
** already stored is not stored again: *doc_id gets the existing id and
** *was_new is 0.
*/
int orr_db_put_doc(orr_db *db, const orr_doc *doc, int64_t *doc_id,
                   int *was_new, orr_error *err);

typedef struct orr_doc_row {
    int64_t id;
    const char *url, *title, *author, *date, *lang, *source, *hash;
    const char *ingested_at;
    int64_t n_sentences;
} orr_doc_row;

typedef int (*orr_doc_row_fn)(void *ctx, const orr_doc_row *row);
int orr_db_list_docs(orr_db *db, orr_doc_row_fn fn, void *ctx, orr_error *err);

typedef struct orr_sentence_row {
    int64_t doc_id;
    int64_t index;
    int64_t start, end;
    int is_heading;
    const char *text;
} orr_sentence_row;

typedef int (*orr_sentence_row_fn)(void *ctx, const orr_sentence_row *row);
/* doc_id < 0: every document. */
int orr_db_list_sentences(orr_db *db, int64_t doc_id, orr_sentence_row_fn fn,
                          void *ctx, orr_error *err);

/*
** Events: one row per (source, target, CAMEO code) with its evidence.
** Filled by the coder and by importers (GDELT, ICEWS, Phoenix).  Strings
** are borrowed: valid during the call or callback that hands them over.
** Codes: `source`/`target` are full CAMEO actor codes (USAGOV), the
** `_country` fields their country or IGO root (USA, NATO), `_agent` the
** first agent code (GOV, MIL, ...).
*/
typedef struct orr_event {
    int64_t id;              /* store id; 0 before storing */
    int64_t doc_id;          /* 0 for imported events */
    int32_t sentence;        /* sentence index in the document, -1 if none */
    char date[11];           /* YYYY-MM-DD */
    const char *date_how;    /* document, explicit, relative, inferred, imported */
    const char *source, *source_country, *source_agent, *source_text;
    int32_t source_start, source_end;   /* byte span in doc text, -1 if none */
    const char *target, *target_country, *target_agent, *target_text;
    int32_t target_start, target_end;
    const char *verb_text;
    int32_t verb_start, verb_end;
    char code[8];            /* CAMEO event code, e.g. "042" */
    int root;                /* CAMEO root 1..20 */
    int quad;                /* QuadClass 1..4 (GDELT convention) */
    double goldstein;
    const char *plover;      /* PLOVER event type, or NULL */
    const char *issues;      /* comma-separated issue codes, or NULL */
    int32_t num_mentions, num_sources, num_articles;  /* 0 when unknown */
    const char *url;
    const char *dataset;     /* "orrery", "gdelt", "icews", "phoenix", "petrarch" */
    const char *origin;      /* "file:line" of an imported row, or of the dictionary
                                line (verb pattern or entry) a coded event's code came
                                from; NULL if neither */
    const char *origin_id;   /* the dataset's own id; with dataset, unique */
    const char *sentence_text; /* evidence sentence (queries only), or NULL */
} orr_event;

/* Store events in the current batch; rows whose (dataset, origin_id) are
** already stored are skipped (*n_new counts the others). */
int orr_db_put_events(orr_db *db, const orr_event *events, size_t n, size_t *n_new,
                      orr_error *err);

/* A query over stored events.  Zero/NULL fields mean "any". */
typedef struct orr_event_filter {
    const char *actor;       /* country/root code on either side */
    const char *source;      /* source country/root code */
    const char *target;      /* target country/root code */
    const char *code_prefix; /* CAMEO code prefix, e.g. "04" */
    int root, quad;
    const char *date_from, *date_to;   /* inclusive YYYY-MM-DD */
    const char *dataset;
    int64_t doc_id;          /* 0: any */
    int64_t limit, offset;   /* limit 0: no limit */
} orr_event_filter;

typedef int (*orr_event_fn)(void *ctx, const orr_event *event);
int orr_db_query_events(orr_db *db, const orr_event_filter *filter, orr_event_fn fn, void *ctx,
                        orr_error *err);

/* ======================================================================
** Relations (src/relate)
** ==================================================================== */

/* ---- CAMEO tables (src/relate/cameo.c): data/cameo/goldstein.txt, plover.txt ---- */

typedef struct orr_cameo orr_cameo;

/* Load the shipped CAMEO tables from `dir` (NULL: orr_data_path("cameo")). */
int orr_cameo_load(orr_cameo **out, const char *dir, orr_error *err);
void orr_cameo_free(orr_cameo *cameo);
/* Goldstein score of a CAMEO code ("042"); falls back to the code's parent
** (0421 -> 042 -> 04).  *found is 0 (and 0.0 returned) if none is known. */
double orr_cameo_goldstein(const orr_cameo *cameo, const char *code, int *found);
/* PLOVER event type of a CAMEO code (parent fallback), or NULL. */
const char *orr_cameo_plover(const orr_cameo *cameo, const char *code);
/* CAMEO root 1..20 of a 2-4 digit code, or 0 if it is not a CAMEO code. */
int orr_cameo_root(const char *code);
/* GDELT QuadClass of a root: 1 verbal coop (01-05), 2 material coop
** (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20). */
int orr_cameo_quad(int root);
/* ISO 3166 alpha-3 code (or IGO code) of an ICEWS country/actor name, or NULL. */
const char *orr_country_code(const char *name);

/* ---- importers (src/ingest/import_*.c) ---- */

typedef enum orr_event_format {
    ORR_EVFMT_AUTO = 0,   /* sniff: header names, else column count    */
    ORR_EVFMT_GDELT,      /* GDELT 2.0 (61 cols) or 1.0 (57/58), tab or CSV */
    ORR_EVFMT_ICEWS,      /* ICEWS .tab, 20 columns with header         */
    ORR_EVFMT_PHOENIX,    /* Phoenix, 26 columns                        */
    ORR_EVFMT_PETRARCH    /* PETRARCH-2 TSV: date src tgt code [ids url source] */
} orr_event_format;

int orr_event_format_parse(const char *name, orr_event_format *out);
const char *orr_event_format_name(orr_event_format format);

typedef struct orr_import_opts {
    orr_event_format format;   /* AUTO: detected per file                   */
    const orr_cameo *cameo;    /* Goldstein/PLOVER tables, or NULL          */
} orr_import_opts;

/*
** Parse event rows from bytes in memory; each good row is handed to
** on_event as an orr_event (strings borrowed for the call), each bad row
** to on_warn as "name:line: what was expected".  zip and gzip bytes are
** decompressed.  Returns non-zero only for fatal errors (or ORR_ESTOP).
*/
int orr_import_mem(const char *name, const char *data, size_t len,
                   const orr_import_opts *opts, orr_event_fn on_event,
                   orr_warn_fn on_warn, void *ctx, orr_error *err);
/* Same, streaming a file ("-" for stdin; plain, gzip or zip). */
int orr_import_file(const char *path, const orr_import_opts *opts,
                    orr_event_fn on_event, orr_warn_fn on_warn, void *ctx,
                    orr_error *err);

typedef struct orr_import_stats {
    size_t rows, bad, stored, duplicates;
} orr_import_stats;

/* Import a file into the store in batches of `batch` rows (one
** transaction each).  Re-importing is a no-op (counted as duplicates). */
int orr_import_to_db(orr_db *db, const char *path, const orr_import_opts *opts,
                     size_t batch, orr_warn_fn on_warn, void *ctx,
                     orr_import_stats *stats, orr_error *err);

/* ---- aggregation (src/relate/agg.c) ---- */

typedef enum orr_period {
    ORR_BY_DAY = 0, ORR_BY_WEEK, ORR_BY_MONTH, ORR_BY_QUARTER, ORR_BY_YEAR
} orr_period;

int orr_period_parse(const char *name, orr_period *out);

/* Which events an aggregate keeps.  NULL/0 means any. */
typedef struct orr_relate_filter {
    const char *source, *target;       /* country/IGO codes (directed)  */
    const char *actor;                 /* either side                   */
    const char *source_agent, *target_agent, *agent;  /* GOV, MIL ...   */
    const char *code_prefix;           /* CAMEO code prefix             */
    const char *date_from, *date_to;   /* inclusive YYYY-MM-DD          */
    const char *dataset;
    int weight_mentions;               /* weight each event by NumMentions */
} orr_relate_filter;

/*
** An in-memory, columnar table of events reduced to what relations need:
** 16 bytes an event (day, source, target, CAMEO code, QuadClass,
** Goldstein x10, weight).  Filled from the store or straight from files.
*/
typedef struct orr_relate orr_relate;

orr_relate *orr_relate_new(const orr_relate_filter *filter);
void orr_relate_free(orr_relate *rel);
/* Add one event (kept if it passes the filter and has both countries). */
int orr_relate_add(orr_relate *rel, const orr_event *event, orr_error *err);
int orr_relate_load_db(orr_relate *rel, orr_db *db, orr_error *err);
size_t orr_relate_count(const orr_relate *rel);
/* Call before adding events when only orr_relate_series(by) will be asked:
** each event then goes straight into its (source, target, bin) group and
** no per-event table is kept (memory follows the groups, not the events).
** Other queries see no events.  ORR_EUSAGE if events were already added. */
int orr_relate_stream(orr_relate *rel, orr_period by);
/* Give back the columns' spare capacity once loading is done. */
void orr_relate_trim(orr_relate *rel);
size_t orr_relate_memory(const orr_relate *rel);   /* bytes held */

/* One bin of a directed dyad series. */
typedef struct orr_dyad_bin {
    char period[11];         /* first day of the bin, YYYY-MM-DD      */
    char label[11];          /* 2025-02, 2025-Q1, 2025-W07, 2025 ...  */
    char source[8], target[8];
    int64_t events;
    double quad[4];          /* (weighted) counts per QuadClass        */
    double weight;           /* total weight (= events unweighted)     */
    double goldstein_sum, goldstein_mean;
    double net_coop;         /* quad1 + quad2 - quad3 - quad4          */
} orr_dyad_bin;

typedef int (*orr_dyad_bin_fn)(void *ctx, const orr_dyad_bin *bin);

/* Bins of every directed dyad (source/target NULL = all), sorted by
** source, target, period. */
int orr_relate_series(const orr_relate *rel, const char *source, const char *target,
                      orr_period by, orr_dyad_bin_fn fn, void *ctx, orr_error *err);

typedef struct orr_actor_row {
    char code[8];
    int64_t events, as_source, as_target;
    double goldstein_mean;
} orr_actor_row;
typedef int (*orr_actor_row_fn)(void *ctx, const orr_actor_row *row);
/* Actors by event count, descending. */
int orr_relate_actors(const orr_relate *rel, orr_actor_row_fn fn, void *ctx, orr_error *err);

typedef enum orr_top_by { ORR_TOP_VOLUME = 0, ORR_TOP_CONFLICT, ORR_TOP_COOPERATION } orr_top_by;
/* Whole-period totals of directed dyads, best first (limit 0: all). */
int orr_relate_top(const orr_relate *rel, orr_top_by by, size_t limit, orr_dyad_bin_fn fn,
                   void *ctx, orr_error *err);

/* ---- shifts (src/relate/shifts.c) ---- */

/* PELT change points of a series under a normal mean-change cost with
** variance sigma2 and penalty `penalty` per change; min_seg >= 1.
** Writes the change indices (start of each new segment) into cps. */
int orr_pelt(const double *x, size_t n, double sigma2, double penalty, size_t min_seg,
             size_t *cps, size_t *n_cps, orr_error *err);

typedef struct orr_shift {
    char source[8], target[8];
    char before_from[11], change_at[11], after_to[11];  /* YYYY-MM-DD */
    double mean_before, mean_after, size;   /* size = mean_after - mean_before */
    size_t n_points, n_before, n_after;
    int64_t events;
} orr_shift;
typedef int (*orr_shift_fn)(void *ctx, const orr_shift *shift);

/* Ranked shifts (|size| descending) of directed dyads on their
** `by`-period mean-Goldstein series, from `since` (NULL: all). */
int orr_relate_shifts(const orr_relate *rel, orr_period by, const char *since,
                      size_t min_points, size_t limit, orr_shift_fn fn, void *ctx,
                      orr_error *err);

/* ---- signed network, balance, blocs, isolation (src/relate/network.c) ---- */

typedef struct orr_net_edge {
    int a, b;                /* node indices, a < b                     */
    double score;            /* net-cooperation score in [-10, 10]       */
    double coop, conflict;   /* (weighted) event counts, both directions */
    double goldstein_mean;
} orr_net_edge;

typedef struct orr_net_node {
    char code[8];
    int bloc;                /* 1-based bloc id, 0 if none                */
    int degree, n_negative;
    double strength_pos, strength_neg;   /* sum of |score| by sign        */
    double isolation;        /* share of |score| on negative ties, 0..1  */
    double betweenness;      /* unweighted, normalised                    */
    int64_t events;
} orr_net_node;

typedef struct orr_network {
    orr_net_node *nodes;
    size_t n_nodes;
    orr_net_edge *edges;
    size_t n_edges;
    char window_from[11], window_to[11];
    /* structural balance */
    size_t triads, balanced_triads;
    size_t frustration;      /* edges to flip for a balanced graph      */
    int frustration_exact;   /* 1 exact, 0 an upper bound (heuristic)    */
    int n_blocs;
    double bloc_quality;     /* spinglass modularity (signed)            */
} orr_network;

typedef struct orr_network_opts {
    const char *from, *to;   /* window, inclusive; NULL: everything       */
    double min_events;       /* drop pairs with fewer (weighted) events   */
    int blocs;               /* run signed community detection            */
    unsigned long seed;      /* RNG seed for spinglass (0: 42)            */
} orr_network_opts;

/* Build the undirected signed network of a window, its balance, blocs,
** isolation and centrality.  Free with orr_network_free. */
int orr_network_build(const orr_relate *rel, const orr_network_opts *opts,
                      orr_network **out, orr_error *err);
void orr_network_free(orr_network *net);
int orr_network_find(const orr_network *net, const char *code);  /* -1 if absent */
/* Score of the pair (0 if no edge). */
double orr_network_score(const orr_network *net, int a, int b);
/* Balance from edges only: fills triads, balanced_triads, frustration. */
int orr_network_balance(orr_network *net, orr_error *err);
int orr_network_blocs(orr_network *net, unsigned long seed, orr_error *err);
/* Write as json, dot or graphml. */
int orr_network_write(const orr_network *net, const char *format, FILE *out, orr_error *err);

/* ---- time windows (src/relate/window.c) ---- */

/* "FROM..TO" into inclusive YYYY-MM-DD bounds ("" for an open side).  Each
** side is empty, YYYY, YYYY-MM or YYYY-MM-DD; a year or month means its
** first day on the left and its last day on the right.  NULL or "" is the
** whole record.  ORR_EUSAGE, with the expected form, when malformed. */
int orr_window_parse(const char *text, char from[11], char to[11], orr_error *err);

/* ---- what-if (src/relate/whatif.c) ---- */

typedef struct orr_whatif_change {
    char a[8], b[8];
    int relative;            /* 1: score += value; 0: score = value      */
    double value;
} orr_whatif_change;

/* "USA-RUS=+5" (relative) or "USA-RUS=-3" (relative) or "USA-RUS=4" (absolute). */
int orr_whatif_parse(const char *spec, orr_whatif_change *out, orr_error *err);

typedef struct orr_whatif_triad {
    char a[8], b[8], c[8];
    double ab, ac, bc;       /* scores after the change                  */
    int balanced_before, balanced_after;
} orr_whatif_triad;

typedef struct orr_whatif_pressure {
    char a[8], b[8];
    double current;          /* current score (0: no tie)                */
    double pressure;         /* implied change of the balance pressure   */
    int has_tie;
} orr_whatif_pressure;

typedef struct orr_whatif_actor {
    char code[8];
    double pressure;         /* sum of its dyads' pressures              */
    double isolation_before, isolation_after;
} orr_whatif_actor;

typedef struct orr_whatif_result {
    orr_whatif_triad *triads;   size_t n_triads;     /* triads whose balance changes */
    orr_whatif_pressure *dyads; size_t n_dyads;      /* ranked by |pressure|         */
    orr_whatif_actor *actors;   size_t n_actors;     /* ranked by pressure, lowest first */
    size_t unbalanced_before, unbalanced_after;
    char *summary;              /* plain-language paragraph                  */
} orr_whatif_result;

int orr_whatif_run(const orr_network *net, const orr_whatif_change *changes, size_t n,
                   orr_whatif_result **out, orr_error *err);
void orr_whatif_free(orr_whatif_result *res);

/* ======================================================================
** Forecasts (src/forecast)
** ==================================================================== */

/*
** One negotiation issue: actors with capability, position and salience on a
** declared position scale.  Read from CSV or JSON (docs/forecast.md).  All
** memory is owned by issue->arena; orr_fc_issue_free releases it.
*/
typedef struct orr_fc_actor {
    const char *name;
    double capability;   /* >= 0, any unit (only ratios matter)            */
    double position;     /* on the issue scale [scale_lo, scale_hi]         */
    double salience;     /* 0..1 (a 0-100 salience scale is divided by 100) */
    double risk;         /* fixed risk exponent 0.5..2, or 0: computed      */
    int line;            /* line (CSV) or actors[] index + 1 (JSON)         */
} orr_fc_actor;

typedef struct orr_fc_issue {
    orr_arena *arena;
    const char *source;  /* file name used in messages */
    const char *title;   /* "# issue: ..." or JSON "issue", or NULL */
    double scale_lo, scale_hi;
    int has_scale;       /* 0 when the file declares none */
    orr_fc_actor *actors;
    size_t n_actors;
} orr_fc_issue;

#define ORR_FC_MAX_ACTORS 500

/* Parse an issue from bytes (CSV or JSON, sniffed).  `name` is used in
** messages ("name:line: ...").  A file without a scale parses with
** has_scale 0: the caller declares one with orr_fc_issue_set_scale. */
int orr_fc_issue_parse(const char *name, const char *data, size_t len,
                       orr_fc_issue **out, orr_error *err);
int orr_fc_issue_read(const char *path, orr_fc_issue **out, orr_error *err);
/* Declare the scale; every position must lie in [lo, hi]. */
int orr_fc_issue_set_scale(orr_fc_issue *issue, double lo, double hi, orr_error *err);
/* Parse "LO-HI" or "LO..HI" (e.g. "0-100", "-5..5"). */
int orr_fc_scale_parse(const char *text, double *lo, double *hi);
void orr_fc_issue_free(orr_fc_issue *issue);

/* Baselines over n positions with weights (capability x salience).  Both
** return NAN when the weights sum to zero. */
double orr_fc_weighted_mean(const double *x, const double *w, size_t n);
double orr_fc_weighted_median(const double *x, const double *w, size_t n);

/* Variants of the expected-utility model, as bit flags (0 = published). */
enum {
    ORR_BDM_ALL_PAIRS = 1u << 0,      /* probability denominator over all pairs */
    ORR_BDM_SQ_SIGN = 1u << 1,        /* + instead of - before the (1-Q) term   */
    ORR_BDM_RISK_NEUTRAL = 1u << 2,   /* every risk exponent stays 1            */
    ORR_BDM_RISK_POSITIONS = 1u << 3, /* risk from own danger across positions  */
    ORR_BDM_SCALE_RANGE = 1u << 4,    /* distances over the declared scale      */
    ORR_BDM_OWN_RISK = 1u << 5        /* each side's EU with its own exponent   */
};
/* Comma-separated variant names ("published", "all-pairs", ...) to flags. */
int orr_bdm_variant_parse(const char *names, unsigned *flags, orr_error *err);
/* The names of all variants, for usage messages: "published, all-pairs, ...". */
const char *orr_bdm_variant_list(void);

typedef struct orr_bdm_options {
    unsigned variant;    /* ORR_BDM_* flags */
    int max_rounds;      /* round limit (>= 1) */
    double q, t;         /* status-quo persistence Q and T (default 1, 1) */
    double tolerance;    /* converged when no position moves more (scale units) */
} orr_bdm_options;

void orr_bdm_options_default(orr_bdm_options *opts);

enum { ORR_OFFER_NONE = 0, ORR_OFFER_CONFRONT, ORR_OFFER_COMPROMISE, ORR_OFFER_CAPITULATE };
const char *orr_bdm_offer_name(int kind);

/* What one actor did in one round: the offer it accepted, if any. */
typedef struct orr_bdm_move {
    int kind;            /* ORR_OFFER_* */
    int from;            /* actor index of the proposer, -1 if none */
    double position;     /* position after the round (scale units) */
    double risk;         /* risk exponent used in the round */
} orr_bdm_move;

typedef struct orr_bdm_round {
    orr_bdm_move *moves; /* n_actors */
    double median;       /* median voter position after the round */
    double mean;         /* capability x salience weighted mean after it */
} orr_bdm_round;

typedef struct orr_bdm_result {
    orr_arena *arena;
    size_t n_actors, n_rounds;
    double initial_median, initial_mean;
    orr_bdm_round *rounds;   /* n_rounds entries; rounds[k] = round k+1 */
    double forecast;         /* median voter position after the last round */
    double forecast_mean;    /* weighted mean after the last round */
    int converged;           /* 1 if positions stopped moving before the limit */
} orr_bdm_result;

int orr_bdm_run(const orr_fc_issue *issue, const orr_bdm_options *opts,
                orr_bdm_result **out, orr_error *err);
void orr_bdm_result_free(orr_bdm_result *result);

/* The three models' forecasts of one issue. */
typedef struct orr_fc_forecasts {
    double bdm, bdm_mean, compromise, median;
    int bdm_rounds, bdm_converged;
} orr_fc_forecasts;
int orr_fc_forecast_all(const orr_fc_issue *issue, const orr_bdm_options *opts,
                        orr_fc_forecasts *out, orr_error *err);

/*
** Salience hints from the event store: a heuristic, not part of any
** published model.  counts[i] = stored events between actor i and any other
** actor of the issue, either direction (actor names are matched against the
** events' country/root codes, e.g. USA, RUS); hints[i] = counts[i] divided
** by the largest count (all 0 if there are no such events).  date_from and
** date_to (YYYY-MM-DD, inclusive) may be NULL.
*/
int orr_fc_salience_from_events(orr_db *db, const orr_fc_issue *issue, const char *date_from,
                                const char *date_to, double *counts, double *hints,
                                orr_error *err);

/*
** Scoring on the DEU III table (tab-separated; a GDP line gives the
** capabilities; one row per issue with positions, saliences and the
** outcome on 0-100).  A hit is |forecast - outcome| <= tolerance.
*/
enum { ORR_FC_MODEL_BDM, ORR_FC_MODEL_BDM_MEAN, ORR_FC_MODEL_COMPROMISE,
       ORR_FC_MODEL_MEDIAN, ORR_FC_N_MODELS };
const char *orr_fc_model_name(int model);

typedef struct orr_fc_score {
    size_t n;                 /* issues scored */
    double hits, abs_error;   /* sums */
} orr_fc_score;

typedef struct orr_fc_deu_issue {
    const char *proposal, *issue;  /* "d00032", "d00032i1" */
    int line;
    size_t n_actors;
    double outcome;
    double forecast[ORR_FC_N_MODELS];
} orr_fc_deu_issue;

typedef int (*orr_fc_deu_fn)(void *ctx, const orr_fc_deu_issue *row);

typedef struct orr_fc_deu_summary {
    size_t n_rows, n_scored, n_no_outcome;
    size_t n_proposals;
    orr_fc_score issue[ORR_FC_N_MODELS];     /* every issue counts once */
    orr_fc_score proposal[ORR_FC_N_MODELS];  /* per-proposal means, averaged */
} orr_fc_deu_summary;

/* Score every model on the DEU III file; on_issue (may be NULL) sees each row. */
int orr_fc_eval_deu(const char *path, const orr_bdm_options *opts, double tolerance,
                    orr_fc_deu_fn on_issue, void *ctx, orr_fc_deu_summary *out,
                    orr_error *err);

/* ======================================================================
** Serve (src/serve)
** ==================================================================== */

/*
** The HTTP JSON API and dashboard server (libmicrohttpd, a thread pool).
** Every field may be zero/NULL for its default.  The library reads no
** environment variables: the CLI passes $ORRERY_TOKEN as `token`.
*/
typedef struct orr_server orr_server;

typedef struct orr_serve_config {
    const char *db_uri;      /* store to serve; NULL: ./orrery.db */
    const char *bind;        /* address to listen on; NULL: 127.0.0.1 */
    int port;                /* 0: pick a free port (see orr_serve_port) */
    int threads;             /* worker threads; 0: 2 */
    const char *web_root;    /* dashboard files; NULL: no dashboard */
    const char *token;       /* bearer token for write endpoints; NULL/"": writes disabled */
    const char *cors_origin; /* Access-Control-Allow-Origin value; NULL: no CORS */
    size_t max_body;         /* request body limit in bytes; 0: 8 MiB */
} orr_serve_config;

/* Open the store, bind, and start serving in background threads. */
int orr_serve_start(orr_server **out, const orr_serve_config *config, orr_error *err);
/* The port actually bound (useful with port 0). */
int orr_serve_port(const orr_server *server);
/* Stop accepting, finish requests in flight, free everything. */
void orr_serve_stop(orr_server *server);

#ifdef __cplusplus
}
#endif
#endif /* ORRERY_H */
