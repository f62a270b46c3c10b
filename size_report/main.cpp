// size-report: measures binaries, compares two measurements, and checks
// binaries against their budgets. See usage() and size_report/build.mk.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>

#include "budgets.h"
#include "comparison.h"
#include "json_report.h"
#include "markdown_report.h"
#include "measure.h"
#include "sizes_file.h"

namespace {

using namespace size_report;
namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: size-report measure [-o SIZES] PATH...\n"
    "         Measure binaries (a directory: its executables) into a sizes file (default stdout).\n"
    "       size-report compare [--json] BASE_SIZES CURRENT_SIZES\n"
    "         Print a Markdown report (or JSON) of what changed from BASE to CURRENT.\n"
    "       size-report check BUDGETS PATH...\n"
    "         Fail (exit 1) when a measured binary exceeds its budget or has none.\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<fs::path> as_paths(std::vector<std::string_view> args) {
  if (args.empty()) throw UsageError("no binaries or directories given");
  return {args.begin(), args.end()};
}

int measure(std::vector<std::string_view> args) {
  std::string output;
  if (args.size() >= 2 && (args[0] == "-o" || args[0] == "--output")) {
    output = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  std::string sizes = write_sizes(measure_paths(as_paths(args)));
  if (output.empty()) {
    std::cout << sizes;
    return 0;
  }
  std::ofstream out(output);
  out << sizes;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + output);
  return 0;
}

int compare(std::vector<std::string_view> args) {
  bool json = !args.empty() && args[0] == "--json";
  if (json) args.erase(args.begin());
  if (args.size() != 2) throw UsageError("compare needs a base and a current sizes file");
  std::string base(args[0]), current(args[1]);
  Comparison c = size_report::compare(parse_sizes(read_text(base), base), parse_sizes(read_text(current), current));
  std::cout << (json ? json_report(c) : markdown_report(c));
  return 0;
}

int check(std::vector<std::string_view> args) {
  if (args.size() < 2) throw UsageError("check needs a budgets file and the binaries");
  std::string budgets_path(args[0]);
  std::vector<Budget> budgets = parse_budgets(read_text(budgets_path), budgets_path);
  std::vector<BudgetLine> lines = check_budgets(budgets, measure_paths(as_paths({args.begin() + 1, args.end()})));
  std::cout << budget_report(lines);
  for (const BudgetLine& line : lines) {
    if (!line.passes()) return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::string_view command = args[0];
  args.erase(args.begin());
  try {
    if (command == "measure") return measure(args);
    if (command == "compare") return compare(args);
    if (command == "check") return check(args);
    throw UsageError("unknown command \"" + std::string(command) + "\"");
  } catch (const UsageError& e) {
    std::cerr << "size-report: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "size-report: " << e.what() << "\n";
    return 2;
  }
}
