/*
** cmd_forecast.c — `orrery forecast` and `orrery eval forecast` (placeholder).
*/
#include "cli.h"

int cmd_forecast(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("forecast", 7); }
int eval_forecast(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("eval forecast", 7); }
