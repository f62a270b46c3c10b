// Path rules for runfiles paths (SPEC 3.4) and plain path arithmetic.
#pragma once
#include "../arch/arch.h"
#include "../stub/arena.h"

namespace rf {

bool is_absolute(Str path, const arch::OsTraits& os);

// A runfiles path must be relative and normalized: not empty, no "." or ".."
// segment, no empty segment.
bool is_valid_runfiles_path(Str path);

// The part before the last '/', or "" when there is none.
Str parent_of(Str path);

// Joins a relative `target` to `base_dir` (both runfiles paths) and folds "."
// and ".." segments. Returns null when the result would leave the root.
char* join_within_root(Arena& arena, Str base_dir, Str target);

// `dir` + separator + `rest`.
char* join_path(Arena& arena, Str dir, Str rest, const arch::OsTraits& os);

// Replaces '/' with the OS separator in place (Windows).
void to_native_separators(char* path, const arch::OsTraits& os);

// An absolute, lexically tidied version of `path`: relative paths are joined to
// `cwd`, and "." segments and repeated separators are dropped.
char* make_absolute(Arena& arena, Str path, Str cwd, const arch::OsTraits& os);

}  // namespace rf
