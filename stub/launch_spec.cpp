#include "launch_spec.h"

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

SpecStatus corrupt(Error& err, const char* why) {
  err.set(kExitLauncherError, why);
  return SpecStatus::kCorrupt;
}

}  // namespace

SpecStatus decode_launch_spec(const unsigned char* region, size_t available, Arena& arena,
                              LaunchSpec* out, Error& err) {
  if (available < spec::kHeaderSize || spec::magic_hash(reinterpret_cast<const char*>(region)) != spec::kMagicHash)
    return corrupt(err, "the launch spec region is damaged (bad magic)");
  if (read_u32_le(region + 16) != spec::kVersion)
    return corrupt(err, "the launch spec has a version this launcher does not understand");
  uint32_t capacity = read_u32_le(region + 20);
  uint32_t used = read_u32_le(region + 24);
  if (capacity > available - spec::kHeaderSize || used > capacity)
    return corrupt(err, "the launch spec's length fields point outside its region");
  if (used == 0) return SpecStatus::kNotFinalized;

  Reader r{region + spec::kHeaderSize, region + spec::kHeaderSize + used};
  uint32_t flags, arg_count, env_count;
  if (!r.number(&flags) || (flags & ~spec::kKnownFlags))
    return corrupt(err, "the launch spec has unknown flags");
  // Each entry takes at least three bytes, which bounds the counts before allocating.
  if (!r.number(&arg_count) || arg_count == 0 || arg_count > used / 3)
    return corrupt(err, "the launch spec's argument count is invalid");
  out->flags = flags;
  out->arg_count = arg_count;
  out->args = arena.allocate_array<SpecArg>(arg_count);
  for (uint32_t i = 0; i < arg_count; ++i) {
    uint8_t kind;
    if (!r.kind(spec::kMaxArgKind, &kind) || !r.string(&out->args[i].value))
      return corrupt(err, "the launch spec has a damaged argument");
    out->args[i].kind = static_cast<spec::ArgKind>(kind);
  }
  if (!r.number(&env_count) || env_count > used / 3)
    return corrupt(err, "the launch spec's environment count is invalid");
  out->env_count = env_count;
  out->env = arena.allocate_array<SpecEnv>(env_count);
  for (uint32_t i = 0; i < env_count; ++i) {
    SpecEnv& e = out->env[i];
    uint8_t kind;
    if (!r.kind(spec::kMaxEnvKind, &kind) || !r.string(&e.name) || !r.string(&e.value) ||
        e.name.empty() || find(e.name, '=') != e.name.size)
      return corrupt(err, "the launch spec has a damaged environment entry");
    e.kind = static_cast<spec::EnvKind>(kind);
  }
  if (r.p != r.end) return corrupt(err, "the launch spec has trailing bytes");
  return SpecStatus::kOk;
}

}  // namespace rf
