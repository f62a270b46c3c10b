#include "str.h"

#include "mem.h"

namespace rf {

bool operator==(Str a, Str b) { return a.size == b.size && mem_compare(a.data, b.data, a.size) == 0; }

bool starts_with(Str s, Str prefix) { return s.size >= prefix.size && s.prefix(prefix.size) == prefix; }

size_t find(Str s, char c, size_t from) {
  while (from < s.size && s.data[from] != c) ++from;
  return from;
}

}  // namespace rf
