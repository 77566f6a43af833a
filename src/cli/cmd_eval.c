/*
** cmd_eval.c — `orrery eval KIND ...`: one table of evaluations.  Each
** evaluation lives beside the command it scores.
*/
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *kind;
    cli_command_fn run;
} evals[] = {
    {"extract", eval_extract},
    {"segment", eval_segment},
    {"parse", eval_parse},
    {"forecast", eval_forecast},
};

int cmd_eval(int argc, char **argv) {
    if (argc < 2) return cli_usage_error("eval", "which evaluation? extract, segment, parse, forecast");
    for (size_t i = 0; i < sizeof evals / sizeof evals[0]; i++)
        if (strcmp(argv[1], evals[i].kind) == 0) return evals[i].run(argc - 1, argv + 1);
    return cli_usage_error("eval", "no evaluation '%s'", argv[1]);
}
