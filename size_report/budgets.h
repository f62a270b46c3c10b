// The size gate: a byte limit per shipped binary, checked against measured
// binaries.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "binary_sizes.h"

namespace size_report {

struct Budget {
  std::string binary;
  uint64_t limit;
};

// Lines "<binary> <bytes>", with '#' comments and blank lines. Throws
// std::runtime_error naming `source` and the line on malformed input.
std::vector<Budget> parse_budgets(const std::string& text, const std::string& source);

struct BudgetLine {
  std::string binary;
  std::optional<uint64_t> bytes;  // empty: not built, so not checked
  std::optional<uint64_t> limit;  // empty: a built binary with no budget, which fails
  bool passes() const { return !bytes || (limit && *bytes <= *limit); }
};

// One line per budget and per measured binary, by name.
std::vector<BudgetLine> check_budgets(const std::vector<Budget>& budgets, const std::vector<BinarySize>& binaries);

// The gate's report: every binary with its budget and headroom, then (when
// any fails) a list of the failures and by how much.
std::string budget_report(const std::vector<BudgetLine>& lines);

}  // namespace size_report
