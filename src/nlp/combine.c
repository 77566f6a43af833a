/*
** combine.c — an ensemble model from biaffine models trained apart
** (`orrery parse --combine A,B -o OUT`): the first model's file with the
** other models' networks appended as networks 1, 2, ... (SEC_BI_* + 3k).
** The networks must share the first model's tagger, tags and relations,
** because at parse time they all read that tagger's tags and their label
** scores are summed class by class (biparse.c).  Two networks trained
** with different options disagree on different words, so the summed
** log-probabilities parse better than either (docs/parser.md).
*/
#include "nlp.h"

#include <stdlib.h>

static const nlp_section *find_section(const nlp_section *s, size_t n, uint32_t id) {
    for (size_t i = 0; i < n; i++)
        if (s[i].id == id) return &s[i];
    return NULL;
}

static int same_section(const nlp_section *a, size_t na, const nlp_section *b, size_t nb, uint32_t id) {
    const nlp_section *x = find_section(a, na, id), *y = find_section(b, nb, id);
    return x && y && x->size == y->size && !memcmp(x->data, y->data, x->size);
}

int nlp_model_same_tagging(const orr_model *a, const orr_model *b) {
    nlp_section x[64], y[64];
    size_t nx = nlp_model_sections(a, x, 64), ny = nlp_model_sections(b, y, 64);
    return same_section(x, nx, y, ny, SEC_TAGGER) && same_section(x, nx, y, ny, SEC_TAGS) &&
           same_section(x, nx, y, ny, SEC_LABELS);
}

/* Append model m's networks to secs (renumbered from *n_nets on). */
static int add_networks(const orr_model *m, const char *path, const nlp_section *first, size_t n_first,
                        nlp_section *secs, size_t *n_secs, int *n_nets, orr_error *err) {
    nlp_section own[64];
    size_t n_own = nlp_model_sections(m, own, 64);
    if (!m->has_bi) return orr_error_set(err, ORR_EFORMAT, "%s: not a biaffine model", path);
    if (*n_nets + m->has_bi > BI_MAX_NETS)
        return orr_error_set(err, ORR_EFORMAT, "%s: an ensemble holds at most %d networks", path, BI_MAX_NETS);
    if (!same_section(first, n_first, own, n_own, SEC_TAGGER) || !same_section(first, n_first, own, n_own, SEC_TAGS) ||
        !same_section(first, n_first, own, n_own, SEC_LABELS))
        return orr_error_set(err, ORR_EFORMAT, "%s: trained with another tagger, tag set or relations than the first model",
                             path);
    for (int k = 0; k < m->has_bi; k++, (*n_nets)++)
        for (uint32_t j = 0; j < 3; j++) {
            const nlp_section *s = find_section(own, n_own, SEC_BI_DIMS + 3 * (uint32_t)k + j);
            secs[(*n_secs)++] = (nlp_section){SEC_BI_DIMS + 3 * (uint32_t)*n_nets + j, s->data, s->size};
        }
    return ORR_OK;
}

int orr_model_combine(const char *const *paths, size_t n, const char *out_path, orr_error *err) {
    if (n < 2 || n > BI_MAX_NETS) return orr_error_set(err, ORR_EUSAGE, "combine: give 2 to %d models", BI_MAX_NETS);
    orr_model *m[BI_MAX_NETS] = {0};
    nlp_section first[64], secs[64 + 3 * BI_MAX_NETS];
    size_t n_first = 0, n_secs = 0;
    int n_nets = 0, rc = ORR_OK;
    orr_buf info;
    orr_buf_init(&info);
    for (size_t i = 0; !rc && i < n; i++) rc = orr_model_load(&m[i], paths[i], err);
    if (!rc) {
        n_first = nlp_model_sections(m[0], first, 64);
        for (size_t i = 0; i < n_first; i++)
            if (first[i].id < SEC_BI_DIMS || first[i].id > SEC_BI_LAST) secs[n_secs++] = first[i];
        orr_buf_printf(&info, "%s; ensemble:", orr_model_info(m[0]));
    }
    for (size_t i = 0; !rc && i < n; i++) {
        rc = add_networks(m[i], paths[i], first, n_first, secs, &n_secs, &n_nets, err);
        const char *base = strrchr(paths[i], '/');
        orr_buf_printf(&info, " %s", base ? base + 1 : paths[i]);
    }
    for (size_t i = 0; !rc && i < n_secs; i++)
        if (secs[i].id == SEC_INFO) secs[i] = (nlp_section){SEC_INFO, info.data, info.len};
    char *bytes = NULL;
    size_t len = 0;
    if (!rc && nlp_model_write(secs, n_secs, &bytes, &len)) rc = orr_error_set(err, ORR_ENOMEM, "out of memory");
    if (!rc) rc = nlp_model_save(out_path, bytes, len, err);
    free(bytes);
    orr_buf_free(&info);
    for (size_t i = 0; i < n; i++) orr_model_free(m[i]);
    return rc;
}
