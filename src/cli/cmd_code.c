/*
** cmd_code.c — `orrery code` and `orrery validate` (placeholder).
*/
#include "cli.h"

int cmd_code(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("code", 5); }
int cmd_validate(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("validate", 5); }
