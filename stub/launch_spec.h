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

enum class ArgKind : uint8_t {
  kLiteral = 0,   // passed as written
  kRunfile = 1,   // a runfiles path, resolved at run time
  kOrigin = 2,    // relative to the directory holding the launcher
};

enum class EnvKind : uint8_t {
  kSet = 3,         // NAME=value
  kSetRunfile = 4,  // NAME=<resolved runfiles path>
  kSetOrigin = 5,   // NAME=<launcher directory>/value
  kUnset = 6,       // remove NAME
};

inline constexpr uint8_t kLastKind = 6;
inline constexpr uint8_t kKindByteOffset = 1;

}  // namespace spec

struct SpecArg {
  spec::ArgKind kind;
  Str value;  // NUL-terminated in place
};

struct SpecEnv {
  spec::EnvKind kind;
  Str entry;  // "NAME=value", or "NAME" to unset; NUL-terminated in place
  Str name;   // the part of `entry` before '='
  Str value;  // the part after it
};

struct LaunchSpec {
  uint32_t flags = 0;
  size_t arg_count = 0;
  SpecArg* args = nullptr;
  size_t env_count = 0;
  SpecEnv* env = nullptr;
};

// Decodes the region starting at `region` (magic included), which has
// `available` bytes behind it (at least kHeaderSize), never reading outside
// them. Returns false for a template that was never finalized; fails (exit
// 125) on a payload it cannot read.
bool decode_launch_spec(const unsigned char* region, size_t available, Arena& arena, LaunchSpec* out);

uint32_t read_u32_le(const unsigned char* p);

}  // namespace rf
