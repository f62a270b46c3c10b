// s390x Linux: system call numbers, the system call instruction, the entry point.
#pragma once

namespace linux_sys {

enum : long {
  kRead = 3, kWrite = 4, kClose = 6, kExecve = 11, kGetpid = 20, kMmap = 90,
  kFchmod = 94, kGetcwd = 183, kExitGroup = 248, kOpenat = 288,
  kUnlinkat = 294, kRenameat = 295, kStatx = 379,
};

constexpr long kOpenDirectory = 0200000;

// Up to three arguments: the other argument registers are left alone.
inline long syscall3(long n, long a, long b, long c) {
  register long r1 __asm__("r1") = n;
  register long r2 __asm__("r2") = a;
  register long r3 __asm__("r3") = b;
  register long r4 __asm__("r4") = c;
  __asm__ volatile("svc 0" : "+r"(r2) : "r"(r1), "r"(r3), "r"(r4) : "memory");
  return r2;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r1 __asm__("r1") = n;
  register long r2 __asm__("r2") = a;
  register long r3 __asm__("r3") = b;
  register long r4 __asm__("r4") = c;
  register long r5 __asm__("r5") = d;
  register long r6 __asm__("r6") = e;
  register long r7 __asm__("r7") = f;
  __asm__ volatile("svc 0"
                   : "+r"(r2)
                   : "r"(r1), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
                   : "memory");
  return r2;
}

// s390x's mmap takes one pointer to its six arguments.
inline long mmap(long addr, long len, long prot, long flags, long fd, long off) {
  long args[6] = {addr, len, prot, flags, fd, off};
  return syscall3(kMmap, reinterpret_cast<long>(args), 0, 0);
}

}  // namespace linux_sys

// The ABI wants a 160-byte register save area below the caller's frame. No
// back chain is kept (nothing is built with -mbackchain), and linux_start
// never returns, so it is jumped to.
#define LINUX_ENTRY_ASM                         \
  ".text\n.globl _start\n.type _start,@function\n" \
  "_start:\n"                                   \
  "  lgr %r2, %r15\n"                           \
  "  aghi %r15, -160\n"                         \
  "  jg linux_start\n"
