#include "boundary.h"

#include "../arch.h"
#include "kernel32.h"
#include "utf16.h"

namespace win {

namespace {

char16_t g_path[kPathUnits];

}  // namespace

void* allocate(size_t bytes) {
  void* p = VirtualAlloc(nullptr, bytes, kMemCommitReserve, kPageReadWrite);
  if (!p) {
    // A literal, not an array: x86-64 would align an array to 16 bytes.
    constexpr const char* kMessage = "runfiles-stub: out of memory\n";
    arch::write_stderr(kMessage, __builtin_strlen(kMessage));
    arch::exit_process(125);
  }
  return p;
}

char16_t* wide_path(const char* path, size_t* units) {
  size_t bytes = length(path);
  // A unit per byte at most, and zeroed memory after the NUL.
  char16_t* wide = static_cast<char16_t*>(allocate((bytes + 5) * sizeof(char16_t)));
  size_t n = to_utf16(path, wide) - 1;
  if (units) *units = n;
  return n < kPathUnits ? wide : nullptr;
}

char* narrow(const char16_t* text, size_t units) {
  char* out = static_cast<char*>(allocate(3 * units + 1));
  to_utf8(text, units, out);
  return out;
}

char16_t* path_buffer() { return g_path; }

}  // namespace win
