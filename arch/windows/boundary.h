// Helpers for crossing from the portable core's UTF-8 into Windows calls.
#pragma once
#include <stddef.h>

namespace win {

// The longest path Windows handles, in UTF-16 units with the NUL.
constexpr size_t kPathUnits = 32768;
constexpr int kErrorFilenameTooLong = 206;  // ERROR_FILENAME_EXCED_RANGE

// The length of a NUL-terminated string, in its own units.
template <typename Char>
size_t length(const Char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

// Zeroed memory straight from the OS; the arena belongs to the core. Exits
// with the launcher's error status when there is none left.
void* allocate(size_t bytes);

// `path` as UTF-16 in new memory, with room for four more units and a NUL
// after it, or null when it is too long for Windows. `units` receives its
// length.
char16_t* wide_path(const char* path, size_t* units = nullptr);

// `units` of UTF-16 as NUL-terminated UTF-8 in new memory.
char* narrow(const char16_t* text, size_t units);

// A buffer of kPathUnits units for functions that return a path.
char16_t* path_buffer();

}  // namespace win
