/*
** cmd_segment.c — `orrery eval segment GOLD.conllu` (placeholder).
*/
#include "cli.h"

int eval_segment(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("eval segment", 2); }
