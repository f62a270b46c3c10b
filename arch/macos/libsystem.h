// The few libSystem functions the macOS port calls. There is no SDK here, so
// they are declared by hand; libSystem.tbd lists the same symbols for the
// linker. Only the fields of struct stat that the port reads are named.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace macos {

// struct stat with 64-bit inode numbers, the only layout on arm64 and the
// "$INODE64" one on x86_64.
struct Stat {
  int32_t dev;
  uint16_t mode;
  uint16_t nlink;
  uint64_t ino;
  uint8_t ids_and_times[80];  // uid, gid, rdev, atime, mtime, ctime, birthtime
  int64_t size;
  uint8_t rest[40];           // blocks, blksize, flags, gen, spares
};
static_assert(sizeof(Stat) == 144);

constexpr int kOpenReadOnly = 0;
constexpr int kOpenCloseOnExec = 0x1000000;
constexpr int kProtRead = 1;
constexpr int kMapPrivate = 2;
constexpr uint16_t kModeTypeMask = 0170000;
constexpr uint16_t kModeDirectory = 0040000;

}  // namespace macos

// On x86_64 the plain stat symbols keep the old 32-bit inode layout for
// binary compatibility; the 64-bit inode variants carry a suffix.
#if defined(__x86_64__)
#define MACOS_INODE64 "$INODE64"
#else
#define MACOS_INODE64 ""
#endif

extern "C" {
int* __error();
int open(const char* path, int flags, ...);
int fstat(int fd, macos::Stat* st) __asm__("_fstat" MACOS_INODE64);
int stat(const char* path, macos::Stat* st) __asm__("_stat" MACOS_INODE64);
void* mmap(void* addr, size_t size, int prot, int flags, int fd, int64_t offset);
char* getcwd(char* buf, size_t size);
int execve(const char* path, char* const* argv, char* const* envp);
long write(int fd, const void* data, size_t size);
[[noreturn]] void _exit(int code);
}

namespace macos {

// Calls into libSystem load the function's address from the GOT, which dyld
// fills at launch, instead of calling a lazy-binding stub: stubs need
// __la_symbol_ptr in a writable __DATA segment with file content, one more
// page. The empty asm hides where the pointer came from, so the compiler
// cannot turn the call back into a direct one.
template <typename Function>
Function* bound(Function* function) {
  __asm__("" : "+r"(function));
  return function;
}

}  // namespace macos
