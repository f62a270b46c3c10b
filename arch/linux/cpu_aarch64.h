// aarch64 Linux: system call numbers, the system call instruction, the entry point.
#pragma once

namespace linux_sys {

enum : long {
  kGetcwd = 17, kUnlinkat = 35, kRenameat = 38, kFchmod = 52, kOpenat = 56,
  kClose = 57, kRead = 63, kWrite = 64, kExitGroup = 94, kGetpid = 172,
  kExecve = 221, kMmap = 222, kStatx = 291,
};

constexpr long kOpenDirectory = 040000;

// Up to three arguments: the other argument registers are left alone.
inline long syscall3(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory");
  return x0;
}

inline long mmap(long addr, long len, long prot, long flags, long fd, long off) {
  return syscall6(kMmap, addr, len, prot, flags, fd, off);
}

}  // namespace linux_sys

// Linux (and qemu-user) start a process with sp aligned to 16 bytes and the
// other registers zeroed; x29 = 0 ends the frame chain all the same. linux_start
// never returns, so it is jumped to.
#define LINUX_ENTRY_ASM                         \
  ".text\n.globl _start\n.type _start,%function\n" \
  "_start:\n"                                   \
  "  mov x29, #0\n"                             \
  "  mov x0, sp\n"                              \
  "  b linux_start\n"
