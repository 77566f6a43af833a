/*
** import.h — what the event-file importers (src/ingest/import_*.c) share:
** one state per file being read (format, delimiter, column map, counters,
** the caller's callbacks) and the per-format row mappers that turn one
** split row into an orr_event.  Internal to liborrery.
*/
#ifndef ORR_IMPORT_H
#define ORR_IMPORT_H

#include "../util/util.h"

/* Semantic columns of a GDELT row, resolved from the header or the count. */
enum {
    GCOL_ID, GCOL_DATE, GCOL_A1CODE, GCOL_A1NAME, GCOL_A1COUNTRY, GCOL_A1GROUP, GCOL_A1TYPE,
    GCOL_A2CODE, GCOL_A2NAME, GCOL_A2COUNTRY, GCOL_A2GROUP, GCOL_A2TYPE, GCOL_CODE, GCOL_QUAD,
    GCOL_GOLDSTEIN, GCOL_MENTIONS, GCOL_SOURCES, GCOL_ARTICLES, GCOL_URL, GCOL_N
};

typedef struct import_file {
    const char *name;              /* for messages: "events.csv"         */
    orr_event_format format;       /* resolved by import_start           */
    char delim;                    /* '\t' or ','                         */
    int started;
    int col[GCOL_N];               /* GDELT column map, -1 when absent   */
    int min_cols;                  /* fewer fields make a bad row        */
    const orr_import_opts *opts;
    orr_event_fn on_event;
    orr_warn_fn on_warn;
    void *ctx;
    size_t line;                   /* 1-based line being parsed          */
    size_t rows, bad;              /* rows seen (not headers), rows rejected */
    char **fields;                 /* split fields of the current row    */
    size_t cap_fields;
    size_t split_limit;            /* >0: store only this many fields... */
    size_t n_stored;               /* ...(fields stored this row)        */
    char *last_field;              /* and the row's last field apart     */
    int slow_only;                 /* tests: no one-scan tab path        */
    char origin[320];              /* "name:line"                        */
    size_t origin_prefix;          /* length of "name:"                  */
    size_t origin_line, origin_len; /* the line written there, its end   */
    char scratch[512];             /* per-row derived strings            */
} import_file;

/* Row mappers: fill *ev from fields (NUL-terminated, in place).  Return 0,
** or non-zero with a short "expected ..." message in *why. */
typedef int (*import_row_fn)(import_file *f, char **fld, size_t n, orr_event *ev, const char **why);
int import_gdelt_row(import_file *f, char **fld, size_t n, orr_event *ev, const char **why);
int import_icews_row(import_file *f, char **fld, size_t n, orr_event *ev, const char **why);
int import_phoenix_row(import_file *f, char **fld, size_t n, orr_event *ev, const char **why);
int import_petrarch_row(import_file *f, char **fld, size_t n, orr_event *ev, const char **why);

/* Resolve a GDELT header row (names) into f->col; 0 if it is not one. */
int import_gdelt_header(import_file *f, char **fld, size_t n);
/* Resolve GDELT columns from a headerless row's field count; 0 if none fits. */
int import_gdelt_by_count(import_file *f, char **fld, size_t n);

/* Helpers shared by the mappers. */
/* "YYYYMMDD" or "YYYY-MM-DD" (a valid calendar date) -> out "YYYY-MM-DD". */
int import_date(const char *s, char out[11]);
/* Parse an optional number; empty/NA gives def.  0 on success. */
int import_double(const char *s, double def, double *out);
int import_int(const char *s, int32_t *out);
/* Split a CAMEO actor code (USAGOV, IGOUNO, GOV) into country and agent. */
void import_cameo_actor(const char *code, char country[8], char agent[8]);
/* Fill code/root/quad/plover (and Goldstein from the table if wanted)
** from a CAMEO code string. */
int import_cameo_event(import_file *f, const char *code, orr_event *ev, const char **why,
                       int want_goldstein);
/* Is this field empty or the string NA? */
int import_missing(const char *s);

/* A blank event (spans -1, dataset and origin set). */
void import_event_init(import_file *f, orr_event *ev, const char *dataset);

/* Parse complete lines in buf[0,len) (mutable; NULs written); the last
** line may lack its newline.  Returns ORR_OK, a fatal code or ORR_ESTOP. */
int import_lines(import_file *f, char *buf, size_t len, orr_error *err);
void import_file_init(import_file *f, const char *name, const orr_import_opts *opts,
                      orr_event_fn on_event, orr_warn_fn on_warn, void *ctx);
void import_file_done(import_file *f);

/* zip: call fn on each member's inflated bytes (malloc'd, freed after). */
typedef int (*import_zip_fn)(void *ctx, const char *member, char *data, size_t len, orr_error *err);
int import_unzip(const char *name, const unsigned char *data, size_t len, import_zip_fn fn,
                 void *ctx, orr_error *err);
int import_is_zip(const void *data, size_t len);

#endif
