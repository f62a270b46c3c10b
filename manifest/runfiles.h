// Finding the runfiles (SPEC 3.3) and resolving runfiles paths (SPEC 3.4).
#pragma once
#include "../arch/arch.h"
#include "../stub/error.h"
#include "manifest_index.h"
#include "repo_mapping.h"

namespace rf {

// The OS services the runfiles logic needs, as values so tests can fake them.
struct Host {
  const arch::OsTraits* os;
  int (*map_file)(const char* path, arch::MappedFile* out);
  bool (*is_directory)(const char* path);
  int (*get_working_directory)(char* buf, size_t size);
  bool (*error_is_not_found)(int os_error);
  const char* (*describe_error)(int os_error);
};

// Absolute paths against the working directory, read once when first needed.
class PathContext {
 public:
  PathContext(const Host& host, Arena& arena) : host_(host), arena_(arena) {}
  // Null (with err set) when the working directory cannot be read.
  char* absolute(Str path, Error& err);
  const Host& host() const { return host_; }
  Arena& arena() const { return arena_; }
  // "ENOENT: no such file or directory", or "error N".
  Str describe(int os_error) const;

 private:
  const Host& host_;
  Arena& arena_;
  const char* cwd_ = nullptr;
};

struct Runfiles {
  const char* manifest_path = nullptr;  // absolute, when a manifest is used
  Str manifest;                         // its mapped bytes
  const char* directory = nullptr;      // absolute, when known
  bool directory_verified = false;      // known to exist as a directory
};

// Where the runfiles are, in SPEC 3.3's order. `exe` is the launcher's path as
// started (or null), made absolute only if the search gets that far. False when
// nothing is found; err lists every place looked at.
bool discover_runfiles(Str env_manifest_file, Str env_runfiles_dir, const char* exe, PathContext& ctx,
                       Runfiles* out, Error& err);

struct ResolvedPath {
  const char* path;     // the file, with OS separators
  const char* logical;  // <runfiles dir>/<path> when the directory is known, else null
};

class RunfilesResolver {
 public:
  RunfilesResolver(Runfiles& runfiles, PathContext& ctx)
      : runfiles_(runfiles), ctx_(ctx), index_(runfiles.manifest_path, runfiles.manifest) {}

  // Resolves all paths together (SPEC 3.4). Absolute paths pass unchanged.
  bool resolve(const Str* paths, size_t count, ResolvedPath* out, Error& err);

 private:
  bool load_repo_mapping(Error& err);
  bool directory_usable();
  bool resolve_in_manifest(Str* current, size_t count, ResolvedPath* out, const Str* original, Error& err);
  char* in_directory(Str path);

  Runfiles& runfiles_;
  PathContext& ctx_;
  ManifestIndex index_;
  RepoMapping mapping_;
};

}  // namespace rf
