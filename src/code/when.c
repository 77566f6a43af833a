/*
** when.c — dating events from the words around them.  News says "On
** February 18, 2025", "on Feb 13", "on Tuesday", "last week"; an event
** takes the date its sentence states, resolved against the document's
** date, and records how it was found.  A document without a date (the
** seed has none) takes the latest full date in its own text, marked as
** inferred.  Hand-written because the rules are small and specific to
** news English; a general date parser would be both larger and vaguer.
**
** Resolution rules (documented in docs/coder.md by the coder issue):
**   - "Month D, YYYY", "D Month YYYY", "YYYY-MM-DD": that date.
**   - "Month D" / "D Month" without a year: the year that puts the date
**     closest to the reference date (news reports the recent past, so a
**     December date in a January article is last year's).
**   - weekday names ("on Tuesday"): the latest such day on or before the
**     reference date ("next Tuesday": the first one after it).
**   - "today"/"yesterday"/"tomorrow", "last week"/"next week" (±7 days),
**     "last month"/"next month" (same day, one month off, clamped),
**     "last year"/"next year" (same day, one year off).
*/
#include "when.h"
#include "../util/calendar.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *when_how_name(when_how how) {
    static const char *const names[] = {"none", "document", "explicit", "relative", "inferred"};
    return how <= WHEN_INFERRED ? names[how] : "none";
}

static int digits(const char *s, size_t n) {
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Every sentence is dated against the reference, so the plain
** "YYYY-MM-DD" forms skip sscanf/snprintf (same results). */
long when_days_from_iso(const char *iso) {
    int y, m, d;
    if (iso && (y = digits(iso, 4)) >= 0 && iso[4] == '-' && (m = digits(iso + 5, 2)) >= 0 &&
        iso[7] == '-' && (d = digits(iso + 8, 2)) >= 0) {  /* stops at a NUL */
        if (!orr_valid_ymd(y, m, d)) return -1;
    } else if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || !orr_valid_ymd(y, m, d)) {
        return -1;
    }
    return orr_days_from_civil(y, m, d);
}

void when_iso_from_days(long days, char out[11]) {
    int y, m, d;
    char wide[48];  /* room for any int, so the copy below never truncates a field */
    orr_civil_from_days((int32_t)days, &y, &m, &d);
    if (y >= 0 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        int v[3] = {y, m, d}, w[3] = {4, 2, 2}, pos[3] = {0, 5, 8};
        for (int f = 0; f < 3; f++)
            for (int k = w[f] - 1, x = v[f]; k >= 0; k--, x /= 10) out[pos[f] + k] = (char)('0' + x % 10);
        out[4] = out[7] = '-';
    } else {
        snprintf(wide, sizeof wide, "%04d-%02d-%02d", y, m, d);
        memcpy(out, wide, 10);
    }
    out[10] = '\0';
}

/* --- scanning words ------------------------------------------------- */

typedef struct word {
    const char *s;
    size_t n;
} word;

/* Split into alphanumeric words; punctuation is dropped but "," and "."
** never join words.  At most max words. */
static size_t split_words(const char *t, size_t len, word *w, size_t max) {
    size_t n = 0, i = 0;
    while (i < len && n < max) {
        while (i < len && !isalnum((unsigned char)t[i])) i++;
        size_t s = i;
        while (i < len && (isalnum((unsigned char)t[i]) || (t[i] == '-' && i + 1 < len && isdigit((unsigned char)t[i + 1]) && i > s && isdigit((unsigned char)t[i - 1]))))
            i++;
        if (i > s) w[n++] = (word){t + s, i - s};
    }
    return n;
}

static int word_is(word w, const char *lit) {
    return strlen(lit) == w.n && strncasecmp(w.s, lit, w.n) == 0;
}

/* Month from a word: full name or 3-letter abbreviation ("Sept" too). */
static int month_of(word w) {
    static const char *const names[] = {"january", "february", "march",     "april",   "may",      "june",
                                         "july",    "august",   "september", "october", "november", "december"};
    if (w.n < 3 || !isupper((unsigned char)w.s[0])) return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(names[m]);
        if ((w.n == full || w.n == 3 || (m == 8 && w.n == 4)) && w.n <= full &&
            strncasecmp(w.s, names[m], w.n) == 0)
            return m + 1;
    }
    return 0;
}

static int number_of(word w, int max_digits) {
    if (w.n == 0 || w.n > (size_t)max_digits) return -1;
    int v = 0;
    for (size_t i = 0; i < w.n; i++) {
        if (!isdigit((unsigned char)w.s[i])) {
            /* ordinals: 18th, 1st, 2nd, 3rd */
            if (i > 0 && w.n - i == 2 && (word_is((word){w.s + i, 2}, "th") || word_is((word){w.s + i, 2}, "st") ||
                                          word_is((word){w.s + i, 2}, "nd") || word_is((word){w.s + i, 2}, "rd")))
                return v;
            return -1;
        }
        v = v * 10 + (w.s[i] - '0');
    }
    return v;
}

static int year_of(word w) {
    int y = w.n == 4 ? number_of(w, 4) : -1;
    return y >= 1000 && y <= 2999 ? y : -1;
}

/* A date expression found at word i: fills y (or 0 if missing), m, d.
** Returns the number of words used, 0 if none. */
static int date_at(const word *w, size_t n, size_t i, int *y, int *m, int *d) {
    int mm, dd, yy;
    /* YYYY-MM-DD */
    if (w[i].n == 10 && sscanf(w[i].s, "%4d-%2d-%2d", &yy, &mm, &dd) == 3 && orr_valid_ymd(yy, mm, dd)) {
        *y = yy, *m = mm, *d = dd;
        return 1;
    }
    /* Month D[, YYYY] */
    if ((mm = month_of(w[i])) && i + 1 < n && (dd = number_of(w[i + 1], 4)) >= 1 && dd <= 31) {
        *m = mm, *d = dd, *y = 0;
        if (i + 2 < n && (yy = year_of(w[i + 2])) > 0) *y = yy;
        return *y ? 3 : 2;
    }
    /* D Month[ YYYY] */
    if ((dd = number_of(w[i], 4)) >= 1 && dd <= 31 && i + 1 < n && (mm = month_of(w[i + 1]))) {
        *m = mm, *d = dd, *y = 0;
        if (i + 2 < n && (yy = year_of(w[i + 2])) > 0) *y = yy;
        return *y ? 3 : 2;
    }
    return 0;
}

/* The year for a month/day without one: closest to the reference date. */
static long closest_year_date(int m, int d, long ref) {
    int ry, rm, rd;
    orr_civil_from_days(ref, &ry, &rm, &rd);
    long best = -1, best_gap = 0;
    for (int y = ry - 1; y <= ry + 1; y++) {
        if (!orr_valid_ymd(y, m, d)) continue;
        long day = orr_days_from_civil(y, m, d), gap = labs(day - ref);
        if (best < 0 || gap < best_gap) best = day, best_gap = gap;
    }
    return best;
}

static int weekday_of(word w) {
    static const char *const names[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (int k = 0; k < 7; k++)
        if (word_is(w, names[k])) return k;
    return -1;
}

/* Relative phrase at word i, resolved against ref; -1 if none. */
static long relative_at(const word *w, size_t n, size_t i, long ref) {
    /* every word tried below starts with one of these letters */
    if (w[i].n < 3 || !strchr("tTyYlLpPnNmMwWfFsS", w[i].s[0])) return -1;
    if (word_is(w[i], "today") || word_is(w[i], "tonight")) return ref;
    if (word_is(w[i], "yesterday")) return ref - 1;
    if (word_is(w[i], "tomorrow")) return ref + 1;
    int dir = word_is(w[i], "last") || word_is(w[i], "past") ? -1 : word_is(w[i], "next") ? 1 : 0;
    if (dir && i + 1 < n) {
        if (word_is(w[i + 1], "week")) return ref + 7 * dir;
        int ry, rm, rd;
        orr_civil_from_days(ref, &ry, &rm, &rd);
        if (word_is(w[i + 1], "month")) {
            rm += dir;
            if (rm == 0) rm = 12, ry--;
            if (rm == 13) rm = 1, ry++;
            if (rd > orr_days_in_month(ry, rm)) rd = orr_days_in_month(ry, rm);
            return orr_days_from_civil(ry, rm, rd);
        }
        if (word_is(w[i + 1], "year")) {
            ry += dir;
            if (rd > orr_days_in_month(ry, rm)) rd = orr_days_in_month(ry, rm);
            return orr_days_from_civil(ry, rm, rd);
        }
    }
    int k = weekday_of(w[i]);
    if (k >= 0) {
        dir = i > 0 && word_is(w[i - 1], "next") ? 1 : -1;
        int ref_wd = (int)(((ref % 7) + 7 + 3) % 7);  /* 1970-01-01 was a Thursday (3) */
        if (dir < 0) return ref - ((ref_wd - k + 7) % 7);
        int ahead = (k - ref_wd + 7) % 7;
        return ref + (ahead ? ahead : 7);
    }
    return -1;
}

#define WHEN_MAX_WORDS 512

when_how when_sentence_date(const char *text, size_t len, const char *ref_iso, char out[11]) {
    word w[WHEN_MAX_WORDS];
    size_t n = split_words(text, len, w, WHEN_MAX_WORDS);
    long ref = when_days_from_iso(ref_iso);
    for (size_t i = 0; i < n; i++) {  /* explicit dates first */
        int y, m, d;
        if (!date_at(w, n, i, &y, &m, &d)) continue;
        if (y && orr_valid_ymd(y, m, d)) {
            when_iso_from_days(orr_days_from_civil(y, m, d), out);
            return WHEN_EXPLICIT;
        }
        if (!y && ref >= 0) {
            long day = closest_year_date(m, d, ref);
            if (day >= 0) {
                when_iso_from_days(day, out);
                return WHEN_EXPLICIT;
            }
        }
    }
    if (ref >= 0) {
        for (size_t i = 0; i < n; i++) {
            long day = relative_at(w, n, i, ref);
            if (day >= 0) {
                when_iso_from_days(day, out);
                return WHEN_RELATIVE;
            }
        }
        when_iso_from_days(ref, out);
        return WHEN_DOCUMENT;
    }
    return WHEN_NONE;
}

int when_latest_full_date(const char *text, size_t len, char out[11]) {
    size_t max = len / 2 + 1;
    word *w = malloc(max * sizeof *w);
    if (!w) return -1;
    size_t n = split_words(text, len, w, max);
    long best = -1;
    for (size_t i = 0; i < n; i++) {
        int y, m, d;
        if (date_at(w, n, i, &y, &m, &d) && y && orr_valid_ymd(y, m, d)) {
            long day = orr_days_from_civil(y, m, d);
            if (day > best) best = day;
        }
    }
    free(w);
    if (best < 0) return -1;
    when_iso_from_days(best, out);
    return 0;
}
