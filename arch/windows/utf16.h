// UTF-8 <-> UTF-16 at the Windows boundary. Portable, so host tests run it.
//
// Windows strings are UTF-16 but need not be valid: a lone surrogate is a
// legal file name character. The UTF-8 side is therefore WTF-8 (a lone
// surrogate is encoded like any other code point), which makes every UTF-16
// string survive the trip to UTF-8 and back unchanged.
#pragma once
#include <stddef.h>

namespace win {

// Converts `size` UTF-16 units to UTF-8. Writes to `out` unless it is null;
// returns the number of bytes either way (at most 3 per unit).
size_t to_utf8(const char16_t* text, size_t size, char* out);

// Converts the NUL-terminated UTF-8 `text`, NUL included, to UTF-16 into
// `out`, which needs a unit per byte. A byte that does not start a
// well-formed sequence becomes U+FFFD. Returns the number of units written,
// NUL included.
size_t to_utf16(const char* text, char16_t* out);

}  // namespace win
