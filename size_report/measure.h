// Measuring binaries: from bytes (format detected by magic number) and from
// paths on disk.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "binary_sizes.h"

namespace size_report {

// Throws MalformedBinary for an unknown format or damaged headers.
BinarySize measure_bytes(std::string name, std::span<const uint8_t> bytes);

// Each path is a binary, measured under its file name, or a directory, whose
// executable files in a recognised format are measured (anything else there is
// skipped with a note on stderr, as a build directory holds logs and
// objects too). Sorted by name; a name measured twice is an error.
std::vector<BinarySize> measure_paths(const std::vector<std::filesystem::path>& paths);

}  // namespace size_report
