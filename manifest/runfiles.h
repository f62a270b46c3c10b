// Finding the runfiles (SPEC 3.3) and resolving runfiles paths (SPEC 3.4).
#pragma once
#include "../arch/arch.h"
#include "../stub/arena.h"
#include "manifest_index.h"
#include "repo_mapping.h"

namespace rf {

// The variables that say where the runfiles are, each NUL-terminated, then
// an empty one: one string rather than a table of pointers, which would need
// relocations. Aligned like a string literal (x86_64 would pad arrays to 16
// bytes; s390x addresses data PC-relative in halfwords).
alignas(2) inline constexpr char kRunfilesVariables[] = "RUNFILES_MANIFEST_FILE\0RUNFILES_DIR\0JAVA_RUNFILES\0";
inline constexpr const char* kManifestVariable = kRunfilesVariables;
inline constexpr const char* kDirectoryVariable = kRunfilesVariables + sizeof "RUNFILES_MANIFEST_FILE";

// `path` made absolute against the working directory and lexically tidied.
char* absolute_path(Arena& arena, const char* path);

struct Runfiles {
  const char* manifest_path = nullptr;  // absolute, when a manifest is used
  Str manifest;                         // its mapped bytes
  const char* directory = nullptr;      // absolute, when known
  bool directory_verified = false;      // known to exist as a directory
};

// Where the runfiles are, in SPEC 3.3's order, from RUNFILES_MANIFEST_FILE
// and RUNFILES_DIR in `envp` and `exe`, the launcher's path as started (or
// null), made absolute only if the search gets that far. When nothing is
// found: fails listing every place looked at if `required`, else returns false
// and leaves `out` as it was.
bool discover_runfiles(char* const* envp, const char* exe, bool required, Arena& arena, Runfiles* out);

struct RunfilePath {
  const char* path;     // a runfiles path; once resolved, the file, with OS separators
  const char* logical;  // once resolved, <runfiles dir>/<path> when the directory is known, else null
};

// Resolves all `paths` together, in place (SPEC 3.4); absolute paths pass
// unchanged. Each comes with its `logical` null. Fails (exit 125) on an
// invalid or unresolvable path.
void resolve_runfiles(Runfiles& runfiles, RunfilePath* paths, size_t count, Arena& arena);

}  // namespace rf
