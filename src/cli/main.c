/*
** main.c — the orrery command line: one table of subcommands.  Adding a
** command is one row here and one handler in its own cmd_*.c file.
*/
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;
    cli_command_fn run;
    const char *usage;
    const char *summary;
} command;

static const command commands[] = {
    {"ingest", cmd_ingest, "ingest FILES... [--db PATH] [--in FORMAT] [--batch N]",
     "read documents, split sentences, store them (re-ingesting is a no-op)"},
    {"docs", cmd_docs, "docs [--db PATH] [--format table|json]", "list stored documents"},
    {"sentences", cmd_sentences, "sentences [--doc ID] [--db PATH] [--format table|json]",
     "list stored sentences"},
    {"extract", cmd_extract, "extract PAGE.html [--format text|json]",
     "extract the article (title, date, author, text) from an HTML page"},
    {"eval", cmd_eval, "eval extract DIR [--verbose] | segment GOLD.conllu [--no-paragraphs] | parse GOLD.conllu [--model fast|accurate|PATH] [--beam K] [--gold-tags]\n"
                         "       | forecast DEU.csv [--variant NAME]",
     "score orrery against gold data"},
    {"parse", cmd_parse, "parse [FILE|-] [--from conllu] [--model fast|accurate|PATH] [--beam K]\n"
                       "       parse --train TRAIN.conllu --dev DEV.conllu -o MODEL [--seed N] [--beam K]\n"
                       "             [--parser biaffine [--epochs N] [--lstm N] [--batch N] [--lr-decay]\n"
                       "              [--teacher MODEL [--distill ALPHA]]]\n"
                       "       parse --combine A.model,B.model -o MODEL",
     "tag and parse text to CoNLL-U (or train a model)"},
    {"dict", cmd_dict, "dict compile [FILES] -o FILE | check FILES | lookup \"TEXT\" [--date YYYY-MM-DD]\n"
                     "       | stats | bench --text FILE",
     "actor, agent and verb dictionaries"},
    {"code", cmd_code, "code [FILES|-] [--in FMT] [--format jsonl|tsv|gdelt|phoenix] [--date D] [--check-roles]\n"
                     "       [--verbs F] [--actors F,F] [--agents F] [--discards F] [--issues F] [-j N] [--stats]",
     "code CAMEO events from text"},
    {"validate", cmd_validate, "validate FILE.xml", "run PETRARCH unit-test records"},
    {"import", cmd_import, "import FILES... [--db PATH] [--in gdelt|icews|phoenix|petrarch] [--batch N]",
     "import GDELT, ICEWS, Phoenix, PETRARCH event files (plain, gzip, zip)"},
    {"dyad", cmd_dyad, "dyad A B [--by day|week|month|quarter|year] [--format table|csv|json]\n"
                     "       [--since DATE] [--until DATE] [--code PREFIX] [--source-agent GOV] [--weighted]\n"
                     "       dyad --from FILE   (stream an event file, no database)",
     "a directed dyad's time series"},
    {"actors", cmd_actors, "actors [--db PATH]", "actors with event counts"},
    {"top", cmd_top, "top [--by volume|conflict|cooperation] [--limit N]", "the busiest dyads"},
    {"shifts", cmd_shifts, "shifts [--since DATE] [--min-points N] [--limit N]",
     "dyads whose relationship changed most (PELT change points, with evidence)"},
    {"network", cmd_network, "network [--window A..B] [--min-events N] [--format json|dot|graphml]",
     "the signed alignment network"},
    {"blocs", cmd_blocs, "blocs [--window A..B] [--min-events N]", "blocs by signed community detection"},
    {"whatif", cmd_whatif, "whatif \"USA-RUS=+5\" ... [--window A..B]",
     "what a hypothetical change implies for other relations"},
    {"forecast", cmd_forecast, "forecast FILE [--model bdm|compromise|median|all] [--rounds N]\n"
                             "       [--variant NAME] [--format table|json] [--salience-from-events --db PATH]",
     "negotiation forecasts (expected-utility model and baselines)"},
    {"serve", cmd_serve, "serve [--db PATH] [--bind 127.0.0.1] [--port 8080] [--threads N]\n"
                       "       [--web DIR | --no-web] [--cors ORIGIN] [--max-body BYTES]",
     "HTTP JSON API and web dashboard"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const char exit_codes[] =
    "Exit codes: 0 success; 1 failure (I/O, database); 2 bad command line;\n"
    "            3 finished, but some input records were bad (reported on stderr);\n"
    "            4 command not built yet.\n";

static const command *find_command(const char *name) {
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

static int print_help(const char *name) {
    if (name) {
        const command *c = find_command(name);
        if (!c) {
            fprintf(stderr, "orrery help: no command '%s'\n", name);
            return EXIT_USAGE;
        }
        printf("usage: orrery %s\n\n%s\n\nThe database is --db PATH, $ORRERY_DB, or ./orrery.db.\n\n%s",
               c->usage, c->summary, exit_codes);
        return EXIT_OK;
    }
    printf("orrery %s — news in, an evidence-linked model of international relations out\n\n"
           "usage: orrery COMMAND [ARGS]\n\n",
           ORR_VERSION);
    for (size_t i = 0; i < N_COMMANDS; i++) printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    printf("\n  help [CMD]  this text, or one command's usage\n  --version   print the version\n\n%s",
           exit_codes);
    return EXIT_OK;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        print_help(NULL);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("orrery %s\n", ORR_VERSION);
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return print_help(argc > 2 ? argv[2] : NULL);
    const command *c = find_command(name);
    if (!c) {
        fprintf(stderr, "orrery: no command '%s' (see 'orrery help')\n", name);
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return print_help(name);
    return c->run(argc - 1, argv + 1);
}
