// The size gate: parsing budgets, checking measurements against them, and
// what it prints when binaries pass, are over, are missing or have no budget.
#include "../../size_report/budgets.h"

#include <catch2/catch.hpp>

#include "test_binaries.h"

using namespace size_report;
using Catch::Contains;
using test::binary;

namespace {

bool all_pass(const std::vector<BudgetLine>& lines) {
  for (const BudgetLine& line : lines) {
    if (!line.passes()) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("budgets files: names and byte counts, comments and blank lines") {
  std::vector<Budget> b = parse_budgets("# limits\n\nstub-a   9028  # 60% of 15048\nfinalize-stub 65536\n", "budgets");
  REQUIRE(b.size() == 2);
  CHECK(b[0].binary == "stub-a");
  CHECK(b[0].limit == 9028);
  CHECK(b[1].binary == "finalize-stub");
  CHECK(b[1].limit == 65536);

  CHECK_THROWS_WITH(parse_budgets("a\n", "budgets"), Contains("budgets:1: expected \"<binary> <bytes>\""));
  CHECK_THROWS_WITH(parse_budgets("a 1 2\n", "budgets"), Contains("budgets:1: expected"));
  CHECK_THROWS_WITH(parse_budgets("a 9k\n", "budgets"), Contains("\"9k\" is not a byte count"));
  CHECK_THROWS_WITH(parse_budgets("a 0\n", "budgets"), Contains("cannot be met"));
  CHECK_THROWS_WITH(parse_budgets("a 1\n# x\na 2\n", "budgets"), Contains("budgets:3: a second budget for a"));
}

TEST_CASE("within budget: every binary with its budget and headroom") {
  auto lines = check_budgets({{"a", 10000}, {"b", 2000}}, {binary("a", 9000), binary("b", 2000)});
  CHECK(all_pass(lines));
  std::string report = budget_report(lines);
  CHECK_THAT(report, Contains("binary     bytes    budget  headroom\n"));
  CHECK_THAT(report, Contains("a          9,000    10,000  1,000 left (10.00%)\n"));
  CHECK_THAT(report, Contains("b          2,000     2,000  0 left (0.00%)\n"));
  CHECK_THAT(report, Contains("size-check: every built binary is within its budget."));
}

TEST_CASE("over budget: fails, listing every binary over and by how much") {
  auto lines =
      check_budgets({{"a", 9028}, {"b", 100}, {"c", 500}}, {binary("a", 15232), binary("b", 101), binary("c", 400)});
  CHECK_FALSE(all_pass(lines));
  std::string report = budget_report(lines);
  CHECK_THAT(report, Contains("a         15,232     9,028  FAIL: over by 6,204\n"));
  CHECK_THAT(report, Contains("size-check: FAILED for 2 binaries:\n"));
  CHECK_THAT(report, Contains("  a: 15,232 bytes, budget 9,028, over by 6,204 bytes (68.72%)\n"));
  CHECK_THAT(report, Contains("  b: 101 bytes, budget 100, over by 1 byte (1.00%)\n"));
  CHECK_THAT(report, !Contains("  c: "));
}

TEST_CASE("a budget for a binary that is not built is skipped, not failed") {
  auto lines = check_budgets({{"a", 100}, {"later-port", 100}}, {binary("a", 50)});
  CHECK(all_pass(lines));
  CHECK_THAT(budget_report(lines), Contains("later-port         -       100  not built: skipped\n"));
}

TEST_CASE("a built binary without a budget fails") {
  auto lines = check_budgets({{"a", 100}}, {binary("a", 50), binary("new-target", 10)});
  CHECK_FALSE(all_pass(lines));
  std::string report = budget_report(lines);
  CHECK_THAT(report, Contains("FAIL: no budget"));
  CHECK_THAT(report, Contains("  new-target: 10 bytes, no budget: add a line for it to the budgets file\n"));
}
