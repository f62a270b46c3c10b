#include "repo_mapping.h"

#include "manifest_line.h"

namespace rf {

void apply_repo_mapping(const char* file_path, Str bytes, ManifestQuery* queries, size_t count, Arena& arena) {
  const char* end = bytes.data + bytes.size;
  for (const char* p = bytes.data; p < end;) {
    Str line = next_line(p, end);
    // The two commas, and no third.
    size_t commas[2], found = 0;
    for (size_t i = 0; i < line.size; ++i) {
      if (line[i] != ',') continue;
      if (found < 2) commas[found] = i;
      ++found;
    }
    if (found != 2)
      fail_malformed_line("repository mapping", file_path, bytes.data, line.data, "expected source,apparent,canonical");
    size_t first = commas[0], second = commas[1];
    if (first > 1 || (first == 1 && line[0] != '*')) continue;  // another repository's entry
    Str apparent(line.data + first + 1, second - first - 1);
    for (size_t i = 0; i < count; ++i) {
      Str path = queries[i].path;
      size_t n = apparent.size;
      if (queries[i].mapped || queries[i].match == ManifestQuery::kSkipped || path.size <= n || path[n] != '/' ||
          !starts_with(path, apparent))
        continue;
      queries[i].path =
          Str::from_c(arena.format("%.*s%s", line.size - second - 1, line.data + second + 1, path.data + n));
      queries[i].mapped = true;
    }
  }
}

}  // namespace rf
