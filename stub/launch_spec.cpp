#include "launch_spec.h"

#include "fail.h"

namespace rf {

uint32_t read_u32_le(const unsigned char* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap32(v);  // s390x: one byte-reversed load
#endif
  return v;
}

namespace {

// Inlined: a call of it takes as much code as the fail() call it makes.
[[noreturn]] __attribute__((always_inline)) void corrupt(const char* why) {
  fail("the launch spec is damaged: %s", why);
}

}  // namespace

// Refuses what would make it read outside the region or misread a record:
// a length beyond the region or not ending on a NUL, an unknown
// kind, no argument to run. The finalizer never writes those; everything else
// it guarantees (names, '=' where it belongs) is not checked again, as no
// record can be misread for it: an entry without '=' removes its name.
bool decode_launch_spec(const unsigned char* region, size_t available, Arena& arena, LaunchSpec* out) {
  uint32_t used = read_u32_le(region + 24);
  if (used == 0) return false;
  const char* p = reinterpret_cast<const char*>(region) + spec::kHeaderSize;
  const char* end = p + used;
  // Within the region, and with the last byte a NUL, no string can run past the payload.
  if (used > available - spec::kHeaderSize || end[-1]) corrupt("its length does not fit its payload");
  out->flags = static_cast<unsigned char>(*p++);
  // A record takes at least two bytes, which bounds the array.
  out->records = arena.allocate_array<SpecRecord>(used / 2);
  out->count = 0;
  bool program = false;
  while (p < end) {
    size_t length = c_length(p);
    // A NUL kind byte (an empty record) wraps around and is refused too.
    auto kind = static_cast<spec::Kind>(*p - spec::kKindByteOffset);
    if (kind > spec::kLastKind) corrupt("unknown record kind");
    Str text(p + 1, length - 1);
    p += length + 1;
    SpecRecord& r = out->records[out->count++];
    r = {kind, text, text};
    program |= is_argument(kind);
    if (!is_argument(kind)) {
      size_t eq = find(text, '=');
      if (eq < text.size) r.value = text.suffix_from(eq + 1);
    }
  }
  if (!program) corrupt("no arguments");
  return true;
}

}  // namespace rf
