// Hand-made measurements for the comparison, report and gate tests.
#pragma once
#include "../../size_report/binary_sizes.h"

namespace size_report::test {

inline BinarySize binary(std::string name, uint64_t file_bytes, std::vector<Part> parts = {},
                         Format format = Format::kElf, std::string cpu = "x86_64") {
  BinarySize b;
  b.name = std::move(name);
  b.format = format;
  b.cpu = std::move(cpu);
  b.file_bytes = file_bytes;
  b.parts = std::move(parts);
  return b;
}

}  // namespace size_report::test
