#include "repo_mapping.h"

#include "manifest_line.h"

namespace rf {

void apply_repo_mapping(const char* file_path, Str bytes, ManifestQuery* queries, size_t count, Arena& arena) {
  bool* mapped = arena.allocate_array<bool>(count);  // all false
  const char* end = bytes.data + bytes.size;
  for (const char* p = bytes.data; p < end;) {
    Str line = next_line(p, end);
    size_t first = find(line, ',');
    size_t second = find(line, ',', first + 1);
    if (second >= line.size || find(line, ',', second + 1) != line.size)
      fail_malformed_line("repository mapping", file_path, bytes, line.data, "expected source,apparent,canonical");
    if (first > 1 || (first == 1 && line[0] != '*')) continue;  // another repository's entry
    Str apparent(line.data + first + 1, second - first - 1);
    for (size_t i = 0; i < count; ++i) {
      Str path = queries[i].path;
      size_t n = apparent.size;
      if (mapped[i] || queries[i].match == ManifestQuery::kSkipped || path.size <= n || path[n] != '/' ||
          !starts_with(path, apparent))
        continue;
      queries[i].path =
          Str::from_c(arena.format("%.*s%s", line.size - second - 1, line.data + second + 1, path.data + n));
      mapped[i] = true;
    }
  }
}

}  // namespace rf
