#include "exec.h"

#include "../arch/arch.h"
#include "environment.h"
#include "fail.h"

namespace rf {

namespace {

constexpr const char* kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

[[noreturn]] void cannot_execute(int os_error, const char* file) {
  fail_exec(arch::error_is_not_found(os_error) ? kExitNotFound : kExitCannotExecute, "cannot execute %s: %e", file,
            os_error);
}

}  // namespace

void exec_file(const char* file, char* const* argv, char* const* envp, bool search_path, Arena& arena) {
  bool bare = search_path && *file;
  for (const char* p = file; *p; ++p) bare &= *p != '/' && *p != arch::kOs.separator;
  if (!bare) cannot_execute(arch::exec_target(file, argv, envp), file);
  const char* path = find_env(envp, "PATH", arch::kOs);
  if (!path) path = kDefaultPath;
  // Like execvp: keep looking past directories that do not have the file, and
  // report the first other failure if no directory works.
  int first_error = 0;
  const char* first_failed = nullptr;
  for (const char* p = path;; ++p) {
    const char* dir = p;
    while (*p && *p != (arch::kOs.separator == '/' ? ':' : ';')) ++p;
    const char* candidate = p == dir ? file
                                     : arena.format(arch::kOs.separator == '/' ? "%.*s/%s" : "%.*s\\%s",
                                                    static_cast<size_t>(p - dir), dir, file);
    int e = arch::exec_target(candidate, argv, envp);
    if (!arch::error_is_not_found(e) && !first_error) {
      first_error = e;
      first_failed = candidate;
    }
    if (!*p) break;
  }
  if (first_error) cannot_execute(first_error, first_failed);
  fail_exec(kExitNotFound, "cannot find '%s' in PATH (%s)", file, path);
}

}  // namespace rf
