// The runfiles a benchmarked launch goes through: manifests with realistic
// bzlmod-era Bazel paths, their repository mapping, and runfiles directories,
// laid out as Bazel lays them out next to a binary `app`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace bench {

// The runfiles path every launcher resolves: the Python interpreter a
// py_binary starts. Its entry sorts late: after it come only the rest of the
// interpreter's repository (include/, lib/).
inline constexpr const char* kTargetRunfile = "rules_python++python+python_3_11_x86_64-unknown-linux-gnu/bin/python3";

struct ManifestSpec {
  size_t entries;     // lines in the manifest, counting _repo_mapping and the target
  bool sorted;        // by key bytes, as Bazel writes it; else shuffled
  bool repo_mapping;  // with a _repo_mapping entry, as bzlmod-era Bazel writes it
};

struct Layout {
  std::string manifest;   // <dir>/app.runfiles_manifest
  std::string directory;  // <dir>/app.runfiles, holding MANIFEST when there is one
  uint64_t manifest_bytes = 0;
  size_t entries = 0;
  size_t target_line = 0;  // 0-based
};

// Writes <dir>/app.runfiles_manifest, <dir>/app.repo_mapping (with a mapping)
// and the directory <dir>/app.runfiles with MANIFEST (a hard link to the
// manifest) and symlinks for the entries a launch touches: the mapping and the
// target, which is `target_file` on disk. A launcher never lists the directory, so the other
// symlinks of a real tree would change nothing but disk use.
Layout write_manifest_layout(const std::string& dir, const ManifestSpec& spec, const std::string& target_file);

// A bzlmod runfiles directory without any manifest: the symlinks alone.
Layout write_tree_layout(const std::string& dir, const std::string& target_file);

}  // namespace bench
