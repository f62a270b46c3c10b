#include "arena.h"

#include "mem.h"

namespace rf {

// Not inlined: on s390x each copy of the overflow check costs more than the call.
__attribute__((noinline)) void* Arena::allocate_elements(size_t count, size_t size) {
  // A product that overflows asks for more than any arena holds.
  return allocate(count > static_cast<size_t>(-1) / size ? static_cast<size_t>(-1) : count * size);
}

char* Arena::join(Str* pieces, size_t count) {
  size_t total = 1;
  for (size_t i = 0; i < count; ++i) {
    if (pieces[i].size == kCountLength) pieces[i] = Str::from_c(pieces[i].data);
    total += pieces[i].size;
  }
  char* out = static_cast<char*>(allocate(total));
  char* w = out;
  for (size_t i = 0; i < count; ++i) {
    mem_copy(w, pieces[i].data, pieces[i].size);
    w += pieces[i].size;
  }
  *w = '\0';
  return out;
}

char* Arena::concat_strings(const char* a, const char* b, const char* c, const char* d) {
  Str pieces[] = {as_piece(a), as_piece(b), as_piece(c), as_piece(d)};
  return join(pieces, 4);
}

char* Arena::format_words(const char* format, uintptr_t a, uintptr_t b, uintptr_t c) {
  const uintptr_t words[] = {a, b, c};
  // Formatted where allocate() will place it, then claimed with its NUL (the
  // arena's bytes come zeroed); text that filled the room does not fit.
  size_t start = aligned_used();
  size_t size = rf::format_words(format, words, base_ + start, capacity_ - start, static_cast<size_t>(-1));
  return static_cast<char*>(allocate(size + 1));
}

Str Arena::decimal(uint64_t value) {
  char digits[20];
  size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value);
  char* out = static_cast<char*>(allocate(n));
  for (size_t i = 0; i < n; ++i) out[i] = digits[n - 1 - i];
  return Str(out, n);
}

}  // namespace rf
