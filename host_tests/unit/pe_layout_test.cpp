// Packing a PE template (its spec payload out of the file) and growing it
// again when finalizing, on a synthetic PE32+ image.
#include <cstring>

#include "../../finalizer/pe_layout.h"
#include "test_support.h"

using namespace rf;
using test::TestArena;

namespace {

constexpr size_t kTable = 0x58 + 240;  // the section table, after the optional header
constexpr size_t kRegionInData = 100;  // where the spec region sits in .data

uint32_t get32(const std::string& b, size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

void put32(std::string& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
}

struct Section {
  uint32_t virtual_size, raw_size;
  char fill;
};

// Headers padded to 1024 bytes like lld's, then .text, .data (holding the
// empty spec region, with .bss room behind it) and .reloc.
std::string image(uint32_t data_virtual_size = 0x10000) {
  const Section sections[] = {{512, 512, '\xaa'}, {data_virtual_size, 4608, 0}, {12, 512, '\xbb'}};
  std::string b(1024, '\0');
  b[0] = 'M', b[1] = 'Z';
  put32(b, 0x3c, 0x40);
  std::memcpy(&b[0x40], "PE\0\0", 4);
  b[0x46] = 3;                        // NumberOfSections
  b[0x54] = static_cast<char>(240);   // SizeOfOptionalHeader
  b[0x58] = 0x0b, b[0x59] = 0x02;     // PE32+
  put32(b, 0x58 + 36, 512);           // FileAlignment
  put32(b, 0x58 + 60, 1024);          // SizeOfHeaders
  put32(b, 0x58 + 108, 16);           // NumberOfRvaAndSizes
  for (int i = 0; i < 3; ++i) {
    size_t h = kTable + 40 * i;
    put32(b, h + 8, sections[i].virtual_size);
    put32(b, h + 16, sections[i].raw_size);
    put32(b, h + 20, static_cast<uint32_t>(b.size()));
    b.append(sections[i].raw_size, sections[i].fill);
  }
  size_t region = 1536 + kRegionInData;
  std::memcpy(&b[region], spec::kMagic, 16);
  put32(b, region + 16, spec::kVersion);
  put32(b, region + 20, 4096);
  return b;
}

uint32_t raw_pointer(const std::string& b, int i) { return get32(b, kTable + 40 * i + 20); }
uint32_t raw_size(const std::string& b, int i) { return get32(b, kTable + 40 * i + 16); }

std::string pack(const std::string& linked, TestArena& t) {
  Error err;
  Str out;
  REQUIRE(pack_pe_template(test::view(linked), 1536 + kRegionInData, 4096, t.arena, &out, err));
  return test::str(out);
}

bool pack_fails(const std::string& linked, const char* fragment) {
  TestArena t;
  Error err;
  Str out;
  bool packed = pack_pe_template(test::view(linked), 1536 + kRegionInData, 4096, t.arena, &out, err);
  INFO(err.message);
  return !packed && std::string(err.message).find(fragment) != std::string::npos;
}

}  // namespace

TEST_CASE("packing drops the empty payload and the header slack") {
  TestArena t;
  std::string packed = pack(image(), t);
  CHECK(packed.size() == 4 * 512);
  CHECK(get32(packed, 0x58 + 60) == 512);
  CHECK(raw_pointer(packed, 0) == 512);
  CHECK(raw_size(packed, 1) == 512);
  CHECK(packed.substr(raw_pointer(packed, 0), 512) == std::string(512, '\xaa'));
  CHECK(packed.substr(raw_pointer(packed, 2), 512) == std::string(512, '\xbb'));
  CHECK(packed.substr(raw_pointer(packed, 1) + kRegionInData, 16) == std::string(spec::kMagic, 16));
}

TEST_CASE("file padding after the section's memory image is not payload") {
  // lld pads x86 code sections with int3, past the end of their memory image.
  constexpr uint32_t kImageEnd = kRegionInData + spec::kHeaderSize + 4096;
  std::string linked = image(kImageEnd);
  for (size_t i = 1536 + kImageEnd; i < 1536 + 4608; ++i) linked[i] = '\xcc';
  TestArena t;
  std::string packed = pack(linked, t);
  CHECK(raw_size(packed, 1) == 512);
  CHECK(packed.substr(raw_pointer(packed, 1) + kRegionInData + spec::kHeaderSize, 512 - kRegionInData -
                      spec::kHeaderSize) == std::string(512 - kRegionInData - spec::kHeaderSize, '\0'));

  linked[1536 + kImageEnd - 1] = 1;
  CHECK(pack_fails(linked, "not the last data of its section"));
}

TEST_CASE("finalizing grows the section over the payload and moves what follows") {
  TestArena t;
  std::string packed = pack(image(), t);
  size_t region = raw_pointer(packed, 1) + kRegionInData;
  std::string payload(1000, 'p');
  Error err;
  Str out;
  REQUIRE(extend_pe_template(test::view(packed), region, 4096, test::view(payload), t.arena, &out, err));
  std::string grown = test::str(out);
  CHECK(raw_size(grown, 1) == 3 * 512);  // 100 + 28 + 1000 bytes, rounded up
  CHECK(grown.size() == packed.size() + 2 * 512);
  CHECK(grown.substr(region + spec::kHeaderSize, payload.size()) == payload);
  CHECK(grown.substr(raw_pointer(grown, 2), 512) == std::string(512, '\xbb'));
  CHECK(grown.substr(raw_pointer(grown, 0), 512) == std::string(512, '\xaa'));
}

TEST_CASE("a small payload fits in the packed section as it is") {
  TestArena t;
  std::string packed = pack(image(), t);
  Error err;
  Str out;
  REQUIRE(extend_pe_template(test::view(packed), raw_pointer(packed, 1) + kRegionInData, 4096, Str("tiny"), t.arena,
                             &out, err));
  CHECK(out.size == packed.size());
}

TEST_CASE("an unpacked template is finalized in place") {
  TestArena t;
  std::string linked = image();
  Error err;
  Str out;
  REQUIRE(extend_pe_template(test::view(linked), 1536 + kRegionInData, 4096, Str("abc"), t.arena, &out, err));
  std::string expected = linked;
  std::memcpy(&expected[1536 + kRegionInData + spec::kHeaderSize], "abc", 3);
  CHECK(test::str(out) == expected);
}

TEST_CASE("packing refuses templates it would damage") {
  std::string data_after = image();
  data_after[1536 + 3000] = 1;
  CHECK(pack_fails(data_after, "not the last data of its section"));

  std::string signed_image = image();
  put32(signed_image, 0x58 + 112 + 8 * 4 + 4, 100);  // certificate table size
  CHECK(pack_fails(signed_image, "signed"));

  CHECK(pack_fails(image(1024), "too small in memory"));

  std::string pe32 = image();
  pe32[0x59] = 0x01;
  CHECK(pack_fails(pe32, "PE32+"));
}
