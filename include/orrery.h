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

/*
** One negotiation issue: actors with capability, position and salience on a
** declared position scale.  Read from CSV or JSON (docs/forecast.md).  All
** memory is owned by issue->arena; orr_fc_issue_free releases it.
*/
typedef struct orr_fc_actor {
    const char *name;
    double capability;   /* > = 0, any unit (only ratios matter)           */
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
