// The bump allocator: one offset into a fixed buffer, never frees. The launcher
// is short-lived and single-threaded, so this is all it needs. The buffer
// starts zeroed (the launcher's is in .bss) and each byte is handed out once,
// so allocations come zeroed: callers rely on that instead of clearing them.
#pragma once
#include <stddef.h>

#include "format.h"
#include "str.h"

namespace rf {

// A piece of Arena::concat. The length of a C string is left for join() to
// count, so that each call site only stores a pointer.
inline constexpr size_t kCountLength = static_cast<size_t>(-1);
inline Str as_piece(Str s) { return s; }
inline Str as_piece(const char* s) { return Str(s, kCountLength); }

template <class T>
inline constexpr bool kIsCString = false;
template <>
inline constexpr bool kIsCString<const char*> = true;
template <>
inline constexpr bool kIsCString<char*> = true;
template <size_t N>
inline constexpr bool kIsCString<char[N]> = true;

class Arena {
 public:
  // Called when a request does not fit; it must not return. It is typed as
  // returning the allocation so that allocate() can end by jumping to it.
  using FullHandler = void* (*)(size_t requested);

  // `base` holds `capacity` zeroed bytes, aligned to kAlignment. The arena
  // uses whole kAlignment blocks of it, so an aligned start never passes its end.
  constexpr Arena(char* base, size_t capacity, FullHandler on_full)
      : base_(base), capacity_(capacity & ~(kAlignment - 1)), used_(0), on_full_(on_full) {}

  // Every allocation is aligned for any type the core uses.
  static constexpr size_t kAlignment = 16;

  // Returns `size` zeroed bytes aligned to kAlignment. When the arena cannot
  // satisfy the request it calls the handler, which must not return.
  void* allocate(size_t size) {
    size_t start = aligned_used();
    if (size > capacity_ - start) return on_full_(size);
    used_ = start + size;
    return base_ + start;
  }

  template <class T>
  __attribute__((always_inline)) T* allocate_array(size_t count) {
    static_assert(alignof(T) <= kAlignment);
    return static_cast<T*>(allocate_elements(count, sizeof(T)));
  }

  // `count` elements of `size` bytes; one function for every element type.
  void* allocate_elements(size_t count, size_t size);

  // A NUL-terminated copy of the concatenation of `parts` (Str or C strings).
  template <class... Parts>
  __attribute__((always_inline)) char* concat(const Parts&... parts) {
    // Up to four C strings go in registers: the smallest call.
    if constexpr (sizeof...(parts) <= 4 && (kIsCString<Parts> && ...)) {
      return concat_strings(parts...);
    } else {
      Str pieces[] = {as_piece(parts)...};
      return join(pieces, sizeof...(parts));
    }
  }
  char* concat_strings(const char* a, const char* b = nullptr, const char* c = nullptr, const char* d = nullptr);

  // Joins `pieces`, counting the lengths marked kCountLength (null: empty).
  char* join(Str* pieces, size_t count);

  // A NUL-terminated string formatted as format.h describes.
  template <class... Args>
  __attribute__((always_inline)) char* format(const char* format, Args... args) {
    static_assert(sizeof...(Args) <= 3, "format() takes at most three words");
    return format_words(format, format_word(args)...);
  }
  char* format_words(const char* format, uintptr_t a = 0, uintptr_t b = 0, uintptr_t c = 0);

  // Decimal digits of `value`.
  Str decimal(uint64_t value);

  size_t used() const { return used_; }
  size_t capacity() const { return capacity_; }

 private:
  // Where the next allocation starts.
  size_t aligned_used() const { return (used_ + kAlignment - 1) & ~(kAlignment - 1); }

  char* base_;
  size_t capacity_;
  size_t used_;
  FullHandler on_full_;
};

}  // namespace rf
