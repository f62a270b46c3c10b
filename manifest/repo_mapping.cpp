#include "repo_mapping.h"

#include "manifest_line.h"

namespace rf {

void apply_repo_mapping(const char* file_path, Str bytes, ManifestQuery* queries, size_t count, Arena& arena) {
  const char* end = bytes.data + bytes.size;
  for (const char* p = bytes.data; p < end;) {
    const char* line = p;
    const char* line_end = next_line(p, end);
    // The two commas, and no third.
    const char* commas[2];
    size_t found = 0;
    for (const char* c = line; c < line_end; ++c) {
      if (*c != ',') continue;
      if (found < 2) commas[found] = c;
      ++found;
    }
    if (found != 2)
      fail_malformed_line("repository mapping", file_path, bytes.data, line, "expected source,apparent,canonical");
    const char *first = commas[0], *second = commas[1];
    // The source is "" or "*", else this is another repository's entry.
    if (first > line + (*line == '*' ? 1 : 0)) continue;
    Str apparent(first + 1, static_cast<size_t>(second - first - 1));
    for (size_t i = 0; i < count; ++i) {
      Str path = queries[i].path;
      size_t n = apparent.size;
      if (queries[i].mapped || queries[i].match == ManifestQuery::kSkipped || path.size <= n || path[n] != '/' ||
          !starts_with(path, apparent))
        continue;
      size_t canonical_length = static_cast<size_t>(line_end - second - 1);
      queries[i].path = Str::from_c(arena.format("%.*s%s", canonical_length, second + 1, path.data + n));
      queries[i].mapped = true;
    }
  }
}

}  // namespace rf
