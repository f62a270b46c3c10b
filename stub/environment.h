// The target's environment (SPEC 3.5): the launcher's own, minus what the spec
// or the runfiles export replaces, plus those entries; no name twice.
#pragma once
#include "../arch/arch.h"
#include "arena.h"

namespace rf {

// The value of variable `name` in a NULL-terminated "NAME=value" array, or null.
const char* find_env(char* const* envp, const char* name, const arch::OsTraits& os);

// `overrides` are "NAME=value" to set a variable and "NAME" to remove it.
// Keeps the first of repeated inherited names, in their order, and the last
// override of each name, in override order.
char** build_environment(char* const* inherited, const char* const* overrides, size_t count,
                         const arch::OsTraits& os, Arena& arena);

}  // namespace rf
