/*
** build.c — the dictionary builder: what the text readers fill.  It keeps
** one string pool, a table of folded words, and a word trie whose nodes
** carry the entry each phrase ends in (one slot per kind: actor, agent,
** discard, issue, verb form).  A phrase added again for the same slot
** replaces the earlier entry, so later files override earlier ones (our
** current.actors.txt over the 2014 Phoenix files); the replaced actor is
** kept as the node's "shadow" (a metonym's literal reading).
*/
#include "dict.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int dict_vec_push(dict_vec *v, const void *item) {
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        void *p = realloc(v->data, cap * v->size);
        if (!p) return -1;
        v->data = p;
        v->cap = cap;
    }
    memcpy((char *)v->data + v->n * v->size, item, v->size);
    v->n++;
    return 0;
}

static void vec_free(dict_vec *v) {
    free(v->data);
    v->data = NULL;
    v->n = v->cap = 0;
}

orr_dict_builder *orr_dict_builder_new(orr_dict_diag_fn diag, void *ctx) {
    orr_dict_builder *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->diag = diag;
    b->diag_ctx = ctx;
    orr_buf_init(&b->pool);
    dict_vec init[] = {DICT_VEC(dict_file), DICT_VEC(dict_word), DICT_VEC(dict_node),
                       DICT_VEC(dict_actor), DICT_VEC(dict_restr), DICT_VEC(dict_agent),
                       DICT_VEC(dict_discard), DICT_VEC(dict_issue), DICT_VEC(dict_vblock),
                       DICT_VEC(dict_vform), DICT_VEC(dict_pattern), DICT_VEC(dict_synset),
                       DICT_VEC(uint32_t), DICT_VEC(dict_transform), DICT_VEC(uint32_t),
                       DICT_VEC(uint32_t)};
    b->files = init[0]; b->words = init[1]; b->nodes = init[2]; b->actors = init[3];
    b->restr = init[4]; b->agents = init[5]; b->discards = init[6]; b->issues = init[7];
    b->vblocks = init[8]; b->vforms = init[9]; b->patterns = init[10]; b->synsets = init[11];
    b->members = init[12]; b->transforms = init[13]; b->phrase_words = init[14];
    b->agent_codes = init[15];
    dict_node root = {0};
    char nul = '\0';
    if (orr_buf_append(&b->pool, &nul, 1) != ORR_OK || dict_vec_push(&b->nodes, &root) != 0) {
        orr_dict_builder_free(b);
        return NULL;
    }
    /* word 0: the possessive marker */
    dict_word poss = {dict_str(b, "'s", 2), 2, dict_hash("'s", 2), 0};
    if (!poss.str || dict_vec_push(&b->words, &poss) != 0) {
        orr_dict_builder_free(b);
        return NULL;
    }
    return b;
}

void orr_dict_builder_free(orr_dict_builder *b) {
    if (!b) return;
    orr_buf_free(&b->pool);
    dict_vec *vs[] = {&b->files, &b->words, &b->nodes, &b->actors, &b->restr, &b->agents,
                      &b->discards, &b->issues, &b->vblocks, &b->vforms, &b->patterns,
                      &b->synsets, &b->members, &b->transforms, &b->phrase_words,
                      &b->agent_codes};
    for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) vec_free(vs[i]);
    free(b->word_table);
    free(b->edge_map.keys);
    free(b->edge_map.vals);
    free(b);
}

void dict_diag(orr_dict_builder *b, size_t line, int severity, const char *fmt, ...) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (severity < 0) severity = 0;
    if (severity > 2) severity = 2;
    b->counts[severity]++;
    if (b->diag) {
        orr_dict_diag d = {b->file_name ? b->file_name : "?", line, severity, msg};
        b->diag(b->diag_ctx, &d);
    }
}

void orr_dict_builder_counts(const orr_dict_builder *b, size_t counts[3]) {
    for (int i = 0; i < 3; i++) counts[i] = b->counts[i];
}

uint32_t dict_str(orr_dict_builder *b, const char *s, size_t len) {
    if (len == 0) return 0;
    size_t off = b->pool.len;
    if (off > UINT32_MAX - len - 1) return 0;
    char nul = '\0';
    if (orr_buf_append(&b->pool, s, len) != ORR_OK || orr_buf_append(&b->pool, &nul, 1) != ORR_OK)
        return 0;
    return (uint32_t)off;
}

const char *dict_str_at(const orr_dict_builder *b, uint32_t off) { return b->pool.data + off; }

/* ---- the word table ---- */

static int word_table_grow(orr_dict_builder *b) {
    size_t cap = b->word_table_cap ? b->word_table_cap * 2 : 1024;
    uint32_t *t = calloc(cap, sizeof *t);
    if (!t) return -1;
    for (size_t w = 0; w < b->words.n; w++) {
        const dict_word *dw = &DICT_AT(b->words, dict_word, w);
        size_t i = dw->hash & (cap - 1);
        while (t[i]) i = (i + 1) & (cap - 1);
        t[i] = (uint32_t)w + 1;
    }
    free(b->word_table);
    b->word_table = t;
    b->word_table_cap = cap;
    return 0;
}

/* Index of a folded word, added if new; DICT_NONE on OOM. */
static uint32_t word_intern(orr_dict_builder *b, const char *w, size_t len) {
    if ((b->words.n + 1) * 2 > b->word_table_cap && word_table_grow(b) != 0) return DICT_NONE;
    uint32_t h = dict_hash(w, len);
    size_t cap = b->word_table_cap, i = h & (cap - 1);
    for (; b->word_table[i]; i = (i + 1) & (cap - 1)) {
        const dict_word *dw = &DICT_AT(b->words, dict_word, b->word_table[i] - 1);
        if (dw->hash == h && dw->len == len && memcmp(b->pool.data + dw->str, w, len) == 0)
            return b->word_table[i] - 1;
    }
    dict_word nw = {dict_str(b, w, len), (uint32_t)len, h, 0};
    if (!nw.str || dict_vec_push(&b->words, &nw) != 0) return DICT_NONE;
    b->word_table[i] = (uint32_t)b->words.n;
    return (uint32_t)b->words.n - 1;
}

/* ---- trie edges: (node, word) -> child in an open-addressing map ---- */

static uint64_t edge_mix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static int edge_grow(dict_map *m) {
    size_t cap = m->cap ? m->cap * 2 : 4096;
    uint64_t *keys = malloc(cap * sizeof *keys);
    uint32_t *vals = malloc(cap * sizeof *vals);
    if (!keys || !vals) { free(keys); free(vals); return -1; }
    memset(keys, 0xff, cap * sizeof *keys);
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] == UINT64_MAX) continue;
        size_t j = edge_mix(m->keys[i]) & (cap - 1);
        while (keys[j] != UINT64_MAX) j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

/* Child of node by word, created if absent; DICT_NONE on OOM. */
static uint32_t trie_child(orr_dict_builder *b, uint32_t node, uint32_t word) {
    dict_map *m = &b->edge_map;
    if ((m->n + 1) * 2 > m->cap && edge_grow(m) != 0) return DICT_NONE;
    uint64_t key = (uint64_t)node << 32 | word;
    size_t j = edge_mix(key) & (m->cap - 1);
    for (; m->keys[j] != UINT64_MAX; j = (j + 1) & (m->cap - 1))
        if (m->keys[j] == key) return m->vals[j];
    dict_node fresh = {0};
    if (dict_vec_push(&b->nodes, &fresh) != 0) return DICT_NONE;
    m->keys[j] = key;
    m->vals[j] = (uint32_t)b->nodes.n - 1;
    m->n++;
    return m->vals[j];
}

static int is_sep(char c) { return c == '_' || c == ' ' || c == '\t' || c == '-'; }

int dict_add_phrase(orr_dict_builder *b, const char *phrase, size_t len, int slot,
                    uint32_t entry, uint32_t *previous) {
    uint32_t node = 0;
    size_t n_words = 0, i = 0;
    *previous = 0;
    while (i < len) {
        while (i < len && is_sep(phrase[i])) i++;
        size_t s = i;
        while (i < len && !is_sep(phrase[i])) i++;
        if (i == s) break;
        char folded[256];
        int poss = 0;
        size_t flen = dict_fold(phrase + s, i - s, folded, sizeof folded, &poss);
        for (int part = 0; part < 2; part++) {
            uint32_t w;
            if (part == 0) {
                if (flen == 0) continue;
                w = word_intern(b, folded, flen);
            } else {
                if (!poss) continue;
                w = 0;
            }
            if (w == DICT_NONE) return -1;
            node = trie_child(b, node, w);
            if (node == DICT_NONE) return -1;
            n_words++;
        }
    }
    if (n_words == 0) return 0;
    dict_node *nd = &DICT_AT(b->nodes, dict_node, node);
    uint32_t *slots[] = {&nd->actor, &nd->agent, &nd->discard, &nd->issue, &nd->verb};
    *previous = *slots[slot];
    if (slot == SLOT_ACTOR && *previous && *previous != entry + 1) nd->shadow = *previous;
    *slots[slot] = entry + 1;
    return 1;
}

/* ---- line reading helpers ---- */

int dict_next_line(dict_lines *it, dict_line *line) {
    if (it->pos >= it->len) return 0;
    const char *s = it->data + it->pos;
    const char *nl = memchr(s, '\n', it->len - it->pos);
    size_t n = nl ? (size_t)(nl - s) : it->len - it->pos;
    it->pos += n + (nl ? 1 : 0);
    it->lineno++;
    if (n && s[n - 1] == '\r') n--;
    line->s = s;
    line->len = n;
    line->lineno = it->lineno;
    line->indented = n > 0 && (s[0] == '\t' || s[0] == ' ');
    return 1;
}

size_t dict_strip(const char *s, size_t len, int semicolon, const char **out) {
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '[') depth++;
        else if (s[i] == ']' && depth > 0) depth--;
        /* '#' inside brackets is a code (TABARI's discard code [###]) */
        else if (depth == 0 && (s[i] == '#' || (semicolon && s[i] == ';'))) { len = i; break; }
    }
    while (len && (*s == ' ' || *s == '\t')) { s++; len--; }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) len--;
    *out = s;
    return len;
}

/*
** Dates: YYYYMMDD, or YYMMDD with the century pivot of the CountryInfo
** files, which were generated in 2014: YY <= 30 is 20YY, else 19YY
** (earlier 20th-century dates in those files use 8 digits).
*/
int32_t dict_parse_date(const char *s, size_t len) {
    if (len != 6 && len != 8) return -1;
    int32_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (len == 6) v += (v / 10000 <= 30 ? 20000000 : 19000000);
    int32_t y = v / 10000, m = v / 100 % 100, d = v % 100;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return -1;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return -1;
    return v;
}

int dict_code_ok(const char *s, size_t len) {
    if (len == 3 && memcmp(s, "---", 3) == 0) return 1;
    if (len == 0 || len % 3 != 0 || len > 30) return 0;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) return 0;
    return 1;
}

/* ---- files ---- */

orr_dict_kind orr_dict_kind_of(const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char low[256];
    size_t n = strlen(base);
    if (n >= sizeof low) n = sizeof low - 1;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(base[i] >= 'A' && base[i] <= 'Z' ? base[i] + 32 : base[i]);
    low[n] = '\0';
    if (strstr(low, "metonym")) return ORR_DICT_METONYMS;
    if (strstr(low, "actor")) return ORR_DICT_ACTORS;
    if (strstr(low, "agent")) return ORR_DICT_AGENTS;
    if (strstr(low, "verb") || strncmp(low, "cameo", 5) == 0) return ORR_DICT_VERBS;
    if (strstr(low, "discard")) return ORR_DICT_DISCARDS;
    if (strstr(low, "issue")) return ORR_DICT_ISSUES;
    return ORR_DICT_AUTO;
}

int orr_dict_builder_add_mem(orr_dict_builder *b, const char *name, const char *data,
                             size_t len, orr_dict_kind kind, orr_error *err) {
    if (kind == ORR_DICT_AUTO) kind = orr_dict_kind_of(name);
    if (kind == ORR_DICT_AUTO)
        return orr_error_set(err, ORR_EUSAGE,
                             "%s: cannot tell the dictionary kind from the name (actors, "
                             "metonyms, agents, verbs, discards, issues)", name);
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    dict_file f = {dict_str(b, base, strlen(base)), (uint32_t)kind, 0, 0, 0, 0};
    if (!f.name || dict_vec_push(&b->files, &f) != 0)
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    b->file = (uint32_t)b->files.n - 1;
    b->file_name = name;
    int rc;
    switch (kind) {
    case ORR_DICT_ACTORS: rc = dict_read_actors(b, data, len, 0); break;
    case ORR_DICT_METONYMS: rc = dict_read_actors(b, data, len, 1); break;
    case ORR_DICT_AGENTS: rc = dict_read_agents(b, data, len); break;
    case ORR_DICT_VERBS: rc = dict_read_verbs(b, data, len); break;
    case ORR_DICT_DISCARDS: rc = dict_read_discards(b, data, len); break;
    case ORR_DICT_ISSUES: rc = dict_read_issues(b, data, len); break;
    default: rc = -1; break;
    }
    b->file_name = NULL;
    if (rc != 0) return orr_error_set(err, ORR_ENOMEM, "%s: out of memory", name);
    return ORR_OK;
}

int orr_dict_builder_add_file(orr_dict_builder *b, const char *path, orr_dict_kind kind,
                              orr_error *err) {
    char *data;
    size_t len;
    int rc = orr_read_file(path, &data, &len, err);
    if (rc != ORR_OK) return rc;
    rc = orr_dict_builder_add_mem(b, path, data, len, kind, err);
    free(data);
    return rc;
}
