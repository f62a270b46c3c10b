// Error-name tables for the ports: entries of one byte holding the error
// number, then its name, NUL-terminated; an empty entry ends the table.
#pragma once

namespace arch {

inline const char* find_error_name(const char* table, int os_error) {
  for (const char* p = table; *p;) {
    if (static_cast<unsigned char>(*p) == static_cast<unsigned>(os_error)) return p + 1;
    while (*p++) {
    }
  }
  return nullptr;
}

}  // namespace arch
