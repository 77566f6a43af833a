/*
** fuzz_import_petrarch.c — libFuzzer target for the petrarch event importer
** (see fuzz_import_common.h).
*/
#include "fuzz_import_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    return fuzz_importer(data, size, ORR_EVFMT_PETRARCH);
}
