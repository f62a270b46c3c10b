#include "utf16.h"

#include <stdint.h>

namespace win {

namespace {

bool is_high_surrogate(uint32_t u) { return u >= 0xd800 && u <= 0xdbff; }
bool is_low_surrogate(uint32_t u) { return u >= 0xdc00 && u <= 0xdfff; }

}  // namespace

size_t to_utf8(const char16_t* text, size_t size, char* out) {
  size_t n = 0;
  for (size_t i = 0; i < size; ++i) {
    uint32_t c = text[i];
    if (is_high_surrogate(c) && i + 1 < size && is_low_surrogate(text[i + 1]))
      c = 0x10000 + ((c - 0xd800) << 10) + (text[++i] - 0xdc00u);
    int extra = c < 0x80 ? 0 : c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
    if (out) {
      static constexpr unsigned char kLead[] = {0, 0xc0, 0xe0, 0xf0};
      out[n] = static_cast<char>(kLead[extra] | c >> (6 * extra));
      for (int k = 1; k <= extra; ++k) out[n + k] = static_cast<char>(0x80 | ((c >> (6 * (extra - k))) & 0x3f));
    }
    n += 1 + extra;
  }
  return n;
}

size_t to_utf16(const char* text, size_t size, char16_t* out) {
  auto byte = [text](size_t i) { return static_cast<unsigned char>(text[i]); };
  size_t n = 0;
  for (size_t i = 0; i < size;) {
    uint32_t c = byte(i);
    int extra = c < 0x80 ? 0 : c < 0xc2 ? -1 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : c < 0xf5 ? 3 : -1;
    if (extra > 0) {
      c &= 0x3f >> extra;
      for (int k = 1; k <= extra; ++k) {
        if (i + k >= size || (byte(i + k) & 0xc0) != 0x80) {
          extra = -1;
          break;
        }
        c = c << 6 | (byte(i + k) & 0x3f);
      }
      // Overlong three- and four-byte forms, and code points past U+10FFFF.
      if ((extra == 2 && c < 0x800) || (extra == 3 && (c < 0x10000 || c > 0x10ffff))) extra = -1;
    }
    if (extra < 0) {
      c = 0xfffd;
      extra = 0;
    }
    i += 1 + extra;
    if (c >= 0x10000) {
      if (out) {
        out[n] = static_cast<char16_t>(0xd800 + ((c - 0x10000) >> 10));
        out[n + 1] = static_cast<char16_t>(0xdc00 + (c & 0x3ff));
      }
      n += 2;
    } else {
      if (out) out[n] = static_cast<char16_t>(c);
      ++n;
    }
  }
  return n;
}

}  // namespace win
