// The Linux port: process start, files and exec over raw system calls.
#include "../arch.h"
#include "syscalls.h"

namespace {

using namespace linux_sys;

constexpr long kOpenCloexec = 02000000;
constexpr long kOpenPathOnly = 010000000;
constexpr long kProtRead = 1;
constexpr long kMapPrivate = 2;
constexpr long kAuxExecFn = 31;

}  // namespace

namespace arch {

const OsTraits kOs = {'/', false, false};

void write_stderr(const char* data, size_t size) {
  while (size > 0) {
    long n = call(kWrite, 2, arg(data), static_cast<long>(size));
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void exit_process(int code) {
  for (;;) call(kExitGroup, code);
}

int map_file(const char* path, MappedFile* out) {
  long fd = call(kOpenat, kAtFdcwd, arg(path), kOpenCloexec);
  if (int err = error_of(fd)) return err;
  // The descriptor is close-on-exec; the launcher leaves it open and saves a
  // system call. Long-running callers (the finalizer) map only a few files.
  Statx st;
  if (int err = statx(fd, "", kAtEmptyPath, kStatxType | kStatxSize, &st)) return err;
  if ((st.mode & kModeTypeMask) == kModeDirectory) return 21;  // EISDIR
  out->data = nullptr;
  out->size = st.size;
  if (!st.size) return 0;
  long addr = linux_sys::mmap(0, static_cast<long>(st.size), kProtRead, kMapPrivate, fd, 0);
  out->data = reinterpret_cast<const char*>(addr);
  return address_error_of(addr);
}

// Opening for the path alone checks what stat would (search permission on the
// way) and needs no buffer. The descriptor is close-on-exec and left open.
bool is_directory(const char* path) {
  return call(kOpenat, kAtFdcwd, arg(path), kOpenPathOnly | kOpenDirectory | kOpenCloexec) >= 0;
}

int get_working_directory(char* buf, size_t size) {
  return error_of(call(kGetcwd, arg(buf), static_cast<long>(size)));
}

int exec_target(const char* path, char* const* argv, char* const* envp) {
  return error_of(call(kExecve, arg(path), arg(argv), arg(envp)));
}

bool error_is_not_found(int os_error) { return os_error == 2; }  // ENOENT

}  // namespace arch

// Called from _start with the initial stack: argc, argv[], NULL, envp[], NULL, auxv.
extern "C" [[noreturn]] __attribute__((used)) void linux_start(long* sp) {
  arch::StartInfo start;
  start.argc = static_cast<int>(sp[0]);
  start.argv = reinterpret_cast<char**>(sp + 1);
  start.envp = start.argv + start.argc + 1;
  char** p = start.envp;
  while (*p) ++p;
  start.exe_path = nullptr;
  for (long* aux = reinterpret_cast<long*>(p + 1); aux[0] != 0; aux += 2) {
    if (aux[0] == kAuxExecFn) start.exe_path = reinterpret_cast<const char*>(aux[1]);
  }
  arch::exit_process(program_main(start));
}

__asm__(LINUX_ENTRY_ASM);
