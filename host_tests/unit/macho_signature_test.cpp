#include <cstring>
#include <vector>

#include "../../finalizer/macho_signature.h"
#include "../../finalizer/sha256.h"
#include "test_support.h"

namespace {

constexpr size_t kPage = 4096;
constexpr size_t kDirectoryHeader = 88;  // a version 0x20400 CodeDirectory
constexpr size_t kHashOffset = 96;       // after the header and "id\0", padded

struct ImageOptions {
  size_t code_limit = 3 * kPage + 100;
  uint32_t flags = 0x20002;  // ad hoc, linker-signed
  uint8_t hash_type = 2;     // SHA-256
  uint8_t hash_size = 32;
  int extra_slots = 0;  // added to the slot count the code limit calls for
  bool load_command = true;
  bool alternate_directory = false;
  bool cms_signature = false;
};

// A minimal signed 64-bit Mach-O: a header, one LC_CODE_SIGNATURE, code
// bytes up to the code limit, then the signature, laid out as ld64 does.
struct Image {
  std::vector<unsigned char> bytes;
  std::vector<size_t> directories;  // file offsets of the CodeDirectories
  size_t slots = 0;

  explicit Image(const ImageOptions& o = {}) {
    slots = (o.code_limit + kPage - 1) / kPage;
    size_t blob_count = 1 + o.alternate_directory + o.cms_signature;
    size_t directory_size = kHashOffset + slots * o.hash_size;
    size_t signature_size = 12 + 8 * blob_count + directory_size * (1 + o.alternate_directory) + 12;
    bytes.assign(o.code_limit + signature_size, 0);
    for (size_t i = 48; i < o.code_limit; ++i) bytes[i] = static_cast<unsigned char>(i * 31 + 7);
    le32(0, 0xfeedfacf);
    le32(16, o.load_command ? 1 : 0);
    le32(20, 16);
    le32(32, 0x1d);
    le32(36, 16);
    le32(40, static_cast<uint32_t>(o.code_limit));
    le32(44, static_cast<uint32_t>(signature_size));

    size_t super = o.code_limit;
    be32(super, 0xfade0cc0);
    be32(super + 4, static_cast<uint32_t>(signature_size));
    be32(super + 8, static_cast<uint32_t>(blob_count));
    size_t next_blob = 12 + 8 * blob_count;
    for (size_t b = 0; b < blob_count; ++b) {
      bool cms = o.cms_signature && b == blob_count - 1;
      be32(super + 12 + 8 * b, cms ? 0x10000 : (b == 0 ? 0 : 0x1000));
      be32(super + 16 + 8 * b, static_cast<uint32_t>(next_blob));
      size_t at = super + next_blob;
      if (cms) {
        be32(at, 0xfade0b01);
        be32(at + 4, 12);
        next_blob += 12;
        continue;
      }
      be32(at, 0xfade0c02);
      be32(at + 4, static_cast<uint32_t>(directory_size));
      be32(at + 8, 0x20400);
      be32(at + 12, o.flags);
      be32(at + 16, kHashOffset);
      be32(at + 20, kDirectoryHeader);
      be32(at + 28, static_cast<uint32_t>(slots + o.extra_slots));
      be32(at + 32, static_cast<uint32_t>(o.code_limit));
      bytes[at + 36] = o.hash_size;
      bytes[at + 37] = o.hash_type;
      bytes[at + 39] = 12;
      std::memcpy(&bytes[at + kDirectoryHeader], "id", 3);
      directories.push_back(at);
      if (o.hash_size == rf::kSha256Size) {
        for (size_t page = 0; page < slots; ++page) rf::sha256(page_start(page), page_size(page, o), slot(at, page));
      }
      next_blob += directory_size;
    }
  }

  unsigned char* page_start(size_t page) { return &bytes[page * kPage]; }
  static size_t page_size(size_t page, const ImageOptions& o) {
    return std::min(kPage, o.code_limit - page * kPage);
  }
  unsigned char* slot(size_t directory, size_t page) { return &bytes[directory + kHashOffset + page * 32]; }

  // True when every slot of every directory matches its page.
  bool consistent(const ImageOptions& o = {}) {
    for (size_t d : directories) {
      for (size_t page = 0; page < slots; ++page) {
        unsigned char digest[rf::kSha256Size];
        rf::sha256(page_start(page), page_size(page, o), digest);
        if (std::memcmp(digest, slot(d, page), sizeof digest) != 0) return false;
      }
    }
    return true;
  }

  bool update(size_t begin, size_t end, rf::Arena& arena, rf::Error& err) {
    return rf::update_code_signature(reinterpret_cast<char*>(bytes.data()), bytes.size(), begin, end, arena, err);
  }

  void le32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<unsigned char>(v >> (8 * i));
  }
  void be32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<unsigned char>(v >> (24 - 8 * i));
  }
};

// Expects update() to fail with a message containing `text` and to leave
// the image as it was.
void expect_refused(Image& image, size_t begin, size_t end, const std::string& text) {
  test::TestArena t;
  rf::Error err;
  std::vector<unsigned char> before = image.bytes;
  CHECK_FALSE(image.update(begin, end, t.arena, err));
  REQUIRE(err.message != nullptr);
  CHECK_THAT(std::string(err.message), Catch::Contains(text));
  CHECK(image.bytes == before);
}

}  // namespace

TEST_CASE("macho signature: re-hashes exactly the pages the change overlaps") {
  Image image;
  REQUIRE(image.consistent());
  std::vector<unsigned char> slot0(image.slot(image.directories[0], 0), image.slot(image.directories[0], 0) + 32);
  std::vector<unsigned char> slot3(image.slot(image.directories[0], 3), image.slot(image.directories[0], 3) + 32);
  // A change straddling pages 1 and 2.
  size_t begin = 2 * kPage - 10, end = 2 * kPage + 10;
  for (size_t i = begin; i < end; ++i) image.bytes[i] ^= 0x5a;
  CHECK_FALSE(image.consistent());
  test::TestArena t;
  rf::Error err;
  REQUIRE(image.update(begin, end, t.arena, err));
  CHECK(image.consistent());
  CHECK(std::memcmp(image.slot(image.directories[0], 0), slot0.data(), 32) == 0);
  CHECK(std::memcmp(image.slot(image.directories[0], 3), slot3.data(), 32) == 0);
}

TEST_CASE("macho signature: the last page is hashed up to the code limit") {
  ImageOptions o;
  Image image(o);
  size_t last = o.code_limit - 1;
  image.bytes[last] ^= 1;
  test::TestArena t;
  rf::Error err;
  REQUIRE(image.update(last, last + 1, t.arena, err));
  CHECK(image.consistent(o));
}

TEST_CASE("macho signature: an empty change leaves the file as it is") {
  Image image;
  std::vector<unsigned char> before = image.bytes;
  test::TestArena t;
  rf::Error err;
  REQUIRE(image.update(kPage, kPage, t.arena, err));
  CHECK(image.bytes == before);
}

TEST_CASE("macho signature: every CodeDirectory is updated") {
  ImageOptions o;
  o.alternate_directory = true;
  Image image(o);
  REQUIRE(image.directories.size() == 2);
  image.bytes[kPage + 1] ^= 1;
  test::TestArena t;
  rf::Error err;
  REQUIRE(image.update(kPage, kPage + 2, t.arena, err));
  CHECK(image.consistent(o));
}

TEST_CASE("macho signature: the same input gives the same bytes") {
  Image a, b;
  for (Image* image : {&a, &b}) {
    image->bytes[100] = 42;
    test::TestArena t;
    rf::Error err;
    REQUIRE(image->update(100, 101, t.arena, err));
  }
  CHECK(a.bytes == b.bytes);
}

TEST_CASE("macho signature: a page outside the change that no longer matches is refused") {
  Image image;
  image.bytes[100] ^= 1;  // page 0, not part of the change below
  expect_refused(image, 2 * kPage, 2 * kPage + 8, "does not match its code signature (page 0 differs)");
}

TEST_CASE("macho signature: refuses what it cannot re-sign") {
  SECTION("no LC_CODE_SIGNATURE") {
    ImageOptions o;
    o.load_command = false;
    Image image(o);
    expect_refused(image, kPage, kPage + 1, "no code signature");
  }
  SECTION("not ad hoc") {
    ImageOptions o;
    o.flags = 0;
    Image image(o);
    expect_refused(image, kPage, kPage + 1, "not ad hoc");
  }
  SECTION("a certificate signature") {
    ImageOptions o;
    o.cms_signature = true;
    Image image(o);
    expect_refused(image, kPage, kPage + 1, "signed with a certificate");
  }
  SECTION("SHA-1 page hashes") {
    ImageOptions o;
    o.hash_type = 1;
    o.hash_size = 20;
    Image image(o);
    expect_refused(image, kPage, kPage + 1, "hash type 1");
  }
  SECTION("a slot count that disagrees with the code limit") {
    ImageOptions o;
    o.extra_slots = 1;
    Image image(o);
    expect_refused(image, kPage, kPage + 1, "number of page hashes does not match its code limit");
  }
  SECTION("a change beyond the code limit") {
    ImageOptions o;
    Image image(o);
    expect_refused(image, o.code_limit - 1, o.code_limit + 1, "outside the code signature's range");
  }
  SECTION("a signature running past the end of the file") {
    Image image;
    image.bytes.resize(image.bytes.size() - 4);
    expect_refused(image, kPage, kPage + 1, "malformed");
  }
  SECTION("a CodeDirectory whose hashes lie outside it") {
    Image image;
    image.be32(image.directories[0] + 16, 0x7fffffff);
    expect_refused(image, kPage, kPage + 1, "hash slots lie outside");
  }
  SECTION("a code limit reaching into the signature") {
    ImageOptions o;
    Image image(o);
    image.be32(image.directories[0] + 32, static_cast<uint32_t>(o.code_limit + 64));
    expect_refused(image, kPage, kPage + 1, "reaches into the signature");
  }
}
