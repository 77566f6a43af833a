/*
** cmd_relate.c — import, dyad, actors, top, shifts, network, blocs,
** whatif (placeholder until the relations issue lands).
*/
#include "cli.h"

int cmd_import(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("import", 6); }
int cmd_dyad(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("dyad", 6); }
int cmd_actors(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("actors", 6); }
int cmd_top(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("top", 6); }
int cmd_shifts(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("shifts", 6); }
int cmd_network(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("network", 6); }
int cmd_blocs(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("blocs", 6); }
int cmd_whatif(int argc, char **argv) { (void)argc; (void)argv; return cli_not_built("whatif", 6); }
