/*
** model.c — the model file: writing it from sections, and loading it by
** mmap with every structure checked before use, so that a truncated or
** corrupt file gives a clear error and never a crash.
**
** Layout (little-endian, every section 64-byte aligned, so that the
** weight tables' buckets and rows sit on whole cache lines):
**   magic[8] "ORRNLP\r\n", u32 version, u32 n_sections, u64 file_size,
**   u32 crc32 (zlib) of bytes [32, file_size), u32 0,
**   n_sections x {u32 id, u32 0, u64 offset, u64 size}, then the sections.
** Sections with ids past SEC_COUNT_ are optional and skipped by a build
** that does not know them (SEC_BEAM: the beam width of a beam-trained
** parser; without it a model is greedy; SEC_BI_*: the BiLSTM + biaffine
** parser, which then parses instead of the transition parser; an
** ensemble repeats the three for network k at SEC_BI_DIMS + 3k), so adding
** one needs no new version and greedy models stay byte-for-byte what
** they were.
** The weight tables are laid out as they are used (see nlp.h), so loading
** is mapping plus validation: no parsing, no allocation proportional to
** the model.
*/
#include "nlp.h"

#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

typedef struct file_header {
    char magic[8];
    uint32_t version, n_sections;
    uint64_t file_size;
    uint32_t crc, zero;
} file_header;
typedef struct file_section {
    uint32_t id, zero;
    uint64_t off, size;
} file_section;

static size_t align64(size_t n) { return (n + 63) & ~(size_t)63; }

int nlp_model_write(const nlp_section *secs, size_t n, char **out, size_t *out_len) {
    size_t off = align64(sizeof(file_header) + n * sizeof(file_section)), total = off;
    for (size_t i = 0; i < n; i++) total = align64(total + secs[i].size);
    char *p = calloc(1, total);
    if (!p) return ORR_ENOMEM;
    file_header *h = (file_header *)p;
    memcpy(h->magic, NLP_MAGIC, 8);
    h->version = NLP_VERSION;
    h->n_sections = (uint32_t)n;
    h->file_size = total;
    file_section *st = (file_section *)(p + sizeof *h);
    for (size_t i = 0; i < n; i++) {
        st[i] = (file_section){secs[i].id, 0, off, secs[i].size};
        if (secs[i].size) memcpy(p + off, secs[i].data, secs[i].size);
        off = align64(off + secs[i].size);
    }
    h->crc = (uint32_t)crc32(0L, (const Bytef *)p + 32, (uInt)(total - 32));
    *out = p;
    *out_len = total;
    return ORR_OK;
}

/* Write a model file whole or not at all (a temporary file renamed). */
int nlp_model_save(const char *path, const char *bytes, size_t len, orr_error *err) {
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return orr_error_set(err, ORR_EUSAGE, "%s: path too long", path);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(bytes, 1, len, f) == len;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return orr_error_set(err, ORR_EIO, "%s: cannot write model", path);
    }
    return ORR_OK;
}

/* The sections of a loaded (so validated) model, in file order. */
size_t nlp_model_sections(const orr_model *m, nlp_section *out, size_t cap) {
    const char *p = m->map;
    uint32_t n;
    memcpy(&n, p + offsetof(file_header, n_sections), sizeof n);
    size_t k = 0;
    for (uint32_t i = 0; i < n && k < cap; i++) {
        file_section fs;
        memcpy(&fs, p + sizeof(file_header) + i * sizeof fs, sizeof fs);
        out[k++] = (nlp_section){fs.id, p + fs.off, (size_t)fs.size};
    }
    return k;
}

/* ---- validation ---- */

typedef struct span {
    const char *p;
    uint64_t size;
} span;

static int bad(orr_error *err, const char *name, const char *what) {
    return orr_error_set(err, ORR_EFORMAT, "%s: corrupt model: %s", name, what);
}

static int check_str(const orr_model *m, uint32_t off) { return off < m->strings_len; }

/* A weight table (layout in nlp.h): every ref must point inside the row
** area at a class the model has, int8 tables' weights must be at most 127
** in size (their sums are int16), and some bucket must have an empty slot
** (that is what ends a lookup of a feature the table does not have). */
static int check_ref(const nlp_wtable *t, uint32_t ref) {
    if (ref & NLP_REF_INLINE) {
        int16_t w = (int16_t)(uint16_t)ref;
        return ((ref >> 16) & 0x7fff) < t->n_classes && (t->wbytes == 2 || (w >= -127 && w <= 127));
    }
    if (ref & NLP_REF_DENSE) {
        uint64_t off = (uint64_t)(ref & ~NLP_REF_DENSE) * 64;
        return off + nlp_dense_bytes(t->n_classes, t->wbytes) <= t->rows_len;
    }
    uint32_t n = ref >> 24;
    uint64_t off = (uint64_t)(ref & 0xffffff) * 4;
    if (n < 2 || n > NLP_DENSE_MIN || off + n * sizeof(nlp_entry) > t->rows_len) return 0;
    const nlp_entry *e = (const nlp_entry *)(t->rows + off);
    for (uint32_t j = 0; j < n; j++)
        if (e[j].cls >= t->n_classes || (t->wbytes == 1 && (e[j].w < -127 || e[j].w > 127))) return 0;
    return 1;
}

static int load_wtable(const char *name, span s, uint32_t n_classes, nlp_wtable *t,
                       orr_error *err) {
    if (s.size < 64) return bad(err, name, "weight table header truncated");
    uint32_t n_buckets, wbytes, rows_len;
    memcpy(&n_buckets, s.p, 4);
    memcpy(&wbytes, s.p + 4, 4);
    memcpy(&rows_len, s.p + 8, 4);
    if (!n_buckets || (n_buckets & (n_buckets - 1)) || n_buckets > (1u << 26))
        return bad(err, name, "weight table size is not a power of two");
    if (wbytes != 1 && wbytes != 2) return bad(err, name, "weight width is not 1 or 2 bytes");
    if (64 + (uint64_t)n_buckets * 64 + rows_len != s.size)
        return bad(err, name, "weight table size does not match its header");
    t->buckets = (const uint32_t *)(s.p + 64);
    t->rows = s.p + 64 + (size_t)n_buckets * 64;
    t->mask = n_buckets - 1;
    t->rows_len = rows_len;
    t->n_classes = n_classes;
    t->wbytes = wbytes;
    uint32_t empty = 0;
    for (uint32_t b = 0; b < n_buckets; b++) {
        const uint32_t *bk = t->buckets + (size_t)b * 16;
        for (uint32_t j = 0; j < NLP_BUCKET; j++) {
            if (!bk[j]) {
                empty++;
                continue;
            }
            if (!check_ref(t, bk[NLP_BUCKET + j])) return bad(err, name, "weight row out of range");
        }
    }
    if (!empty) return bad(err, name, "weight table has no empty slot");
    return ORR_OK;
}

/* A hash section: u32 n (power of two), u32 0, then n records of rec_size
** bytes whose first 8 bytes are the key (0 = empty). */
static int load_hash(const char *name, span s, size_t rec_size, const void **recs,
                     uint32_t *mask, orr_error *err) {
    if (s.size < 8) return bad(err, name, "hash section truncated");
    uint32_t n;
    memcpy(&n, s.p, 4);
    if (!n || (n & (n - 1))) return bad(err, name, "hash size is not a power of two");
    if (8 + (uint64_t)n * rec_size != s.size) return bad(err, name, "hash section size mismatch");
    uint32_t empty = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t key;
        memcpy(&key, s.p + 8 + (size_t)i * rec_size, 8);
        empty += key == 0;
    }
    if (!empty) return bad(err, name, "hash section has no empty slot");
    *recs = s.p + 8;
    *mask = n - 1;
    return ORR_OK;
}

/* One network of the optional biaffine parser: dims that fit the model's
** tags and labels, a vocabulary of ids in range and exactly the weights
** the dims call for, all finite. */
static int load_bi_net(orr_model *m, const char *name, const span bi[3], nlp_bi_parser *p, orr_error *err) {
    if (!bi[0].p || !bi[1].p || !bi[2].p) return bad(err, name, "biaffine parser sections incomplete");
    bi_net *net = &p->net;
    if (bi[0].size != sizeof net->d) return bad(err, name, "biaffine dims section size mismatch");
    memcpy(&net->d, bi[0].p, sizeof net->d);
    const char *why = bi_dims_check(&net->d);
    if (why) return bad(err, name, why);
    if (net->d.n_tags != m->n_tags + 1 || net->d.n_labels != m->n_labels)
        return bad(err, name, "biaffine parser does not match the model's tags and labels");
    const void *recs;
    int rc = load_hash(name, bi[1], sizeof(nlp_bi_word), &recs, &p->vocab_mask, err);
    if (rc) return rc;
    p->vocab = recs;
    for (uint32_t i = 0; i <= p->vocab_mask; i++)
        if (p->vocab[i].key && (p->vocab[i].id < 2 || p->vocab[i].id >= net->d.n_words))
            return bad(err, name, "biaffine vocabulary id out of range");
    bi_layout_init(&net->d, &net->l);
    if (bi[2].size != (uint64_t)net->l.n_params * sizeof(float))
        return bad(err, name, "biaffine weights size does not match its dims");
    net->w = (const float *)bi[2].p;
    for (size_t i = 0; i < net->l.n_params; i++)
        if (!isfinite(net->w[i])) return bad(err, name, "biaffine weight not finite");
    /* ORRERY_BF16=0 keeps float products on a CPU with AVX-512 BF16 */
    const char *bf16 = getenv("ORRERY_BF16");
    if ((!bf16 || strcmp(bf16, "0")) && bi_pack(net)) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    return ORR_OK;
}

/* The networks present, numbered from 0 without gaps. */
static int load_biaffine(orr_model *m, const char *name, const span bi[BI_MAX_NETS][3], orr_error *err) {
    for (int k = 0; k < BI_MAX_NETS; k++) {
        if (!bi[k][0].p && !bi[k][1].p && !bi[k][2].p) {
            for (int j = k + 1; j < BI_MAX_NETS; j++)
                if (bi[j][0].p || bi[j][1].p || bi[j][2].p) return bad(err, name, "biaffine networks not numbered from 0");
            break;
        }
        int rc = load_bi_net(m, name, bi[k], &m->bi[k], err);
        if (rc) return rc;
        m->has_bi = k + 1;
    }
    return ORR_OK;
}

static int load_sections(orr_model *m, const char *name, orr_error *err) {
    const char *p = m->map;
    size_t len = m->map_len;
    if (len < sizeof(file_header)) return bad(err, name, "shorter than its header");
    file_header h;
    memcpy(&h, p, sizeof h);
    if (memcmp(h.magic, NLP_MAGIC, 8) != 0)
        return orr_error_set(err, ORR_EFORMAT, "%s: not an orrery model (bad magic)", name);
    if (h.version != NLP_VERSION)
        return orr_error_set(err, ORR_EFORMAT, "%s: model version %u, this build reads %d",
                             name, h.version, NLP_VERSION);
    if (h.file_size != len)
        return orr_error_set(err, ORR_EFORMAT,
                             "%s: truncated model: header says %llu bytes, file has %zu", name,
                             (unsigned long long)h.file_size, len);
    if ((uint32_t)crc32(0L, (const Bytef *)p + 32, (uInt)(len - 32)) != h.crc)
        return bad(err, name, "checksum mismatch");
    if (h.n_sections > 64 || sizeof h + (uint64_t)h.n_sections * sizeof(file_section) > len)
        return bad(err, name, "section table out of range");
    span sec[SEC_COUNT_] = {{0}}, beam = {0}, bi[BI_MAX_NETS][3] = {{{0}}};
    for (uint32_t i = 0; i < h.n_sections; i++) {
        file_section fs;
        memcpy(&fs, p + sizeof h + i * sizeof fs, sizeof fs);
        if (fs.off > len || fs.size > len - fs.off || (fs.off & 63))
            return bad(err, name, "section out of range");
        if (fs.id > 0 && fs.id < SEC_COUNT_) sec[fs.id] = (span){p + fs.off, fs.size};
        if (fs.id == SEC_BEAM) beam = (span){p + fs.off, fs.size};
        if (fs.id >= SEC_BI_DIMS && fs.id <= SEC_BI_LAST)
            bi[(fs.id - SEC_BI_DIMS) / 3][(fs.id - SEC_BI_DIMS) % 3] = (span){p + fs.off, fs.size};
    }
    for (int id = 1; id < SEC_COUNT_; id++)
        if (!sec[id].p) return bad(err, name, "a section is missing");
    span s = sec[SEC_STRINGS];
    if (!s.size || s.p[s.size - 1] != 0 || s.size > UINT32_MAX)
        return bad(err, name, "string table not terminated");
    m->strings = s.p;
    m->strings_len = (uint32_t)s.size;
    s = sec[SEC_TAGS];
    if (s.size < 8) return bad(err, name, "tag table truncated");
    memcpy(&m->n_tags, s.p, 4);
    if (!m->n_tags || m->n_tags > NLP_MAX_CLASSES || 8 + (uint64_t)m->n_tags * sizeof(nlp_tag) != s.size)
        return bad(err, name, "tag table size mismatch");
    m->tags = (const nlp_tag *)(s.p + 8);
    for (uint32_t i = 0; i < m->n_tags; i++)
        if (!check_str(m, m->tags[i].upos) || !check_str(m, m->tags[i].xpos) ||
            !check_str(m, m->tags[i].feats))
            return bad(err, name, "tag name out of range");
    s = sec[SEC_LABELS];
    if (s.size < 8) return bad(err, name, "label table truncated");
    memcpy(&m->n_labels, s.p, 4);
    if (!m->n_labels || 1 + 2 * (uint64_t)m->n_labels > NLP_MAX_CLASSES ||
        8 + (uint64_t)m->n_labels * 4 != s.size)
        return bad(err, name, "label table size mismatch");
    m->labels = (const uint32_t *)(s.p + 8);
    for (uint32_t i = 0; i < m->n_labels; i++)
        if (!check_str(m, m->labels[i])) return bad(err, name, "label name out of range");
    int rc = load_wtable(name, sec[SEC_TAGGER], m->n_tags, &m->tagger, err);
    if (!rc) rc = load_wtable(name, sec[SEC_PARSER], 1 + 2 * m->n_labels, &m->parser, err);
    const void *recs;
    if (!rc) rc = load_hash(name, sec[SEC_LEX], sizeof(nlp_lex), &recs, &m->lex_mask, err);
    if (rc) return rc;
    m->lex = recs;
    for (uint32_t i = 0; i <= m->lex_mask; i++)
        if (m->lex[i].key && (!check_str(m, m->lex[i].lemma) || !check_str(m, m->lex[i].feats)))
            return bad(err, name, "lexicon string out of range");
    rc = load_hash(name, sec[SEC_WCLASS], sizeof(nlp_word_class), &recs, &m->wclass_mask, err);
    if (rc) return rc;
    m->wclass = recs;
    for (uint32_t i = 0; i <= m->wclass_mask; i++)
        if (m->wclass[i].key && m->wclass[i].best_tag != UINT32_MAX &&
            m->wclass[i].best_tag >= m->n_tags)
            return bad(err, name, "word class tag out of range");
    rc = load_hash(name, sec[SEC_RULES], sizeof(nlp_rule), &recs, &m->rules_mask, err);
    if (rc) return rc;
    m->rules = recs;
    for (uint32_t i = 0; i <= m->rules_mask; i++)
        if (m->rules[i].key && (!check_str(m, m->rules[i].add) || m->rules[i].strip > 64))
            return bad(err, name, "lemma rule out of range");
    s = sec[SEC_INFO];
    size_t n = s.size < sizeof m->info - 1 ? s.size : sizeof m->info - 1;
    memcpy(m->info, s.p, n);
    m->info[n] = 0;
    m->label_punct = m->label_root = m->label_auxpass = m->label_nsubjpass = UINT32_MAX;
    for (uint32_t i = 0; i < m->n_labels; i++) {
        const char *l = nlp_str(m, m->labels[i]);
        if (!strcmp(l, "punct")) m->label_punct = i;
        if (!strcmp(l, "root")) m->label_root = i;
        if (!strcmp(l, "aux:pass")) m->label_auxpass = i;
        if (!strcmp(l, "nsubj:pass")) m->label_nsubjpass = i;
    }
    if (m->label_root == UINT32_MAX) return bad(err, name, "no 'root' label");
    m->beam = 1;  /* optional section: models without it are greedy */
    if (beam.p) {
        if (beam.size != 4) return bad(err, name, "beam section is not 4 bytes");
        memcpy(&m->beam, beam.p, 4);
        if (m->beam < 1 || m->beam > 256) return bad(err, name, "beam width not in 1..256");
    }
    return load_biaffine(m, name, bi, err);
}

int orr_model_load_mem(orr_model **model, const char *name, const void *data, size_t len,
                       orr_error *err) {
    *model = NULL;
    orr_model *m = calloc(1, sizeof *m);
    if (!m) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    m->map = malloc(len ? len : 1);
    if (!m->map) {
        free(m);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    if (len) memcpy(m->map, data, len);
    m->map_len = len;
    int rc = load_sections(m, name, err);
    if (rc) {
        orr_model_free(m);
        return rc;
    }
    *model = m;
    return ORR_OK;
}

int orr_model_load(orr_model **model, const char *path, orr_error *err) {
    *model = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return orr_error_set(err, ORR_EIO, "%s: cannot open model: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(file_header)) {
        close(fd);
        return orr_error_set(err, ORR_EFORMAT, "%s: not an orrery model (too short)", path);
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) return orr_error_set(err, ORR_EIO, "%s: cannot map model: %s", path, strerror(errno));
    orr_model *m = calloc(1, sizeof *m);
    if (!m) {
        munmap(p, (size_t)st.st_size);
        return orr_error_set(err, ORR_ENOMEM, "out of memory");
    }
    m->map = p;
    m->map_len = (size_t)st.st_size;
    m->mapped = 1;
    int rc = load_sections(m, path, err);
    if (rc) {
        orr_model_free(m);
        return rc;
    }
    *model = m;
    return ORR_OK;
}

void nlp_model_unpack(orr_model *m) {
    for (int k = 0; k < BI_MAX_NETS; k++) bi_unpack(&m->bi[k].net);
}

void orr_model_free(orr_model *m) {
    if (!m) return;
    nlp_model_unpack(m);
    if (m->mapped) munmap(m->map, m->map_len);
    else free(m->map);
    free(m);
}

const char *orr_model_info(const orr_model *m) { return m->info; }
