// The macOS port: process start, files and exec through libSystem, the only
// supported system interface on macOS (system call numbers are private).
#include "../arch.h"
#include "libsystem.h"

namespace {

using macos::bound;

int last_error() { return *bound(__error)(); }

// The kernel passes the path the program was executed as to dyld, which
// hands it on in `apple` as "executable_path=<path>".
const char* executable_path(const char* const* apple) {
  constexpr char kKey[] = "executable_path=";
  for (; apple && *apple; ++apple) {
    const char* entry = *apple;
    size_t i = 0;
    while (kKey[i] && entry[i] == kKey[i]) ++i;
    if (!kKey[i]) return entry + i;
  }
  return nullptr;
}

}  // namespace

namespace arch {

const OsTraits kOs = {'/', false, false};

void write_stderr(const char* data, size_t size) {
  while (size > 0) {
    long n = bound(write)(2, data, size);
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void exit_process(int code) {
  bound(_exit)(code);
  __builtin_unreachable();
}

int map_file(const char* path, MappedFile* out) {
  int fd = bound(open)(path, macos::kOpenReadOnly | macos::kOpenCloseOnExec);
  if (fd < 0) return last_error();
  macos::Stat st;
  if (bound(fstat)(fd, &st) != 0) return last_error();
  if ((st.mode & macos::kModeTypeMask) == macos::kModeDirectory) return 21;  // EISDIR
  out->data = nullptr;
  out->size = static_cast<size_t>(st.size);
  if (st.size > 0) {
    void* addr = bound(mmap)(nullptr, out->size, macos::kProtRead, macos::kMapPrivate, fd, 0);
    if (addr == reinterpret_cast<void*>(-1)) return last_error();
    out->data = static_cast<const char*>(addr);
  }
  // The descriptor is close-on-exec; the launcher leaves it open and saves a
  // call. Long-running callers map only a few files.
  return 0;
}

bool is_directory(const char* path) {
  macos::Stat st;
  return bound(stat)(path, &st) == 0 && (st.mode & macos::kModeTypeMask) == macos::kModeDirectory;
}

int get_working_directory(char* buf, size_t size) { return bound(getcwd)(buf, size) ? 0 : last_error(); }

int exec_target(const char* path, char* const* argv, char* const* envp) {
  bound(execve)(path, argv, envp);
  return last_error();
}

bool error_is_not_found(int os_error) { return os_error == 2; }  // ENOENT

}  // namespace arch

// dyld calls main through LC_MAIN with a fourth vector of system strings.
extern "C" int main(int argc, char** argv, char** envp, const char** apple) {
  arch::StartInfo start;
  start.argc = argc;
  start.argv = argv;
  start.envp = envp;
  start.exe_path = executable_path(apple);
  arch::exit_process(program_main(start));
}
