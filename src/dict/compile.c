/*
** compile.c — write the builder's content as one compiled dictionary
** (layout in dict.h), and the checks that need every file read first.
**
** The trie's edges live in a hash map while building; here they are
** sorted by (node, word) so each node's edges are one contiguous, sorted
** run that lookup can binary-search, and each word records the child of
** the root it leads to, so the first step of every match is one load.
*/
#include "dict.h"

#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

typedef struct edge3 { uint32_t node, word, child; } edge3;

static int edge3_cmp(const void *a, const void *b) {
    const edge3 *x = a, *y = b;
    if (x->node != y->node) return x->node < y->node ? -1 : 1;
    if (x->word != y->word) return x->word < y->word ? -1 : 1;
    return 0;
}

static uint32_t pack3(const char *s) {
    return (uint32_t)(unsigned char)s[0] << 16 | (uint32_t)(unsigned char)s[1] << 8 |
           (unsigned char)s[2];
}
static int u32_cmp(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/*
** Actor codes are a country (or organisation) code followed by agent codes
** in groups of three ("RUSGOVMIL").  For codes whose first group is a
** country that some entry codes on its own, every later group must be an
** agent code the agent dictionaries define.
*/
static void check_code(orr_dict_builder *b, const char *code, uint32_t line,
                       const uint32_t *countries, size_t nc, const uint32_t *agents, size_t na) {
    size_t n = strlen(code);
    if (n <= 3 || n % 3 || na == 0) return;
    uint32_t c = pack3(code);
    /* organisation roots are followed by region/organisation codes, not agents */
    static const char *const roots[] = {"IGO", "NGO", "MNC", "IMG", "NGM", "UIS", "INT"};
    for (size_t r = 0; r < sizeof roots / sizeof roots[0]; r++)
        if (memcmp(code, roots[r], 3) == 0) return;
    if (!bsearch(&c, countries, nc, sizeof c, u32_cmp)) return;
    for (size_t k = 3; k + 3 <= n; k += 3) {
        uint32_t a = pack3(code + k);
        /* a country after a country is a territory (GBRVGB: British Virgin Islands) */
        if (!bsearch(&a, agents, na, sizeof a, u32_cmp) &&
            !bsearch(&a, countries, nc, sizeof a, u32_cmp))
            dict_diag(b, line, 1, "unknown agent code '%.3s' in %s", code + k, code);
    }
}

void orr_dict_builder_check(orr_dict_builder *b) {
    size_t na = b->agent_codes.n, nc = 0;
    uint32_t *agents = malloc((na + 1) * sizeof *agents);
    uint32_t *countries = malloc((b->actors.n + 1) * sizeof *countries);  /* and territories */
    if (!agents || !countries) { free(agents); free(countries); return; }
    for (size_t i = 0; i < na; i++)
        agents[i] = pack3(dict_str_at(b, DICT_AT(b->agent_codes, uint32_t, i)));
    qsort(agents, na, sizeof *agents, u32_cmp);
    for (size_t i = 0; i < b->actors.n; i++) {
        const dict_actor *a = &DICT_AT(b->actors, dict_actor, i);
        const char *c = a->code ? dict_str_at(b, a->code) : "";
        if (strlen(c) == 3) countries[nc++] = pack3(c);
        else if (strlen(c) == 6) countries[nc++] = pack3(c + 3);  /* territory: GBRVGB */
    }
    qsort(countries, nc, sizeof *countries, u32_cmp);
    for (size_t i = 0; i < b->actors.n; i++) {
        const dict_actor *a = &DICT_AT(b->actors, dict_actor, i);
        b->file_name = dict_str_at(b, DICT_AT(b->files, dict_file, a->file).name);
        if (a->code) check_code(b, dict_str_at(b, a->code), a->line, countries, nc, agents, na);
        for (uint32_t k = 0; k < a->restr_count; k++) {
            const dict_restr *r = &DICT_AT(b->restr, dict_restr, a->restr_first + k);
            check_code(b, dict_str_at(b, r->code), r->line, countries, nc, agents, na);
        }
    }
    b->file_name = NULL;
    free(agents);
    free(countries);
}

static int out_section(orr_buf *out, dict_header *h, int sec, const void *data, size_t count,
                       size_t size) {
    while (out->len % 8) {
        char z = 0;
        if (orr_buf_append(out, &z, 1) != ORR_OK) return -1;
    }
    h->sec[sec].offset = out->len;
    h->sec[sec].count = count;
    if (count == 0 || size == 0) return 0;
    return orr_buf_append(out, data, count * size) == ORR_OK ? 0 : -1;
}

int orr_dict_builder_compile(orr_dict_builder *b, void **out_data, size_t *out_len,
                             orr_error *err) {
    size_t ne = b->edge_map.n, nw = b->words.n, nn = b->nodes.n;
    edge3 *e3 = malloc((ne + 1) * sizeof *e3);
    dict_edge *edges = malloc((ne + 1) * sizeof *edges);
    size_t hcap = 1024;
    while (hcap < nw + nw / 2) hcap *= 2;   /* load <= 2/3: a small table stays in cache */
    dict_slot *hash = calloc(hcap, sizeof *hash);
    dict_node *nodes = b->nodes.data;
    dict_word *words = b->words.data;
    orr_buf out;
    orr_buf_init(&out);
    int rc = ORR_ENOMEM;
    if (!e3 || !edges || !hash) goto done;
    size_t k = 0;
    for (size_t i = 0; i < b->edge_map.cap; i++) {
        if (b->edge_map.keys[i] == UINT64_MAX) continue;
        e3[k].node = (uint32_t)(b->edge_map.keys[i] >> 32);
        e3[k].word = (uint32_t)b->edge_map.keys[i];
        e3[k].child = b->edge_map.vals[i];
        k++;
    }
    qsort(e3, ne, sizeof *e3, edge3_cmp);
    for (size_t i = 0; i < nn; i++) nodes[i].edge_first = nodes[i].edge_count = 0;
    for (size_t i = 0; i < nw; i++) words[i].root = 0;
    for (size_t i = 0; i < ne; i++) {
        edges[i].word = e3[i].word;
        edges[i].child = e3[i].child;
        dict_node *nd = &nodes[e3[i].node];
        if (nd->edge_count == 0) nd->edge_first = (uint32_t)i;
        nd->edge_count++;
        if (e3[i].node == 0) words[e3[i].word].root = e3[i].child;
    }
    /* kinds reachable below each node: children are created after their
    ** parents, so one pass from the last node back sees children first */
    uint32_t *reach = calloc(nn + 1, sizeof *reach);
    if (!reach) goto done;
    for (size_t n = nn; n-- > 0;) {
        const dict_node *nd = &nodes[n];
        uint32_t m = (nd->actor ? 1u << ORR_MATCH_ACTOR : 0) | (nd->agent ? 1u << ORR_MATCH_AGENT : 0) |
                     (nd->discard ? 1u << ORR_MATCH_DISCARD : 0) | (nd->issue ? 1u << ORR_MATCH_ISSUE : 0) |
                     (nd->verb ? 1u << ORR_MATCH_VERB : 0);
        for (uint32_t k = 0; k < nd->edge_count; k++) m |= reach[edges[nd->edge_first + k].child];
        reach[n] |= m;
    }
    for (size_t w = 0; w < nw; w++) {
        size_t i = words[w].hash & (hcap - 1);
        while (hash[i].word1) i = (i + 1) & (hcap - 1);
        hash[i].prefix = dict_prefix(b->pool.data + words[w].str, words[w].len);
        hash[i].word1 = (uint32_t)w + 1;
        hash[i].len = words[w].len;
    }
    for (size_t w = 0; w < nw; w++) words[w].hash = words[w].root ? reach[words[w].root] : 0;
    free(reach);
    dict_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, DICT_MAGIC, 8);
    h.version = DICT_VERSION;
    h.endian = DICT_ENDIAN;
    h.header_size = sizeof h;
    if (orr_buf_append(&out, &h, sizeof h) != ORR_OK) goto done;
    if (out_section(&out, &h, SEC_STRINGS, b->pool.data, b->pool.len, 1) ||
        out_section(&out, &h, SEC_FILES, b->files.data, b->files.n, sizeof(dict_file)) ||
        out_section(&out, &h, SEC_WORDS, words, nw, sizeof(dict_word)) ||
        out_section(&out, &h, SEC_WORDHASH, hash, hcap, sizeof(dict_slot)) ||
        out_section(&out, &h, SEC_NODES, nodes, nn, sizeof(dict_node)) ||
        out_section(&out, &h, SEC_EDGES, edges, ne, sizeof(dict_edge)) ||
        out_section(&out, &h, SEC_ACTORS, b->actors.data, b->actors.n, sizeof(dict_actor)) ||
        out_section(&out, &h, SEC_RESTRICT, b->restr.data, b->restr.n, sizeof(dict_restr)) ||
        out_section(&out, &h, SEC_AGENTS, b->agents.data, b->agents.n, sizeof(dict_agent)) ||
        out_section(&out, &h, SEC_DISCARDS, b->discards.data, b->discards.n, sizeof(dict_discard)) ||
        out_section(&out, &h, SEC_ISSUES, b->issues.data, b->issues.n, sizeof(dict_issue)) ||
        out_section(&out, &h, SEC_VBLOCKS, b->vblocks.data, b->vblocks.n, sizeof(dict_vblock)) ||
        out_section(&out, &h, SEC_VFORMS, b->vforms.data, b->vforms.n, sizeof(dict_vform)) ||
        out_section(&out, &h, SEC_PATTERNS, b->patterns.data, b->patterns.n, sizeof(dict_pattern)) ||
        out_section(&out, &h, SEC_SYNSETS, b->synsets.data, b->synsets.n, sizeof(dict_synset)) ||
        out_section(&out, &h, SEC_MEMBERS, b->members.data, b->members.n, sizeof(uint32_t)) ||
        out_section(&out, &h, SEC_TRANSFORMS, b->transforms.data, b->transforms.n,
                    sizeof(dict_transform)))
        goto done;
    h.file_size = out.len;
    h.crc = (uint32_t)crc32(0L, (const Bytef *)out.data + sizeof h, (uInt)(out.len - sizeof h));
    memcpy(out.data, &h, sizeof h);
    *out_len = out.len;
    *out_data = orr_buf_steal(&out, out_len);
    rc = ORR_OK;
done:
    free(e3);
    free(edges);
    free(hash);
    orr_buf_free(&out);
    return rc == ORR_OK ? ORR_OK : orr_error_set(err, rc, "compiling the dictionary: out of memory");
}

int orr_dict_builder_write(orr_dict_builder *b, const char *path, orr_error *err) {
    void *data;
    size_t len;
    int rc = orr_dict_builder_compile(b, &data, &len, err);
    if (rc != ORR_OK) return rc;
    /* write beside, then rename: a reader never maps a half-written file */
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        free(data);
        return orr_error_set(err, ORR_EUSAGE, "%s: path too long", path);
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        free(data);
        return orr_error_set(err, ORR_EIO, "%s: cannot write", tmp);
    }
    size_t w = fwrite(data, 1, len, f);
    int bad = fclose(f) != 0 || w != len;
    free(data);
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return orr_error_set(err, ORR_EIO, "%s: cannot write", path);
    }
    return ORR_OK;
}
