#include "exec.h"

#include "environment.h"

namespace rf {

namespace {

constexpr Str kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

bool has_separator(Str s, const arch::OsTraits& os) {
  return find(s, '/') < s.size || find(s, os.separator) < s.size;
}

void report(int os_error, const char* file, const ExecFunctions& fns, PathContext& ctx, Error& err) {
  int code = fns.error_is_not_found(os_error) ? kExitNotFound : kExitCannotExecute;
  err.set(code, ctx.arena().concat("cannot execute ", file, ": ", ctx.describe(os_error)));
}

}  // namespace

void exec_file(const char* file, char* const* argv, char* const* envp, bool search_path,
               const ExecFunctions& fns, PathContext& ctx, Error& err) {
  const arch::OsTraits& os = *ctx.host().os;
  Str name = Str::from_c(file);
  if (!search_path || name.empty() || has_separator(name, os)) {
    report(fns.exec_target(file, argv, envp), file, fns, ctx, err);
    return;
  }
  const char* path_var = find_env(envp, "PATH", os);
  Str path = path_var ? Str::from_c(path_var) : kDefaultPath;
  char list_separator = os.separator == '/' ? ':' : ';';
  // Like execvp: keep looking past directories that do not have the file, and
  // report the first other failure if no directory works.
  int first_error = 0;
  const char* first_failed = nullptr;
  for (size_t start = 0; start <= path.size;) {
    size_t end = find(path, list_separator, start);
    Str dir(path.data + start, end - start);
    const char* candidate = dir.empty() ? file : ctx.arena().concat(dir, "/", name);
    int e = fns.exec_target(candidate, argv, envp);
    if (!fns.error_is_not_found(e) && !first_error) {
      first_error = e;
      first_failed = candidate;
    }
    start = end + 1;
  }
  if (first_error) {
    report(first_error, first_failed, fns, ctx, err);
    return;
  }
  err.set(kExitNotFound, ctx.arena().concat("cannot find '", name, "' in PATH (", path, ")"));
}

}  // namespace rf
