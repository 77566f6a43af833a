/*
** testutil.h — what every cmocka test program includes.
*/
#ifndef ORR_TESTUTIL_H
#define ORR_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orrery.h"

/* Path to ../shared (or $SHARED); tests that need it skip when absent. */
static inline const char *test_shared_dir(void) {
    const char *s = getenv("SHARED");
    return s && *s ? s : "../shared";
}

#endif
