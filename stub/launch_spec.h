// The launch spec: what a finalized launcher runs. The template carries one
// region in its file:
//
//   magic[16]  kMagic, occurring exactly once in the file
//   u32 LE     format version (kVersion)
//   u32 LE     payload capacity in bytes
//   u32 LE     payload length; 0 means the template is not finalized
//   payload    capacity bytes
//
// The payload is an unsigned LEB128 flags number, then records to its end:
//
//   kind byte, LEB128 length, that many bytes, NUL
//
// Kinds 0-2 are arguments, in order; kinds 3-6 are environment entries, whose
// bytes are "NAME=value" ("NAME" for unset). The NUL lets the launcher use
// every string in place.
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

// FNV-1a of 16 bytes. The launcher checks its magic by this hash: comparing
// against a copy of kMagic would put the magic in the file a second time.
constexpr uint32_t magic_hash(const char* p) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < 16; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * 16777619u;
  return h;
}
inline constexpr uint32_t kMagicHash = magic_hash(kMagic);
inline constexpr uint32_t kVersion = 1;
inline constexpr size_t kHeaderSize = 16 + 3 * 4;
#ifndef LAUNCH_SPEC_CAPACITY
#define LAUNCH_SPEC_CAPACITY 4096
#endif
inline constexpr size_t kDefaultCapacity = LAUNCH_SPEC_CAPACITY;

enum Flags : uint32_t {
  kExportRunfilesEnv = 1u << 0,
  kSearchPathForArg0 = 1u << 1,
  kKnownFlags = kExportRunfilesEnv | kSearchPathForArg0,
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
// `available` bytes behind it, never reading outside them. Returns false for
// a template that was never finalized; fails (exit 125) on a damaged region.
bool decode_launch_spec(const unsigned char* region, size_t available, Arena& arena, LaunchSpec* out);

uint32_t read_u32_le(const unsigned char* p);

}  // namespace rf
