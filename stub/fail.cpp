#include "fail.h"

#include "../arch/arch.h"
#include "str.h"

namespace rf {

namespace {

// The message is built outside the arena: failing may be because it is full.
char g_message[16384];
// Each argument (usually a path) is cut at this length: no real path is
// longer, and the rest of the message, the OS error above all, must fit.
constexpr size_t kMaxPiece = 4096;

struct Buffer {
  size_t size = 0;
  void put(const char* s, size_t n) {
    for (size_t i = 0; i < n && i < kMaxPiece && size < sizeof g_message; ++i) g_message[size++] = s[i];
  }
  void put_decimal(uintptr_t v) {
    char digits[20];
    size_t n = 0;
    do digits[sizeof digits - ++n] = static_cast<char>('0' + v % 10);
    while (v /= 10);
    put(digits + sizeof digits - n, n);
  }
};

}  // namespace

void fail_words(int exit_code, const char* format, uintptr_t a, uintptr_t b, uintptr_t c, uintptr_t d) {
  const uintptr_t words[] = {a, b, c, d};
  const uintptr_t* next = words;
  Buffer out;
  for (const char* p = format; *p; ++p) {
    if (*p != '%') {
      out.put(p, 1);
      continue;
    }
    char conversion = *++p;
    uintptr_t word = *next++;
    const char* text = reinterpret_cast<const char*>(word);
    if (conversion == 'e') {
      text = arch::describe_error(static_cast<int>(word));
      if (!text) {
        out.put("error ", 6);
        conversion = 'u';
      }
    }
    if (conversion == 'u') {
      out.put_decimal(word);
    } else {
      out.put(text, c_length(text));
    }
  }
  report_failure(exit_code, g_message, out.size);
}

}  // namespace rf
