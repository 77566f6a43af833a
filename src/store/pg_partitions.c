/*
** pg_partitions.c — the monthly partitions of events: which exist (a
** sorted cache of yyyymm, loaded at open), and making the missing ones
** before events of a new month are put.
**
** A partition is made on a second session (pg_store.ddl) that commits at
** once: the batch putting the events may be long, and the DDL's SHARE
** UPDATE EXCLUSIVE lock on events must not be held for the batch's
** lifetime.  That lock does not conflict with the batch's own ROW
** EXCLUSIVE lock, so the two sessions cannot deadlock; there is no foreign
** key on events, whose new partitions would otherwise lock documents too.
**
** Making a partition costs far more than its rows: each of its three
** indexes is built and fsynced at once (PostgreSQL 15 syncs every index
** it builds), about 20 ms a month on a quiet disk, and a backfill spent
** up to half its wall time waiting for that.  So once a put's months
** exist, the DDL session starts making the next year's months in the
** background (PQsendQuery, not waited for) while the main session loads:
** a backfill arriving in date order then finds each new year ready.  The
** background work is collected at the next put that needs it (or finds
** it done), or at close; if it failed, the put that needs those months
** makes them itself and reports any error.  A year is made at most one
** year ahead of the latest event put, as a partition manager pre-makes
** the next period; an empty partition costs a few pages.
*/
#include "pg_store.h"

#include "../util/calendar.h"

#include <stdlib.h>

static int month_index(const pg_store *s, int ym, size_t *pos) {
    size_t lo = 0, hi = s->n_months;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->months[mid] < ym) lo = mid + 1;
        else hi = mid;
    }
    *pos = lo;
    return lo < s->n_months && s->months[lo] == ym;
}

static int month_add(pg_store *s, int ym) {
    size_t pos;
    if (month_index(s, ym, &pos)) return ORR_OK;
    if (s->n_months == s->cap_months) {
        size_t cap = s->cap_months ? 2 * s->cap_months : 64;
        int *m = realloc(s->months, cap * sizeof *m);
        if (!m) return ORR_ENOMEM;
        s->months = m;
        s->cap_months = cap;
    }
    memmove(s->months + pos + 1, s->months + pos, (s->n_months - pos) * sizeof *s->months);
    s->months[pos] = ym;
    s->n_months++;
    return ORR_OK;
}

static int month_row(void *ctx, const PGresult *res, int r) {
    int y, m;
    if (sscanf(PQgetvalue(res, r, 0), "events_y%4dm%2d", &y, &m) == 2) return month_add(ctx, y * 100 + m);
    return 0;
}

int pg_load_partitions(pg_store *s, orr_error *err) {
    s->n_months = 0;
    return pg_each_row(s, "listing event partitions",
                       "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                       " WHERE i.inhparent = 'events'::regclass",
                       0, NULL, month_row, s, err);
}

static int ddl_exec(pg_store *s, const char *sql, orr_error *err) {
    for (int attempt = 0;; attempt++) {
        if (!s->ddl && pg_connect(s, &s->ddl, err)) return ORR_EDB;
        PGresult *res = PQexec(s->ddl, sql);
        int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (ok) {
            PQclear(res);
            return ORR_OK;
        }
        if (attempt == 0 && PQstatus(s->ddl) == CONNECTION_BAD) {
            PQclear(res);
            PQfinish(s->ddl);
            s->ddl = NULL;
            continue;
        }
        pg_fail(s, s->ddl, res, "creating event partitions", err);
        PQclear(res);
        if (PQstatus(s->ddl) != CONNECTION_BAD) PQclear(PQexec(s->ddl, "ROLLBACK"));
        return ORR_EDB;
    }
}

/* Append the DDL making month y-m's partition (if absent) and the main session's lock on it. */
static int add_month_ddl(orr_buf *ddl, orr_buf *lock, int y, int m) {
    int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
    return orr_buf_printf(ddl,
                          "DO $$ BEGIN IF to_regclass('events_y%04dm%02d') IS NULL THEN"
                          " CREATE TABLE events_y%04dm%02d (LIKE events INCLUDING DEFAULTS);"
                          " ALTER TABLE events ATTACH PARTITION events_y%04dm%02d"
                          " FOR VALUES FROM ('%04d-%02d-01') TO ('%04d-%02d-01');"
                          " END IF; END $$;",
                          y, m, y, m, y, m, y, m, ny, nm) |
           orr_buf_printf(lock, "LOCK TABLE events_y%04dm%02d IN ROW EXCLUSIVE MODE;", y, m);
}

/*
** The DDL transaction making the missing months of the given years, and
** the main session's statement locking them; lock is empty when none is
** missing.  The DDL session serialises creators with an advisory lock
** and checks the catalog under it, so concurrent importers create each
** month once.
*/
static int years_ddl(const pg_store *s, const int *years, size_t n_years, orr_buf *ddl,
                     orr_buf *lock) {
    int rc = orr_buf_puts(ddl, "BEGIN; SELECT pg_advisory_xact_lock(7283361050);");
    size_t pos;
    for (size_t i = 0; !rc && i < n_years; i++)
        for (int m = 1; !rc && m <= 12; m++)
            if (!month_index(s, years[i] * 100 + m, &pos)) rc = add_month_ddl(ddl, lock, years[i], m);
    return rc | orr_buf_puts(ddl, "COMMIT");
}

/*
** The DDL session has made the years' months: the main session locks
** each new partition (taking a lock it did not hold makes it read the
** catalog invalidations, so its next COPY routes rows into the new
** partitions even inside an open batch), and the cache learns them.
*/
static int adopt_years(pg_store *s, const int *years, size_t n_years, const orr_buf *lock,
                       orr_error *err) {
    if (pg_exec(s, "locking new event partitions", lock->data, err)) return ORR_EDB;
    if (pg_loaders_exec(s, "locking new event partitions", lock->data, err)) return ORR_EDB;
    for (size_t i = 0; i < n_years; i++)
        for (int m = 1; m <= 12; m++)
            if (month_add(s, years[i] * 100 + m)) return orr_error_set(err, ORR_ENOMEM, "out of memory");
    return ORR_OK;
}

/*
** Create the partitions of every month of the given years not known to
** exist.  A year at a time, because each DDL transaction costs far more
** than the tables in it, and imports arrive in date order: a backfill of
** ten years makes ten DDL transactions, not 120.
*/
static int ensure_partitions(pg_store *s, const int *years, size_t n_years, orr_error *err) {
    orr_buf ddl, lock;
    orr_buf_init(&ddl);
    orr_buf_init(&lock);
    int rc = years_ddl(s, years, n_years, &ddl, &lock);
    if (rc) rc = orr_error_set(err, ORR_ENOMEM, "out of memory");
    if (!rc && lock.len) {
        rc = ddl_exec(s, ddl.data, err);
        if (!rc) rc = adopt_years(s, years, n_years, &lock, err);
    }
    orr_buf_free(&ddl);
    orr_buf_free(&lock);
    return rc;
}

static int year_complete(const pg_store *s, int y) {
    size_t pos;
    for (int m = 1; m <= 12; m++)
        if (!month_index(s, y * 100 + m, &pos)) return 0;
    return 1;
}

/* Start making year y's missing months in the background; nothing to report if it cannot. */
static void prefetch_start(pg_store *s, int y) {
    orr_buf ddl, lock;
    orr_buf_init(&ddl);
    orr_buf_init(&lock);
    orr_error ignored;
    if (!years_ddl(s, &y, 1, &ddl, &lock) && lock.len && (s->ddl || !pg_connect(s, &s->ddl, &ignored))) {
        if (PQsendQuery(s->ddl, ddl.data)) s->prefetch_year = y;
        else {
            PQfinish(s->ddl);
            s->ddl = NULL;
        }
    }
    orr_buf_free(&ddl);
    orr_buf_free(&lock);
}

/*
** Collect the background DDL (waiting for it), and adopt its months if it
** succeeded.  A failure there is not reported: the put that needs those
** months makes them itself and says what went wrong.
*/
int pg_partitions_collect(pg_store *s, orr_error *err) {
    if (!s->prefetch_year) return ORR_OK;
    int y = s->prefetch_year, ok = 1;
    s->prefetch_year = 0;
    PGresult *res;
    while ((res = PQgetResult(s->ddl))) {
        ok &= PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
        PQclear(res);
    }
    if (!ok) {
        if (PQstatus(s->ddl) != CONNECTION_BAD) PQclear(PQexec(s->ddl, "ROLLBACK"));
        return ORR_OK;
    }
    if (!err) return ORR_OK;  /* closing: the months exist, nobody will put into them here */
    orr_buf ddl, lock;
    orr_buf_init(&ddl);
    orr_buf_init(&lock);
    int rc = years_ddl(s, &y, 1, &ddl, &lock);
    if (rc) rc = orr_error_set(err, ORR_ENOMEM, "out of memory");
    if (!rc && lock.len) rc = adopt_years(s, &y, 1, &lock, err);
    orr_buf_free(&ddl);
    orr_buf_free(&lock);
    return rc;
}

/* Is the background DDL still running? */
static int prefetch_busy(pg_store *s) {
    return s->prefetch_year && PQconsumeInput(s->ddl) && PQisBusy(s->ddl);
}

/*
** YYYY-MM-DD naming a real day (so 2023-02-29 is refused), as yyyymm.
** Checked here, in full, because the events go to the server as day
** numbers (binary COPY), which it takes without a calendar check.
*/
static int date_month(const char *d) {
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? d[i] != '-' : (d[i] < '0' || d[i] > '9')) return -1;
    if (d[10]) return -1;
    int y = atoi(d), m = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
    if (y < 1 || m < 1 || m > 12 || day < 1 || day > 31) return -1;
    int y2, m2, day2;
    orr_civil_from_days(orr_days_from_civil(y, m, day), &y2, &m2, &day2);
    return y2 == y && m2 == m && day2 == day ? y * 100 + m : -1;
}

int32_t pg_date_day(const char *d) {
    return orr_days_from_civil(atoi(d), (d[5] - '0') * 10 + (d[6] - '0'),
                               (d[8] - '0') * 10 + (d[9] - '0')) -
           orr_days_from_civil(2000, 1, 1);
}

/* Check every date and list the years with a month that has no partition yet. */
static int missing_years(pg_store *s, const orr_event *events, size_t n, int **years,
                         size_t *n_years, int *latest, orr_error *err) {
    size_t cap = 0, pos;
    for (size_t i = 0; i < n; i++) {
        const orr_event *e = &events[i];
        int ym = date_month(e->date);
        if (ym < 0)
            return orr_error_set(err, ORR_EUSAGE, "%s: event %zu%s%s: date '%.10s' is not YYYY-MM-DD",
                                 s->name, i + 1, e->origin ? " from " : "", e->origin ? e->origin : "",
                                 e->date);
        if (ym / 100 > *latest) *latest = ym / 100;
        if (month_index(s, ym, &pos)) continue;
        size_t k = 0;
        while (k < *n_years && (*years)[k] != ym / 100) k++;
        if (k < *n_years) continue;
        if (*n_years == cap) {
            cap = cap ? 2 * cap : 16;
            int *y = realloc(*years, cap * sizeof *y);
            if (!y) return orr_error_set(err, ORR_ENOMEM, "out of memory");
            *years = y;
        }
        (*years)[(*n_years)++] = ym / 100;
    }
    return ORR_OK;
}

/*
** Check every event's date; make the partitions of any year not complete
** (after collecting the background DDL, which may have made them); then
** start making the year after the latest one in the background.
*/
int pg_partitions_for(pg_store *s, const orr_event *events, size_t n, orr_error *err) {
    int *years = NULL, latest = 0;
    size_t n_years = 0;
    int rc = missing_years(s, events, n, &years, &n_years, &latest, err);
    if (!rc && s->prefetch_year && (n_years || !prefetch_busy(s))) {
        rc = pg_partitions_collect(s, err);
        n_years = 0;
        if (!rc) rc = missing_years(s, events, n, &years, &n_years, &latest, err);
    }
    if (!rc && n_years) rc = ensure_partitions(s, years, n_years, err);
    if (!rc && !s->prefetch_year && latest && latest < 9999 && !year_complete(s, latest + 1))
        prefetch_start(s, latest + 1);
    free(years);
    return rc;
}
