/*
** test_store.c — the SQLite store: migrations, idempotent documents,
** sentences kept with their spans, batches rolled back on request.
*/
#include "testutil.h"

#include <unistd.h>

static orr_doc *make_doc(const char *text) {
    orr_doc *doc = orr_doc_new();
    doc->text = orr_arena_strdup(doc->arena, text);
    doc->text_len = strlen(text);
    doc->title = orr_arena_strdup(doc->arena, "Talks");
    doc->sentences = orr_arena_alloc(doc->arena, 2 * sizeof *doc->sentences);
    doc->sentences[0] = (orr_sentence){0, 5, 1};
    doc->sentences[1] = (orr_sentence){6, doc->text_len, 0};
    doc->n_sentences = 2;
    return doc;
}

static int count_docs(void *ctx, const orr_doc_row *row) {
    (void)row;
    ++*(int *)ctx;
    return 0;
}

typedef struct { int n; char last[256]; int heading0; } sentence_seen;

static int collect_sentence(void *ctx, const orr_sentence_row *row) {
    sentence_seen *s = ctx;
    if (s->n == 0) s->heading0 = row->is_heading;
    s->n++;
    snprintf(s->last, sizeof s->last, "%s", row->text);
    return 0;
}

static void test_put_doc_idempotent(void **state) {
    (void)state;
    char path[] = "/tmp/orrery-test-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    orr_db *db;
    orr_error err;
    assert_int_equal(orr_db_open(&db, path, &err), ORR_OK);
    orr_doc *doc = make_doc("Talks\nRubio met Lavrov.");
    int64_t id1, id2;
    int new1, new2;
    assert_int_equal(orr_db_begin(db, &err), ORR_OK);
    assert_int_equal(orr_db_put_doc(db, doc, &id1, &new1, &err), ORR_OK);
    assert_int_equal(orr_db_put_doc(db, doc, &id2, &new2, &err), ORR_OK);
    assert_int_equal(orr_db_commit(db, &err), ORR_OK);
    assert_true(new1);
    assert_false(new2);
    assert_int_equal(id1, id2);
    /* a rolled-back batch leaves nothing behind */
    orr_doc *other = make_doc("Other\nPutin called Trump.");
    assert_int_equal(orr_db_begin(db, &err), ORR_OK);
    assert_int_equal(orr_db_put_doc(db, other, &id2, &new2, &err), ORR_OK);
    assert_int_equal(orr_db_rollback(db, &err), ORR_OK);
    orr_db_close(db);
    /* reopen: migrations are not rerun, data is there */
    assert_int_equal(orr_db_open(&db, path, &err), ORR_OK);
    int n = 0;
    assert_int_equal(orr_db_list_docs(db, count_docs, &n, &err), ORR_OK);
    assert_int_equal(n, 1);
    sentence_seen seen = {0};
    assert_int_equal(orr_db_list_sentences(db, id1, collect_sentence, &seen, &err), ORR_OK);
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.heading0, 1);
    assert_string_equal(seen.last, "Rubio met Lavrov.");
    orr_db_close(db);
    orr_doc_free(doc);
    orr_doc_free(other);
    unlink(path);
    char wal[300];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
}

static void test_open_bad_path(void **state) {
    (void)state;
    orr_db *db;
    orr_error err;
    assert_int_equal(orr_db_open(&db, "/nonexistent-dir/x.db", &err), ORR_EDB);
    assert_non_null(strstr(err.message, "/nonexistent-dir/x.db"));
}

typedef struct { int n; char codes[64]; } events_seen;

static int collect_event(void *ctx, const orr_event *e) {
    events_seen *seen = ctx;
    seen->n++;
    strncat(seen->codes, e->code, sizeof seen->codes - strlen(seen->codes) - 1);
    strncat(seen->codes, ",", sizeof seen->codes - strlen(seen->codes) - 1);
    return 0;
}

static void test_events_put_and_query(void **state) {
    (void)state;
    orr_db *db;
    orr_error err;
    assert_int_equal(orr_db_open(&db, ":memory:", &err), ORR_OK);
    orr_event ev[3] = {
        {.sentence = -1, .date = "2025-02-18", .source = "USAGOV", .source_country = "USA",
         .target = "RUSGOV", .target_country = "RUS", .code = "040", .root = 4, .quad = 1,
         .goldstein = 1.0, .dataset = "gdelt", .origin_id = "1", .source_start = -1,
         .source_end = -1, .target_start = -1, .target_end = -1, .verb_start = -1, .verb_end = -1},
        {.sentence = -1, .date = "2025-02-13", .source = "USAGOV", .source_country = "USA",
         .target = "UKRGOV", .target_country = "UKR", .code = "042", .root = 4, .quad = 1,
         .goldstein = 1.9, .dataset = "gdelt", .origin_id = "2"},
        {.sentence = -1, .date = "2025-03-01", .source = "RUSMIL", .source_country = "RUS",
         .target = "UKRMIL", .target_country = "UKR", .code = "190", .root = 19, .quad = 4,
         .goldstein = -10, .dataset = "gdelt", .origin_id = "3"},
    };
    size_t n_new;
    assert_int_equal(orr_db_begin(db, &err), ORR_OK);
    assert_int_equal(orr_db_put_events(db, ev, 3, &n_new, &err), ORR_OK);
    assert_int_equal(n_new, 3);
    assert_int_equal(orr_db_put_events(db, ev, 3, &n_new, &err), ORR_OK);
    assert_int_equal(n_new, 0);  /* (dataset, origin_id) already stored */
    assert_int_equal(orr_db_commit(db, &err), ORR_OK);
    events_seen seen = {0};
    orr_event_filter f = {.actor = "USA"};
    assert_int_equal(orr_db_query_events(db, &f, collect_event, &seen, &err), ORR_OK);
    assert_int_equal(seen.n, 2);
    assert_string_equal(seen.codes, "042,040,");  /* by date */
    memset(&seen, 0, sizeof seen);
    orr_event_filter g = {.target = "UKR", .quad = 4, .date_from = "2025-02-01"};
    assert_int_equal(orr_db_query_events(db, &g, collect_event, &seen, &err), ORR_OK);
    assert_string_equal(seen.codes, "190,");
    orr_db_close(db);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_doc_idempotent),
        cmocka_unit_test(test_open_bad_path),
        cmocka_unit_test(test_events_put_and_query),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
