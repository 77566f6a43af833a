/*
** datapath.c — where shipped data files (dictionaries, models, tables)
** are found at run time: $ORRERY_DATA if set; else the directory compiled
** in (the source tree's data/ for a build in place); else, for an
** installed binary, PREFIX/share/orrery next to PREFIX/bin/orrery.
*/
#include "util.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef ORR_DATA_DIR
#define ORR_DATA_DIR "data"
#endif

/* PREFIX/share/orrery for the running executable, or "" if unknown. */
static void installed_data_dir(char *out, size_t out_size) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    out[0] = '\0';
    if (n <= 0) return;
    exe[n] = '\0';
    snprintf(out, out_size, "%s/../share/orrery", dirname(exe));
}

int orr_data_path(const char *name, char *out, size_t out_size) {
    const char *dir = getenv("ORRERY_DATA");
    char installed[PATH_MAX];
    if (!dir || !*dir) {
        dir = ORR_DATA_DIR;
        if (access(dir, R_OK) != 0) {
            installed_data_dir(installed, sizeof installed);
            if (installed[0] && access(installed, R_OK) == 0) dir = installed;
        }
    }
    int n = snprintf(out, out_size, "%s/%s", dir, name);
    return n < 0 || (size_t)n >= out_size ? ORR_EUSAGE : ORR_OK;
}
