/*
** fuzz_import_gdelt.c — libFuzzer target for the gdelt event importer
** (see fuzz_import_common.h).
*/
#include "fuzz_import_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    return fuzz_importer(data, size, ORR_EVFMT_GDELT);
}
