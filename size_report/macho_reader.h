// Mach-O (64-bit, little-endian): segments and their sections from the
// LC_SEGMENT_64 commands, and the link-edit tables (symbols, fixups, code
// signature, ...) that fill __LINKEDIT, which has no sections of its own.
#pragma once
#include "binary_sizes.h"

namespace size_report {

bool looks_like_macho(std::span<const uint8_t> bytes);
BinarySize read_macho(std::span<const uint8_t> bytes);

}  // namespace size_report
