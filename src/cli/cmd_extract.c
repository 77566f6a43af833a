/*
** cmd_extract.c — `orrery extract PAGE.html` and `orrery eval extract DIR`
** (placeholder until the HTML extractor lands).
*/
#include "cli.h"

int cmd_extract(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("extract", 2); }
int eval_extract(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("eval extract", 2); }
