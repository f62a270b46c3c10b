// Starting the target: directly, or searching PATH like execvp.
#pragma once
#include "../manifest/runfiles.h"

namespace rf {

struct ExecFunctions {
  int (*exec_target)(const char* path, char* const* argv, char* const* envp);
  bool (*error_is_not_found)(int os_error);
};

// Returns only on failure, with err set (126 or 127).
void exec_file(const char* file, char* const* argv, char* const* envp, bool search_path,
               const ExecFunctions& fns, PathContext& ctx, Error& err);

}  // namespace rf
