#include "launch_spec.h"

#include "fail.h"

namespace rf {

uint32_t read_u32_le(const unsigned char* p) {
  return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24;
}

namespace {

[[noreturn]] void corrupt(const char* why) { fail(kExitLauncherError, "the launch spec is damaged: %s", why); }

// Reads an unsigned LEB128 number of up to 32 bits, failing past `end`.
uint32_t read_number(const unsigned char*& p, const unsigned char* end) {
  uint32_t value = 0;
  for (int shift = 0; shift < 32; shift += 7) {
    if (p == end) break;
    unsigned char b = *p++;
    value |= static_cast<uint32_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return value;
  }
  corrupt("bad number");
}

}  // namespace

bool decode_launch_spec(const unsigned char* region, size_t available, Arena& arena, LaunchSpec* out) {
  if (available < spec::kHeaderSize || spec::magic_hash(reinterpret_cast<const char*>(region)) != spec::kMagicHash)
    corrupt("bad magic");
  if (read_u32_le(region + 16) != spec::kVersion) corrupt("a format version this launcher does not understand");
  uint32_t capacity = read_u32_le(region + 20);
  uint32_t used = read_u32_le(region + 24);
  if (capacity > available - spec::kHeaderSize || used > capacity) corrupt("its length fields point outside its region");
  if (used == 0) return false;

  const unsigned char* p = region + spec::kHeaderSize;
  const unsigned char* end = p + used;
  out->flags = read_number(p, end);
  if (out->flags & ~spec::kKnownFlags) corrupt("unknown flags");
  // A record takes at least three bytes, which bounds the arrays.
  out->arg_count = out->env_count = 0;
  out->args = arena.allocate_array<SpecArg>(used / 3);
  out->env = arena.allocate_array<SpecEnv>(used / 3);
  while (p < end) {
    uint8_t kind = *p++;
    uint32_t length = read_number(p, end);
    const char* s = reinterpret_cast<const char*>(p);
    if (kind > spec::kLastKind || length >= static_cast<size_t>(end - p) || s[length] || c_length(s) != length)
      corrupt("bad record");
    p += length + 1;
    Str text(s, length);
    if (kind <= static_cast<uint8_t>(spec::ArgKind::kOrigin)) {
      if (out->env_count) corrupt("an argument after the environment");
      out->args[out->arg_count++] = {static_cast<spec::ArgKind>(kind), text};
      continue;
    }
    size_t eq = find(text, '=');
    bool unset = kind == static_cast<uint8_t>(spec::EnvKind::kUnset);
    if (eq == 0 || (eq == length) != unset) corrupt("bad environment entry");
    out->env[out->env_count++] = {static_cast<spec::EnvKind>(kind), text, text.prefix(eq),
                                  unset ? Str() : text.suffix_from(eq + 1)};
  }
  if (out->arg_count == 0) corrupt("no arguments");
  return true;
}

}  // namespace rf
