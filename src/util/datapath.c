/*
** datapath.c — where shipped data files (dictionaries, models, tables)
** are found at run time: $ORRERY_DATA, else the directory compiled in.
*/
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef ORR_DATA_DIR
#define ORR_DATA_DIR "data"
#endif

int orr_data_path(const char *name, char *out, size_t out_size) {
    const char *dir = getenv("ORRERY_DATA");
    if (!dir || !*dir) dir = ORR_DATA_DIR;
    int n = snprintf(out, out_size, "%s/%s", dir, name);
    return n < 0 || (size_t)n >= out_size ? ORR_EUSAGE : ORR_OK;
}
