// Path rules for runfiles paths (SPEC 3.4) and plain path arithmetic.
#pragma once
#include "../arch/arch.h"
#include "../stub/arena.h"

namespace rf {

bool is_absolute(const char* path, const arch::OsTraits& os);

// A runfiles path must be relative and normalized: not empty, no "." or ".."
// segment, no empty segment.
bool is_valid_runfiles_path(Str path);

// Folds the "." and ".." segments of a relative runfiles path in place, and
// drops empty ones. Returns the folded length: 0 when ".." would climb out of
// the root, or nothing is left.
size_t fold_within_root(char* path);

// Replaces '/' with the OS separator in place (Windows).
void to_native_separators(char* path, const arch::OsTraits& os);

// `path` made absolute against `cwd` (null when `path` is absolute already)
// and lexically tidied: "." segments and repeated separators are dropped.
char* make_absolute(Arena& arena, const char* path, const char* cwd, const arch::OsTraits& os);

}  // namespace rf
