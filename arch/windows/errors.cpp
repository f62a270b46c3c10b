// Windows error codes: which mean "not found", and their names.
#include "../arch.h"

namespace {

// kNames holds the name of each code in kCodes, in the same order. Windows
// codes do not fit error_table.h's one byte; and two tables rather than one of
// pointers mean no absolute addresses, so no relocations. Packed: x86-64
// would align each to 16 bytes.
__attribute__((aligned(2))) constexpr unsigned short kCodes[] = {2, 3, 5, 8, 32, 87, 123, 193, 206, 216, 740};
__attribute__((aligned(1))) constexpr char kNames[] =
    "ERROR_FILE_NOT_FOUND\0"
    "ERROR_PATH_NOT_FOUND\0"
    "ERROR_ACCESS_DENIED\0"
    "ERROR_NOT_ENOUGH_MEMORY\0"
    "ERROR_SHARING_VIOLATION\0"
    "ERROR_INVALID_PARAMETER\0"
    "ERROR_INVALID_NAME\0"
    "ERROR_BAD_EXE_FORMAT\0"
    "ERROR_FILENAME_EXCED_RANGE\0"
    "ERROR_EXE_MACHINE_TYPE_MISMATCH\0"
    "ERROR_ELEVATION_REQUIRED";

}  // namespace

namespace arch {

bool error_is_not_found(int os_error) { return os_error == 2 || os_error == 3; }

const char* describe_error(int os_error) {
  const char* name = kNames;
  for (unsigned short code : kCodes) {
    if (code == os_error) return name;
    while (*name++) {
    }
  }
  return nullptr;
}

}  // namespace arch
