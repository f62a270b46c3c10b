#include "fail.h"

#include <stdarg.h>

#include "../arch/arch.h"
#include "str.h"

// Str is trivially copyable, so it travels through varargs like a plain
// struct; clang only warns because it has constructors.
#pragma clang diagnostic ignored "-Wnon-pod-varargs"

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
  void put(const char* s) { put(s, c_length(s)); }
  void put_decimal(unsigned long v) {
    char digits[20];
    size_t n = 0;
    do digits[sizeof digits - ++n] = static_cast<char>('0' + v % 10);
    while (v /= 10);
    put(digits + sizeof digits - n, n);
  }
};

}  // namespace

void fail(int exit_code, const char* format, ...) {
  va_list args;
  va_start(args, format);
  Buffer out;
  for (const char* p = format; *p; ++p) {
    if (*p != '%') {
      out.put(p, 1);
      continue;
    }
    switch (*++p) {
      case 's':
        out.put(va_arg(args, const char*));
        break;
      case 'v': {
        Str s = va_arg(args, Str);
        out.put(s.data, s.size);
        break;
      }
      case 'u':
        out.put_decimal(va_arg(args, unsigned long));
        break;
      case 'e': {
        int e = va_arg(args, int);
        if (const char* text = arch::describe_error(e)) {
          out.put(text);
        } else {
          out.put("error ");
          out.put_decimal(static_cast<unsigned long>(e));
        }
        break;
      }
    }
  }
  va_end(args);
  report_failure(exit_code, g_message, out.size);
}

}  // namespace rf
