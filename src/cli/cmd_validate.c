/*
** cmd_validate.c — `orrery validate` (placeholder until written).
*/
#include "cli.h"

int cmd_validate(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("validate", 5); }
