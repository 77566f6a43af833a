/*
** load.c — open a compiled dictionary: map it read-only, check magic,
** version, byte order, size and CRC, then validate every offset and index
** so that lookup never needs a bounds check.  An orr_dict is immutable and
** may be shared by any number of threads.  Also the entry accessors.
*/
#include "dict.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static const size_t sec_size[SEC_COUNT] = {
    1, sizeof(dict_file), sizeof(dict_word), sizeof(dict_slot), sizeof(dict_node),
    sizeof(dict_edge), sizeof(dict_actor), sizeof(dict_restr), sizeof(dict_agent),
    sizeof(dict_discard), sizeof(dict_issue), sizeof(dict_vblock), sizeof(dict_vform),
    sizeof(dict_pattern), sizeof(dict_synset), sizeof(uint32_t), sizeof(dict_transform)};

#define BAD(what) return orr_error_set(err, ORR_EFORMAT, "%s: %s", name, what)
#define STR_OK(off) ((off) < d->str_size)
#define IDX_OK(i, sec) ((i) < d->n[sec])
#define REF_OK(r, sec) ((r) <= d->n[sec])   /* index+1 or 0 */

static int dict_validate(orr_dict *d, const char *name, orr_error *err) {
    if (d->n[SEC_STRINGS] == 0 || d->str[d->str_size - 1] != '\0') BAD("string pool not terminated");
    size_t hc = d->n[SEC_WORDHASH];
    if (hc == 0 || (hc & (hc - 1)) || d->n[SEC_WORDS] == 0 || hc < d->n[SEC_WORDS])
        BAD("bad word table");
    if (d->n[SEC_NODES] == 0) BAD("no trie root");
    for (size_t i = 0; i < d->n[SEC_FILES]; i++)
        if (!STR_OK(d->files[i].name)) BAD("bad file record");
    for (size_t i = 0; i < d->n[SEC_WORDS]; i++) {
        const dict_word *w = &d->words[i];
        if (!STR_OK(w->str) || w->len > d->str_size - w->str - 1 || !IDX_OK(w->root, SEC_NODES))
            BAD("bad word record");
    }
    for (size_t i = 0; i < hc; i++) {
        const dict_slot *sl = &d->wordhash[i];
        if (!REF_OK(sl->word1, SEC_WORDS) || (sl->word1 && d->words[sl->word1 - 1].len != sl->len))
            BAD("bad word hash");
    }
    for (size_t i = 0; i < d->n[SEC_NODES]; i++) {
        const dict_node *nd = &d->nodes[i];
        if (nd->edge_first > d->n[SEC_EDGES] || nd->edge_count > d->n[SEC_EDGES] - nd->edge_first ||
            !REF_OK(nd->actor, SEC_ACTORS) || !REF_OK(nd->shadow, SEC_ACTORS) ||
            !REF_OK(nd->agent, SEC_AGENTS) || !REF_OK(nd->discard, SEC_DISCARDS) ||
            !REF_OK(nd->issue, SEC_ISSUES) || !REF_OK(nd->verb, SEC_VFORMS))
            BAD("bad trie node");
    }
    for (size_t i = 0; i < d->n[SEC_EDGES]; i++)
        if (!IDX_OK(d->edges[i].word, SEC_WORDS) || !IDX_OK(d->edges[i].child, SEC_NODES))
            BAD("bad trie edge");
    for (size_t i = 0; i < d->n[SEC_ACTORS]; i++) {
        const dict_actor *a = &d->actors[i];
        if (!STR_OK(a->phrase) || !IDX_OK(a->file, SEC_FILES) || !STR_OK(a->code) ||
            a->restr_first > d->n[SEC_RESTRICT] || a->restr_count > d->n[SEC_RESTRICT] - a->restr_first)
            BAD("bad actor record");
    }
    for (size_t i = 0; i < d->n[SEC_RESTRICT]; i++)
        if (!STR_OK(d->restr[i].code)) BAD("bad restriction");
    for (size_t i = 0; i < d->n[SEC_AGENTS]; i++) {
        const dict_agent *a = &d->agents[i];
        if (!STR_OK(a->phrase) || !STR_OK(a->code) || !IDX_OK(a->file, SEC_FILES)) BAD("bad agent");
    }
    for (size_t i = 0; i < d->n[SEC_DISCARDS]; i++)
        if (!STR_OK(d->discards[i].phrase) || !IDX_OK(d->discards[i].file, SEC_FILES)) BAD("bad discard");
    for (size_t i = 0; i < d->n[SEC_ISSUES]; i++) {
        const dict_issue *s = &d->issues[i];
        if (!STR_OK(s->phrase) || !STR_OK(s->code) || !STR_OK(s->category) || !IDX_OK(s->file, SEC_FILES))
            BAD("bad issue");
    }
    for (size_t i = 0; i < d->n[SEC_VBLOCKS]; i++) {
        const dict_vblock *v = &d->vblocks[i];
        if (!STR_OK(v->name) || !STR_OK(v->code) || !IDX_OK(v->file, SEC_FILES) ||
            v->pattern_first > d->n[SEC_PATTERNS] || v->pattern_count > d->n[SEC_PATTERNS] - v->pattern_first)
            BAD("bad verb block");
    }
    for (size_t i = 0; i < d->n[SEC_VFORMS]; i++) {
        const dict_vform *f = &d->vforms[i];
        if (!IDX_OK(f->block, SEC_VBLOCKS) || !STR_OK(f->form) || !STR_OK(f->code)) BAD("bad verb form");
    }
    for (size_t i = 0; i < d->n[SEC_PATTERNS]; i++) {
        const dict_pattern *p = &d->patterns[i];
        if (!IDX_OK(p->block, SEC_VBLOCKS) || !STR_OK(p->text) || !STR_OK(p->code) ||
            !STR_OK(p->code2) || !STR_OK(p->comment))
            BAD("bad pattern");
    }
    for (size_t i = 0; i < d->n[SEC_SYNSETS]; i++) {
        const dict_synset *s = &d->synsets[i];
        if (!STR_OK(s->label) || s->member_first > d->n[SEC_MEMBERS] ||
            s->member_count > d->n[SEC_MEMBERS] - s->member_first)
            BAD("bad synset");
    }
    for (size_t i = 0; i < d->n[SEC_MEMBERS]; i++)
        if (!STR_OK(d->members[i])) BAD("bad synset member");
    for (size_t i = 0; i < d->n[SEC_TRANSFORMS]; i++)
        if (!STR_OK(d->transforms[i].text)) BAD("bad transformation");
    return ORR_OK;
}

static int dict_attach(orr_dict *d, const char *name, orr_error *err) {
    dict_header h;
    if (d->size < sizeof h) BAD("too short for a compiled dictionary");
    memcpy(&h, d->base, sizeof h);
    if (memcmp(h.magic, DICT_MAGIC, 8) != 0) BAD("not a compiled orrery dictionary (bad magic)");
    if (h.version != DICT_VERSION)
        return orr_error_set(err, ORR_EFORMAT, "%s: dictionary version %u, this orrery reads %u: "
                             "recompile it with 'orrery dict compile'", name, h.version, DICT_VERSION);
    if (h.endian != DICT_ENDIAN) BAD("compiled on a machine of the other byte order");
    if (h.header_size != sizeof h || h.file_size != d->size) BAD("truncated or wrong size");
    uint32_t crc = (uint32_t)crc32(0L, d->base + sizeof h, (uInt)(d->size - sizeof h));
    if (crc != h.crc) BAD("checksum mismatch (damaged file)");
    const void *ptr[SEC_COUNT];
    for (int s = 0; s < SEC_COUNT; s++) {
        uint64_t off = h.sec[s].offset, cnt = h.sec[s].count;
        if (off % 8 || off < sizeof h || off > d->size || cnt > (d->size - off) / sec_size[s])
            BAD("bad section table");
        ptr[s] = d->base + off;
        d->n[s] = (size_t)cnt;
    }
    d->str = ptr[SEC_STRINGS];
    d->str_size = d->n[SEC_STRINGS];
    d->files = ptr[SEC_FILES];
    d->words = ptr[SEC_WORDS];
    d->wordhash = ptr[SEC_WORDHASH];
    d->nodes = ptr[SEC_NODES];
    d->edges = ptr[SEC_EDGES];
    d->actors = ptr[SEC_ACTORS];
    d->restr = ptr[SEC_RESTRICT];
    d->agents = ptr[SEC_AGENTS];
    d->discards = ptr[SEC_DISCARDS];
    d->issues = ptr[SEC_ISSUES];
    d->vblocks = ptr[SEC_VBLOCKS];
    d->vforms = ptr[SEC_VFORMS];
    d->patterns = ptr[SEC_PATTERNS];
    d->synsets = ptr[SEC_SYNSETS];
    d->members = ptr[SEC_MEMBERS];
    d->transforms = ptr[SEC_TRANSFORMS];
    return dict_validate(d, name, err);
}

int orr_dict_open_mem(orr_dict **out, const void *data, size_t len, orr_error *err) {
    *out = NULL;
    if ((uintptr_t)data % 8)
        return orr_error_set(err, ORR_EUSAGE, "compiled dictionary bytes must be 8-byte aligned");
    orr_dict *d = calloc(1, sizeof *d);
    if (!d) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    d->base = data;
    d->size = len;
    int rc = dict_attach(d, "(memory)", err);
    if (rc != ORR_OK) { free(d); return rc; }
    *out = d;
    return ORR_OK;
}

int orr_dict_open(orr_dict **out, const char *path, orr_error *err) {
    char def[4096];
    *out = NULL;
    if (!path) {
        if (orr_data_path("dict/default.orrdict", def, sizeof def) != ORR_OK)
            return orr_error_set(err, ORR_EUSAGE, "data path too long");
        path = def;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return orr_error_set(err, path == def ? ORR_ENOTFOUND : ORR_EIO,
                             "%s: cannot open%s", path,
                             path == def ? " (build it with 'make', or set ORRERY_DATA)" : "");
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        close(fd);
        return orr_error_set(err, ORR_EFORMAT, "%s: empty or unreadable", path);
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return orr_error_set(err, ORR_EIO, "%s: cannot map", path);
    orr_dict *d = calloc(1, sizeof *d);
    if (!d) { munmap(map, (size_t)st.st_size); return orr_error_set(err, ORR_ENOMEM, "out of memory"); }
    d->base = map;
    d->size = (size_t)st.st_size;
    d->mapped = 1;
    int rc = dict_attach(d, path, err);
    if (rc != ORR_OK) { orr_dict_close(d); return rc; }
    *out = d;
    return ORR_OK;
}

void orr_dict_close(orr_dict *d) {
    if (!d) return;
    if (d->mapped) munmap((void *)d->base, d->size);
    free(d);
}

/* ---- accessors ---- */

#define S(off) (d->str + (off))

int orr_dict_actor(const orr_dict *d, uint32_t i, orr_dict_actor_info *out) {
    if (i >= d->n[SEC_ACTORS]) return ORR_ENOTFOUND;
    const dict_actor *a = &d->actors[i];
    out->phrase = S(a->phrase);
    out->file = S(d->files[a->file].name);
    out->default_code = a->code ? S(a->code) : NULL;
    out->line = a->line;
    out->n_restrictions = a->restr_count;
    out->metonym = (a->flags & DICT_ACTOR_METONYM) != 0;
    return ORR_OK;
}

int orr_dict_actor_restriction(const orr_dict *d, uint32_t actor, size_t k,
                               orr_dict_restriction *out) {
    if (actor >= d->n[SEC_ACTORS] || k >= d->actors[actor].restr_count) return ORR_ENOTFOUND;
    const dict_restr *r = &d->restr[d->actors[actor].restr_first + k];
    out->code = S(r->code);
    out->from = r->from;
    out->to = r->to;
    out->line = r->line;
    return ORR_OK;
}

int orr_dict_agent(const orr_dict *d, uint32_t i, orr_dict_agent_info *out) {
    if (i >= d->n[SEC_AGENTS]) return ORR_ENOTFOUND;
    const dict_agent *a = &d->agents[i];
    out->phrase = S(a->phrase);
    out->code = S(a->code);
    out->file = S(d->files[a->file].name);
    out->line = a->line;
    out->prefix = (a->flags & DICT_AGENT_PREFIX) != 0;
    return ORR_OK;
}

int orr_dict_discard(const orr_dict *d, uint32_t i, orr_dict_discard_info *out) {
    if (i >= d->n[SEC_DISCARDS]) return ORR_ENOTFOUND;
    const dict_discard *x = &d->discards[i];
    out->phrase = S(x->phrase);
    out->file = S(d->files[x->file].name);
    out->line = x->line;
    out->story = (x->flags & DICT_DISCARD_STORY) != 0;
    return ORR_OK;
}

int orr_dict_issue(const orr_dict *d, uint32_t i, orr_dict_issue_info *out) {
    if (i >= d->n[SEC_ISSUES]) return ORR_ENOTFOUND;
    const dict_issue *x = &d->issues[i];
    out->phrase = S(x->phrase);
    out->code = S(x->code);
    out->category = S(x->category);
    out->file = S(d->files[x->file].name);
    out->line = x->line;
    out->ignore = (x->flags & DICT_ISSUE_IGNORE) != 0;
    return ORR_OK;
}

int orr_dict_verb_form_get(const orr_dict *d, uint32_t form, orr_dict_verb_form *out) {
    if (form >= d->n[SEC_VFORMS]) return ORR_ENOTFOUND;
    const dict_vform *f = &d->vforms[form];
    out->form = S(f->form);
    out->code = f->code ? S(f->code) : S(d->vblocks[f->block].code);
    out->block = f->block;
    out->line = f->line;
    return ORR_OK;
}

int orr_dict_verb_block_get(const orr_dict *d, uint32_t block, orr_dict_verb_block *out) {
    if (block >= d->n[SEC_VBLOCKS]) return ORR_ENOTFOUND;
    const dict_vblock *v = &d->vblocks[block];
    out->name = S(v->name);
    out->code = S(v->code);
    out->file = S(d->files[v->file].name);
    out->line = v->line;
    out->n_patterns = v->pattern_count;
    out->n_forms = v->form_count;
    return ORR_OK;
}

int orr_dict_verb_pattern(const orr_dict *d, uint32_t block, size_t k, orr_dict_pattern *out) {
    if (block >= d->n[SEC_VBLOCKS] || k >= d->vblocks[block].pattern_count) return ORR_ENOTFOUND;
    const dict_pattern *p = &d->patterns[d->vblocks[block].pattern_first + k];
    out->text = S(p->text);
    out->code = S(p->code);
    out->code2 = S(p->code2);
    out->comment = S(p->comment);
    out->line = p->line;
    return ORR_OK;
}

const char *orr_dict_synset_member(const orr_dict *d, int synset, size_t k) {
    if (synset < 0 || (size_t)synset >= d->n[SEC_SYNSETS] || k >= d->synsets[synset].member_count)
        return NULL;
    return S(d->members[d->synsets[synset].member_first + k]);
}

int orr_dict_synset(const orr_dict *d, const char *label, size_t *n_members) {
    for (size_t i = 0; i < d->n[SEC_SYNSETS]; i++) {
        const char *l = S(d->synsets[i].label);
        size_t ll = strlen(l), ql = strlen(label);
        if (ll && l[ll - 1] == '_') ll--;
        if (ql && label[ql - 1] == '_') ql--;
        if (ll == ql && memcmp(l, label, ll) == 0) {
            *n_members = d->synsets[i].member_count;
            return (int)i;
        }
    }
    *n_members = 0;
    return -1;
}

size_t orr_dict_n_transforms(const orr_dict *d) { return d->n[SEC_TRANSFORMS]; }

const char *orr_dict_transform(const orr_dict *d, size_t k, size_t *line) {
    if (k >= d->n[SEC_TRANSFORMS]) return NULL;
    if (line) *line = d->transforms[k].line;
    return S(d->transforms[k].text);
}

size_t orr_dict_n_files(const orr_dict *d) { return d->n[SEC_FILES]; }

int orr_dict_file(const orr_dict *d, size_t i, orr_dict_file_stats *out) {
    if (i >= d->n[SEC_FILES]) return ORR_ENOTFOUND;
    const dict_file *f = &d->files[i];
    out->name = S(f->name);
    out->kind = (orr_dict_kind)f->kind;
    out->entries = f->entries;
    out->phrases = f->phrases;
    out->restrictions = f->restrictions;
    out->patterns = f->patterns;
    return ORR_OK;
}

void orr_dict_totals_get(const orr_dict *d, orr_dict_totals *o) {
    o->words = d->n[SEC_WORDS];
    o->nodes = d->n[SEC_NODES];
    o->actors = d->n[SEC_ACTORS];
    o->restrictions = d->n[SEC_RESTRICT];
    o->agents = d->n[SEC_AGENTS];
    o->discards = d->n[SEC_DISCARDS];
    o->issues = d->n[SEC_ISSUES];
    o->verb_blocks = d->n[SEC_VBLOCKS];
    o->verb_forms = d->n[SEC_VFORMS];
    o->patterns = d->n[SEC_PATTERNS];
    o->synsets = d->n[SEC_SYNSETS];
    o->transforms = d->n[SEC_TRANSFORMS];
    o->bytes = d->size;
}
