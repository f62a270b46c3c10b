// The target's environment (SPEC 3.5): the launcher's own, minus what the spec
// or the runfiles export replaces, plus those entries; no name twice.
#pragma once
#include "../arch/arch.h"
#include "arena.h"

namespace rf {

struct EnvOverride {
  Str name;
  const char* entry;  // "NAME=value"; null removes the variable
};

// The variable's value in a NULL-terminated "NAME=value" array, or null.
const char* find_env(char* const* envp, Str name, const arch::OsTraits& os);

// Keeps the first of repeated inherited names; the last override of a name
// wins. Inherited entries keep their order; new ones follow in override order.
char** build_environment(char* const* inherited, const EnvOverride* overrides, size_t count,
                         const arch::OsTraits& os, Arena& arena);

}  // namespace rf
