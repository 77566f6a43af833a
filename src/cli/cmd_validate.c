/*
** cmd_validate.c — `orrery validate FILE.xml`: run PETRARCH unit-test
** records through our coder (our tokens and parses, not the records'
** <Parse> trees) with the dictionaries the file's <Environment> names, and
** compare the (source, target, code) triples.  Prints each failing record
** with what was expected and what was produced, a table per category, the
** triple recall and the extra events, and ends with "N passed, N failed".
** A record whose expectation is error="bad_input_parse" tests PETRARCH's
** reader of a broken <Parse> tree, which orrery does not read: it is
** listed as skipped and left out of the counts.
**
** Exit codes: 0 every record passed; 1 some failed or the file/dictionaries
** could not be used; 2 bad command line.
*/
#include "cli.h"
#include "code_setup.h"
#include "../util/util.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct triple {
    char source[32], target[32], code[8];
    int used;
} triple;

typedef struct category {
    char name[32];
    size_t records, passed, expected, found, produced, extra;
} category;

typedef struct tally {
    category cats[64];
    size_t n_cats;
    size_t passed, failed, skipped, expected, found, produced, extra;
} tally;

static category *category_of(tally *t, const char *name) {
    for (size_t i = 0; i < t->n_cats; i++)
        if (strcmp(t->cats[i].name, name) == 0) return &t->cats[i];
    if (t->n_cats == 64) return &t->cats[63];
    category *c = &t->cats[t->n_cats++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    return c;
}

static int is_elem(const xmlNode *n, const char *name) {
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static char *prop(const xmlNode *n, const char *name) {
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The dictionary file named by <Environment><TAG>, resolved in dir. */
static int env_file(const xmlNode *env, const char *tag, const char *dir, char *out, size_t size) {
    for (const xmlNode *c = env ? env->children : NULL; c; c = c->next) {
        if (!is_elem(c, tag)) continue;
        char *v = (char *)xmlNodeGetContent(c);
        if (!v) return 0;
        char *s = v;
        while (*s == ' ' || *s == '\n' || *s == '\t') s++;
        size_t n = strlen(s);
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t')) n--;
        snprintf(out, size, "%s/%.*s", dir, (int)n, s);
        xmlFree(v);
        return 1;
    }
    return 0;
}

static void dir_of(const char *path, char *out, size_t size) {
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(out, size, ".");
    else snprintf(out, size, "%.*s", (int)(slash - path), path);
}

static void print_triples(const char *label, const triple *t, size_t n) {
    printf("    %s:", label);
    if (!n) printf(" (none)");
    for (size_t i = 0; i < n; i++) printf(" %s>%s:%s", t[i].source, t[i].target, t[i].code);
    printf("\n");
}

/* Code one record and score it. */
static int run_record(const orr_coder *coder, const xmlNode *s, tally *t, int verbose) {
    char *id = prop(s, "id"), *cat = prop(s, "category"), *date = prop(s, "date");
    char iso[11] = "";
    if (date && strlen(date) == 8)
        snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", date, date + 4, date + 6);
    triple want[32], got[64];
    size_t n_want = 0, n_got = 0;
    char *text = NULL;
    int bad_parse = 0;
    for (const xmlNode *c = s->children; c; c = c->next) {
        if (is_elem(c, "EventCoding")) {
            char *e = prop(c, "error");
            bad_parse |= e && strcmp(e, "bad_input_parse") == 0;
            xmlFree(e);
        }
        if (is_elem(c, "EventCoding") && n_want < 32) {
            char *src = prop(c, "sourcecode"), *tgt = prop(c, "targetcode"), *code = prop(c, "eventcode");
            if (src && tgt && code) {
                triple *w = &want[n_want++];
                memset(w, 0, sizeof *w);
                snprintf(w->source, sizeof w->source, "%s", src);
                snprintf(w->target, sizeof w->target, "%s", tgt);
                snprintf(w->code, sizeof w->code, "%s", code);
            }
            xmlFree(src); xmlFree(tgt); xmlFree(code);
        } else if (is_elem(c, "Text") && !text) {
            text = (char *)xmlNodeGetContent(c);
        }
    }
    if (bad_parse) {
        printf("SKIP %s [%s]: expects PETRARCH to reject its broken <Parse> tree, which orrery does not read\n",
               id ? id : "?", cat ? cat : "-");
        t->skipped++;
        xmlFree(text); xmlFree(id); xmlFree(cat); xmlFree(date);
        return 0;
    }
    int rc = 0;
    orr_arena *arena = orr_arena_new(1 << 16);
    orr_coded coded;
    orr_error err;
    if (!arena || !text) {
        rc = -1;
    } else if (orr_code_text(coder, arena, text, *iso ? iso : NULL, &coded, &err)) {
        cli_print_error(&err);
        rc = -1;
    } else {
        for (size_t k = 0; k < coded.n_events && n_got < 64; k++) {
            triple *g = &got[n_got++];
            memset(g, 0, sizeof *g);
            snprintf(g->source, sizeof g->source, "%s", coded.events[k].source);
            snprintf(g->target, sizeof g->target, "%s", coded.events[k].target);
            snprintf(g->code, sizeof g->code, "%s", coded.events[k].code);
        }
    }
    size_t found = 0;
    for (size_t i = 0; i < n_want; i++)
        for (size_t j = 0; j < n_got; j++)
            if (!got[j].used && !strcmp(want[i].source, got[j].source) &&
                !strcmp(want[i].target, got[j].target) && !strcmp(want[i].code, got[j].code)) {
                got[j].used = want[i].used = 1;
                found++;
                break;
            }
    size_t extra = n_got - found;
    int pass = rc == 0 && found == n_want && extra == 0;
    category *c = category_of(t, cat ? cat : "-");
    c->records++;
    c->passed += pass;
    c->expected += n_want;
    c->found += found;
    c->produced += n_got;
    c->extra += extra;
    if (pass) t->passed++;
    else t->failed++;
    t->expected += n_want;
    t->found += found;
    t->produced += n_got;
    t->extra += extra;
    if (!pass || verbose) {
        char *flat = text ? strdup(text) : NULL;
        for (char *p = flat; p && *p; p++)
            if (*p == '\n' || *p == '\t') *p = ' ';
        printf("%s %s [%s]: %s\n", pass ? "PASS" : "FAIL", id ? id : "?", cat ? cat : "-",
               flat ? flat : "");
        print_triples("expected", want, n_want);
        print_triples("produced", got, n_got);
        free(flat);
    }
    orr_arena_free(arena);
    xmlFree(text); xmlFree(id); xmlFree(cat); xmlFree(date);
    return rc;
}

static void print_table(const tally *t) {
    printf("\n%-12s %7s %7s %9s %7s %9s %7s\n", "category", "records", "passed", "expected",
           "found", "produced", "extra");
    for (size_t i = 0; i < t->n_cats; i++) {
        const category *c = &t->cats[i];
        printf("%-12s %7zu %7zu %9zu %7zu %9zu %7zu\n", c->name, c->records, c->passed,
               c->expected, c->found, c->produced, c->extra);
    }
    printf("%-12s %7zu %7zu %9zu %7zu %9zu %7zu\n", "total", t->passed + t->failed, t->passed,
           t->expected, t->found, t->produced, t->extra);
    printf("\ntriples found: %zu of %zu (%.1f%%); extra events: %zu (%.1f%% of expected)\n",
           t->found, t->expected, t->expected ? 100.0 * (double)t->found / (double)t->expected : 0.0,
           t->extra, t->expected ? 100.0 * (double)t->extra / (double)t->expected : 0.0);
}

int cmd_validate(int argc, char **argv) {
    code_setup setup;
    code_setup_init(&setup);
    const char *file = NULL, *dict_dir = NULL;
    int verbose = 0, status = EXIT_OK;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (status == EXIT_OK && cli_opts_next(&o)) {
        const char *v;
        if (cli_opt_is(&o, "--dict-dir")) {
            if (!(dict_dir = cli_opt_value(&o))) status = EXIT_USAGE;
        } else if (cli_opt_is(&o, "--model")) {
            if (!(v = cli_opt_value(&o))) status = EXIT_USAGE;
            else setup.model_path = v;
        } else if (cli_opt_is(&o, "-v") || cli_opt_is(&o, "--verbose")) {
            verbose = 1;
        } else if (o.positional && !file) {
            file = o.arg;
        } else {
            status = cli_unknown_option(&o);
        }
    }
    if (status == EXIT_OK && !file) status = cli_usage_error("validate", "no records file");
    if (status) return status;
    xmlDoc *doc = xmlReadFile(file, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        fprintf(stderr, "orrery: %s: not a readable XML file\n", file);
        return EXIT_FAIL;
    }
    const xmlNode *root = xmlDocGetRootElement(doc), *env = NULL, *sentences = NULL;
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (is_elem(c, "Environment")) env = c;
        if (is_elem(c, "Sentences")) sentences = c;
    }
    char dir[4096], verbs[8192], actors[8192], agents[8192], discards[8192];
    dir_of(file, dir, sizeof dir);
    const char *d = dict_dir ? dict_dir : dir;
    if (!env || !env_file(env, "Verbfile", d, verbs, sizeof verbs) ||
        !env_file(env, "Actorfile", d, actors, sizeof actors) ||
        !env_file(env, "Agentfile", d, agents, sizeof agents)) {
        fprintf(stderr, "orrery: %s: no <Environment> naming Verbfile, Actorfile and Agentfile\n", file);
        xmlFreeDoc(doc);
        return EXIT_FAIL;
    }
    setup.verbs = verbs;
    setup.actors = actors;
    setup.agents = agents;
    setup.discards = env_file(env, "Discardfile", d, discards, sizeof discards) ? discards : NULL;
    setup.only_given = 1;
    orr_coder *coder = NULL;
    if (code_setup_open(&setup, &coder)) {
        xmlFreeDoc(doc);
        return EXIT_FAIL;
    }
    tally t;
    memset(&t, 0, sizeof t);
    for (const xmlNode *c = sentences ? sentences->children : NULL; c; c = c->next)
        if (is_elem(c, "Sentence")) run_record(coder, c, &t, verbose);
    print_table(&t);
    if (t.skipped)
        printf("skipped: %zu records that test PETRARCH's reading of a broken <Parse> tree\n", t.skipped);
    printf("%zu passed, %zu failed\n", t.passed, t.failed);
    code_setup_free(&setup, coder);
    xmlFreeDoc(doc);
    return t.failed ? EXIT_FAIL : EXIT_OK;
}
