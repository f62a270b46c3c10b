// Launcher failures (SPEC 3.6). The launcher stops at its first error, so
// instead of passing errors up, the core calls fail(), which formats the
// message and hands it to report_failure(): the stub prints it and exits, the
// host tests throw it.
#pragma once
#include <stddef.h>

#include "error.h"

namespace rf {

// Formats `format` into a message and does not return. Conversions:
//   %s  const char*        %v  Str
//   %u  unsigned long      %e  an OS error code, described ("ENOENT: ...")
[[noreturn]] void fail(int exit_code, const char* format, ...);

// Provided by the program.
[[noreturn]] void report_failure(int exit_code, const char* message, size_t size);

}  // namespace rf
