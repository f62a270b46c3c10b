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
    case 2: return "ENOENT: no such file or directory";
    case 21: return "EISDIR: is a directory";
    default: return nullptr;
  }
}

int exec_target(const char*, char* const*, char* const*) { return 2; }

}  // namespace arch

void rf::report_failure(int exit_code, const char* message, size_t size) {
  throw test::Failure(exit_code, std::string(message, size));
}
