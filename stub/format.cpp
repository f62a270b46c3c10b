#include "format.h"

#include "../arch/arch.h"
#include "mem.h"
#include "str.h"

namespace rf {

size_t format_words(char* out, size_t capacity, size_t piece_limit, const char* format, const uintptr_t* words) {
  size_t size = 0;
  for (const char* p = format; *p; ++p) {
    // Each step copies one piece: a byte of the format, or a conversion.
    const char* text = p;
    size_t length = 1;
    char buffer[32];
    if (*p == '%') {
      char conversion = *++p;
      uintptr_t word = *words++;
      text = reinterpret_cast<const char*>(word);
      length = static_cast<size_t>(-1);
      if (conversion == '.') {  // "%.*s"
        length = word;
        text = reinterpret_cast<const char*>(*words++);
        p += 2;
      } else if (conversion == 'e') {
        text = arch::describe_error(static_cast<int>(word));
      }
      if (conversion == 'u' || !text) {
        char* digits = buffer + sizeof buffer;
        do *--digits = static_cast<char>('0' + word % 10);
        while (word /= 10);
        // An OS error without a name in the table.
        if (!text) mem_copy(digits -= 6, "error ", 6);
        text = digits;
        length = static_cast<size_t>(buffer + sizeof buffer - digits);
      }
      if (length == static_cast<size_t>(-1)) length = c_length(text);
    }
    for (size_t i = 0; i < length && i < piece_limit && size < capacity; ++i) out[size++] = text[i];
  }
  return size;
}

}  // namespace rf
