/*
** date.c — read the date of a plain-text page from a dateline such as
** "February 18, 2025", "Tue, 18 Feb 2025 10:30 IST" or "2025-02-18"
** (the page layout passes short lines with a year that stand above the
** article).  Month names in English, full or abbreviated.
*/
#include "text.h"

#include <stdio.h>
#include <strings.h>

static int month_of(const char *w, size_t len) {
    static const char *const months[] = {"january", "february", "march",     "april",   "may",      "june",
                                         "july",    "august",   "september", "october", "november", "december"};
    if (len < 3) return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(months[m]);
        if ((len == full || len == 3 || (m == 8 && len == 4)) && len <= full && strncasecmp(w, months[m], len) == 0)
            return m + 1;
    }
    return 0;
}

static int valid(int y, int m, int d) { return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31; }

int text_parse_date(const char *s, size_t len, char out[11]) {
    int year = 0, month = 0, day = 0;
    size_t i = 0;
    while (i < len) {
        if (text_is_digit((unsigned char)s[i])) {
            size_t j = i;
            while (j < len && text_is_digit((unsigned char)s[j])) j++;
            int v = 0;
            for (size_t k = i; k < j && k < i + 5; k++) v = v * 10 + (s[k] - '0');
            /* ISO 2025-02-18 */
            if (j - i == 4 && j + 5 < len && s[j] == '-' && s[j + 3] == '-' &&
                text_is_digit((unsigned char)s[j + 1]) && text_is_digit((unsigned char)s[j + 2]) &&
                text_is_digit((unsigned char)s[j + 4]) && text_is_digit((unsigned char)s[j + 5])) {
                int m = (s[j + 1] - '0') * 10 + (s[j + 2] - '0'), d = (s[j + 4] - '0') * 10 + (s[j + 5] - '0');
                if (valid(v, m, d)) {
                    snprintf(out, 11, "%04d-%02d-%02d", v, m, d);
                    return 1;
                }
            }
            if (j - i == 4 && !year) year = v;
            else if (j - i <= 2 && !day && (j >= len || s[j] != ':') && (i == 0 || s[i - 1] != ':'))
                day = v;  /* not the hours or minutes of a time */
            i = j;
        } else if (text_is_letter((unsigned char)s[i])) {
            size_t j = i;
            while (j < len && text_is_letter((unsigned char)s[j])) j++;
            if (!month) month = month_of(s + i, j - i);
            i = j;
        } else {
            i++;
        }
    }
    if (!valid(year, month, day)) return 0;
    snprintf(out, 11, "%04d-%02d-%02d", year, month, day);
    return 1;
}
