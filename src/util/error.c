/*
** error.c — errors as values.  Every library call that can fail returns a
** code and fills an orr_error owned by the caller, as SQLite keeps its
** message with the handle.  Nothing here prints.
*/
#include "orrery.h"

#include <stdarg.h>
#include <string.h>

int orr_error_set(orr_error *err, int code, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

void orr_error_clear(orr_error *err) {
    if (err) {
        err->code = ORR_OK;
        err->message[0] = '\0';
    }
}

const char *orr_strerror(int code) {
    switch (code) {
    case ORR_OK: return "ok";
    case ORR_EIO: return "input/output error";
    case ORR_EFORMAT: return "bad input format";
    case ORR_ENOMEM: return "out of memory";
    case ORR_EDB: return "database error";
    case ORR_EUSAGE: return "bad usage";
    case ORR_ENOTFOUND: return "not found";
    case ORR_EINTERNAL: return "internal error";
    case ORR_ESTOP: return "stopped";
    default: return "unknown error";
    }
}
