// The sizes file: what is written reads back the same, and damage is
// reported with its line.
#include "../../size_report/sizes_file.h"

#include <catch2/catch.hpp>

#include "test_binaries.h"

using namespace size_report;
using Catch::Contains;
using test::binary;

TEST_CASE("sizes files round-trip") {
  std::vector<BinarySize> binaries = {
      binary("finalize-stub", 19096,
             {{PartKind::kSegment, "LOAD #0 r-x", 18920}, {PartKind::kSection, ".text", 13875}}),
      binary("runfiles-stub-aarch64-macos", 33568,
             {{PartKind::kSection, "__TEXT,__text", 12188}, {PartKind::kLinkEdit, "code signature", 432}},
             Format::kMachO, "aarch64")};
  std::string text = write_sizes(binaries);
  CHECK_THAT(text, Contains("finalize-stub file elf x86_64 19096\n"));
  CHECK_THAT(text, Contains("finalize-stub segment 18920 LOAD #0 r-x\n"));
  CHECK_THAT(text, Contains("runfiles-stub-aarch64-macos linkedit 432 code signature\n"));

  std::vector<BinarySize> back = parse_sizes(text, "sizes.txt");
  REQUIRE(back.size() == 2);
  for (size_t i = 0; i < back.size(); ++i) {
    CHECK(back[i].name == binaries[i].name);
    CHECK(back[i].format == binaries[i].format);
    CHECK(back[i].cpu == binaries[i].cpu);
    CHECK(back[i].file_bytes == binaries[i].file_bytes);
    REQUIRE(back[i].parts.size() == binaries[i].parts.size());
    for (size_t j = 0; j < back[i].parts.size(); ++j) {
      CHECK(back[i].parts[j].kind == binaries[i].parts[j].kind);
      CHECK(back[i].parts[j].name == binaries[i].parts[j].name);
      CHECK(back[i].parts[j].bytes == binaries[i].parts[j].bytes);
    }
  }
}

TEST_CASE("part names are made printable and merged by name") {
  BinarySize b = binary("x", 100);
  add_part(b, PartKind::kSection, "a\nb\\", 3);
  add_part(b, PartKind::kSection, "", 4);
  add_part(b, PartKind::kSection, ".text", 5);
  add_part(b, PartKind::kSection, ".text", 6);
  add_part(b, PartKind::kSegment, ".text", 7);
  add_part(b, PartKind::kSection, ".bss", 0);
  REQUIRE(b.parts.size() == 4);
  CHECK(b.parts[0].name == "a\\x0ab\\x5c");
  CHECK(b.parts[1].name == "(unnamed)");
  CHECK(b.parts[2].bytes == 11);
  CHECK(b.parts[3].kind == PartKind::kSegment);
}

TEST_CASE("damaged sizes files name the line") {
  auto error = [](const std::string& text) {
    try {
      parse_sizes(text, "s.txt");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error("# c\nx file elf x86_64 12z\n"), Contains("s.txt:2: expected: <binary> file"));
  CHECK_THAT(error("x file coff x86_64 12\n"), Contains("s.txt:1: unknown format \"coff\""));
  CHECK_THAT(error("x section 12 .text\n"), Contains("s.txt:1: part of x before its file line"));
  CHECK_THAT(error("x file elf x86_64 12\nx section 12\n"), Contains("s.txt:2: expected: <binary> <kind> <bytes>"));
  CHECK_THAT(error("x file elf x86_64 12\nx blob 12 a\n"), Contains("s.txt:2: expected \"file\""));
  CHECK_THAT(error("x file elf x86_64 12\nx file elf x86_64 12\n"), Contains("s.txt:2: binary x is listed twice"));
  CHECK_THAT(error("x file elf x86_64 1\nx section 1 a\nx section 2 a\n"), Contains("s.txt:3: part a is listed twice"));
}
