// printf-like formatting of machine words: one engine for failure messages
// and for the strings the launcher builds in its arena (paths, environment
// entries). Every argument is one word, so calls pass them in registers.
//   %s     a NUL-terminated string
//   %.*s   a length, then a string of that many bytes (a slice of a longer one)
//   %u     an unsigned number
//   %e     an OS error code, by its name (e.g. "ENOENT"), else "error <number>"
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace rf {

inline uintptr_t format_word(const char* s) { return reinterpret_cast<uintptr_t>(s); }
inline uintptr_t format_word(unsigned long v) { return v; }
inline uintptr_t format_word(unsigned long long v) { return static_cast<uintptr_t>(v); }
inline uintptr_t format_word(int v) { return static_cast<uintptr_t>(v); }

// Writes the formatted text into out[0, capacity), each piece cut at
// `piece_limit` bytes; returns how many bytes it wrote (no NUL). The output
// is cut short exactly when the result equals `capacity`. The format and its
// words come first, where the callers already hold them.
size_t format_words(const char* format, const uintptr_t* words, char* out, size_t capacity, size_t piece_limit);

}  // namespace rf
