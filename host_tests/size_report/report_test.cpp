// The Markdown and JSON renderings of a comparison, and number formatting.
#include <catch2/catch.hpp>

#include "../../size_report/json_report.h"
#include "../../size_report/markdown_report.h"
#include "../../size_report/number_format.h"
#include "test_binaries.h"

using namespace size_report;
using Catch::Contains;
using test::binary;

TEST_CASE("numbers: thousands groups, explicit signs, two-decimal percentages") {
  CHECK(grouped(0) == "0");
  CHECK(grouped(999) == "999");
  CHECK(grouped(1000) == "1,000");
  CHECK(grouped(24576) == "24,576");
  CHECK(grouped(1234567) == "1,234,567");
  CHECK(signed_grouped(0) == "0");
  CHECK(signed_grouped(4096) == "+4,096");
  CHECK(signed_grouped(-12) == "-12");
  CHECK(signed_percent(0) == "0.00%");
  CHECK(signed_percent(12.345) == "+12.35%");
  CHECK(signed_percent(-100) == "-100.00%");
  CHECK(signed_percent(0.001) == "+<0.01%");  // a real change never reads as none
  CHECK(signed_percent(-0.004) == "-<0.01%");
  CHECK(percent(-3.5) == "3.50%");
}

namespace {

Comparison sample_comparison() {
  return compare({binary("runfiles-stub-x86_64-linux", 8192,
                         {{PartKind::kSegment, "LOAD #0 r-x", 8000}, {PartKind::kSection, ".text", 7000}}),
                  binary("finalize-stub", 20000), binary("old-tool", 1000)},
                 {binary("runfiles-stub-x86_64-linux", 8200,
                         {{PartKind::kSegment, "LOAD #0 r-x", 8008}, {PartKind::kSection, ".text", 7008}}),
                  binary("finalize-stub", 20000),
                  binary("runfiles-stub-aarch64-macos", 33000, {{PartKind::kLinkEdit, "code signature", 400}},
                         Format::kMachO, "aarch64")});
}

}  // namespace

TEST_CASE("Markdown: the table, with a total line") {
  std::string md = markdown_report(sample_comparison());
  CHECK_THAT(md, Contains("| binary | base | current | change | % |\n| :--- | ---: | ---: | ---: | ---: |\n"));
  CHECK_THAT(md, Contains("| `finalize-stub` | 20,000 | 20,000 | 0 | 0.00% |\n"));
  CHECK_THAT(md, Contains("| `runfiles-stub-x86_64-linux` | 8,192 | 8,200 | +8 | +0.10% |\n"));
  CHECK_THAT(md, Contains("| `runfiles-stub-aarch64-macos` | – | 33,000 | +33,000 | new |\n"));
  CHECK_THAT(md, Contains("| `old-tool` | 1,000 | – | -1,000 | removed |\n"));
  CHECK_THAT(md, Contains("| **total** | **29,192** | **61,200** | **+32,008** | **+109.65%** |\n"));
}

TEST_CASE("Markdown: page crossings and where each binary changed") {
  std::string md = markdown_report(sample_comparison());
  CHECK_THAT(md, Contains("- `runfiles-stub-x86_64-linux` grows from 2 to 3 pages of 4 KiB (8,192 → 8,200 bytes)"));
  CHECK_THAT(md, Contains("#### `runfiles-stub-x86_64-linux`: +8 bytes\n"));
  CHECK_THAT(md, Contains("| segment `LOAD #0 r-x` | 8,000 | 8,008 | +8 |\n"));
  CHECK_THAT(md, Contains("| section `.text` | 7,000 | 7,008 | +8 |\n"));
  CHECK_THAT(md, Contains("#### `runfiles-stub-aarch64-macos`: +33,000 bytes (new)\n"));
  CHECK_THAT(md, Contains("| linkedit `code signature` | – | 400 | +400 |\n"));
  CHECK_THAT(md, Contains("| outside sections (headers, padding) | – | 32,600 | +32,600 |\n"));
  CHECK_THAT(md, Contains("#### `old-tool`: -1,000 bytes (removed)\n"));
  CHECK_THAT(md, !Contains("#### `finalize-stub`"));  // unchanged
}

TEST_CASE("Markdown: parts that changed inside an unchanged file size are shown") {
  std::string md = markdown_report(compare({binary("m", 32768, {{PartKind::kSection, "__TEXT,__text", 12000}})},
                                           {binary("m", 32768, {{PartKind::kSection, "__TEXT,__text", 12100}})}));
  CHECK_THAT(md, Contains("| `m` | 32,768 | 32,768 | 0 | 0.00% |\n"));
  CHECK_THAT(md, Contains("#### `m`: 0 bytes (parts changed, but page padding kept the file size)\n"));
  CHECK_THAT(md, Contains("| section `__TEXT,__text` | 12,000 | 12,100 | +100 |\n"));
  CHECK_THAT(md, Contains("| outside sections (headers, padding) | 20,768 | 20,668 | -100 |\n"));
}

TEST_CASE("Markdown: nothing changed") {
  std::string md = markdown_report(compare({binary("a", 10)}, {binary("a", 10)}));
  CHECK_THAT(md, Contains("No binary changed size."));
  CHECK_THAT(md, !Contains("Page boundaries"));
}

TEST_CASE("JSON: every binary with nulls for the missing side, and the total") {
  std::string json = json_report(sample_comparison());
  CHECK_THAT(json,
             Contains("{\"name\": \"old-tool\", \"status\": \"removed\", \"format\": \"elf\", \"cpu\": \"x86_64\", "
                      "\"base\": 1000, \"current\": null, \"change\": -1000, \"percent\": -100.0000"));
  CHECK_THAT(json, Contains("\"name\": \"runfiles-stub-aarch64-macos\", \"status\": \"added\", \"format\": \"mach-o\", "
                            "\"cpu\": \"aarch64\", \"base\": null, \"current\": 33000, \"change\": 33000, "
                            "\"percent\": null, \"page_size\": 16384, \"base_pages\": null, \"current_pages\": 3"));
  CHECK_THAT(json, Contains("\"base_pages\": 2, \"current_pages\": 3, \"crosses_page_boundary\": true"));
  CHECK_THAT(
      json, Contains("{\"kind\": \"section\", \"name\": \".text\", \"base\": 7000, \"current\": 7008, \"change\": 8}"));
  CHECK_THAT(json,
             Contains("\"total\": {\"base\": 29192, \"current\": 61200, \"change\": 32008, \"percent\": 109.6465}"));
}

TEST_CASE("JSON: names are escaped") {
  std::string json = json_report(compare({}, {binary("a\"b\\c", 1, {{PartKind::kSection, "x\ty", 1}})}));
  CHECK_THAT(json, Contains("\"name\": \"a\\\"b\\\\c\""));
  CHECK_THAT(json, Contains("\"name\": \"x\\u0009y\""));
}
