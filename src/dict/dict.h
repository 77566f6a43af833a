/*
** dict.h — internals of the dictionaries: the compiled file layout (shared
** by the writer and the loader), word folding, and the builder the text
** readers fill.  Internal to liborrery; the API is in include/orrery.h.
**
** Compiled file: a header with a section table, then 8-aligned sections
** of fixed-size little-endian records and one string pool.  Every string is
** an offset into the pool (0 is the empty string); every index is checked
** against its section when the file is opened, so a damaged or hostile
** file is rejected, never trusted.
*/
#ifndef ORR_DICT_H
#define ORR_DICT_H

#include "../util/util.h"

#include <stdint.h>

#define DICT_MAGIC "ORRDICT\0"
#define DICT_VERSION 4u
#define DICT_ENDIAN 0x01020304u
#define DICT_NONE UINT32_MAX
#define DICT_OPEN_TO 99999999

enum {
    SEC_STRINGS, SEC_FILES, SEC_WORDS, SEC_WORDHASH, SEC_NODES, SEC_EDGES, SEC_ACTORS,
    SEC_RESTRICT, SEC_AGENTS, SEC_DISCARDS, SEC_ISSUES, SEC_VBLOCKS, SEC_VFORMS, SEC_PATTERNS,
    SEC_SYNSETS, SEC_MEMBERS, SEC_TRANSFORMS, SEC_COUNT
};

typedef struct dict_section { uint64_t offset, count; } dict_section;

typedef struct dict_header {
    char magic[8];
    uint32_t version, endian;
    uint64_t file_size;
    uint32_t crc, header_size;   /* crc32 of bytes [header_size, file_size) */
    dict_section sec[SEC_COUNT];
} dict_header;

/* Word table slot: the word's first 8 bytes (zero padded) and length, so
** that most probes compare without touching the string pool. */
typedef struct dict_slot { uint64_t prefix; uint32_t word1, len; } dict_slot;   /* word1: index + 1 */
static inline uint64_t dict_prefix(const char *w, size_t len) {
    uint64_t p = 0;
    memcpy(&p, w, len < 8 ? len : 8);
    return p;
}

/* Word 0 is the possessive marker "'s"; a word's root is its trie node.
** While building, `hash` is the word's hash; in the compiled file it is the
** mask (1 << ORR_MATCH_*) of the kinds of phrase that start with the word,
** so that lookup skips at once the words that only start verbs or issues. */
typedef struct dict_word { uint32_t str, len, hash, root; } dict_word;
/* Trie node: outgoing edges sorted by word; payloads are index+1 (0: none). */
typedef struct dict_node {
    uint32_t edge_first, edge_count;
    uint32_t actor, shadow, agent, discard, issue, verb;
} dict_node;
typedef struct dict_edge { uint32_t word, child; } dict_edge;
typedef struct dict_actor {
    uint32_t phrase, file, line, code, restr_first, restr_count, flags, pad;
} dict_actor;
#define DICT_ACTOR_METONYM 1u
typedef struct dict_restr { uint32_t code; int32_t from, to; uint32_t line; } dict_restr;
typedef struct dict_agent { uint32_t phrase, file, line, code, flags; } dict_agent;
#define DICT_AGENT_PREFIX 1u
typedef struct dict_discard { uint32_t phrase, file, line, flags; } dict_discard;
#define DICT_DISCARD_STORY 1u
typedef struct dict_issue { uint32_t phrase, file, line, code, category, flags; } dict_issue;
#define DICT_ISSUE_IGNORE 1u
typedef struct dict_vblock {
    uint32_t name, code, file, line, pattern_first, pattern_count, form_count, pad;
} dict_vblock;
typedef struct dict_vform { uint32_t block, form, code, line; } dict_vform;
typedef struct dict_pattern { uint32_t block, text, code, code2, comment, line; } dict_pattern;
typedef struct dict_synset { uint32_t label, member_first, member_count, line; } dict_synset;
typedef struct dict_transform { uint32_t text, line; } dict_transform;
/* SEC_FILES records. */
typedef struct dict_file {
    uint32_t name, kind, entries, phrases, restrictions, patterns;
} dict_file;

/* The opened dictionary: pointers into the mapped bytes. */
struct orr_dict {
    const unsigned char *base;
    size_t size;
    int mapped;
    const char *str;
    size_t str_size;
    const dict_file *files;
    const dict_word *words;
    const dict_slot *wordhash;
    const dict_node *nodes;
    const dict_edge *edges;
    const dict_actor *actors;
    const dict_restr *restr;
    const dict_agent *agents;
    const dict_discard *discards;
    const dict_issue *issues;
    const dict_vblock *vblocks;
    const dict_vform *vforms;
    const dict_pattern *patterns;
    const dict_synset *synsets;
    const uint32_t *members;
    const dict_transform *transforms;
    size_t n[SEC_COUNT];
};

/* ---- folding (fold.c) ---- */

/* Fold one word for matching: case folded, marks stripped, '.' dropped,
** ’ → '.  A trailing 's or ' is removed and *possessive set.  Returns the
** length written to out (NUL-terminated; 0 when nothing is left). */
size_t dict_fold(const char *in, size_t len, char *out, size_t cap, int *possessive);
uint32_t dict_hash(const char *s, size_t len);
/* Look a folded word up in the compiled word table: index or DICT_NONE. */
uint32_t dict_word_find(const orr_dict *d, const char *w, size_t len);
/* The same with h = dict_hash(w, len) already known. */
uint32_t dict_word_find_hashed(const orr_dict *d, const char *w, size_t len, uint32_t h);

/* ---- builder (build.c) ---- */

typedef struct dict_vec { void *data; size_t n, cap, size; } dict_vec;
int dict_vec_push(dict_vec *v, const void *item);
#define DICT_VEC(type) {NULL, 0, 0, sizeof(type)}
#define DICT_AT(vec, type, i) (((type *)(vec).data)[i])

/* A key -> value open-addressing map (word strings and trie edges). */
typedef struct dict_map { uint64_t *keys; uint32_t *vals; size_t n, cap; } dict_map;

struct orr_dict_builder {
    orr_dict_diag_fn diag;
    void *diag_ctx;
    size_t counts[3];
    orr_buf pool;                 /* string pool, starts with "\0" */
    dict_vec files;               /* dict_file */
    uint32_t file;                /* current file index */
    const char *file_name;        /* current file name (for diagnostics) */
    dict_vec words;               /* dict_word (root unused here) */
    uint32_t *word_table;         /* open addressing: word index + 1 */
    size_t word_table_cap;
    dict_vec nodes;               /* dict_node (edges unused here) */
    dict_map edge_map;            /* (node << 32 | word) -> child */
    dict_vec actors, restr, agents, discards, issues, vblocks, vforms, patterns, synsets,
        members, transforms;
    dict_vec phrase_words;        /* uint32 scratch */
    dict_vec agent_codes;         /* uint32 string offsets of 3-letter agent chunks */
};

/* Report a diagnostic for the current file. */
void dict_diag(orr_dict_builder *b, size_t line, int severity, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
uint32_t dict_str(orr_dict_builder *b, const char *s, size_t len);  /* 0 on OOM or empty */
const char *dict_str_at(const orr_dict_builder *b, uint32_t off);

/* Phrase slots in a trie node payload. */
enum { SLOT_ACTOR, SLOT_AGENT, SLOT_DISCARD, SLOT_ISSUE, SLOT_VERB };
/* Add a phrase (words separated by '_', ' ' or '-') for an entry; returns
** -1 on OOM, 0 if the phrase has no words, 1 if added.  *previous gets the
** entry that held the phrase before (index+1, 0 if none). */
int dict_add_phrase(orr_dict_builder *b, const char *phrase, size_t len, int slot,
                    uint32_t entry, uint32_t *previous);

/* Line splitting shared by the readers. */
typedef struct dict_line {
    const char *s;        /* line text without the newline */
    size_t len, lineno;
    int indented;         /* started with a tab or space */
} dict_line;
typedef struct dict_lines { const char *data; size_t len, pos, lineno; } dict_lines;
int dict_next_line(dict_lines *it, dict_line *line);
/* Strip a comment starting at '#' (and, if semicolon, ';') outside brackets,
** trim both ends; returns the new length. */
size_t dict_strip(const char *s, size_t len, int semicolon, const char **out);
/* Parse a PETRARCH/TABARI date (YYMMDD or YYYYMMDD) into YYYYMMDD; -1 if bad. */
int32_t dict_parse_date(const char *s, size_t len);
/* Is this a well-shaped code (A-Z0-9, length a multiple of 3, or "---")? */
int dict_code_ok(const char *s, size_t len);

int dict_read_actors(orr_dict_builder *b, const char *data, size_t len, int metonym);
int dict_read_agents(orr_dict_builder *b, const char *data, size_t len);
int dict_read_verbs(orr_dict_builder *b, const char *data, size_t len);
int dict_read_discards(orr_dict_builder *b, const char *data, size_t len);
int dict_read_issues(orr_dict_builder *b, const char *data, size_t len);

#endif
