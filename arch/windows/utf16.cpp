#include "utf16.h"

#include <stdint.h>

namespace win {

size_t to_utf8(const char16_t* text, size_t size, char* out) {
  char* w = out;
  for (const char16_t* end = text + size; text < end;) {
    uint32_t c = *text++;
    // A high surrogate followed by a low one: a pair.
    if ((c & 0xfc00) == 0xd800 && text < end && (*text & 0xfc00) == 0xdc00)
      c = 0x10000 + ((c - 0xd800) << 10) + (*text++ - 0xdc00u);
    int extra = c < 0x80 ? 0 : c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
    static constexpr unsigned char kLead[] = {0, 0xc0, 0xe0, 0xf0};
    *w++ = static_cast<char>(kLead[extra] | c >> (6 * extra));
    while (extra--) *w++ = static_cast<char>(0x80 | ((c >> (6 * extra)) & 0x3f));
  }
  return static_cast<size_t>(w - out);
}

size_t to_utf16(const char* text, char16_t* out) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(text);
  char16_t* w = out;
  for (;;) {
    uint32_t c = *p++;
    // Continuation bytes expected after a lead byte, and the smallest code
    // point that needs them.
    int extra = c < 0xc2 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : c < 0xf5 ? 3 : 0;
    uint32_t least = extra == 3 ? 0x10000 : extra == 2 ? 0x800 : 0;
    if (extra) {
      c &= 0x3f >> extra;
      const unsigned char* q = p;
      // The NUL at the end is no continuation byte: no need to watch for it.
      for (int k = 0; k < extra && (*q & 0xc0) == 0x80; ++k) c = c << 6 | (*q++ & 0x3f);
      if (q - p == extra && c >= least && c <= 0x10ffff) {
        p = q;
      } else {
        c = 0xfffd;
      }
    } else if (c >= 0x80) {
      c = 0xfffd;
    }
    if (c >= 0x10000) {
      *w++ = static_cast<char16_t>(0xd800 + ((c - 0x10000) >> 10));
      c = 0xdc00 + (c & 0x3ff);
    }
    *w++ = static_cast<char16_t>(c);
    if (!c) return static_cast<size_t>(w - out);
  }
}

}  // namespace win
