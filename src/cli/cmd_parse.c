/*
** cmd_parse.c — `orrery parse` and `orrery eval parse` (placeholder).
*/
#include "cli.h"

int cmd_parse(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("parse", 4); }
int eval_parse(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("eval parse", 4); }
