// Launcher failures (SPEC 3.6). The launcher stops at its first error, so
// instead of passing errors up, the core calls fail(), which formats the
// message (format.h) and hands it to report_failure(): the stub prints it and
// exits, the host tests throw it.
#pragma once
#include "error.h"
#include "format.h"

namespace rf {

[[noreturn]] void fail_words(const char* format, uintptr_t a = 0, uintptr_t b = 0, uintptr_t c = 0, uintptr_t d = 0);
[[noreturn]] void fail_exec_words(const char* format, uintptr_t a, uintptr_t b, int exit_code);

// Formats `format` (format.h) into a message and exits 125, the launcher's
// own failure.
template <class... Args>
[[noreturn]] __attribute__((always_inline)) inline void fail(const char* format, Args... args) {
  static_assert(sizeof...(Args) <= 4, "fail() takes at most four words");
  fail_words(format, format_word(args)...);
}

// The same for a target that cannot be started: exit 126 or 127.
template <class A, class B>
[[noreturn]] __attribute__((always_inline)) inline void fail_exec(int exit_code, const char* format, A a, B b) {
  fail_exec_words(format, format_word(a), format_word(b), exit_code);
}

// Provided by the program.
[[noreturn]] void report_failure(int exit_code, const char* message, size_t size);

}  // namespace rf
