// The sizes file: a line-per-fact text form of measured binaries, so that two
// builds' sizes can be kept, diffed and compared.
//
//   # comment
//   <binary> file <format> <cpu> <bytes>
//   <binary> <segment|section|linkedit> <bytes> <part name to end of line>
//
// A binary's file line comes before its parts. Every line names its binary,
// so a diff of two sizes files reads on its own.
#pragma once
#include <string>
#include <vector>

#include "binary_sizes.h"

namespace size_report {

std::string write_sizes(const std::vector<BinarySize>& binaries);

// Throws std::runtime_error naming `source` and the line on malformed input.
std::vector<BinarySize> parse_sizes(const std::string& text, const std::string& source);

}  // namespace size_report
