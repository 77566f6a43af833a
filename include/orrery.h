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
