// The OS interface for host tests: an in-memory file system (test::FakeFs),
// and failures thrown as test::Failure.
#include "test_support.h"

namespace arch {

const OsTraits kOs = {'/', false, false};

int map_file(const char* path, MappedFile* out) {
  test::FakeFs::opened.push_back(path);
  auto it = test::FakeFs::files.find(path);
  if (it == test::FakeFs::files.end()) return test::FakeFs::dirs.count(path) ? 21 : 2;
  out->data = it->second.data();
  out->size = it->second.size();
  return 0;
}

bool is_directory(const char* path) { return test::FakeFs::dirs.count(path) > 0; }

int get_working_directory(char* buf, size_t size) {
  const std::string& cwd = test::FakeFs::cwd;
  if (cwd.size() + 1 > size) return 34;
  std::copy(cwd.begin(), cwd.end(), buf);
  buf[cwd.size()] = '\0';
  return 0;
}

bool error_is_not_found(int os_error) { return os_error == 2; }

const char* describe_error(int os_error) {
  switch (os_error) {
    case 2: return "ENOENT";
    case 13: return "EACCES";
    case 21: return "EISDIR";
    default: return nullptr;
  }
}

int exec_target(const char* path, char* const* argv, char* const* envp) {
  test::FakeFs::exec_paths.push_back(path);
  test::FakeFs::exec_argv.assign(argv, argv + [&] { size_t n = 0; while (argv[n]) ++n; return n; }());
  test::FakeFs::exec_env.assign(envp, envp + [&] { size_t n = 0; while (envp[n]) ++n; return n; }());
  return test::FakeFs::exec_error;
}

}  // namespace arch

void rf::report_failure(int exit_code, const char* message, size_t size) {
  throw test::Failure(exit_code, std::string(message, size));
}
