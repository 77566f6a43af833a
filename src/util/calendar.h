/*
** calendar.h — day numbers for dates: days since 1970-01-01 in the
** proleptic Gregorian calendar, exact for years 1..9999 (the era-based
** civil-from-days algorithm).  Inline because the relations stage calls
** it once per imported event; shared by the coder's event dating
** (src/code/when.c) and the relations' time bins (src/relate/agg.c).
*/
#ifndef ORR_CALENDAR_H
#define ORR_CALENDAR_H

#include <stdint.h>

static inline int32_t orr_days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static inline void orr_civil_from_days(int32_t z, int *y, int *m, int *d) {
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

#endif
