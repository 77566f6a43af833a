/*
** code_setup.h — what `orrery code`, `validate` and `ingest` share to make
** a coder: the dictionary (compiled default, another compiled file, or
** text files replacing the default verbs/actors/agents/discards/issues),
** the parser model, the CAMEO tables and the coder flags.
*/
#ifndef ORR_CLI_CODE_SETUP_H
#define ORR_CLI_CODE_SETUP_H

#include "cli.h"

typedef struct code_setup {
    const char *dict_path, *model_path, *cameo_dir, *date;
    const char *verbs, *actors, *agents, *discards, *issues;  /* text files */
    int check_roles, headings;
    int stats;        /* time tag+parse (ORR_CODE_STATS) */
    int only_given;   /* text files replace the whole shipped list */
    orr_dict *dict;
    orr_model *model;
    orr_cameo *cameo;
    void *dict_bytes;
} code_setup;

void code_setup_init(code_setup *s);
/* 1: the option was ours; 0: not ours; -1: bad (message printed). */
int code_setup_option(code_setup *s, cli_opts *o, const char *cmd);
/* Load everything and make the coder; prints errors, returns nonzero on failure. */
int code_setup_open(code_setup *s, orr_coder **coder);
void code_setup_free(code_setup *s, orr_coder *coder);
/* The option help shared by the commands. */
extern const char code_setup_help[];

#endif
