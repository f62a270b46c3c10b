// The `_repo_mapping` file: lines "source,apparent,canonical". The launcher
// belongs to the main repository (source ""); a source ending in '*' matches
// every repository whose name starts with the part before it.
#pragma once
#include "../stub/arena.h"

namespace rf {

class RepoMapping {
 public:
  // Keeps the entries that apply to the main repository. Fails on a malformed line.
  void parse(const char* file_path, Str bytes, Arena& arena);

  // The path with its first segment mapped from apparent to canonical name, or
  // the path itself when no entry applies.
  Str apply(Str path, Arena& arena) const;

 private:
  struct Entry {
    Str apparent;
    Str canonical;
  };
  Entry* entries_ = nullptr;
  size_t count_ = 0;
};

// Whether a mapping's source field applies to repository `repo`.
bool repo_source_matches(Str source, Str repo);

}  // namespace rf
