// ELF (64-bit, either byte order): sections from the section header table,
// loadable segments from the program header table.
#pragma once
#include "binary_sizes.h"

namespace size_report {

bool looks_like_elf(std::span<const uint8_t> bytes);
BinarySize read_elf(std::span<const uint8_t> bytes);

}  // namespace size_report
