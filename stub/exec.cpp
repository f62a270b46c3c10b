#include "exec.h"

#include "../arch/arch.h"
#include "environment.h"
#include "fail.h"

namespace rf {

namespace {

constexpr const char* kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

}  // namespace

void exec_file(const char* file, char* const* argv, char* const* envp, bool search_path, Arena& arena) {
  // Only a file name without a directory part is looked up in PATH.
  const char* end = file;
  while (*end && *end != '/' && *end != arch::kOs.separator) ++end;
  bool bare = search_path && *file && !*end;
  // A path is tried as it is: a PATH of one empty entry.
  const char* path = "";
  if (bare) {
    path = find_env(envp, "PATH", arch::kOs);
    if (!path) path = kDefaultPath;
  }
  // Like execvp: keep looking past directories that do not have the file, and
  // report the first other failure if no directory works.
  int error = 0;
  const char* failed = file;
  for (const char* p = path;; ++p) {
    const char* dir = p;
    while (*p && *p != (arch::kOs.separator == '/' ? ':' : ';')) ++p;
    const char* candidate = p == dir ? file
                                     : arena.format(arch::kOs.separator == '/' ? "%.*s/%s" : "%.*s\\%s",
                                                    static_cast<size_t>(p - dir), dir, file);
    int e = arch::exec_target(candidate, argv, envp);
    if (!error || (arch::error_is_not_found(error) && !arch::error_is_not_found(e))) {
      error = e;
      failed = candidate;
    }
    if (!*p) break;
  }
  // One call for both messages: a bare name not found anywhere says where it was looked for.
  bool not_found = arch::error_is_not_found(error);
  bool not_in_path = bare && not_found;
  fail_exec(not_found ? kExitNotFound : kExitCannotExecute,
            not_in_path ? "cannot find '%s' in PATH (%s)" : "cannot execute %s: %e",
            not_in_path ? format_word(file) : format_word(failed),
            not_in_path ? format_word(path) : format_word(error));
}

}  // namespace rf
