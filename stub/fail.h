// Launcher failures (SPEC 3.6). The launcher stops at its first error, so
// instead of passing errors up, the core calls fail(), which formats the
// message and hands it to report_failure(): the stub prints it and exits, the
// host tests throw it.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "error.h"

namespace rf {

// Every argument of fail() travels as one machine word, in a register on
// every target: no varargs, which cost code in the callee on some ABIs.
inline uintptr_t fail_word(const char* s) { return reinterpret_cast<uintptr_t>(s); }
inline uintptr_t fail_word(unsigned long v) { return v; }
inline uintptr_t fail_word(int os_error) { return static_cast<uintptr_t>(os_error); }

[[noreturn]] void fail_words(int exit_code, const char* format, uintptr_t a = 0, uintptr_t b = 0, uintptr_t c = 0,
                             uintptr_t d = 0);

// Formats `format` into a message and does not return. Conversions:
//   %s  a NUL-terminated string     %u  unsigned long
//   %e  an OS error code (int), by its name, e.g. "ENOENT"
template <class... Args>
[[noreturn]] __attribute__((always_inline)) inline void fail(int exit_code, const char* format, Args... args) {
  static_assert(sizeof...(Args) <= 4, "fail() takes at most four arguments");
  fail_words(exit_code, format, fail_word(args)...);
}

// Provided by the program.
[[noreturn]] void report_failure(int exit_code, const char* message, size_t size);

}  // namespace rf
