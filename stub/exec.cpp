#include "exec.h"

#include "../arch/arch.h"
#include "../manifest/path.h"
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
  Str name = Str::from_c(file);
  if (!search_path || name.empty() || find(name, '/') < name.size || find(name, arch::kOs.separator) < name.size)
    cannot_execute(arch::exec_target(file, argv, envp), file);
  const char* path_var = find_env(envp, "PATH", arch::kOs);
  if (!path_var) path_var = kDefaultPath;
  Str path = Str::from_c(path_var);
  char list_separator = arch::kOs.separator == '/' ? ':' : ';';
  // Like execvp: keep looking past directories that do not have the file, and
  // report the first other failure if no directory works.
  int first_error = 0;
  const char* first_failed = nullptr;
  for (size_t start = 0; start <= path.size;) {
    size_t end = find(path, list_separator, start);
    Str dir(path.data + start, end - start);
    const char* candidate =
        dir.empty() ? file : arena.format("%.*s%c%s", dir.size, dir.data, arch::kOs.separator, file);
    int e = arch::exec_target(candidate, argv, envp);
    if (!arch::error_is_not_found(e) && !first_error) {
      first_error = e;
      first_failed = candidate;
    }
    start = end + 1;
  }
  if (first_error) cannot_execute(first_error, first_failed);
  fail_exec(kExitNotFound, "cannot find '%s' in PATH (%s)", file, path_var);
}

}  // namespace rf
