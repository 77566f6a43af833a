/*
** fuzz_import_phoenix.c — libFuzzer target for the phoenix event importer
** (see fuzz_import_common.h).
*/
#include "fuzz_import_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    return fuzz_importer(data, size, ORR_EVFMT_PHOENIX);
}
