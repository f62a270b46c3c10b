// The launch spec: what a finalized launcher runs. The template carries one
// region in its file:
//
//   magic[16]  kMagic, occurring exactly once in the file
//   u32 LE     format version (kVersion)
//   u32 LE     payload capacity in bytes
//   u32 LE     payload length; 0 means the template is not finalized
//   payload    capacity bytes
//
// The payload is one flags byte, then records to its end, each a kind byte
// (the kind plus kKindByteOffset, so never a NUL) and a NUL-terminated string:
//
//   flags, kind, "string", NUL, kind, "string", NUL, ...
//
// Kinds 0-2 are arguments, kept in their order; kinds 3-6 are environment
// entries, also kept in order: "NAME=value", the name ending at the first
// '=', or a bare "NAME" for unset. The finalizer writes the arguments first. Strings cannot
// hold a NUL (they come from a command line), so the terminator alone
// delimits them and the launcher uses every string in place.
//
// The finalizer finds the region by its magic, refuses a template whose
// version is not its own, and never rewrites magic, version or capacity. The
// launcher knows its region by address and its capacity from its own build,
// so it reads none of them. It checks only what keeps it inside its region
// and what it needs to tell records apart (decode_launch_spec); the rest,
// like non-empty names, the finalizer guarantees. So any change to what the
// payload means, a new flag or kind included, needs a new version.
//
// Everything is byte-oriented, so the same bytes mean the same thing on every
// target, whatever its endianness.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

namespace rf {

namespace spec {

inline constexpr char kMagic[16] = "\x89RFSTUB-SPEC\r\n\x1a";

inline constexpr uint32_t kVersion = 2;
inline constexpr size_t kHeaderSize = 16 + 3 * 4;
#ifndef LAUNCH_SPEC_CAPACITY
#define LAUNCH_SPEC_CAPACITY 4096
#endif
inline constexpr size_t kDefaultCapacity = LAUNCH_SPEC_CAPACITY;

enum Flags : uint32_t {
  kExportRunfilesEnv = 1u << 0,
  kSearchPathForArg0 = 1u << 1,
};

enum Kind : uint8_t {
  // Arguments, kept in their order.
  kLiteral = 0,  // passed as written
  kRunfile = 1,  // a runfiles path, resolved at run time
  kOrigin = 2,   // relative to the directory holding the launcher
  // Environment entries, kept in their order.
  kEnvSet = 3,      // NAME=value
  kEnvRunfile = 4,  // NAME=<resolved runfiles path>
  kEnvOrigin = 5,   // NAME=<launcher directory>/value
  kEnvUnset = 6,    // remove NAME
};

inline constexpr uint8_t kLastKind = 6;
inline constexpr uint8_t kKindByteOffset = 1;

}  // namespace spec

// One record: an argument or an environment entry.
struct SpecRecord {
  spec::Kind kind;
  Str text;   // NUL-terminated in place
  Str value;  // the path part: an argument whole, an entry's value (the rest of its text)
};

inline bool is_argument(spec::Kind kind) { return kind <= spec::kOrigin; }

struct LaunchSpec {
  uint32_t flags = 0;
  size_t count = 0;
  SpecRecord* records = nullptr;
};

// Decodes the region starting at `region` (magic included), which has
// `available` bytes behind it (at least kHeaderSize), never reading outside
// them. Returns false for a template that was never finalized; fails (exit
// 125) on a payload it cannot read.
bool decode_launch_spec(const unsigned char* region, size_t available, Arena& arena, LaunchSpec* out);

uint32_t read_u32_le(const unsigned char* p);

}  // namespace rf
