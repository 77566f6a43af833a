/*
** test_nlp_beam.c — beam search and global training (src/nlp/beam.c,
** train_beam.c): a tiny beam-trained model parses into valid trees and
** records its beam; a beam of 1 decodes exactly as the greedy parser does
** with the same weights; the model's beam section is checked on load.
*/
#include "testutil.h"
#include "nlp_tiny.h"
#include "util/util.h"
#include "nlp/nlp.h"

#include <unistd.h>
#include <zlib.h>

static char beam_model[64], dev_slice[64];

static int setup_beam(void **state) {
    (void)state;
    return tiny_train(beam_model, "orr-beam", dev_slice, "orr-bdev", 4);
}

static int teardown_beam(void **state) {
    (void)state;
    unlink(beam_model);
    unlink(dev_slice);
    return 0;
}

static void test_beam_model_parses(void **state) {
    (void)state;
    orr_model *m;
    orr_error err = {0};
    assert_int_equal(orr_model_load(&m, beam_model, &err), ORR_OK);
    assert_int_equal(orr_model_beam(m), 4);
    assert_non_null(strstr(orr_model_info(m), "; beam 4"));
    const char *forms[] = {"The", "government", "said", "the", "talks", "were", "useful", "."};
    orr_arena *a = orr_arena_new(4096);
    orr_word *w;
    for (int k = 0; k <= 8; k += 4) {  /* the model's beam, 4 again, and 8 */
        orr_arena_reset(a);
        assert_int_equal(orr_model_parse_beam(m, a, forms, 8, k, &w, &err), ORR_OK);
        tiny_check_tree(w, 8);
        assert_string_equal(w[7].deprel, "punct");
    }
    assert_int_equal(orr_model_parse_beam(m, a, forms, 8, -1, &w, &err), ORR_EUSAGE);
    orr_arena_free(a);
    orr_model_free(m);
}

/* Tag a sentence with the model and parse it greedily and with a beam of k
** (beam.c directly); 1 if both give the same arcs. */
static int same_as_greedy(const orr_model *m, orr_arena *a, const orr_conllu_sentence *cs, int k,
                          int *n_diff) {
    int n = (int)cs->n_words;
    nlp_tok *toks = orr_arena_alloc(a, (size_t)(n + 1) * sizeof *toks);
    int *tags = orr_arena_alloc(a, (size_t)(n + 2) * sizeof *tags);
    uint64_t *word = orr_arena_alloc(a, (size_t)(n + 1) * sizeof *word);
    parse_state g, b;
    assert_true(toks && tags && word);
    assert_int_equal(parse_state_init(&g, n, a), ORR_OK);
    assert_int_equal(parse_state_init(&b, n, a), ORR_OK);
    for (int i = 0; i < n; i++) nlp_tok_init(m, cs->words[i].form, &toks[i]);
    tagger_tag(m, toks, (size_t)n, tags + 1);
    tags[0] = (int)m->n_tags;
    word[0] = 0x7e7e7e7eULL;
    for (int i = 0; i < n; i++) word[i + 1] = toks[i].lower;
    parser_parse(m, &g, word, tags);
    assert_int_equal(beam_parse(m, k, &b, word, tags, a), ORR_OK);
    int same = 1;
    for (int i = 1; i <= n; i++) {
        assert_true(b.head[i] >= 0 && b.head[i] <= n && b.label[i] >= 0);
        if (g.head[i] != b.head[i] || g.label[i] != b.label[i]) same = 0, ++*n_diff;
    }
    return same;
}

/* A beam of one keeps the best allowed class of the one state, lowest class
** on ties: exactly greedy decoding.  Wider beams must give valid trees and,
** on 60 sentences, differ somewhere (else the beam would not be searching). */
static void test_beam_one_is_greedy(void **state) {
    (void)state;
    orr_model *m;
    assert_int_equal(orr_model_load(&m, beam_model, NULL), ORR_OK);
    char *data;
    size_t len;
    assert_int_equal(orr_read_file(dev_slice, &data, &len, NULL), ORR_OK);
    orr_arena *a = orr_arena_new(1 << 16), *scratch = orr_arena_new(1 << 16);
    orr_conllu_sentence *s;
    size_t n;
    assert_int_equal(orr_conllu_read(a, dev_slice, data, len, 1, &s, &n, NULL), ORR_OK);
    assert_true(n >= 50);
    int diff1 = 0, diff8 = 0;
    for (size_t i = 0; i < n; i++) {
        orr_arena_reset(scratch);
        assert_true(same_as_greedy(m, scratch, &s[i], 1, &diff1));
        orr_arena_reset(scratch);
        same_as_greedy(m, scratch, &s[i], 8, &diff8);
    }
    assert_int_equal(diff1, 0);
    assert_true(diff8 > 0);
    orr_arena_free(a);
    orr_arena_free(scratch);
    free(data);
    orr_model_free(m);
}

/* A greedy model has no beam section and says beam 1; a bad beam section
** is a clear load error. */
static void test_beam_section(void **state) {
    (void)state;
    char *data;
    size_t len;
    assert_int_equal(orr_read_file(beam_model, &data, &len, NULL), ORR_OK);
    uint32_t n_sections;
    memcpy(&n_sections, data + 12, 4);
    size_t at = 0;
    for (uint32_t i = 0; i < n_sections; i++) {
        uint32_t id;
        uint64_t off;
        memcpy(&id, data + 32 + i * 24, 4);
        memcpy(&off, data + 32 + i * 24 + 8, 8);
        if (id == SEC_BEAM) at = (size_t)off;
    }
    assert_true(at > 0);
    uint32_t bad = 0;
    memcpy(data + at, &bad, 4);
    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)data + 32, (uInt)(len - 32));
    memcpy(data + 24, &crc, 4);
    orr_model *m = (orr_model *)1;
    orr_error err = {0};
    assert_int_equal(orr_model_load_mem(&m, "b.model", data, len, &err), ORR_EFORMAT);
    assert_null(m);
    assert_non_null(strstr(err.message, "b.model: corrupt model: beam width not in 1..256"));
    free(data);

    char shipped[4096];
    assert_int_equal(orr_data_path("models/en.model", shipped, sizeof shipped), ORR_OK);
    if (access(shipped, R_OK) != 0) skip();
    assert_int_equal(orr_model_load(&m, shipped, NULL), ORR_OK);
    assert_int_equal(orr_model_beam(m), 1);
    orr_model_free(m);
}

int main(void) {
    char probe[1024];
    snprintf(probe, sizeof probe, "%s/ud/en_ewt/en_ewt-ud-train.conllu", test_shared_dir());
    if (access(probe, R_OK) != 0) {
        printf("skipping test_nlp_beam: %s not found\n", probe);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_beam_model_parses),
        cmocka_unit_test(test_beam_one_is_greedy),
        cmocka_unit_test(test_beam_section),
    };
    return cmocka_run_group_tests(tests, setup_beam, teardown_beam);
}
