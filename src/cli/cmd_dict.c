/*
** cmd_dict.c — `orrery dict compile|check|lookup|stats` (placeholder).
*/
#include "cli.h"

int cmd_dict(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("dict", 3); }
