#include "repo_mapping.h"

#include "../stub/fail.h"
#include "manifest_index.h"

namespace rf {

bool repo_source_matches(Str source, Str repo) {
  if (!source.empty() && source.back() == '*') return starts_with(repo, source.drop_back(1));
  return source == repo;
}

void RepoMapping::parse(const char* file_path, Str bytes, Arena& arena) {
  size_t lines = 0;
  for (size_t i = 0; i < bytes.size; ++i) lines += bytes[i] == '\n';
  entries_ = arena.allocate_array<Entry>(lines + 1);
  const char* end = bytes.data + bytes.size;
  unsigned long number = 0;
  for (const char* p = bytes.data; p < end;) {
    const char* newline = find_newline(p, end);
    Str line(p, static_cast<size_t>(newline - p));
    p = newline == end ? end : newline + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line = line.drop_back(1);
    size_t first = find(line, ',');
    size_t second = find(line, ',', first + 1);
    if (second >= line.size || find(line, ',', second + 1) != line.size)
      fail(kExitLauncherError, "malformed repository mapping %s line %u: expected source,apparent,canonical", file_path,
           number);
    if (!repo_source_matches(line.prefix(first), Str())) continue;
    entries_[count_++] = {Str(line.data + first + 1, second - first - 1), line.suffix_from(second + 1)};
  }
}

Str RepoMapping::apply(Str path, Arena& arena) const {
  size_t slash = find(path, '/');
  if (slash == path.size) return path;
  Str head = path.prefix(slash);
  for (size_t i = 0; i < count_; ++i) {
    if (entries_[i].apparent == head) {
      char* mapped = arena.concat(entries_[i].canonical, path.suffix_from(slash));
      return Str::from_c(mapped);
    }
  }
  return path;
}

}  // namespace rf
