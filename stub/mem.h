// Memory primitives. The targets have no libc, so freestanding.cpp provides
// the symbols the compiler may call; the host build uses libc's.
#pragma once
#include <stddef.h>

namespace rf {

inline int mem_compare(const void* a, const void* b, size_t n) { return __builtin_memcmp(a, b, n); }
inline void mem_copy(void* dst, const void* src, size_t n) { __builtin_memcpy(dst, src, n); }

}  // namespace rf
