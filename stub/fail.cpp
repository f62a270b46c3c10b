#include "fail.h"

namespace rf {

namespace {

// The message is built outside the arena: failing may be because it is full.
char g_message[16384];
// Each argument (usually a path) is cut at this length: no real path is
// longer, and the rest of the message, the OS error above all, must fit.
constexpr size_t kMaxPiece = 4096;

[[noreturn]] void fail_with(const char* format, const uintptr_t* words, int exit_code) {
  report_failure(exit_code, g_message, format_words(format, words, g_message, sizeof g_message, kMaxPiece));
}

}  // namespace

void fail_words(const char* format, uintptr_t a, uintptr_t b, uintptr_t c, uintptr_t d) {
  const uintptr_t words[] = {a, b, c, d};
  fail_with(format, words, kExitLauncherError);
}

void fail_exec_words(const char* format, uintptr_t a, uintptr_t b, int exit_code) {
  const uintptr_t words[] = {a, b};
  fail_with(format, words, exit_code);
}

}  // namespace rf
