#include "str.h"

#include "mem.h"

namespace rf {

__attribute__((no_builtin)) void copy_bytes(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  while (n--) *d++ = *s++;
}

bool operator==(Str a, Str b) {
  if (a.size != b.size) return false;
  // A loop, not memcmp: the compiler would expand that inline, larger.
  for (size_t i = a.size; i--;)
    if (a[i] != b[i]) return false;
  return true;
}

bool starts_with(Str s, Str prefix) { return s.size >= prefix.size && s.prefix(prefix.size) == prefix; }

size_t find(Str s, char c, size_t from) {
  while (from < s.size && s.data[from] != c) ++from;
  return from;
}

}  // namespace rf
