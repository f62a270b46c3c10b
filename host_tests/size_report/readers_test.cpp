// The format readers on real binaries of each format (built from sample.c by
// size_report.cmake), and on every truncation and single-byte corruption of
// their headers, which must give an error, never a read out of bounds.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "../../size_report/byte_view.h"
#include "../../size_report/measure.h"

using namespace size_report;

namespace {

std::vector<uint8_t> sample(const std::string& name) {
  std::ifstream in(std::string(SIZE_REPORT_SAMPLE_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const Part* find_part(const BinarySize& b, PartKind kind, const std::string& name) {
  auto it =
      std::find_if(b.parts.begin(), b.parts.end(), [&](const Part& p) { return p.kind == kind && p.name == name; });
  return it == b.parts.end() ? nullptr : &*it;
}

uint64_t sum(const BinarySize& b, PartKind kind) {
  uint64_t total = 0;
  for (const Part& p : b.parts) total += p.kind == kind ? p.bytes : 0;
  return total;
}

const char* const kSamples[] = {"elf-x86_64",  "elf-aarch64",   "elf-s390x",     "macho-x86_64",
                                "macho-arm64", "pe-x86_64.exe", "pe-aarch64.exe"};

}  // namespace

TEST_CASE("ELF: format, CPU, file-backed sections and loadable segments") {
  for (auto [name, cpu] : {std::pair{"elf-x86_64", "x86_64"}, {"elf-aarch64", "aarch64"}, {"elf-s390x", "s390x"}}) {
    INFO(name);
    std::vector<uint8_t> bytes = sample(name);
    BinarySize b = measure_bytes(name, bytes);
    CHECK(b.name == name);
    CHECK(b.format == Format::kElf);
    CHECK(b.cpu == cpu);
    CHECK(b.file_bytes == bytes.size());
    CHECK(find_part(b, PartKind::kSection, ".text"));
    CHECK(find_part(b, PartKind::kSection, ".rodata"));
    CHECK(find_part(b, PartKind::kSection, ".data"));
    CHECK_FALSE(find_part(b, PartKind::kSection, ".bss"));  // zero-fill: no file bytes
    CHECK(std::any_of(b.parts.begin(), b.parts.end(), [](const Part& p) {
      return p.kind == PartKind::kSegment && p.name.starts_with("LOAD #") && p.name.ends_with(" r-x");
    }));
    CHECK(sum(b, PartKind::kSegment) <= b.file_bytes);
    CHECK(bytes_in_sections(b) <= b.file_bytes);
    CHECK(page_size(b) == 4096);
  }
}

TEST_CASE("ELF without a section table: segments only") {
  std::vector<uint8_t> bytes = sample("elf-aarch64");
  for (int i = 0; i < 8; ++i) bytes[40 + i] = 0;  // e_shoff (little-endian)
  BinarySize b = measure_bytes("stripped", bytes);
  CHECK(bytes_in_sections(b) == 0);
  CHECK(sum(b, PartKind::kSegment) > 0);
}

TEST_CASE("Mach-O: segments, sections as segment,section, link-edit tables, and the arm64 page size") {
  for (auto [name, cpu, page] : {std::tuple{"macho-x86_64", "x86_64", 4096}, {"macho-arm64", "aarch64", 16384}}) {
    INFO(name);
    std::vector<uint8_t> bytes = sample(name);
    BinarySize b = measure_bytes(name, bytes);
    CHECK(b.format == Format::kMachO);
    CHECK(b.cpu == cpu);
    CHECK(page_size(b) == static_cast<uint64_t>(page));
    CHECK(find_part(b, PartKind::kSegment, "__TEXT"));
    CHECK(find_part(b, PartKind::kSegment, "__LINKEDIT"));
    CHECK_FALSE(find_part(b, PartKind::kSegment, "__PAGEZERO"));  // no file bytes
    CHECK(find_part(b, PartKind::kSection, "__TEXT,__text"));
    CHECK(find_part(b, PartKind::kSection, "__TEXT,__const"));
    CHECK(find_part(b, PartKind::kSection, "__DATA,__data"));
    CHECK_FALSE(find_part(b, PartKind::kSection, "__DATA,__common"));  // zero-fill
    CHECK(find_part(b, PartKind::kLinkEdit, "symbol table"));
    CHECK(find_part(b, PartKind::kLinkEdit, "string table"));
    CHECK(sum(b, PartKind::kSegment) == b.file_bytes);  // segments tile a Mach-O file
    CHECK(bytes_in_sections(b) < b.file_bytes);
  }
  // Only the arm64 sample carries an ad-hoc signature (lld signs arm64 by default).
  CHECK(find_part(measure_bytes("a", sample("macho-arm64")), PartKind::kLinkEdit, "code signature"));
}

TEST_CASE("PE: sections by raw size, long names from the string table, no segments") {
  for (auto [name, cpu] : {std::pair{"pe-x86_64.exe", "x86_64"}, {"pe-aarch64.exe", "aarch64"}}) {
    INFO(name);
    std::vector<uint8_t> bytes = sample(name);
    BinarySize b = measure_bytes(name, bytes);
    CHECK(b.format == Format::kPe);
    CHECK(b.cpu == cpu);
    CHECK(page_size(b) == 4096);
    const Part* text = find_part(b, PartKind::kSection, ".text");
    REQUIRE(text);
    CHECK(text->bytes % 512 == 0);  // raw sizes are whole file-alignment units
    CHECK(find_part(b, PartKind::kSection, ".debug_info"));
    CHECK(sum(b, PartKind::kSegment) == 0);
    CHECK(bytes_in_sections(b) < b.file_bytes);
  }
}

TEST_CASE("unknown formats and empty files are refused") {
  std::vector<uint8_t> text = {'#', '!', '/', 'b', 'i', 'n', '/', 's', 'h', '\n'};
  CHECK_THROWS_AS(measure_bytes("script", text), MalformedBinary);
  CHECK_THROWS_AS(measure_bytes("empty", {}), MalformedBinary);
  std::vector<uint8_t> elf32 = sample("elf-x86_64");
  elf32[4] = 1;  // ELFCLASS32
  CHECK_THROWS_WITH(measure_bytes("elf32", elf32), Catch::Contains("64-bit"));
}

TEST_CASE("every truncation of every sample is an error or a measurement, never a bad read") {
  for (const char* name : kSamples) {
    INFO(name);
    std::vector<uint8_t> bytes = sample(name);
    // Every length through the headers, then a sample of the rest.
    for (size_t length = 0; length < bytes.size(); length += length < 4096 ? 1 : 61) {
      // Copied so that the sanitizers see the end of the buffer.
      std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
      try {
        BinarySize b = measure_bytes(name, prefix);
        CHECK(b.file_bytes == length);
      } catch (const MalformedBinary&) {
      }
    }
  }
}

TEST_CASE("corrupting any header byte gives an error or a measurement, never a bad read") {
  for (const char* name : kSamples) {
    INFO(name);
    std::vector<uint8_t> bytes = sample(name);
    // Headers sit in the first kilobyte, except ELF's section table and
    // names, which sit in the last.
    const size_t kRegion = 1024;
    for (size_t at = 0; at < bytes.size(); at = at + 1 == kRegion ? std::max(at + 1, bytes.size() - kRegion) : at + 1) {
      for (uint8_t value : {uint8_t{0x00}, uint8_t{0x7f}, uint8_t{0xff}}) {
        std::vector<uint8_t> damaged = bytes;
        damaged[at] = value;
        try {
          measure_bytes(name, damaged);
        } catch (const MalformedBinary&) {
        }
      }
    }
  }
}
