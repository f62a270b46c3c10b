// Base against current: per binary and in total, the change in bytes and
// percent, which parts moved, and whether the file crossed a page boundary.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "binary_sizes.h"

namespace size_report {

struct PartChange {
  PartKind kind;
  std::string name;
  std::optional<uint64_t> base;     // empty when the part is new
  std::optional<uint64_t> current;  // empty when the part is gone
  int64_t change() const { return static_cast<int64_t>(current.value_or(0)) - static_cast<int64_t>(base.value_or(0)); }
};

enum class Status { kUnchanged, kChanged, kAdded, kRemoved };

struct BinaryChange {
  std::string name;
  Status status;
  Format format;
  std::string cpu;
  std::optional<uint64_t> base, current;  // file bytes; empty when absent on that side
  int64_t change;                         // an absent side counts as 0 bytes
  std::optional<double> percent;          // of base; empty for a new binary
  uint64_t page_size;
  bool crosses_page_boundary;     // both sides exist and need a different number of pages
  std::vector<PartChange> parts;  // only the parts whose bytes differ
  // Bytes in no section: headers, padding; 0 for a binary without sections.
  uint64_t base_outside_sections, current_outside_sections;
};

struct Totals {
  uint64_t base, current;
  int64_t change;
  std::optional<double> percent;  // of base; empty when there was no base
};

struct Comparison {
  std::vector<BinaryChange> binaries;  // by name
  Totals total;
};

Comparison compare(const std::vector<BinarySize>& base, const std::vector<BinarySize>& current);

// Pages a file of `bytes` fills: the smallest n with n * page_size >= bytes.
uint64_t pages(uint64_t bytes, uint64_t page_size);

}  // namespace size_report
