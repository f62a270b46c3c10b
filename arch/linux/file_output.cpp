// File output for the finalizer, over raw Linux system calls.
#include "../arch.h"
#include "syscalls.h"

namespace {

using namespace linux_sys;

constexpr long kCreateFlags = 01 | 0100 | 0200 | 02000000;  // WRONLY|CREAT|EXCL|CLOEXEC

int write_fd(long fd, const char* data, size_t size) {
  while (size > 0) {
    long n = call(kWrite, fd, arg(data), static_cast<long>(size));
    if (int err = error_of(n)) {
      if (err == 4) continue;  // EINTR
      return err;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return 0;
}

}  // namespace

namespace arch {

int file_id(const char* path, FileId* out) {
  Statx st;
  if (int err = statx(kAtFdcwd, path, 0, kStatxIno, &st)) return err;
  out->inode = st.ino;
  out->device = static_cast<uint64_t>(st.dev_major) << 32 | st.dev_minor;
  return 0;
}

int write_stdout(const char* data, size_t size) { return write_fd(1, data, size); }

int create_new_file(const char* path, intptr_t* handle) {
  long fd = syscall6(kOpenat, kAtFdcwd, arg(path), kCreateFlags, 0700, 0, 0);
  if (int err = error_of(fd)) return err;
  *handle = fd;
  return 0;
}

int write_file(intptr_t handle, const char* data, size_t size) { return write_fd(handle, data, size); }

int make_executable(intptr_t handle) { return error_of(call(kFchmod, handle, 0755)); }

int close_file(intptr_t handle) { return error_of(call(kClose, handle)); }

int rename_file(const char* from, const char* to) {
  return error_of(syscall6(kRenameat, kAtFdcwd, arg(from), kAtFdcwd, arg(to), 0, 0));
}

void remove_file(const char* path) { call(kUnlinkat, kAtFdcwd, arg(path), 0); }

bool error_is_exists(int os_error) { return os_error == 17; }  // EEXIST

unsigned process_id() { return static_cast<unsigned>(call(kGetpid)); }

}  // namespace arch
