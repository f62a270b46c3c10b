#include "format.h"

#include "../arch/arch.h"
#include "mem.h"

namespace rf {

size_t format_words(const char* format, const uintptr_t* words, char* out, size_t capacity, size_t piece_limit) {
  size_t size = 0;
  char digits[32];
  for (const char* p = format; *p; ++p) {
    // Each step copies one piece: a byte of the format, or a conversion.
    const char* text = p;
    size_t length = 1;
    if (*p == '%') {
      uintptr_t word = *words++;
      char conversion = *++p;
      text = reinterpret_cast<const char*>(word);
      if (conversion == '.') {  // "%.*s"
        text = reinterpret_cast<const char*>(*words++);
        p += 2;
      } else if (conversion == 's' || (conversion == 'e' && (text = arch::describe_error(static_cast<int>(word))))) {
        // Counted here, not by c_length(): with no call in it, the loop needs no saved registers.
        for (word = 0; text[word];) ++word;
      } else {
        char* d = digits + sizeof digits;
        do *--d = static_cast<char>('0' + word % 10);
        while (word /= 10);
        // An OS error without a name in the table.
        if (conversion == 'e') mem_copy(d -= 6, "error ", 6);
        text = d;
        word = static_cast<size_t>(digits + sizeof digits - d);
      }
      length = word;
    }
    if (length > piece_limit) length = piece_limit;
    for (; length && size < capacity; --length) out[size++] = *text++;
  }
  return size;
}

}  // namespace rf
