// What the fuzz targets share: an arena like the launcher's, over a buffer
// reused by every input and zeroed again for it, that throws when full; failures reach the target as
// test::Failure, thrown by report_failure() in unit/fake_arch.cpp.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "../unit/test_support.h"

namespace fuzz {

inline rf::Arena& fresh_arena() {
  static std::vector<char> storage(8u << 20);
  static rf::Arena arena(storage.data(), storage.size(), test::throw_full);
  std::memset(storage.data(), 0, arena.used());
  arena = rf::Arena(storage.data(), storage.size(), test::throw_full);
  return arena;
}

// Stops the run: a property of the code under test does not hold.
#define FUZZ_CHECK(condition)                                                   \
  do {                                                                          \
    if (!(condition)) {                                                         \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      __builtin_trap();                                                         \
    }                                                                           \
  } while (0)

}  // namespace fuzz
