/*
** fuzz_dict_issues.c — the issues dictionary reader on arbitrary bytes, then
** compile, open and look up (see fuzz_dict_common.h).
*/
#include "fuzz_dict_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    return fuzz_dict_reader(data, size, "fuzz.issues", ORR_DICT_ISSUES);
}
