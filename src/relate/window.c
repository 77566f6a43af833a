/*
** window.c — a time window "FROM..TO" as analysts type it: either side may
** be empty, and each side is a year, a month or a day ("2025..",
** "2024-06..2025-02", "..2025-02-18").  A year or month stands for its
** first day on the left and its last day on the right.  One parser for the
** CLI's --window and the HTTP API's ?window=, so both accept the same text.
*/
#include "orrery.h"
#include "../util/util.h"
#include "../util/calendar.h"

#include <stdio.h>
#include <string.h>

/* One side of the window into YYYY-MM-DD ("" stays ""); -1 if malformed. */
static int window_side(const char *s, size_t n, int is_end, char out[11]) {
    char buf[11];
    if (n == 0) { out[0] = '\0'; return 0; }
    if (n != 4 && n != 7 && n != 10) return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (n == 4) memcpy(buf + 4, is_end ? "-12-31" : "-01-01", 7);
    if (n == 7) {
        if (buf[4] != '-' || buf[5] < '0' || buf[5] > '9' || buf[6] < '0' || buf[6] > '9') return -1;
        int y = (buf[0] - '0') * 1000 + (buf[1] - '0') * 100 + (buf[2] - '0') * 10 + (buf[3] - '0');
        int m = (buf[5] - '0') * 10 + (buf[6] - '0');
        if (m < 1 || m > 12) return -1;
        snprintf(buf + 7, 4, "-%02d", is_end ? orr_days_in_month(y, m) : 1);
    }
    if (!orr_valid_date(buf)) return -1;
    memcpy(out, buf, 11);
    return 0;
}

int orr_window_parse(const char *text, char from[11], char to[11], orr_error *err) {
    from[0] = to[0] = '\0';
    if (!text || !*text) return ORR_OK;
    const char *dots = strstr(text, "..");
    if (!dots || window_side(text, (size_t)(dots - text), 0, from) ||
        window_side(dots + 2, strlen(dots + 2), 1, to) || (from[0] && to[0] && strcmp(from, to) > 0))
        return orr_error_set(err, ORR_EUSAGE,
                             "window '%s': expected FROM..TO, each side YYYY, YYYY-MM or YYYY-MM-DD "
                             "or empty, FROM not after TO", text);
    return ORR_OK;
}
