// The finalizer's refusals of bad input that the integration suite found:
// a PE template cut short after its spec region, and an option whose value
// is missing at the end of the command line.
#include <cstring>

#include "../../finalizer/cli.h"
#include "../../finalizer/template_patch.h"
#include "test_support.h"

using namespace rf;

namespace {

// MZ header, "PE\0\0", a COFF header, a PE32+ optional header (file
// alignment 0x200) and one section of `raw_size` bytes at 0x200, with an
// empty spec region (capacity 64) at the section's start.
std::string pe_template(uint32_t raw_size) {
  std::string b(0x200 + raw_size, '\0');
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
  };
  b[0] = 'M', b[1] = 'Z';
  put32(0x3c, 0x40);
  std::memcpy(&b[0x40], "PE\0\0", 4);
  b[0x40 + 6] = 1;                   // NumberOfSections
  b[0x40 + 20] = static_cast<char>(240);  // SizeOfOptionalHeader
  b[0x58] = 0x0b, b[0x59] = 0x02;    // PE32+
  put32(0x58 + 36, 0x200);           // FileAlignment
  put32(0x58 + 60, 0x200);           // SizeOfHeaders
  const size_t section = 0x58 + 240;
  put32(section + 8, raw_size);      // VirtualSize
  put32(section + 16, raw_size);
  put32(section + 20, 0x200);
  std::memcpy(&b[0x200], spec::kMagic, 16);
  put32(0x200 + 16, spec::kVersion);
  put32(0x200 + 20, 64);
  return b;
}

LaunchSpec one_argument() {
  static SpecRecord arg = {spec::kLiteral, "/bin/true", "/bin/true"};
  LaunchSpec s;
  s.count = 1;
  s.records = &arg;
  return s;
}

TEST_CASE("a PE template is finalized only when it holds all its sections") {
  test::TestArena t;
  std::string whole = pe_template(0x200);
  Str output;
  Error err;
  CHECK(finalize_template(test::view(whole), one_argument(), t.arena, &output, err));

  std::string cut = whole.substr(0, 0x300);
  CHECK_FALSE(finalize_template(test::view(cut), one_argument(), t.arena, &output, err));
  CHECK(std::string(err.message) == "the PE template is truncated: its sections run past the end of the file");
}

TEST_CASE("a PE template whose sections do not follow its headers is refused") {
  // Finalizing would move the section, and with it the spec region, away
  // from where the payload is written.
  test::TestArena t;
  std::string gap = pe_template(0x200);
  gap[0x58 + 60 + 1] = 0x01;  // SizeOfHeaders 0x100: a gap before the section
  Str output;
  Error err;
  CHECK_FALSE(finalize_template(test::view(gap), one_argument(), t.arena, &output, err));
  CHECK(std::string(err.message) == "the PE template's sections do not follow its headers");

  // Headers that end inside the section table, the section right after them.
  std::string small_headers = pe_template(0x200);
  small_headers[0x58 + 60 + 1] = 0x01;        // SizeOfHeaders 0x100
  small_headers[0x58 + 240 + 20 + 1] = 0x01;  // PointerToRawData 0x100
  small_headers[0x58 + 240 + 16 + 1] = 0x03;  // SizeOfRawData 0x300
  CHECK_FALSE(finalize_template(test::view(small_headers), one_argument(), t.arena, &output, err));
  CHECK(std::string(err.message) == "the PE template's headers are damaged");
}

TEST_CASE("a PE template that ends right after its COFF header is refused without reading past it") {
  // 128 bytes: an empty spec region (capacity 32) at 0x10, "PE\0\0" at 0x68
  // and the COFF header up to the end, without an optional header.
  std::vector<char> b(128, 0);
  b[0] = 'M', b[1] = 'Z', b[0x3c] = 0x68;
  std::memcpy(&b[0x68], "PE\0\0", 4);
  std::memcpy(&b[0x10], spec::kMagic, 16);
  b[0x20] = spec::kVersion;
  b[0x24] = 32;
  test::TestArena t;
  Str output;
  Error err;
  CHECK_FALSE(finalize_template(Str(b.data(), b.size()), one_argument(), t.arena, &output, err));
  CHECK(std::string(err.message) == "the PE template's headers are damaged or not PE32+");
}

TEST_CASE("an option without its value says so") {
  for (const char* option : {"--template", "-o", "--transform", "--env"}) {
    test::TestArena t;
    char* argv[] = {const_cast<char*>("finalize-stub"), const_cast<char*>(option)};
    FinalizeOptions options;
    Error err;
    CHECK_FALSE(parse_command_line(2, argv, t.arena, &options, err));
    CHECK(err.exit_code == 2);
    CHECK(std::string(err.message) == std::string(option) + " needs a value");
  }
}

}  // namespace
