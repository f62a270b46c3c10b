#include "launch_spec.h"

#include "fail.h"

namespace rf {

uint32_t read_u32_le(const unsigned char* p) {
  return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24;
}

namespace {

// A cursor over the payload that fails, rather than reads, past the end.
struct Reader {
  const unsigned char* p;
  const unsigned char* end;

  bool number(uint32_t* out) {
    uint32_t value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (p == end) return false;
      unsigned char b = *p++;
      if (shift == 28 && b > 0x0f) return false;
      value |= static_cast<uint32_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) {
        *out = value;
        return true;
      }
    }
    return false;
  }

  bool string(Str* out) {
    uint32_t length;
    if (!number(&length) || length >= static_cast<size_t>(end - p)) return false;
    const char* s = reinterpret_cast<const char*>(p);
    for (uint32_t i = 0; i < length; ++i)
      if (s[i] == '\0') return false;
    if (s[length] != '\0') return false;
    *out = Str(s, length);
    p += length + 1;
    return true;
  }

  bool kind(uint8_t max, uint8_t* out) {
    if (p == end || *p > max) return false;
    *out = *p++;
    return true;
  }
};

[[noreturn]] void corrupt(const char* why) { fail(kExitLauncherError, "the launch spec is damaged: %s", why); }

}  // namespace

bool decode_launch_spec(const unsigned char* region, size_t available, Arena& arena, LaunchSpec* out) {
  if (available < spec::kHeaderSize || spec::magic_hash(reinterpret_cast<const char*>(region)) != spec::kMagicHash)
    corrupt("bad magic");
  if (read_u32_le(region + 16) != spec::kVersion)
    corrupt("a format version this launcher does not understand");
  uint32_t capacity = read_u32_le(region + 20);
  uint32_t used = read_u32_le(region + 24);
  if (capacity > available - spec::kHeaderSize || used > capacity)
    corrupt("its length fields point outside its region");
  if (used == 0) return false;

  Reader r{region + spec::kHeaderSize, region + spec::kHeaderSize + used};
  uint32_t flags, arg_count, env_count;
  if (!r.number(&flags) || (flags & ~spec::kKnownFlags))
    corrupt("unknown flags");
  // Each entry takes at least three bytes, which bounds the counts before allocating.
  if (!r.number(&arg_count) || arg_count == 0 || arg_count > used / 3)
    corrupt("invalid argument count");
  out->flags = flags;
  out->arg_count = arg_count;
  out->args = arena.allocate_array<SpecArg>(arg_count);
  for (uint32_t i = 0; i < arg_count; ++i) {
    uint8_t kind;
    if (!r.kind(spec::kMaxArgKind, &kind) || !r.string(&out->args[i].value))
      corrupt("bad argument");
    out->args[i].kind = static_cast<spec::ArgKind>(kind);
  }
  if (!r.number(&env_count) || env_count > used / 3)
    corrupt("invalid environment count");
  out->env_count = env_count;
  out->env = arena.allocate_array<SpecEnv>(env_count);
  for (uint32_t i = 0; i < env_count; ++i) {
    SpecEnv& e = out->env[i];
    uint8_t kind;
    if (!r.kind(spec::kMaxEnvKind, &kind) || !r.string(&e.name) || !r.string(&e.value) ||
        e.name.empty() || find(e.name, '=') != e.name.size)
      corrupt("bad environment entry");
    e.kind = static_cast<spec::EnvKind>(kind);
  }
  if (r.p != r.end) corrupt("trailing bytes");
  return true;
}

}  // namespace rf
