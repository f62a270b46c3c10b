// Starting the target: directly, or searching PATH like execvp.
#pragma once
#include "arena.h"

namespace rf {

// Does not return: either the target replaces the launcher, or it fails
// (126 when the file exists but cannot be executed, 127 when it is missing).
[[noreturn]] void exec_file(const char* file, char* const* argv, char* const* envp, bool search_path, Arena& arena);

}  // namespace rf
