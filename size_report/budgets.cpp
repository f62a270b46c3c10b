#include "budgets.h"

#include <algorithm>
#include <charconv>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>

#include "number_format.h"

namespace size_report {

std::vector<Budget> parse_budgets(const std::string& text, const std::string& source) {
  std::vector<Budget> budgets;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    auto fail = [&](const std::string& why) {
      throw std::runtime_error(source + ":" + std::to_string(number) + ": " + why);
    };
    std::istringstream fields(line.substr(0, line.find('#')));
    std::string binary, limit, extra;
    if (!(fields >> binary)) continue;
    Budget b{binary, 0};
    if (!(fields >> limit) || fields >> extra) fail("expected \"<binary> <bytes>\"");
    auto [end, error] = std::from_chars(limit.data(), limit.data() + limit.size(), b.limit);
    if (error != std::errc() || end != limit.data() + limit.size()) fail("\"" + limit + "\" is not a byte count");
    if (b.limit == 0) fail("a budget of 0 bytes cannot be met");
    for (const Budget& earlier : budgets) {
      if (earlier.binary == binary) fail("a second budget for " + binary);
    }
    budgets.push_back(b);
  }
  return budgets;
}

std::vector<BudgetLine> check_budgets(const std::vector<Budget>& budgets, const std::vector<BinarySize>& binaries) {
  std::map<std::string, BudgetLine> by_name;
  for (const Budget& b : budgets) {
    BudgetLine& line = by_name[b.binary];
    line.binary = b.binary;
    line.limit = b.limit;
  }
  for (const BinarySize& b : binaries) {
    BudgetLine& line = by_name[b.name];
    line.binary = b.name;
    line.bytes = b.file_bytes;
  }
  std::vector<BudgetLine> lines;
  for (auto& [name, line] : by_name) lines.push_back(line);
  return lines;
}

namespace {

std::string percent_of(uint64_t part, uint64_t whole) {
  return percent(100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string verdict(const BudgetLine& line) {
  if (!line.bytes) return "not built: skipped";
  if (!line.limit) return "FAIL: no budget";
  if (*line.bytes > *line.limit) return "FAIL: over by " + grouped(*line.bytes - *line.limit);
  uint64_t headroom = *line.limit - *line.bytes;
  return grouped(headroom) + " left (" + percent_of(headroom, *line.limit) + ")";
}

}  // namespace

std::string budget_report(const std::vector<BudgetLine>& lines) {
  size_t width = 6;
  for (const BudgetLine& line : lines) width = std::max(width, line.binary.size());
  std::ostringstream out;
  auto row = [&](const std::string& binary, const std::string& bytes, const std::string& limit,
                 const std::string& rest) {
    out << std::left << std::setw(static_cast<int>(width)) << binary << std::right << std::setw(10) << bytes
        << std::setw(10) << limit << "  " << rest << "\n";
  };
  row("binary", "bytes", "budget", "headroom");
  for (const BudgetLine& line : lines) {
    row(line.binary, line.bytes ? grouped(*line.bytes) : "-", line.limit ? grouped(*line.limit) : "-", verdict(line));
  }

  std::vector<const BudgetLine*> failed;
  for (const BudgetLine& line : lines) {
    if (!line.passes()) failed.push_back(&line);
  }
  if (failed.empty()) {
    out << "\nsize-check: every built binary is within its budget.\n";
    return out.str();
  }
  out << "\nsize-check: FAILED for " << failed.size() << (failed.size() == 1 ? " binary" : " binaries") << ":\n";
  for (const BudgetLine* line : failed) {
    out << "  " << line->binary << ": " << byte_count(*line->bytes) << ", ";
    if (!line->limit) {
      out << "no budget: add a line for it to the budgets file\n";
      continue;
    }
    uint64_t over = *line->bytes - *line->limit;
    out << "budget " << grouped(*line->limit) << ", over by " << byte_count(over) << " ("
        << percent_of(over, *line->limit) << ")\n";
  }
  return out.str();
}

}  // namespace size_report
