// Helpers over the per-CPU system call instruction, shared by the Linux port.
#pragma once
#include <stdint.h>

#include "cpu.h"

namespace linux_sys {

constexpr long kAtFdcwd = -100;
constexpr long kAtEmptyPath = 0x1000;

inline long call(long n, long a = 0, long b = 0, long c = 0) { return syscall3(n, a, b, c); }
inline long arg(const void* p) { return reinterpret_cast<long>(p); }
// The kernel returns -errno in [-4095, -1]. Where it returns a descriptor or
// a size, anything negative is an error; an address may be anything else.
// Descriptors and sizes fit an int (Linux moves at most 0x7ffff000 bytes a
// call), so the low half says it all, and a compiler sees that an error is
// never 0.
inline int error_of(long ret) {
  int r = static_cast<int>(ret);
  return r < 0 ? -r : 0;
}
inline int address_error_of(long ret) {
  return static_cast<unsigned long>(ret) > static_cast<unsigned long>(-4096) ? static_cast<int>(-ret) : 0;
}

// struct statx: one layout on every CPU.
struct Statx {
  uint32_t mask, blksize;
  uint64_t attributes;
  uint32_t nlink, uid, gid;
  uint16_t mode, pad0;
  uint64_t ino, size, blocks, attributes_mask;
  uint8_t times[64];
  uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
  uint8_t spare[112];
};
static_assert(sizeof(Statx) == 256);

constexpr unsigned kStatxType = 0x1, kStatxIno = 0x100, kStatxSize = 0x200;
constexpr unsigned kModeTypeMask = 0170000, kModeDirectory = 0040000;

inline int statx(long dirfd, const char* path, long flags, unsigned mask, Statx* out) {
  return error_of(syscall6(kStatx, dirfd, arg(path), flags, mask, arg(out), 0));
}

}  // namespace linux_sys
