// Comparing two measurements: per-binary and total arithmetic, added and
// removed binaries, which parts changed, and page-boundary crossings.
#include "../../size_report/comparison.h"

#include <catch2/catch.hpp>

#include "test_binaries.h"

using namespace size_report;
using test::binary;

namespace {

const BinaryChange& find(const Comparison& c, const std::string& name) {
  for (const BinaryChange& b : c.binaries) {
    if (b.name == name) return b;
  }
  FAIL("no binary " << name);
  throw;
}

}  // namespace

TEST_CASE("changes, percentages and totals") {
  Comparison c = compare({binary("a", 10000), binary("b", 4000), binary("gone", 500)},
                         {binary("a", 9000), binary("b", 4000), binary("new", 1500)});
  REQUIRE(c.binaries.size() == 4);
  CHECK(c.binaries[0].name == "a");  // by name
  CHECK(c.binaries[3].name == "new");

  const BinaryChange& a = find(c, "a");
  CHECK(a.status == Status::kChanged);
  CHECK(a.change == -1000);
  CHECK(*a.percent == Approx(-10.0));

  const BinaryChange& b = find(c, "b");
  CHECK(b.status == Status::kUnchanged);
  CHECK(b.change == 0);
  CHECK(*b.percent == 0.0);

  const BinaryChange& added = find(c, "new");
  CHECK(added.status == Status::kAdded);
  CHECK_FALSE(added.base);
  CHECK(*added.current == 1500);
  CHECK(added.change == 1500);
  CHECK_FALSE(added.percent);
  CHECK_FALSE(added.crosses_page_boundary);

  const BinaryChange& gone = find(c, "gone");
  CHECK(gone.status == Status::kRemoved);
  CHECK(*gone.base == 500);
  CHECK_FALSE(gone.current);
  CHECK(gone.change == -500);
  CHECK(*gone.percent == Approx(-100.0));

  CHECK(c.total.base == 14500);
  CHECK(c.total.current == 14500);
  CHECK(c.total.change == 0);
  CHECK(*c.total.percent == 0.0);
}

TEST_CASE("a total with no base has no percentage") {
  Comparison c = compare({}, {binary("x", 100)});
  CHECK(c.total.base == 0);
  CHECK(c.total.change == 100);
  CHECK_FALSE(c.total.percent);
}

TEST_CASE("only the parts whose bytes differ are listed, new and gone ones included") {
  Comparison c = compare({binary("x", 9000,
                                 {{PartKind::kSegment, "LOAD #0 r-x", 8000},
                                  {PartKind::kSection, ".text", 6000},
                                  {PartKind::kSection, ".rodata", 1000},
                                  {PartKind::kSection, ".old", 200}})},
                         {binary("x", 9500,
                                 {{PartKind::kSegment, "LOAD #0 r-x", 8400},
                                  {PartKind::kSection, ".text", 6400},
                                  {PartKind::kSection, ".rodata", 1000},
                                  {PartKind::kSection, ".new", 100}})});
  const BinaryChange& x = find(c, "x");
  REQUIRE(x.parts.size() == 4);
  CHECK(x.parts[0].name == "LOAD #0 r-x");
  CHECK(x.parts[0].change() == 400);
  CHECK(x.parts[1].name == ".text");
  CHECK(x.parts[1].change() == 400);
  CHECK(x.parts[2].name == ".new");
  CHECK_FALSE(x.parts[2].base);
  CHECK(x.parts[3].name == ".old");
  CHECK_FALSE(x.parts[3].current);
  CHECK(x.parts[3].change() == -200);
  // 9000 - 7200 in sections before, 9500 - 7500 after.
  CHECK(x.base_outside_sections == 1800);
  CHECK(x.current_outside_sections == 2000);
}

TEST_CASE("a binary without sections has nothing outside them") {
  Comparison c = compare({binary("x", 5000, {{PartKind::kSegment, "LOAD #0 r-x", 4900}})},
                         {binary("x", 5100, {{PartKind::kSegment, "LOAD #0 r-x", 5000}})});
  CHECK(find(c, "x").base_outside_sections == 0);
  CHECK(find(c, "x").current_outside_sections == 0);
}

TEST_CASE("pages: whole pages needed to hold a file") {
  CHECK(pages(0, 4096) == 0);
  CHECK(pages(1, 4096) == 1);
  CHECK(pages(4096, 4096) == 1);
  CHECK(pages(4097, 4096) == 2);
  CHECK(pages(32768, 16384) == 2);
  CHECK(pages(32769, 16384) == 3);
}

TEST_CASE("page boundaries: 4 KiB in general") {
  auto crosses = [](uint64_t base, uint64_t current, Format format = Format::kElf, const char* cpu = "x86_64") {
    return find(compare({binary("x", base, {}, format, cpu)}, {binary("x", current, {}, format, cpu)}), "x")
        .crosses_page_boundary;
  };
  CHECK(crosses(8192, 8193));
  CHECK(crosses(8193, 8192));
  CHECK_FALSE(crosses(8191, 8192));
  CHECK_FALSE(crosses(4097, 8192));
  CHECK_FALSE(crosses(5000, 5000));
  CHECK(crosses(16384, 16385, Format::kMachO, "x86_64"));
  CHECK(crosses(9000, 8000, Format::kPe, "aarch64"));  // PE on arm64 still uses 4 KiB
  CHECK(crosses(4096, 4097, Format::kElf, "aarch64"));

  SECTION("and 16 KiB for arm64 Mach-O") {
    CHECK_FALSE(crosses(4097, 16384, Format::kMachO, "aarch64"));  // 2 -> 4 pages of 4 KiB, but 1 of 16
    CHECK_FALSE(crosses(16385, 32768, Format::kMachO, "aarch64"));
    CHECK(crosses(16384, 16385, Format::kMachO, "aarch64"));
    CHECK(crosses(32768, 32769, Format::kMachO, "aarch64"));
    CHECK(crosses(33000, 30000, Format::kMachO, "aarch64"));
  }
}

TEST_CASE("a new or removed binary crosses no boundary") {
  Comparison c = compare({binary("gone", 9000)}, {binary("new", 9000)});
  CHECK_FALSE(find(c, "gone").crosses_page_boundary);
  CHECK_FALSE(find(c, "new").crosses_page_boundary);
  CHECK(find(c, "gone").page_size == 4096);
}
