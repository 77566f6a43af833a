/*
** fuzz_dict_actors.c — the actors dictionary reader on arbitrary bytes, then
** compile, open and look up (see fuzz_dict_common.h).
*/
#include "fuzz_dict_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    return fuzz_dict_reader(data, size, "fuzz.actors", ORR_DICT_ACTORS);
}
