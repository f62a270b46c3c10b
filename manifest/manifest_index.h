// Lookups in a memory-mapped runfiles manifest.
//
// Bazel writes manifests sorted by key bytes, so each key is first looked for by
// binary search over the mapped bytes: a few probes, no parsing of the rest.
// Keys that binary search does not find (unsorted manifests, directory
// artifacts looked up by a longer path) are settled by one linear pass over
// the file for all of them at once.
#pragma once
#include "../stub/arena.h"
#include "manifest_line.h"

namespace rf {

struct ManifestQuery {
  Str path;  // what to look up
  // kSkipped: nothing to look up (an absolute path); from kExact on, settled.
  enum Match { kNone, kDirPrefix, kExact, kSkipped } match = kNone;
  bool mapped = false;    // its repository name was mapped (repo_mapping.h)
  ManifestLine line{};    // the matching line
  size_t key_length = 0;  // the matching key's length; for kDirPrefix, path[key_length..] is the rest
};

class ManifestIndex {
 public:
  ManifestIndex(const char* file_path, Str bytes)
      : file_path_(file_path), start_(bytes.data), end_(bytes.data + bytes.size) {}

  // Fills in every query's match. Fails (exit 125) on a malformed line met on
  // the way.
  void lookup(ManifestQuery* queries, size_t count) const;

 private:
  void binary_search(ManifestQuery& query) const;
  void linear_pass(ManifestQuery* queries, size_t count) const;
  // The line at `p`, split; moves `p` to the next line.
  ManifestLine next(const char*& p) const;
  // Records `line` in `q` when it matches better than what `q` holds; returns
  // how the line's key orders against q.path.
  int consider(const ManifestLine& line, ManifestQuery& q) const;

  const char* file_path_;
  const char* start_;  // the file's bytes
  const char* end_;
};

}  // namespace rf
