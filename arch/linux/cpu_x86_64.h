// x86_64 Linux: system call numbers, the system call instruction, the entry point.
#pragma once

namespace linux_sys {

enum : long {
  kRead = 0, kWrite = 1, kClose = 3, kMmap = 9, kExecve = 59, kFchmod = 91,
  kGetcwd = 79, kGetpid = 39, kExitGroup = 231, kOpenat = 257,
  kUnlinkat = 263, kRenameat = 264, kStatx = 332,
};

constexpr long kOpenDirectory = 0200000;

// Up to three arguments: the other argument registers are left alone.
inline long syscall3(long n, long a, long b, long c) {
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}

inline long mmap(long addr, long len, long prot, long flags, long fd, long off) {
  return syscall6(kMmap, addr, len, prot, flags, fd, off);
}

}  // namespace linux_sys

// The kernel starts us with argc at the stack pointer, aligned to 16 bytes;
// pass that to C++.
#define LINUX_ENTRY_ASM                         \
  ".text\n.globl _start\n.type _start,@function\n" \
  "_start:\n"                                   \
  "  xor %ebp, %ebp\n"                          \
  "  mov %rsp, %rdi\n"                          \
  "  call linux_start\n"                        \
  "  hlt\n"
