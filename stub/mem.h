// Memory primitives. The targets have no libc, so freestanding.cpp provides
// the symbols the compiler may call; the host build uses libc's.
#pragma once
#include <stddef.h>

namespace rf {

inline int mem_compare(const void* a, const void* b, size_t n) { return __builtin_memcmp(a, b, n); }
inline void mem_copy(void* dst, const void* src, size_t n) { __builtin_memcpy(dst, src, n); }

// A copy of a length known only at run time, as a call: where the compiler
// would expand one inline (a loop of block moves on s390x), that is larger.
void copy_bytes(void* dst, const void* src, size_t n);

}  // namespace rf
