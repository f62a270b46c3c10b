// Packing a Mach-O template (finalizer/macho_layout.h) and extending it when
// finalizing, on a synthetic image shaped like ld64.lld's output.
#include <algorithm>
#include <cstring>
#include <vector>

#include "../../finalizer/macho_layout.h"
#include "../../finalizer/macho_signature.h"
#include "test_support.h"

using namespace rf;
using test::TestArena;

namespace {

constexpr uint64_t kPage = 4096;  // x86_64's, and the code signature's
constexpr uint64_t kArmPage = 16384;
constexpr uint64_t kBase = 0x100000000;
constexpr size_t kCapacity = 4096;
// Load command types and section types.
constexpr uint32_t kSegment = 0x19, kSymtab = 0x2, kDysymtab = 0xb, kDyldInfoOnly = 0x80000022, kMain = 0x80000028,
                   kCodeSignature = 0x1d, kFunctionStarts = 0x26;
constexpr uint32_t kRegular = 0, kZeroFill = 1, kCStrings = 2, kNonLazyPointers = 6;

uint64_t round_up(uint64_t n, uint64_t page = kPage) { return (n + page - 1) / page * page; }

struct Bytes {
  std::vector<unsigned char> b;

  uint64_t get(size_t at, int width) const {
    uint64_t v = 0;
    for (int i = width; i-- > 0;) v = v << 8 | b[at + i];
    return v;
  }
  void put(size_t at, int width, uint64_t v) {
    for (int i = 0; i < width; ++i) b[at + i] = static_cast<unsigned char>(v >> (8 * i));
  }
  void put_be(size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<unsigned char>(v >> (24 - 8 * i));
  }
  Str str() const { return Str(reinterpret_cast<const char*>(b.data()), b.size()); }
};

// What to vary in the linked image.
struct Linked {
  bool arm64 = false;
  size_t code_size = 3 * kPage;   // __text, after the header; the region follows
  unsigned char data_byte = 0;    // __DATA's file content, zeros from lld
  size_t rodata_sections = 2;     // between __text and the region, 24 bytes each, 32 apart
  uint32_t extra_command = 0;     // a load command to add, 0 for none
  size_t header_pad = 0;          // room after the load commands
  bool section_after_region = false;
};

struct Command {
  size_t at;
  uint32_t cmd;
};

// A linked template: __PAGEZERO, __TEXT (__text, read-only data, then the
// empty spec region ending it), __DATA (__got in the file, __bss), __LINKEDIT (bind opcodes
// for the GOT's two pointers, symbols, indirect symbols, an ad-hoc
// signature), as ld64.lld writes them, signed.
struct Image : Bytes {
  size_t region = 0;
  size_t signature = 0;
  std::vector<Command> commands;

  explicit Image(const Linked& l = {}) {
    const uint32_t text_sections = 2 + l.rodata_sections + l.section_after_region;
    std::vector<std::pair<uint32_t, uint32_t>> layout = {
        {kSegment, 72}, {kSegment, 72 + 80 * text_sections}, {kSegment, 72 + 2 * 80}, {kSegment, 72},
        {kDyldInfoOnly, 48}, {kSymtab, 24}, {kDysymtab, 80}, {kMain, 24}, {kCodeSignature, 16}};
    if (l.extra_command) layout.push_back({l.extra_command, 16});
    size_t commands_size = 0;
    for (auto& c : layout) commands_size += c.second;
    size_t code = 32 + commands_size + l.header_pad;
    size_t rodata = code + l.code_size;
    region = rodata + 32 * l.rodata_sections;
    uint64_t page = l.arm64 ? kArmPage : kPage;
    uint64_t text_size = round_up(region + spec::kHeaderSize + kCapacity, page);
    uint64_t data_vm = kBase + text_size, linkedit = text_size + page;

    // __LINKEDIT: bind opcodes (dylib 1, pointers, __DATA is segment 2), two
    // undefined symbols, their indirect entries, strings, then the signature.
    const unsigned char bind[] = {0x11, 0x40, '_', 'a', 0, 0x51, 0x72, 0, 0x90, 0x40, '_', 'b', 0, 0x90, 0, 0};
    size_t symbols = linkedit + sizeof bind, indirect = symbols + 32, strings = indirect + 8;
    signature = strings + 8;
    size_t cd_size = 96 + (signature + kPage - 1) / kPage * 32;
    b.assign(signature + 20 + cd_size, 0);
    for (size_t i = code; i < region; ++i) b[i] = static_cast<unsigned char>(i * 13 + 1);
    for (size_t i = text_size; i < linkedit; ++i) b[i] = l.data_byte;
    std::memcpy(&b[region], spec::kMagic, 16);
    put(region + 16, 4, spec::kVersion);
    put(region + 20, 4, kCapacity);
    std::memcpy(&b[linkedit], bind, sizeof bind);
    put(symbols, 4, 1), put(symbols + 4, 1, 1);  // "_a", undefined, external
    put(symbols + 16, 4, 4), put(symbols + 20, 1, 1);
    put(indirect + 4, 4, 1);
    std::memcpy(&b[strings], " \0_a\0_b\0", 8);

    put(0, 4, 0xfeedfacf), put(4, 4, l.arm64 ? 0x0100000c : 0x01000007), put(8, 4, l.arm64 ? 0 : 3), put(12, 4, 2);
    put(16, 4, layout.size()), put(20, 4, commands_size);
    size_t at = 32;
    for (auto& c : layout) {
      commands.push_back({at, c.first});
      put(at, 4, c.first), put(at + 4, 4, c.second);
      at += c.second;
    }
    segment(0, "__PAGEZERO", 0, kBase, 0, 0, 0);
    segment(1, "__TEXT", kBase, text_size, 0, text_size, 5);
    section(1, 0, "__text", kBase + code, l.code_size, code, kRegular);
    for (size_t i = 0; i < l.rodata_sections; ++i) {
      size_t at = rodata + 32 * i;
      section(1, 1 + i, i ? "__const" : "__cstring", kBase + at, 24, at, i ? kRegular : kCStrings, i ? 4 : 0);
    }
    size_t next = 1 + l.rodata_sections;
    section(1, next, "__launch_spec", kBase + region, spec::kHeaderSize + kCapacity, region, kRegular);
    if (l.section_after_region) section(1, next + 1, "__const", kBase + text_size - 8, 8, text_size - 8, kRegular);
    segment(2, "__DATA", data_vm, 3 * page, text_size, page, 3);
    section(2, 0, "__got", data_vm, 16, text_size, kNonLazyPointers, 3);
    section(2, 1, "__bss", data_vm + 16, 2 * page, 0, kZeroFill, 4);
    segment(3, "__LINKEDIT", data_vm + 3 * page, b.size() - linkedit, linkedit, b.size() - linkedit, 1);
    size_t dyld_info = commands[4].at, symtab = commands[5].at, dysymtab = commands[6].at;
    put(dyld_info + 16, 4, linkedit), put(dyld_info + 20, 4, sizeof bind);
    put(symtab + 8, 4, symbols), put(symtab + 12, 4, 2), put(symtab + 16, 4, strings), put(symtab + 20, 4, 8);
    put(dysymtab + 24, 4, 0), put(dysymtab + 28, 4, 2), put(dysymtab + 56, 4, indirect), put(dysymtab + 60, 4, 2);
    put(commands[7].at + 8, 8, code);
    put(commands[8].at + 8, 4, signature), put(commands[8].at + 12, 4, b.size() - signature);

    // An ad-hoc SuperBlob with one version 0x20400 CodeDirectory, id "id".
    put_be(signature, 0xfade0cc0), put_be(signature + 4, 20 + cd_size), put_be(signature + 8, 1);
    put_be(signature + 16, 20);
    size_t cd = signature + 20;
    put_be(cd, 0xfade0c02), put_be(cd + 4, cd_size), put_be(cd + 8, 0x20400), put_be(cd + 12, 0x20002);
    put_be(cd + 16, 96), put_be(cd + 20, 88), put_be(cd + 28, (signature + kPage - 1) / kPage);
    put_be(cd + 32, signature);
    b[cd + 36] = 32, b[cd + 37] = 2, b[cd + 39] = 12;
    put_be(cd + 76, text_size);
    std::memcpy(&b[cd + 88], "id", 3);
    sign();
  }

  void sign() {
    TestArena t;
    Error err;
    REQUIRE(hash_code_pages(reinterpret_cast<char*>(b.data()), b.size(), signature, t.arena, err));
  }

  size_t command(size_t index) const { return commands[index].at; }
  void segment(size_t index, const char* name, uint64_t vmaddr, uint64_t vmsize, uint64_t fileoff, uint64_t filesize,
               uint32_t prot) {
    size_t at = command(index);
    std::memcpy(&b[at + 8], name, std::strlen(name));
    put(at + 24, 8, vmaddr), put(at + 32, 8, vmsize), put(at + 40, 8, fileoff), put(at + 48, 8, filesize);
    put(at + 56, 4, prot), put(at + 60, 4, prot);
    put(at + 64, 4, (get(at + 4, 4) - 72) / 80);
  }
  void section(size_t segment_index, size_t index, const char* name, uint64_t addr, uint64_t size, uint32_t offset,
               uint32_t type, uint32_t align = 0) {
    size_t at = command(segment_index) + 72 + 80 * index;
    std::memcpy(&b[at], name, std::strlen(name));
    std::memcpy(&b[at + 16], &b[command(segment_index) + 8], 16);
    put(at + 32, 8, addr), put(at + 40, 8, size), put(at + 48, 4, offset), put(at + 52, 4, align);
    put(at + 64, 4, type);
  }
};

// A packed or finalized file, read back.
struct Reader : Bytes {
  explicit Reader(Str s) { b.assign(s.data, s.data + s.size); }

  // The load command offsets in order.
  std::vector<size_t> commands() const {
    std::vector<size_t> out;
    size_t at = 32;
    for (uint64_t i = 0; i < get(16, 4); ++i, at += get(at + 4, 4)) out.push_back(at);
    return out;
  }
  size_t find(uint32_t cmd) const {
    for (size_t at : commands())
      if (get(at, 4) == cmd) return at;
    FAIL("no load command " << cmd);
    return 0;
  }
  std::vector<size_t> segments() const {
    std::vector<size_t> out;
    for (size_t at : commands())
      if (get(at, 4) == kSegment) out.push_back(at);
    return out;
  }
  std::string name(size_t at) const { return std::string(reinterpret_cast<const char*>(&b[at]), 16).c_str(); }
  uint64_t vmaddr(size_t seg) const { return get(seg + 24, 8); }
  uint64_t vmsize(size_t seg) const { return get(seg + 32, 8); }
  uint64_t fileoff(size_t seg) const { return get(seg + 40, 8); }
  uint64_t filesize(size_t seg) const { return get(seg + 48, 8); }
  size_t section(size_t seg, size_t index) const { return seg + 72 + 80 * index; }
  std::vector<std::string> section_names(size_t seg) const {
    std::vector<std::string> out;
    for (size_t i = 0; i < get(seg + 64, 4); ++i) out.push_back(name(section(seg, i)));
    return out;
  }

  bool signed_ok() const {
    TestArena t;
    Error err;
    bool ok = check_code_signature(str(), get(find(kCodeSignature) + 8, 4), t.arena, err);
    if (!ok) UNSCOPED_INFO(err.message);
    return ok;
  }
};

Reader pack(const Image& image) {
  static TestArena t(8 << 20);
  Error err;
  Str out;
  bool ok = pack_macho_template(image.str(), image.region, kCapacity, t.arena, &out, err);
  if (!ok) FAIL(err.message);
  return Reader(out);
}

void expect_pack_refused(const Image& image, const std::string& text) {
  TestArena t;
  Error err;
  Str out;
  CHECK_FALSE(pack_macho_template(image.str(), image.region, kCapacity, t.arena, &out, err));
  REQUIRE(err.message != nullptr);
  CHECK_THAT(std::string(err.message), Catch::Contains(text));
}

// The packed file extended with `payload` bytes of 'p'.
Reader extend(const Reader& packed, size_t region, size_t payload) {
  TestArena t;
  Error err;
  std::string bytes(payload, 'p');
  Str out;
  bool ok = extend_macho_template(packed.str(), region, Str(bytes.data(), bytes.size()), t.arena, &out, err);
  if (!ok) FAIL(err.message);
  Reader r(out);
  CHECK(r.get(region + 24, 4) == payload);  // the region's length field
  return r;
}

}  // namespace

TEST_CASE("macho layout: packing keeps __TEXT up to the region header's page, the rest zero-fill") {
  Image image;
  Reader p = pack(image);
  uint64_t text_end = round_up(image.region + spec::kHeaderSize);
  uint64_t region_end = image.region + spec::kHeaderSize + kCapacity;
  std::vector<size_t> seg = p.segments();
  REQUIRE(seg.size() == 5);
  CHECK(p.name(seg[0] + 8) == "__PAGEZERO");
  CHECK(p.name(seg[1] + 8) == "__TEXT");
  CHECK(p.name(seg[2] + 8) == "__LAUNCH_SPEC");
  CHECK(p.name(seg[3] + 8) == "__DATA");
  CHECK(p.name(seg[4] + 8) == "__LINKEDIT");
  CHECK(p.filesize(seg[1]) == text_end);
  CHECK(p.vmsize(seg[1]) == text_end);
  // The read-only data sections, one now; __launch_spec up to __TEXT's end.
  CHECK(p.section_names(seg[1]) == std::vector<std::string>{"__text", "__const", "__launch_spec"});
  size_t rodata = p.section(seg[1], 1);
  CHECK(p.get(rodata + 32, 8) == image.get(image.command(1) + 72 + 80 + 32, 8));
  CHECK(p.get(rodata + 40, 8) == 32 + 24);
  CHECK(p.get(rodata + 48, 4) == image.get(image.command(1) + 72 + 80 + 48, 4));
  CHECK(p.get(rodata + 52, 4) == 4);  // the larger alignment
  CHECK(p.get(rodata + 64, 4) == kRegular);
  CHECK(p.get(p.section(seg[1], 2) + 40, 8) == text_end - image.region);

  // __LAUNCH_SPEC: read-only zero fill from __TEXT's end to __DATA, with a
  // section for the rest of the region.
  CHECK(p.vmaddr(seg[2]) == kBase + text_end);
  CHECK(p.vmsize(seg[2]) == round_up(region_end) - text_end);
  CHECK(p.vmaddr(seg[2]) + p.vmsize(seg[2]) == p.vmaddr(seg[3]));
  CHECK(p.filesize(seg[2]) == 0);
  CHECK(p.get(seg[2] + 56, 4) == 1);
  CHECK(p.get(seg[2] + 60, 4) == 1);
  size_t tail = p.section(seg[2], 0);
  CHECK(p.name(tail) == "__launch_spec");
  CHECK(p.name(tail + 16) == "__LAUNCH_SPEC");
  CHECK(p.get(tail + 32, 8) == kBase + text_end);
  CHECK(p.get(tail + 40, 8) == region_end - text_end);
  CHECK(p.get(tail + 64, 4) == kZeroFill);

  // __DATA: one zero-fill section, the GOT and the arena; __LINKEDIT right
  // after __TEXT, ending the file.
  CHECK(p.filesize(seg[3]) == 0);
  CHECK(p.section_names(seg[3]) == std::vector<std::string>{"__bss"});
  size_t bss = p.section(seg[3], 0);
  CHECK(p.get(bss + 32, 8) == p.vmaddr(seg[3]));
  CHECK(p.get(bss + 40, 8) == 16 + 2 * kPage);
  CHECK(p.get(bss + 48, 4) == 0);
  CHECK(p.get(bss + 52, 4) == 4);
  CHECK(p.get(bss + 64, 4) == kZeroFill);
  CHECK(p.fileoff(seg[4]) == text_end);
  CHECK(p.fileoff(seg[4]) + p.filesize(seg[4]) == p.b.size());
  CHECK(p.signed_ok());
  // The load commands: two section headers fewer, one segment command with a
  // section more; the rest of __TEXT is as linked.
  size_t linked_end = 32 + image.get(20, 4);
  CHECK(p.get(20, 4) == image.get(20, 4) - 2 * 80 + 152);
  CHECK(std::all_of(p.b.begin() + 32 + p.get(20, 4), p.b.begin() + linked_end, [](unsigned char c) { return c == 0; }));
  CHECK(std::memcmp(&p.b[linked_end], &image.b[linked_end], text_end - linked_end) == 0);
}

TEST_CASE("macho layout: packing keeps the bind opcodes, renumbered, and drops the symbol tables") {
  Image image;
  Reader p = pack(image);
  size_t dyld_info = p.find(kDyldInfoOnly);
  size_t bind = p.get(dyld_info + 16, 4);
  REQUIRE(p.get(dyld_info + 20, 4) == 16);
  CHECK(bind == p.fileoff(p.segments()[4]));
  std::vector<unsigned char> expected = {0x11, 0x40, '_', 'a', 0, 0x51, 0x73, 0, 0x90, 0x40, '_', 'b', 0, 0x90, 0, 0};
  CHECK(std::vector<unsigned char>(p.b.begin() + bind, p.b.begin() + bind + 16) == expected);
  size_t symtab = p.find(kSymtab), dysymtab = p.find(kDysymtab);
  CHECK(p.get(symtab + 8, 8) == 0);  // no symbols, no strings
  CHECK(p.get(symtab + 16, 8) == 0);
  CHECK(p.get(dysymtab + 28, 4) == 0);
  CHECK(p.get(dysymtab + 56, 8) == 0);
  // The signature follows at 16 bytes.
  size_t signature = p.get(p.find(kCodeSignature) + 8, 4);
  CHECK(signature == bind + 16);
  CHECK(p.get(p.find(kCodeSignature) + 12, 4) + signature == p.b.size());
}

TEST_CASE("macho layout: a region that fits in __TEXT's last page needs no __LAUNCH_SPEC") {
  Linked l;
  l.arm64 = true;
  l.code_size = 100;
  Image image(l);
  Reader p = pack(image);
  std::vector<size_t> seg = p.segments();
  REQUIRE(seg.size() == 4);
  CHECK(p.name(seg[2] + 8) == "__DATA");
  CHECK(p.filesize(seg[1]) == kArmPage);
  CHECK(p.get(p.section(seg[1], 2) + 40, 8) == spec::kHeaderSize + kCapacity);
  size_t bind = p.get(p.find(kDyldInfoOnly) + 16, 4);
  CHECK(p.b[bind + 6] == 0x72);  // __DATA is still segment 2
  CHECK(p.signed_ok());
  Reader full = extend(p, image.region, kCapacity);
  CHECK(full.b.size() == p.b.size());
  CHECK(full.signed_ok());
}

TEST_CASE("macho layout: a payload that fits is written in place") {
  Image image;
  Reader p = pack(image);
  size_t room = round_up(image.region + spec::kHeaderSize) - image.region - spec::kHeaderSize;
  Reader f = extend(p, image.region, room);
  REQUIRE(f.b.size() == p.b.size());
  CHECK(f.signed_ok());
  size_t payload = image.region + spec::kHeaderSize;
  CHECK(std::string(f.b.begin() + payload, f.b.begin() + payload + room) == std::string(room, 'p'));
  // Only the length field, the payload and the signature changed.
  size_t signature = p.get(p.find(kCodeSignature) + 8, 4);
  for (size_t i = 0; i < signature; ++i) {
    if (i < payload - 4 || i >= payload + room) REQUIRE(f.b[i] == p.b[i]);
  }
}

TEST_CASE("macho layout: a longer payload gives __LAUNCH_SPEC its page in the file") {
  Image image;
  Reader p = pack(image);
  uint64_t text_end = round_up(image.region + spec::kHeaderSize);
  size_t room = text_end - image.region - spec::kHeaderSize;
  for (size_t payload : {room + 1, size_t{kCapacity}}) {
    Reader f = extend(p, image.region, payload);
    std::vector<size_t> seg = f.segments();
    uint64_t spec_size = p.vmsize(p.segments()[2]);
    CHECK(f.fileoff(seg[2]) == text_end);
    CHECK(f.filesize(seg[2]) == spec_size);
    size_t tail = f.section(seg[2], 0);
    CHECK(f.get(tail + 48, 4) == text_end);
    CHECK(f.get(tail + 64, 4) == kRegular);
    CHECK(f.fileoff(seg[3]) == text_end + spec_size);
    CHECK(f.filesize(seg[3]) == 0);
    CHECK(f.fileoff(seg[4]) == text_end + spec_size);
    CHECK(f.fileoff(seg[4]) + f.filesize(seg[4]) == f.b.size());
    // __LINKEDIT moved as a whole, its offsets with it; one more page hash.
    size_t old_bind = p.get(p.find(kDyldInfoOnly) + 16, 4), bind = f.get(f.find(kDyldInfoOnly) + 16, 4);
    CHECK(bind == old_bind + spec_size);
    CHECK(std::memcmp(&f.b[bind], &p.b[old_bind], 16) == 0);
    CHECK(f.get(f.find(kCodeSignature) + 8, 4) == p.get(p.find(kCodeSignature) + 8, 4) + spec_size);
    CHECK(f.b.size() == p.b.size() + spec_size + 32);
    CHECK(f.signed_ok());
    size_t start = image.region + spec::kHeaderSize;
    CHECK(std::string(f.b.begin() + start, f.b.begin() + start + payload) == std::string(payload, 'p'));
    CHECK(std::all_of(f.b.begin() + start + payload, f.b.begin() + text_end + spec_size,
                      [](unsigned char c) { return c == 0; }));
  }
}

TEST_CASE("macho layout: extension refuses a payload beyond the region's memory") {
  Image image;
  Reader p = pack(image);
  TestArena t;
  Error err;
  std::string too_long(kCapacity + kPage, 'p');
  Str out;
  CHECK_FALSE(extend_macho_template(p.str(), image.region, Str(too_long.data(), too_long.size()), t.arena, &out, err));
  CHECK_THAT(std::string(err.message), Catch::Contains("__LAUNCH_SPEC does not hold the rest of the spec region"));
}

TEST_CASE("macho layout: what packing refuses") {
  SECTION("initialized data in __DATA") {
    Linked l;
    l.data_byte = 1;
    expect_pack_refused(Image(l), "__DATA has contents in the file");
  }
  SECTION("a section after the spec region") {
    Linked l;
    l.section_after_region = true;
    expect_pack_refused(Image(l), "a __TEXT section follows the spec region");
  }
  SECTION("a spec payload that is not empty") {
    Image image;
    image.b[image.region + spec::kHeaderSize + 5] = 1;
    image.sign();
    expect_pack_refused(image, "spec payload is not empty");
  }
  SECTION("no room for the segment command") {
    // Merging frees one section header in __DATA, none in __TEXT: 80 of 152 bytes.
    Linked l;
    l.rodata_sections = 1;
    l.header_pad = 71;
    expect_pack_refused(Image(l), "no room for the __LAUNCH_SPEC segment command");
    l.header_pad = 72;
    Reader p = pack(Image(l));
    CHECK(p.section_names(p.segments()[1]) == std::vector<std::string>{"__text", "__cstring", "__launch_spec"});
  }
  SECTION("a load command it cannot move") {
    Linked l;
    l.extra_command = kFunctionStarts;
    expect_pack_refused(Image(l), "load command (number 38)");
  }
  SECTION("rebase info") {
    Image image;
    size_t dyld_info = image.command(4);
    image.put(dyld_info + 8, 4, image.get(dyld_info + 16, 4));
    image.put(dyld_info + 12, 4, 1);
    image.sign();
    expect_pack_refused(image, "rebase, weak or lazy bind info");
  }
  SECTION("no code signature") {
    Image image;
    image.put(image.command(8), 4, 0x1b);  // LC_UUID instead of LC_CODE_SIGNATURE
    expect_pack_refused(image, "has no code signature (LC_CODE_SIGNATURE)");
  }
  SECTION("a broken signature") {
    Image image;
    image.b[image.region - 1] ^= 1;
    expect_pack_refused(image, "does not match its code signature");
  }
  SECTION("a template packed already") {
    Image image;
    Reader p = pack(image);
    TestArena t;
    Error err;
    Str out;
    CHECK_FALSE(pack_macho_template(p.str(), image.region, kCapacity, t.arena, &out, err));
    CHECK_THAT(std::string(err.message), Catch::Contains("packed already"));
  }
}

TEST_CASE("macho layout: packing and extending are deterministic") {
  Image image;
  Reader a = pack(image), b = pack(image);
  CHECK(a.b == b.b);
  CHECK(extend(a, image.region, 3000).b == extend(b, image.region, 3000).b);
}
