/*
** html_date.c — publication dates as pages write them, to YYYY-MM-DD.
** Handles ISO 8601 and its cousins (2019-11-19T10:00Z, 2019/11/19,
** 20191119), English month names ("November 19, 2019", "19 Nov 2019",
** "Tue, 19 Nov 2019 10:00:00 GMT") and dates in URL paths (/2019/11/19/).
** A date is accepted only if month and day are in range and the year is
** between 1900 and 2100.
*/
#include "html.h"

#include <ctype.h>
#include <stdio.h>
#include <strings.h>

static int valid_ymd(int y, int m, int d) {
    return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int put_ymd(int y, int m, int d, char out[11]) {
    if (!valid_ymd(y, m, d)) return 0;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return 1;
}

/* n digits at p (exactly: no digit follows). */
static int digits(const char *p, const char *end, int n, int *value) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p + i >= end || !isdigit((unsigned char)p[i])) return 0;
        v = v * 10 + (p[i] - '0');
    }
    *value = v;
    return 1;
}

static int month_of(const char *p, const char *end) {
    static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    if (end - p < 3) return 0;
    for (int m = 0; m < 12; m++)
        if (strncasecmp(p, names[m], 3) == 0) return m + 1;
    return 0;
}

/* One or two digits at *q; advances *q. */
static int one_or_two(const char **q, const char *end, int *value) {
    int v = 0, k = 0;
    while (k < 2 && *q + k < end && isdigit((unsigned char)(*q)[k])) v = v * 10 + ((*q)[k++] - '0');
    if (k == 0 || (*q + k < end && isdigit((unsigned char)(*q)[k]))) return 0;
    *q += k;
    *value = v;
    return 1;
}

/* YYYY?MM?DD with separator - / . or none, at p. */
static int numeric_ymd(const char *p, const char *end, char out[11]) {
    int y, m, d;
    if (!digits(p, end, 4, &y)) return 0;
    const char *q = p + 4;
    if (q < end && (*q == '-' || *q == '/' || *q == '.')) {
        char sep = *q++;
        if (!one_or_two(&q, end, &m) || q >= end || *q != sep) return 0;
        q++;
        if (!one_or_two(&q, end, &d)) return 0;
    } else {
        if (!digits(q, end, 2, &m) || !digits(q + 2, end, 2, &d)) return 0;
        if (q + 4 < end && isdigit((unsigned char)q[4])) return 0;
    }
    return put_ymd(y, m, d, out);
}

int html_date_parse(const char *s, size_t len, char out[11]) {
    const char *p = s, *end = s + len;
    while (p < end && isspace((unsigned char)*p)) p++;
    if (numeric_ymd(p, end, out)) return 1;
    /* Textual: find a month name, a day and a 4-digit year around it. */
    int month = 0, day = 0, year = 0;
    for (const char *q = p; q < end; ) {
        if (isalpha((unsigned char)*q)) {
            const char *w = q;
            while (q < end && isalpha((unsigned char)*q)) q++;
            if (!month && q - w >= 3) month = month_of(w, q);
        } else if (isdigit((unsigned char)*q)) {
            int v = 0;
            const char *w = q;
            for (; q < end && isdigit((unsigned char)*q); q++)
                if (q - w < 5) v = v * 10 + (*q - '0');  /* longer runs are no date part */
            if (q - w == 4 && !year) year = v;
            else if (q - w <= 2 && !day && v >= 1 && v <= 31 && !(q < end && *q == ':')) day = v;
        } else {
            q++;
        }
        if (month && day && year) return put_ymd(year, month, day, out);
    }
    return 0;
}

int html_date_from_url(const char *url, char out[11]) {
    if (!url) return 0;
    const char *end = url + strlen(url);
    for (const char *p = url; p < end; p++) {
        if (!(*p == '/' || *p == '-' || *p == '_')) continue;
        const char *q = p + 1;
        int y, m, d;
        if (!digits(q, end, 4, &y) || y < 1990) continue;
        if (q + 4 < end && (q[4] == '/' || q[4] == '-' || q[4] == '_')) {
            char sep = q[4];
            if (digits(q + 5, end, 2, &m) && q + 7 < end && q[7] == sep &&
                digits(q + 8, end, 2, &d) && (q + 10 == end || !isdigit((unsigned char)q[10])) &&
                put_ymd(y, m, d, out))
                return 1;
        } else if (digits(q + 4, end, 2, &m) && digits(q + 6, end, 2, &d) &&
                   (q + 8 == end || !isdigit((unsigned char)q[8])) && put_ymd(y, m, d, out)) {
            return 1;
        }
    }
    return 0;
}
