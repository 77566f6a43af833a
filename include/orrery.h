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

orr_format orr_format_sniff(const char *data, size_t len);
int orr_format_parse(const char *name, orr_format *out);
const char *orr_format_name(orr_format format);

/* ---- ingest: HTML article extraction (src/ingest/html_*.c) ---- */

/* Extract the article of an HTML page into a new document. */
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

/* Plain-text pages: drop furniture, find title, subtitle, author, headings. */
int orr_text_page_layout(orr_doc *doc, orr_error *err);

/* Split doc->text into sentences (fills doc->sentences). */
int orr_text_split_sentences(orr_doc *doc, orr_error *err);

/* Tokenise text[start,end) in the UD English convention. */
int orr_text_tokenize(orr_arena *arena, const char *text, size_t start,
                      size_t end, orr_token **tokens, size_t *n_tokens,
                      orr_error *err);

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

/* Training (`orrery parse --train`): deterministic for a given seed. */
typedef struct orr_train_opts {
    const char *train_path, *dev_path, *out_path;
    int tagger_epochs, parser_epochs;  /* maximum; the best on dev is kept */
    int max_sentences;                 /* 0: all; else the first N (tests) */
    int jackknife;                     /* folds for predicted training tags; 0: gold */
    int prune;                         /* keep parser features updated >= prune times */
    int tagger_prune;                  /* the same for the tagger */
    uint64_t seed;
    void (*progress)(void *ctx, const char *line);  /* may be NULL */
    void *progress_ctx;
} orr_train_opts;

int orr_model_train(const orr_train_opts *opts, orr_error *err);

/* ======================================================================
** Dictionaries (src/dict)
** ==================================================================== */

typedef struct orr_dict orr_dict;

/* ======================================================================
** Event coder (src/code)
** ==================================================================== */

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
    const char *origin;      /* "file:line" of an imported row, or NULL */
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

/* ======================================================================
** Forecasts (src/forecast)
** ==================================================================== */

/* ======================================================================
** Serve (src/serve)
** ==================================================================== */

#ifdef __cplusplus
}
#endif
#endif /* ORRERY_H */
