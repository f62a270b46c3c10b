// Byte strings for the freestanding core: a pointer and a length, no ownership.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace rf {

inline size_t c_length(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

struct Str {
  const char* data = "";
  size_t size = 0;

  constexpr Str() = default;
  constexpr Str(const char* d, size_t n) : data(d), size(n) {}
  template <size_t N>
  constexpr Str(const char (&literal)[N]) : data(literal), size(N - 1) {}
  static Str from_c(const char* s) {
    if (!s) s = "";
    return Str(s, c_length(s));
  }

  bool empty() const { return size == 0; }
  char operator[](size_t i) const { return data[i]; }
  Str prefix(size_t n) const { return Str(data, n); }
  Str suffix_from(size_t i) const { return Str(data + i, size - i); }
};

bool operator==(Str a, Str b);
bool starts_with(Str s, Str prefix);
// Index of the first `c` at or after `from`, or s.size.
size_t find(Str s, char c, size_t from = 0);

}  // namespace rf
