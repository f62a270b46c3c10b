#include "launch_spec.h"

#include "fail.h"

namespace rf {

uint32_t read_u32_le(const unsigned char* p) {
  return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24;
}

namespace {

[[noreturn]] void corrupt(const char* why) { fail(kExitLauncherError, "the launch spec is damaged: %s", why); }

}  // namespace

// Refuses what would make it read outside the region or misread a record:
// a length beyond the region, a last byte that is not a NUL, an unknown
// kind, a set entry without '=' or an unset one with it, no argument to
// run. The finalizer never writes those; everything else it guarantees is
// not checked again.
bool decode_launch_spec(const unsigned char* region, size_t available, Arena& arena, LaunchSpec* out) {
  uint32_t used = read_u32_le(region + 24);
  if (used == 0) return false;
  if (used > available - spec::kHeaderSize) corrupt("its length field points outside its region");
  const char* p = reinterpret_cast<const char*>(region) + spec::kHeaderSize;
  const char* end = p + used;
  // With the last byte a NUL, no string can run past the payload.
  if (end[-1]) corrupt("it does not end in a NUL");
  out->flags = static_cast<unsigned char>(*p++);
  // A record takes at least two bytes, which bounds the arrays.
  out->args = arena.allocate_array<SpecArg>(used / 2);
  out->env = arena.allocate_array<SpecEnv>(used / 2);
  out->arg_count = out->env_count = 0;
  while (p < end) {
    size_t length = c_length(p);
    // A NUL kind byte (an empty record) wraps around and is refused too.
    uint8_t kind = static_cast<uint8_t>(*p - spec::kKindByteOffset);
    if (kind > spec::kLastKind) corrupt("unknown record kind");
    Str text(p + 1, length - 1);
    p += length + 1;
    if (kind <= static_cast<uint8_t>(spec::ArgKind::kOrigin)) {
      out->args[out->arg_count++] = {static_cast<spec::ArgKind>(kind), text};
      continue;
    }
    size_t eq = find(text, '=');
    // An entry with '=' sets its variable, one without removes it (environment.h).
    if ((eq == text.size) != (kind == static_cast<uint8_t>(spec::EnvKind::kUnset)))
      corrupt("a set entry without '=' or an unset entry with one");
    out->env[out->env_count++] = {static_cast<spec::EnvKind>(kind), text, text.prefix(eq),
                                  text.suffix_from(eq + (eq < text.size))};
  }
  if (out->arg_count == 0) corrupt("no arguments");
  return true;
}

}  // namespace rf
