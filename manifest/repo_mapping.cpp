#include "repo_mapping.h"

#include "../stub/fail.h"
#include "manifest_line.h"

namespace rf {

void apply_repo_mapping(const char* file_path, Str bytes, Str* paths, size_t count, Arena& arena) {
  bool* mapped = arena.allocate_array<bool>(count);  // all false
  const char* end = bytes.data + bytes.size;
  unsigned long number = 0;
  for (const char* p = bytes.data; p < end;) {
    Str line = next_line(p, end);
    ++number;
    size_t first = find(line, ',');
    size_t second = find(line, ',', first + 1);
    if (second >= line.size || find(line, ',', second + 1) != line.size)
      fail(kExitLauncherError, "malformed repository mapping %s line %u: expected source,apparent,canonical", file_path,
           number);
    if (first > 1 || (first == 1 && line[0] != '*')) continue;  // another repository's entry
    Str apparent(line.data + first + 1, second - first - 1);
    for (size_t i = 0; i < count; ++i) {
      Str path = paths[i];
      size_t n = apparent.size;
      if (mapped[i] || path.size <= n || path[n] != '/' || !starts_with(path, apparent)) continue;
      paths[i] = Str::from_c(arena.format("%.*s%s", line.size - second - 1, line.data + second + 1, path.data + n));
      mapped[i] = true;
    }
  }
}

}  // namespace rf
