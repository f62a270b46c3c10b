// Helpers for crossing from the portable core's UTF-8 into Windows calls.
#pragma once
#include <stddef.h>

namespace win {

// The longest path Windows handles, in UTF-16 units with the NUL.
constexpr size_t kPathUnits = 32768;
constexpr int kErrorFilenameTooLong = 206;  // ERROR_FILENAME_EXCED_RANGE

// `path` as UTF-16 in a buffer shared by every caller (so valid until the next
// call), or null when it does not fit. `length` receives its length in units.
char16_t* wide_path(const char* path, size_t* length = nullptr);

// The same buffer, for functions that return a path.
char16_t* path_buffer();

// Zeroed memory straight from the OS; the arena belongs to the core. Exits
// with the launcher's error status when there is none left.
void* allocate(size_t bytes);

}  // namespace win
