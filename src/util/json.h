/*
** json.h — small jansson helpers shared by every stage that answers in
** JSON (the network builder, the HTTP API): JSON has no NaN or infinity,
** so a number that is not finite is written as null.
*/
#ifndef ORR_UTIL_JSON_H
#define ORR_UTIL_JSON_H

#include <jansson.h>
#include <math.h>

static inline json_t *orr_json_number(double v) { return isfinite(v) ? json_real(v) : json_null(); }

#endif
