/*
** opts.c — the CLI's option scanner and error printing, shared by every
** subcommand so that "--db X", "--db=X" and "--" behave the same way.
*/
#include "cli.h"
#include "../util/util.h"  /* orr_data_path */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_opts_init(cli_opts *o, int argc, char **argv) {
    memset(o, 0, sizeof *o);
    o->argc = argc;
    o->argv = argv;
    o->index = 0;
}

bool cli_opts_next(cli_opts *o) {
    if (++o->index >= o->argc) return false;
    o->arg = o->argv[o->index];
    o->inline_value = NULL;
    o->missing_value = false;
    if (!o->no_more_options && strcmp(o->arg, "--") == 0) {
        o->no_more_options = true;
        return cli_opts_next(o);
    }
    o->positional = o->no_more_options || o->arg[0] != '-' || strcmp(o->arg, "-") == 0;
    return true;
}

bool cli_opt_is(cli_opts *o, const char *name) {
    if (o->positional) return false;
    size_t n = strlen(name);
    if (strncmp(o->arg, name, n) != 0) return false;
    if (o->arg[n] == '\0') return true;
    if (o->arg[n] == '=') {
        o->inline_value = o->arg + n + 1;
        return true;
    }
    return false;
}

const char *cli_opt_value(cli_opts *o) {
    if (o->inline_value) return o->inline_value;
    if (o->index + 1 >= o->argc) {
        fprintf(stderr, "orrery %s: option %s needs a value\n", o->argv[0], o->arg);
        o->missing_value = true;
        return NULL;
    }
    return o->argv[++o->index];
}

int cli_unknown_option(cli_opts *o) {
    fprintf(stderr, "orrery %s: unknown option '%s' (see 'orrery help %s')\n", o->argv[0], o->arg,
            o->argv[0]);
    return EXIT_USAGE;
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "orrery %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see 'orrery help %s')\n", cmd);
    va_end(ap);
    return EXIT_USAGE;
}

void cli_print_error(const orr_error *err) {
    fprintf(stderr, "orrery: %s\n", err->message[0] ? err->message : orr_strerror(err->code));
}

const char *cli_default_db(void) {
    const char *env = getenv("ORRERY_DB");
    return env && *env ? env : "orrery.db";
}

int cli_model_path(const char *arg, char *buf, size_t cap) {
    const char *name = !arg || !strcmp(arg, "fast") ? "models/en.model"
                       : !strcmp(arg, "accurate")   ? "models/en-accurate.model"
                                                    : NULL;
    if (!name) {
        if (strlen(arg) >= cap) return -1;
        memcpy(buf, arg, strlen(arg) + 1);
        return 0;
    }
    return orr_data_path(name, buf, cap) ? -1 : 0;
}

bool cli_stderr_is_tty(void) { return isatty(2); }

int cli_not_built(const char *cmd, int issue) {
    fprintf(stderr, "orrery %s: not built yet (issue %d)\n", cmd, issue);
    return EXIT_NOTBUILT;
}
