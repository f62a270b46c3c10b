// PE/COFF images (PE32 and PE32+): the file bytes of each section. PE has no
// segments; the headers and anything after the last section count as
// outside sections.
#pragma once
#include "binary_sizes.h"

namespace size_report {

bool looks_like_pe(std::span<const uint8_t> bytes);
BinarySize read_pe(std::span<const uint8_t> bytes);

}  // namespace size_report
