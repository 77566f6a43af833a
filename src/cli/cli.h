/*
** cli.h — what the subcommands of the orrery CLI share: the command
** signature, exit codes and a tiny option scanner.  The CLI is a thin
** layer over liborrery: it parses arguments, calls the library, prints.
*/
#ifndef ORR_CLI_H
#define ORR_CLI_H

#include "orrery.h"

#include <stdbool.h>

/* Exit codes (documented in `orrery help`). */
enum {
    EXIT_OK = 0,        /* everything worked */
    EXIT_FAIL = 1,      /* the command failed (I/O, database, ...) */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_BADINPUT = 3,  /* finished, but some input records were bad and skipped */
    EXIT_NOTBUILT = 4   /* the command exists but is not implemented yet */
};

typedef int (*cli_command_fn)(int argc, char **argv);

/*
** Option scanner.  Usage:
**   cli_opts o; cli_opts_init(&o, argc, argv);
**   while (cli_opts_next(&o)) {
**     if (cli_opt_is(&o, "--db")) db = cli_opt_value(&o);   // "--db X" or "--db=X"
**     else if (cli_opt_is(&o, "-j")) ...
**     else if (o.positional) files[n++] = o.arg;
**     else return cli_unknown_option(&o);
**   }
** argv[0] is the command name and is skipped.  "--" ends options.
*/
typedef struct cli_opts {
    int argc, index;
    char **argv;
    const char *arg;      /* current argument */
    const char *inline_value; /* value after '=' if any */
    bool positional;
    bool no_more_options;
    bool missing_value;
} cli_opts;

void cli_opts_init(cli_opts *o, int argc, char **argv);
bool cli_opts_next(cli_opts *o);
bool cli_opt_is(cli_opts *o, const char *name);
const char *cli_opt_value(cli_opts *o);  /* NULL (and an error printed) if missing */
int cli_unknown_option(cli_opts *o);
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print an orr_error to stderr as "orrery: message". */
void cli_print_error(const orr_error *err);
/* The default database: $ORRERY_DB or ./orrery.db */
const char *cli_default_db(void);
/* The parser model a --model argument names: NULL or "fast" is the shipped
** greedy model (data/models/en.model), "accurate" the BiLSTM + biaffine one
** (data/models/en-accurate.model); anything else is a path, kept as given.
** Returns 0, or -1 when the path does not fit in cap. */
int cli_model_path(const char *arg, char *buf, size_t cap);
/* Is stderr a terminal (progress output allowed)? */
bool cli_stderr_is_tty(void);

/* Subcommands (one file each under src/cli/). */
int cmd_ingest(int argc, char **argv);
int cmd_docs(int argc, char **argv);
int cmd_sentences(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_code(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_dyad(int argc, char **argv);
int cmd_actors(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_shifts(int argc, char **argv);
int cmd_network(int argc, char **argv);
int cmd_blocs(int argc, char **argv);
int cmd_whatif(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* `orrery eval KIND ...` targets, each beside the command it evaluates. */
int eval_extract(int argc, char **argv);
int eval_segment(int argc, char **argv);
int eval_parse(int argc, char **argv);
int eval_forecast(int argc, char **argv);

/* For commands whose issue has not landed yet. */
int cli_not_built(const char *cmd, int issue);

#endif
