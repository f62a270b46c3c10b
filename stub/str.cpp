#include "str.h"

#include "mem.h"

namespace rf {

int compare(Str a, Str b) {
  size_t n = a.size < b.size ? a.size : b.size;
  if (int c = mem_compare(a.data, b.data, n)) return c;
  return a.size < b.size ? -1 : a.size > b.size;
}

bool operator==(Str a, Str b) { return a.size == b.size && mem_compare(a.data, b.data, a.size) == 0; }

bool starts_with(Str s, Str prefix) { return s.size >= prefix.size && s.prefix(prefix.size) == prefix; }

bool ends_with(Str s, Str suffix) {
  return s.size >= suffix.size && s.suffix_from(s.size - suffix.size) == suffix;
}

size_t find(Str s, char c, size_t from) {
  while (from < s.size && s.data[from] != c) ++from;
  return from;
}

size_t find_last(Str s, char c) {
  for (size_t i = s.size; i > 0; --i)
    if (s.data[i - 1] == c) return i - 1;
  return s.size;
}

bool contains(Str s, Str needle) {
  for (size_t i = 0; i + needle.size <= s.size; ++i)
    if (s.suffix_from(i).prefix(needle.size) == needle) return true;
  return false;
}

}  // namespace rf
