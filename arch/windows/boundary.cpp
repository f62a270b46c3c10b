#include "boundary.h"

#include "../arch.h"
#include "kernel32.h"
#include "utf16.h"

namespace win {

namespace {

char16_t g_path[kPathUnits];

}  // namespace

char16_t* wide_path(const char* path, size_t* length) {
  size_t bytes = 0;
  while (path[bytes]) ++bytes;
  // A unit per byte at most, so measuring is only needed for long paths.
  if (bytes >= kPathUnits && to_utf16(path, bytes, nullptr) >= kPathUnits) return nullptr;
  size_t units = to_utf16(path, bytes, g_path);
  g_path[units] = u'\0';
  if (length) *length = units;
  return g_path;
}

char16_t* path_buffer() { return g_path; }

void* allocate(size_t bytes) {
  void* p = VirtualAlloc(nullptr, bytes, kMemCommitReserve, kPageReadWrite);
  if (!p) {
    static constexpr char kMessage[] = "runfiles-stub: out of memory\n";
    arch::write_stderr(kMessage, sizeof kMessage - 1);
    arch::exit_process(125);
  }
  return p;
}

}  // namespace win
