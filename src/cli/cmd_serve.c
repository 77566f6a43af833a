/*
** cmd_serve.c — `orrery serve` (placeholder).
*/
#include "cli.h"

int cmd_serve(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("serve", 8); }
