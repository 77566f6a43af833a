/*
** test_store_pg.c — the store's contract run on both backends, SQLite and
** PostgreSQL: idempotent documents, batches that roll back, events stored
** once per (dataset, origin_id) and read back field for field, queries by
** actor, dyad, code, date range and page, and the crash test (a child
** killed with SIGKILL mid-import, then a rerun: exactly the expected rows).
** PostgreSQL only: a lost session is replaced outside a batch and reported
** inside one, an unreachable server fails with a clear message, and a
** statement timeout is reported as such.
**
** The server: $ORRERY_TEST_PG (a URI whose user may create databases;
** .ci/run sets it), else a throwaway cluster started here with
** scripts/pg-cluster.sh.  If neither works the PostgreSQL cases fail under
** CI=true and are skipped, saying so, elsewhere.  Each case runs in a fresh
** database, dropped afterwards.
*/
#include "testutil.h"

#include "store/schema_postgres.h"  /* pg_migrations: to make a store as version 1 made it */

#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct backend {
    const char *name;
    int is_pg;
    char uri[600];      /* of the current case's fresh database */
    char dbname[64];    /* PostgreSQL: to drop it afterwards */
} backend;

static char pg_admin[512];   /* the server's URI; empty when there is none */

/* --- fresh databases ------------------------------------------------------ */

static PGconn *admin_connect(void) {
    PGconn *c = PQconnectdb(pg_admin);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    return c;
}

static void admin_exec(const char *sql) {
    PGconn *c = admin_connect();
    PGresult *res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(res);
    PQfinish(c);
}

static int fresh_store(void **state) {
    backend *b = *state;
    static int seq;
    if (!b->is_pg) {
        snprintf(b->uri, sizeof b->uri, "/tmp/orrery-test-%d-%d.db", (int)getpid(), ++seq);
        unlink(b->uri);
        return 0;
    }
    if (!pg_admin[0]) skip();
    snprintf(b->dbname, sizeof b->dbname, "orrery_test_%d_%d", (int)getpid(), ++seq);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", b->dbname);
    admin_exec(sql);
    /* Same server and user, the new database: rebuild the URI from the session's own view. */
    PGconn *c = admin_connect();
    const char *pw = PQpass(c);
    snprintf(b->uri, sizeof b->uri, "postgresql:///%s?host=%s&port=%s&user=%s%s%s", b->dbname,
             PQhost(c), PQport(c), PQuser(c), pw && *pw ? "&password=" : "", pw ? pw : "");
    PQfinish(c);
    return 0;
}

static int drop_store(void **state) {
    backend *b = *state;
    if (!b->is_pg) {
        char side[700];
        unlink(b->uri);
        snprintf(side, sizeof side, "%s-wal", b->uri);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", b->uri);
        unlink(side);
        return 0;
    }
    if (!pg_admin[0] || !b->dbname[0]) return 0;
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", b->dbname);
    admin_exec(sql);
    b->dbname[0] = '\0';
    return 0;
}

static orr_db *open_store(const backend *b) {
    orr_db *db = NULL;
    orr_error err;
    if (orr_db_open(&db, b->uri, &err)) fail_msg("open %s: %s", b->uri, err.message);
    return db;
}

#define OK(call)                                                         \
    do {                                                                 \
        orr_error err_;                                                  \
        int rc_ = (call);                                                \
        if (rc_ != ORR_OK) fail_msg("%s: %s", #call, err_.message);      \
    } while (0)
/* Calls below name their error argument &err_ through this macro. */
#define E (&err_)

/* --- documents ------------------------------------------------------------ */

static orr_doc *make_doc(const char *text) {
    orr_doc *doc = orr_doc_new();
    doc->text = orr_arena_strdup(doc->arena, text);
    doc->text_len = strlen(text);
    doc->title = orr_arena_strdup(doc->arena, "Talks\tin \\Riyadh");
    doc->sentences = orr_arena_alloc(doc->arena, 2 * sizeof *doc->sentences);
    doc->sentences[0] = (orr_sentence){0, 5, 1};
    doc->sentences[1] = (orr_sentence){6, doc->text_len, 0};
    doc->n_sentences = 2;
    return doc;
}

/* The stored document the coded-event tests point their events at. */
static int64_t put_talks_doc(orr_db *db, orr_doc **doc) {
    int64_t doc_id;
    int was_new;
    *doc = make_doc("Talks\nRubio met Lavrov.");
    OK(orr_db_put_doc(db, *doc, &doc_id, &was_new, E));
    return doc_id;
}

typedef struct { int n; char title[64]; char hash[65]; } docs_seen;

static int collect_doc(void *ctx, const orr_doc_row *row) {
    docs_seen *d = ctx;
    d->n++;
    snprintf(d->title, sizeof d->title, "%s", row->title ? row->title : "");
    snprintf(d->hash, sizeof d->hash, "%s", row->hash);
    return 0;
}

typedef struct { int n; char last[256]; int heading0; } sentences_seen;

static int collect_sentence(void *ctx, const orr_sentence_row *row) {
    sentences_seen *s = ctx;
    if (s->n == 0) s->heading0 = row->is_heading;
    s->n++;
    snprintf(s->last, sizeof s->last, "%s", row->text);
    return 0;
}

static void test_docs_idempotent(void **state) {
    backend *b = *state;
    orr_db *db = open_store(b);
    orr_doc *doc = make_doc("Talks\nRubio met Lavrov.\tThen\\left.");
    orr_doc *other = make_doc("Other\nPutin called Trump.");
    int64_t id1, id2, id3;
    int new1, new2, new3;
    OK(orr_db_begin(db, E));
    OK(orr_db_put_doc(db, doc, &id1, &new1, E));
    OK(orr_db_put_doc(db, doc, &id2, &new2, E));
    OK(orr_db_commit(db, E));
    assert_true(new1);
    assert_false(new2);
    assert_int_equal(id1, id2);
    OK(orr_db_begin(db, E));                       /* a rolled-back batch leaves nothing */
    OK(orr_db_put_doc(db, other, &id3, &new3, E));
    OK(orr_db_rollback(db, E));
    OK(orr_db_put_doc(db, doc, &id3, &new3, E));  /* outside a batch: still a no-op */
    assert_false(new3);
    orr_db_close(db);
    db = open_store(b);                            /* reopen: migrations not rerun, data there */
    docs_seen d = {0};
    OK(orr_db_list_docs(db, collect_doc, &d, E));
    assert_int_equal(d.n, 1);
    assert_string_equal(d.title, "Talks\tin \\Riyadh");
    assert_int_equal(strlen(d.hash), 64);
    sentences_seen s = {0};
    OK(orr_db_list_sentences(db, id1, collect_sentence, &s, E));
    assert_int_equal(s.n, 2);
    assert_int_equal(s.heading0, 1);
    assert_string_equal(s.last, "Rubio met Lavrov.\tThen\\left.");
    memset(&s, 0, sizeof s);
    OK(orr_db_list_sentences(db, -1, collect_sentence, &s, E));
    assert_int_equal(s.n, 2);
    orr_db_close(db);
    orr_doc_free(doc);
    orr_doc_free(other);
}

/* Sentences put in a batch are visible to reads in the same batch. */
static void test_read_own_batch(void **state) {
    backend *b = *state;
    orr_db *db = open_store(b);
    orr_doc *doc = make_doc("Title\nA sentence.");
    int64_t id;
    int was_new;
    OK(orr_db_begin(db, E));
    OK(orr_db_put_doc(db, doc, &id, &was_new, E));
    sentences_seen s = {0};
    OK(orr_db_list_sentences(db, id, collect_sentence, &s, E));
    assert_int_equal(s.n, 2);
    OK(orr_db_commit(db, E));
    orr_db_close(db);
    orr_doc_free(doc);
}

/* --- events ------------------------------------------------------------------ */

static orr_event gdelt_event(const char *id, const char *date, const char *src, const char *tgt,
                             const char *code, int root, int quad, double goldstein) {
    orr_event e = {.sentence = -1, .source_start = -1, .source_end = -1, .target_start = -1,
                   .target_end = -1, .verb_start = -1, .verb_end = -1, .root = root,
                   .quad = quad, .goldstein = goldstein, .dataset = "gdelt", .origin_id = id,
                   .source_country = src, .target_country = tgt, .date_how = "imported"};
    snprintf(e.date, sizeof e.date, "%s", date);
    snprintf(e.code, sizeof e.code, "%s", code);
    return e;
}

/* What a query handed over; the first event's strings copied (they are borrowed). */
typedef struct {
    int n;
    char codes[256];
    orr_event first;  /* its numbers only: its pointers are stale after the query */
    char first_text[128], source[16], target[16], dataset[16], url[64];
    int agent_is_null;
} events_seen;

static int collect_event(void *ctx, const orr_event *e) {
    events_seen *seen = ctx;
    if (seen->n++ == 0) {
        seen->first = *e;
        snprintf(seen->first_text, sizeof seen->first_text, "%s",
                 e->sentence_text ? e->sentence_text : "(none)");
        snprintf(seen->source, sizeof seen->source, "%s", e->source ? e->source : "(null)");
        snprintf(seen->target, sizeof seen->target, "%s", e->target ? e->target : "(null)");
        snprintf(seen->dataset, sizeof seen->dataset, "%s", e->dataset ? e->dataset : "(null)");
        snprintf(seen->url, sizeof seen->url, "%s", e->url ? e->url : "(null)");
        seen->agent_is_null = e->source_agent == NULL;
    }
    strncat(seen->codes, e->code, sizeof seen->codes - strlen(seen->codes) - 1);
    strncat(seen->codes, ",", sizeof seen->codes - strlen(seen->codes) - 1);
    return 0;
}

static events_seen query(orr_db *db, orr_event_filter f) {
    events_seen seen = {0};
    OK(orr_db_query_events(db, &f, collect_event, &seen, E));
    return seen;
}

static void test_events_put_and_query(void **state) {
    backend *b = *state;
    orr_db *db = open_store(b);
    orr_event ev[5] = {
        gdelt_event("1", "2025-02-18", "USA", "RUS", "040", 4, 1, 1.0),
        gdelt_event("2", "2025-02-13", "USA", "UKR", "042", 4, 1, 1.9),
        gdelt_event("3", "2025-03-01", "RUS", "UKR", "190", 19, 4, -10),
        gdelt_event("4", "1979-01-01", "IRN", "USA", "112", 11, 3, -2.0),
        gdelt_event("2", "2025-02-14", "USA", "UKR", "043", 4, 1, 2.8),  /* key repeats: ignored */
    };
    ev[0].source = "USAGOV";
    ev[0].target = "RUSGOV";
    ev[0].num_mentions = 7;
    ev[0].url = "https://example.org/a\tb";
    size_t n_new;
    OK(orr_db_begin(db, E));
    OK(orr_db_put_events(db, ev, 5, &n_new, E));
    assert_int_equal(n_new, 4);
    OK(orr_db_put_events(db, ev, 5, &n_new, E));
    assert_int_equal(n_new, 0);  /* (dataset, origin_id) already stored */
    OK(orr_db_commit(db, E));
    ev[1].dataset = "icews";     /* same origin_id, another dataset: a new event */
    OK(orr_db_put_events(db, &ev[1], 1, &n_new, E));
    assert_int_equal(n_new, 1);

    events_seen seen = query(db, (orr_event_filter){.actor = "USA"});
    assert_int_equal(seen.n, 4);
    assert_string_equal(seen.codes, "112,042,042,040,");  /* by date, then id */
    seen = query(db, (orr_event_filter){.target = "UKR", .quad = 4, .date_from = "2025-02-01"});
    assert_string_equal(seen.codes, "190,");
    seen = query(db, (orr_event_filter){.source = "USA", .target = "RUS"});
    assert_int_equal(seen.n, 1);
    const orr_event *e = &seen.first;     /* every field comes back as it went in */
    assert_string_equal(e->date, "2025-02-18");
    assert_string_equal(seen.source, "USAGOV");
    assert_string_equal(seen.target, "RUSGOV");
    assert_string_equal(seen.url, "https://example.org/a\tb");
    assert_true(seen.agent_is_null);
    assert_int_equal(e->source_start, -1);
    assert_int_equal(e->sentence, -1);
    assert_int_equal(e->doc_id, 0);
    assert_int_equal(e->num_mentions, 7);
    assert_int_equal(e->num_sources, 0);
    assert_true(e->goldstein == 1.0);
    assert_int_equal(e->root, 4);
    assert_true(e->id > 0);
    assert_string_equal(seen.first_text, "(none)");
    seen = query(db, (orr_event_filter){.code_prefix = "04", .dataset = "gdelt"});
    assert_string_equal(seen.codes, "042,040,");
    seen = query(db, (orr_event_filter){.root = 19});
    assert_string_equal(seen.codes, "190,");
    seen = query(db, (orr_event_filter){.date_from = "2025-02-13", .date_to = "2025-02-18"});
    assert_string_equal(seen.codes, "042,042,040,");
    seen = query(db, (orr_event_filter){.limit = 2, .offset = 1});
    assert_string_equal(seen.codes, "042,042,");
    seen = query(db, (orr_event_filter){.actor = "CHN"});
    assert_int_equal(seen.n, 0);
    orr_db_close(db);
}

/* Calls of many events take the bulk (COPY) paths on PostgreSQL: in-call
** repeats keep the first, a rerun in bulk or one by one stores nothing, a
** call mixing stored and fresh keys stores the fresh ones. */
static void test_events_bulk_dedupe(void **state) {
    backend *b = *state;
    orr_db *db = open_store(b);
    orr_event ev[20];
    char ids[10][8];
    for (int i = 0; i < 20; i++) {
        snprintf(ids[i % 10], sizeof ids[i % 10], "b%d", i % 10);
        ev[i] = gdelt_event(ids[i % 10], i % 2 ? "2019-12-31" : "2020-01-01", "USA", "CHN",
                            i < 10 ? "036" : "190", 3, 1, 4.0);
    }
    size_t n_new;
    OK(orr_db_begin(db, E));
    OK(orr_db_put_events(db, ev, 20, &n_new, E));
    assert_int_equal(n_new, 10);
    OK(orr_db_commit(db, E));
    OK(orr_db_put_events(db, ev, 20, &n_new, E));
    assert_int_equal(n_new, 0);
    for (int i = 0; i < 20; i++) {
        OK(orr_db_put_events(db, &ev[i], 1, &n_new, E));
        assert_int_equal(n_new, 0);
    }
    events_seen seen = query(db, (orr_event_filter){.date_from = "2019-12-31", .date_to = "2020-01-01"});
    assert_int_equal(seen.n, 10);
    assert_string_equal(seen.codes, "036,036,036,036,036,036,036,036,036,036,");
    orr_db_close(db);
    /* A new session: nine fresh keys and one stored, all in one call, all distinct. */
    db = open_store(b);
    char more[10][8];
    for (int i = 0; i < 10; i++) {
        snprintf(more[i], sizeof more[i], "b%d", i == 0 ? 3 : 10 + i);
        ev[i] = gdelt_event(more[i], "2021-06-01", "USA", "CHN", "040", 4, 1, 1.0);
    }
    OK(orr_db_put_events(db, ev, 10, &n_new, E));
    assert_int_equal(n_new, 9);
    OK(orr_db_put_events(db, ev + 1, 9, &n_new, E));  /* next call: all stored already */
    assert_int_equal(n_new, 0);
    for (int i = 0; i < 10; i++) {
        snprintf(more[i], sizeof more[i], "c%d", i);
        ev[i] = gdelt_event(more[i], "2021-06-02", "USA", "CHN", "040", 4, 1, 1.0);
    }
    OK(orr_db_put_events(db, ev, 10, &n_new, E));    /* and fresh ones again */
    assert_int_equal(n_new, 10);
    assert_int_equal(query(db, (orr_event_filter){.dataset = "gdelt"}).n, 29);
    orr_db_close(db);
}

/* Coded events: no origin_id, evidence sentence joined back in queries. */
static void test_coded_events(void **state) {
    backend *b = *state;
    orr_db *db = open_store(b);
    orr_doc *doc;
    int64_t doc_id = put_talks_doc(db, &doc);
    orr_event ev = gdelt_event(NULL, "2025-02-18", "USA", "RUS", "040", 4, 1, 1.0);
    ev.dataset = NULL;  /* the coder's own: "orrery" */
    ev.doc_id = doc_id;
    ev.sentence = 1;
    ev.source_text = "Rubio";
    ev.source_start = 6;
    ev.source_end = 11;
    ev.verb_text = "met";
    ev.date_how = "document";
    size_t n_new;
    OK(orr_db_begin(db, E));
    OK(orr_db_put_events(db, &ev, 1, &n_new, E));
    assert_int_equal(n_new, 1);
    OK(orr_db_put_events(db, &ev, 1, &n_new, E));
    assert_int_equal(n_new, 1);  /* no origin_id: not deduplicated, as in SQLite */
    orr_event many[8];
    for (int i = 0; i < 8; i++) many[i] = ev;
    OK(orr_db_put_events(db, many, 8, &n_new, E));  /* the bulk path agrees */
    assert_int_equal(n_new, 8);
    OK(orr_db_commit(db, E));
    events_seen seen = query(db, (orr_event_filter){.doc_id = doc_id});
    assert_int_equal(seen.n, 10);
    assert_string_equal(seen.first_text, "Rubio met Lavrov.");
    assert_string_equal(seen.dataset, "orrery");
    assert_int_equal(seen.first.source_start, 6);
    assert_int_equal(seen.first.sentence, 1);
    orr_db_close(db);
    orr_doc_free(doc);
}

/* Every field of an event stored in bulk (binary COPY on PostgreSQL) comes back as it went in. */
static orr_event full_event(int64_t doc_id, const char *id, const char *date) {
    orr_event e = gdelt_event(id, date, "USA", "RUS", "0231", 2, 1, -3.7);
    e.doc_id = doc_id;
    e.sentence = 1;
    e.source = "USAGOV";
    e.source_agent = "GOV";
    e.source_text = "the \\envoy\tfrom \xc3\x85lesund \xe2\x80\x93 \xe6\x9d\xb1\xe4\xba\xac\n";
    e.source_start = 0;
    e.source_end = 5;
    e.target = "RUSMIL";
    e.target_agent = "MIL";
    e.target_text = "Lavrov";
    e.target_start = 10;
    e.target_end = 16;
    e.verb_text = "met";
    e.verb_start = 6;
    e.verb_end = 9;
    e.plover = "CONSULT";
    e.issues = "PEACE";
    e.num_mentions = 7;
    e.num_sources = 2;
    e.num_articles = 2147483647;
    e.url = "https://example.org/a";
    e.origin = "f.tsv:3";
    return e;
}

static void same_text(const char *want, const char *got) {
    if (!want) assert_null(got);
    else assert_string_equal(want, got);
}

static int check_full_event(void *ctx, const orr_event *got) {
    const orr_event *want = ctx;
    if (strcmp(got->origin_id, "f2") == 0) want++;
    if (strcmp(got->origin_id, "f3") == 0) want += 2;
    assert_int_equal(got->doc_id, want->doc_id);
    assert_string_equal(got->date, want->date);
    assert_int_equal(got->sentence, want->sentence);
    const char *texts[][2] = {{want->date_how, got->date_how}, {want->source, got->source},
                              {want->source_country, got->source_country},
                              {want->source_agent, got->source_agent},
                              {want->source_text, got->source_text}, {want->target, got->target},
                              {want->target_country, got->target_country},
                              {want->target_agent, got->target_agent},
                              {want->target_text, got->target_text},
                              {want->verb_text, got->verb_text}, {want->code, got->code},
                              {want->plover, got->plover}, {want->issues, got->issues},
                              {want->url, got->url}, {want->dataset, got->dataset},
                              {want->origin, got->origin}, {want->origin_id, got->origin_id}};
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) same_text(texts[k][0], texts[k][1]);
    int32_t nums[][2] = {{want->source_start, got->source_start}, {want->source_end, got->source_end},
                         {want->target_start, got->target_start}, {want->target_end, got->target_end},
                         {want->verb_start, got->verb_start},     {want->verb_end, got->verb_end},
                         {want->root, got->root},                 {want->quad, got->quad},
                         {want->num_mentions, got->num_mentions}, {want->num_sources, got->num_sources},
                         {want->num_articles, got->num_articles}};
    for (size_t k = 0; k < sizeof nums / sizeof *nums; k++) assert_int_equal(nums[k][0], nums[k][1]);
    assert_true(got->goldstein == want->goldstein);
    return 0;
}

static void test_events_bulk_fields(void **state) {
    backend *b = *state;
    orr_db *db = open_store(b);
    orr_doc *doc;
    int64_t doc_id = put_talks_doc(db, &doc);
    /* Dates before, at and after PostgreSQL's day 0, and a leap day. */
    orr_event full[3] = {full_event(doc_id, "f1", "1999-12-31"), full_event(doc_id, "f2", "2000-01-01"),
                         full_event(doc_id, "f3", "2024-02-29")};
    full[1].doc_id = 0;      /* and the NULLs: no document, no spans, unknown counts */
    full[1].sentence = full[1].source_start = full[1].target_end = full[1].verb_start = -1;
    full[1].num_mentions = full[1].num_sources = full[1].num_articles = 0;
    full[1].source_text = full[1].plover = full[1].origin = NULL;
    full[1].goldstein = 10.0 / 3;
    full[2].goldstein = -0.0;
    orr_event ev[12];
    char ids[12][8];
    for (int i = 0; i < 12; i++) {
        snprintf(ids[i], sizeof ids[i], "g%d", i);
        ev[i] = i < 2 ? full[i] : gdelt_event(ids[i], "2024-03-01", "USA", "CHN", "040", 4, 1, 1.0);
    }
    size_t n_new;
    OK(orr_db_put_events(db, ev, 12, &n_new, E));   /* all fresh: PostgreSQL's fast path */
    assert_int_equal(n_new, 12);
    ev[0] = full[2];                                 /* one fresh among stored: the staging path */
    OK(orr_db_put_events(db, ev, 12, &n_new, E));
    assert_int_equal(n_new, 1);
    orr_event_filter f = {.code_prefix = "0231"};
    OK(orr_db_query_events(db, &f, check_full_event, full, E));
    assert_int_equal(query(db, f).n, 3);
    if (b->is_pg) {  /* no such day: refused before anything is sent */
        ev[5] = gdelt_event("h1", "2023-02-29", "USA", "FRA", "051", 5, 1, 3.4);
        ev[5].origin = "events.csv:7";
        orr_error err;
        assert_int_equal(orr_db_put_events(db, ev, 12, &n_new, &err), ORR_EUSAGE);
        assert_non_null(strstr(err.message, "events.csv:7: date '2023-02-29' is not YYYY-MM-DD"));
    }
    orr_db_close(db);
    orr_doc_free(doc);
}

static void test_events_rollback_and_bad_date(void **state) {
    backend *b = *state;
    orr_db *db = open_store(b);
    orr_event ev = gdelt_event("9", "2024-07-04", "USA", "FRA", "051", 5, 1, 3.4);
    size_t n_new;
    OK(orr_db_begin(db, E));
    OK(orr_db_put_events(db, &ev, 1, &n_new, E));
    OK(orr_db_rollback(db, E));
    assert_int_equal(query(db, (orr_event_filter){0}).n, 0);
    OK(orr_db_put_events(db, &ev, 1, &n_new, E));  /* the key was rolled back too */
    assert_int_equal(n_new, 1);
    if (b->is_pg) {  /* a date that cannot be partitioned is refused, named */
        orr_event bad = gdelt_event("10", "2024-13-01", "USA", "FRA", "051", 5, 1, 3.4);
        bad.origin = "events.csv:12";
        orr_error err;
        assert_int_equal(orr_db_put_events(db, &bad, 1, &n_new, &err), ORR_EUSAGE);
        assert_non_null(strstr(err.message, "events.csv:12: date '2024-13-01' is not YYYY-MM-DD"));
    }
    orr_db_close(db);
}

/* The value of a one-value query on the case's database. */
static long long case_count(const backend *b, const char *sql) {
    PGconn *c = PQconnectdb(b->uri);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    PGresult *res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) fail_msg("%s: %s", sql, PQerrorMessage(c));
    long long v = atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    PQfinish(c);
    return v;
}

/* A put makes its year's partitions and starts the next year's in the
** background; a put into that year, in the same batch, lands in them. */
static void test_pg_partitions_ahead(void **state) {
    backend *b = *state;
    orr_db *db = open_store(b);
    orr_event ev[10];
    char ids[20][8];
    size_t n_new;
    OK(orr_db_begin(db, E));
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 10; i++) {
            snprintf(ids[10 * k + i], sizeof ids[0], "p%d", 10 * k + i);
            ev[i] = gdelt_event(ids[10 * k + i], k ? "2031-07-04" : "2030-03-01", "USA", "CHN",
                                "040", 4, 1, 1.0);
        }
        OK(orr_db_put_events(db, ev, 10, &n_new, E));
        assert_int_equal(n_new, 10);
    }
    OK(orr_db_commit(db, E));
    assert_int_equal(query(db, (orr_event_filter){.date_from = "2031-01-01"}).n, 10);
    orr_db_close(db);  /* waits for the year being made ahead (2032) */
    assert_int_equal(case_count(b, "SELECT count(*) FROM events_y2031m07"), 10);
    assert_int_equal(case_count(b, "SELECT count(*) FROM pg_inherits i JOIN pg_class c"
                                   " ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass"),
                     36);  /* 2030, 2031, 2032 */
}

/*
** A store made by migration 1 (with a key and an event in it) is migrated
** to version 2 at open: ids come in blocks of PG_ID_BLOCK and stay above
** the old ones, event_keys is keyed by (origin_id, dataset), the stored
** key still refuses its re-import on every path, fresh keys go in once.
*/
static void test_pg_migrate_v1(void **state) {
    backend *b = *state;
    PGconn *c = PQconnectdb(b->uri);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    PGresult *res = PQexec(c, pg_migrations[0]);
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    res = PQexec(c, "CREATE TABLE schema_version (version integer PRIMARY KEY,"
                    " applied_at timestamptz NOT NULL DEFAULT now());"
                    "INSERT INTO schema_version (version) VALUES (1);"
                    "CREATE TABLE events_y2020m01 PARTITION OF events"
                    " FOR VALUES FROM ('2020-01-01') TO ('2020-02-01');"
                    "SELECT setval('events_id_seq', 5000);"
                    "INSERT INTO events (date, code, root, quad, dataset, origin_id)"
                    " VALUES ('2020-01-05', '040', 4, 1, 'gdelt', 'old1');"
                    "INSERT INTO event_keys SELECT dataset, origin_id, id, date FROM events");
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    PQfinish(c);
    orr_db *db = open_store(b);
    assert_int_equal(case_count(b, "SELECT max(version) FROM schema_version"), 2);
    assert_int_equal(case_count(b, "SELECT increment_by FROM pg_sequences"
                                   " WHERE sequencename = 'events_id_seq'"),
                     PG_ID_BLOCK);
    assert_int_equal(case_count(b, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                                   " WHERE c.relname = 'event_keys_pkey' AND i.indisprimary"
                                   " AND pg_get_indexdef(i.indexrelid) LIKE '%(origin_id, dataset)'"),
                     1);
    orr_event ev[12];
    char ids[12][8];
    for (int i = 0; i < 12; i++) {
        snprintf(ids[i], sizeof ids[i], i == 0 ? "old1" : "new%d", i);
        ev[i] = gdelt_event(ids[i], "2020-01-06", "USA", "CHN", "040", 4, 1, 1.0);
    }
    size_t n_new;
    OK(orr_db_put_events(db, ev, 1, &n_new, E));   /* one row: the stored key */
    assert_int_equal(n_new, 0);
    OK(orr_db_put_events(db, ev, 12, &n_new, E));  /* bulk: the eleven fresh ones */
    assert_int_equal(n_new, 11);
    OK(orr_db_put_events(db, ev, 12, &n_new, E));
    assert_int_equal(n_new, 0);
    assert_int_equal(case_count(b, "SELECT count(*) FROM events"), 12);
    assert_int_equal(case_count(b, "SELECT count(DISTINCT id) FROM events WHERE id > 5001"), 11);
    orr_db_close(db);
}

/*
** A put spread over ORRERY_PG_LOADERS sessions: the key of every path
** (fast COPY, staging table, one row at a time) goes to the same session,
** so re-puts in the same batch skip and never wait on the other session;
** a rollback undoes every session's share, a commit stores all of it.
** Inside the batch the store's own reads see only session 0's share when
** there are two sessions (documented), all of it with one.
*/
static void test_pg_loaders(void **state) {
    backend *b = *state;
    for (int loaders = 1; loaders <= 2; loaders++) {
        setenv("ORRERY_PG_LOADERS", loaders == 1 ? "1" : "2", 1);
        orr_db *db = open_store(b);
        orr_event ev[20];
        char ids[30][12], day1[11], day2[11], last[11];
        snprintf(day1, sizeof day1, "%d-05-01", 2025 + loaders);  /* a year of its own */
        snprintf(day2, sizeof day2, "%d-05-02", 2025 + loaders);
        snprintf(last, sizeof last, "%d-12-31", 2025 + loaders);
        for (int i = 0; i < 30; i++) snprintf(ids[i], sizeof ids[i], "L%d-%d-id", loaders, i);
        for (int i = 0; i < 20; i++)
            ev[i] = gdelt_event(ids[i], day1, "USA", "CHN", "040", 4, 1, 1.0);
        for (int commit = 0; commit < 2; commit++) {
            size_t n_new;
            OK(orr_db_begin(db, E));
            OK(orr_db_put_events(db, ev, 20, &n_new, E));  /* fast path */
            assert_int_equal(n_new, 20);
            size_t seen = query(db, (orr_event_filter){.date_from = day1, .date_to = last}).n;
            if (loaders == 1) assert_int_equal(seen, 20);
            else if (seen == 0 || seen >= 20) fail_msg("saw %zu of 20 inside the batch", seen);
            for (int i = 0; i < 20; i += 3) {  /* one row at a time: all stored */
                OK(orr_db_put_events(db, &ev[i], 1, &n_new, E));
                assert_int_equal(n_new, 0);
            }
            orr_event mixed[20];  /* ten stored, ten new: the staging path */
            for (int i = 0; i < 20; i++)
                mixed[i] = i < 10 ? ev[i] : gdelt_event(ids[i + 10], day2, "USA", "CHN",
                                                        "040", 4, 1, 1.0);
            OK(orr_db_put_events(db, mixed, 20, &n_new, E));
            assert_int_equal(n_new, 10);
            if (commit) OK(orr_db_commit(db, E));
            else OK(orr_db_rollback(db, E));
            assert_int_equal(query(db, (orr_event_filter){.date_from = day1, .date_to = last}).n,
                             commit ? 30 : 0);
        }
        orr_db_close(db);
        char sql[160];
        snprintf(sql, sizeof sql,
                 "SELECT count(DISTINCT origin_id) * 1000 + count(*) FROM events"
                 " WHERE origin_id LIKE 'L%d-%%'", loaders);
        assert_int_equal(case_count(b, sql), 30030);  /* 30 keys, 30 rows */
    }
    unsetenv("ORRERY_PG_LOADERS");
}

/* --- crash test ------------------------------------------------------------ */

enum { CRASH_EVENTS = 6000, CRASH_BATCH = 200 };

static void import_all(const backend *b, int slow) {
    orr_db *db = open_store(b);
    static orr_event ev[CRASH_BATCH];
    static char ids[CRASH_BATCH][16];
    for (int start = 0; start < CRASH_EVENTS; start += CRASH_BATCH) {
        for (int i = 0; i < CRASH_BATCH; i++) {
            int k = start + i;
            char date[11];
            snprintf(date, sizeof date, "2024-%02d-%02d", 1 + k % 12, 1 + k % 28);
            snprintf(ids[i], sizeof ids[i], "k%d", k);
            ev[i] = gdelt_event(ids[i], date, "USA", "CHN", "036", 3, 1, 4.0);
        }
        size_t n_new;
        OK(orr_db_begin(db, E));
        OK(orr_db_put_events(db, ev, CRASH_BATCH, &n_new, E));
        OK(orr_db_commit(db, E));
        if (slow) usleep(30000);
    }
    orr_db_close(db);
}

typedef struct { int n; int dup; unsigned char seen[CRASH_EVENTS]; } keys_seen;

static int collect_key(void *ctx, const orr_event *e) {
    keys_seen *k = ctx;
    int i = atoi(e->origin_id + 1);
    if (i >= 0 && i < CRASH_EVENTS) k->dup += k->seen[i]++ != 0;
    k->n++;
    return 0;
}

static keys_seen count_keys(const backend *b) {
    static keys_seen k;
    memset(&k, 0, sizeof k);
    orr_db *db = open_store(b);
    orr_event_filter f = {.dataset = "gdelt"};
    OK(orr_db_query_events(db, &f, collect_key, &k, E));
    orr_db_close(db);
    return k;
}

static void test_kill9_then_rerun(void **state) {
    backend *b = *state;
    orr_db_close(open_store(b));  /* schema in place before the child races us */
    fflush(NULL);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        import_all(b, 1);
        _exit(0);
    }
    keys_seen k = {0};
    for (int i = 0; i < 400; i++) {  /* wait for some batches, then kill mid-run */
        usleep(20000);
        k = count_keys(b);
        if (k.n >= 5 * CRASH_BATCH) break;
    }
    kill(child, SIGKILL);
    int status;
    waitpid(child, &status, 0);
    assert_true(WIFSIGNALED(status));
    k = count_keys(b);
    print_message("%s: killed after %d events\n", b->name, k.n);
    assert_true(k.n > 0 && k.n < CRASH_EVENTS);
    assert_int_equal(k.n % CRASH_BATCH, 0);  /* whole batches only */
    assert_int_equal(k.dup, 0);
    import_all(b, 0);                        /* rerun: exactly every event once */
    k = count_keys(b);
    assert_int_equal(k.n, CRASH_EVENTS);
    assert_int_equal(k.dup, 0);
}

/* --- PostgreSQL sessions ----------------------------------------------------- */

static void terminate_sessions(const backend *b) {
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
             " WHERE datname = '%s' AND pid <> pg_backend_pid()", b->dbname);
    admin_exec(sql);
    usleep(100000);
}

static void test_pg_lost_connection(void **state) {
    backend *b = *state;
    orr_db *db = open_store(b);
    orr_event ev = gdelt_event("1", "2025-02-18", "USA", "RUS", "040", 4, 1, 1.0);
    size_t n_new;
    OK(orr_db_put_events(db, &ev, 1, &n_new, E));
    terminate_sessions(b);  /* between batches: the next call reconnects */
    assert_int_equal(query(db, (orr_event_filter){0}).n, 1);
    OK(orr_db_begin(db, E));
    terminate_sessions(b);  /* inside a batch: an error that says what happened */
    orr_doc *doc = make_doc("Title\nLost.");
    int64_t id;
    int was_new;
    orr_error err;
    assert_int_equal(orr_db_put_doc(db, doc, &id, &was_new, &err), ORR_EDB);
    assert_non_null(strstr(err.message, "connection lost during a batch"));
    OK(orr_db_rollback(db, E));
    OK(orr_db_begin(db, E));  /* the next batch gets a new session */
    OK(orr_db_put_doc(db, doc, &id, &was_new, E));
    terminate_sessions(b);    /* lost while the batch's sentences are sent at commit */
    assert_int_equal(orr_db_commit(db, &err), ORR_EDB);
    assert_non_null(strstr(err.message, "connection lost during a batch"));
    OK(orr_db_begin(db, E));
    OK(orr_db_put_doc(db, doc, &id, &was_new, E));
    OK(orr_db_commit(db, E));
    assert_true(was_new);
    sentences_seen seen = {0};
    OK(orr_db_list_sentences(db, -1, collect_sentence, &seen, E));
    assert_int_equal(seen.n, 2);
    orr_db_close(db);
    orr_doc_free(doc);
}

static void test_pg_unreachable(void **state) {
    (void)state;
    orr_db *db;
    orr_error err;
    const char *uri = "postgresql://orrery:secret@127.0.0.1:1/none";
    assert_int_equal(orr_db_open(&db, uri, &err), ORR_EDB);
    assert_non_null(strstr(err.message, "postgresql://orrery@127.0.0.1:1/none: cannot connect (6 attempts"));
    assert_null(strstr(err.message, "secret"));
}

enum { N_SLOW = 100000 };

static void test_pg_statement_timeout(void **state) {
    backend *b = *state;
    orr_db_close(open_store(b));
    char uri[700];  /* a 50 ms timeout set by the user is kept, and reported clearly */
    snprintf(uri, sizeof uri, "%s&options=-c%%20statement_timeout%%3D50", b->uri);
    orr_db *db;
    orr_error err;
    if (orr_db_open(&db, uri, &err)) fail_msg("%s", err.message);
    static orr_event ev[N_SLOW];
    static char ids[N_SLOW][12];
    for (int i = 0; i < N_SLOW; i++) {
        snprintf(ids[i], sizeof ids[i], "t%d", i);
        ev[i] = gdelt_event(ids[i], "2023-05-05", "USA", "CHN", "036", 3, 1, 4.0);
    }
    size_t n_new;
    assert_int_equal(orr_db_put_events(db, ev, N_SLOW, &n_new, &err), ORR_EDB);
    assert_non_null(strstr(err.message, "statement timeout"));
    orr_db_close(db);
}

static void test_pg_orrery_db_env(void **state) {
    backend *b = *state;
    setenv("ORRERY_DB", b->uri, 1);
    orr_db *db;
    orr_error err;
    int rc = orr_db_open(&db, NULL, &err);
    unsetenv("ORRERY_DB");
    assert_int_equal(rc, ORR_OK);
    orr_event ev = gdelt_event("1", "2025-02-18", "USA", "RUS", "040", 4, 1, 1.0);
    size_t n_new;
    OK(orr_db_put_events(db, &ev, 1, &n_new, E));
    orr_db_close(db);
    db = open_store(b);  /* it went to PostgreSQL, not ./orrery.db */
    assert_int_equal(query(db, (orr_event_filter){0}).n, 1);
    orr_db_close(db);
}

/* --- the server --------------------------------------------------------------- */

static int started_here;

static void find_server(void) {
    const char *env = getenv("ORRERY_TEST_PG");
    if (env && *env) {
        snprintf(pg_admin, sizeof pg_admin, "%s", env);
        return;
    }
    FILE *p = popen("bash scripts/pg-cluster.sh start 2>&1", "r");
    char line[512] = "", last[512] = "";
    while (p && fgets(line, sizeof line, p)) snprintf(last, sizeof last, "%s", line);
    int rc = p ? pclose(p) : -1;
    last[strcspn(last, "\n")] = '\0';
    if (rc == 0 && strncmp(last, "postgresql://", 13) == 0) {
        snprintf(pg_admin, sizeof pg_admin, "%s", last);
        started_here = 1;
    } else {
        fprintf(stderr, "test_store_pg: no PostgreSQL server (%s)\n", last);
    }
}

int main(void) {
    find_server();
    const char *ci = getenv("CI");
    if (!pg_admin[0] && ci && strcmp(ci, "true") == 0) {
        printf("not ok - PostgreSQL could not be started under CI: set ORRERY_TEST_PG or install postgresql-15\n");
        printf("[  FAILED  ] 1 test(s), listed below:\n");
        return 1;
    }
    if (!pg_admin[0]) printf("SKIPPING the PostgreSQL cases: no server (set ORRERY_TEST_PG)\n");
    static backend sqlite = {.name = "sqlite"}, pg = {.name = "postgresql", .is_pg = 1};
#define BOTH(fn)                                                              \
    {#fn "/sqlite", fn, fresh_store, drop_store, &sqlite},                    \
    {#fn "/postgresql", fn, fresh_store, drop_store, &pg}
#define PG_ONLY(fn) {#fn, fn, fresh_store, drop_store, &pg}
    const struct CMUnitTest tests[] = {
        BOTH(test_docs_idempotent),
        BOTH(test_read_own_batch),
        BOTH(test_events_put_and_query),
        BOTH(test_events_bulk_dedupe),
        BOTH(test_coded_events),
        BOTH(test_events_bulk_fields),
        BOTH(test_events_rollback_and_bad_date),
        BOTH(test_kill9_then_rerun),
        PG_ONLY(test_pg_partitions_ahead),
        PG_ONLY(test_pg_migrate_v1),
        PG_ONLY(test_pg_loaders),
        PG_ONLY(test_pg_lost_connection),
        PG_ONLY(test_pg_unreachable),
        PG_ONLY(test_pg_statement_timeout),
        PG_ONLY(test_pg_orrery_db_env),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (started_here) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "bash scripts/pg-cluster.sh stop '%s' >/dev/null 2>&1", pg_admin);
        if (system(cmd) != 0) fprintf(stderr, "test_store_pg: could not stop %s\n", pg_admin);
    }
    return failed;
}
