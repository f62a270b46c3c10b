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
  uint32_t version = 0x20400;
  uint32_t flags = 0x20002;  // ad hoc, linker-signed
  uint8_t hash_type = 2;     // SHA-256
  uint8_t hash_size = 32;
  int extra_slots = 0;  // added to the slot count the code limit calls for
  bool alternate_directory = false;
  bool requirements = false;  // an empty requirements blob after the directories
  bool cms_signature = false;
};

// A minimal signed 64-bit Mach-O: a header, one LC_CODE_SIGNATURE, code
// bytes up to the code limit, then the signature (at offset code_limit), its
// page hashes computed here with rf::sha256 (itself checked against FIPS
// vectors).
struct Image {
  std::vector<unsigned char> bytes;
  std::vector<size_t> directories;  // file offsets of the CodeDirectories
  size_t slots = 0;
  ImageOptions o;

  explicit Image(const ImageOptions& options = {}) : o(options) {
    slots = (o.code_limit + kPage - 1) / kPage;
    size_t blob_count = 1 + o.alternate_directory + o.requirements + o.cms_signature;
    size_t directory_size = kHashOffset + slots * o.hash_size;
    size_t signature_size = 12 + 8 * blob_count + directory_size * (1 + o.alternate_directory) + 12 * o.requirements +
                            12 * o.cms_signature;
    bytes.assign(o.code_limit + signature_size, 0);
    for (size_t i = 48; i < o.code_limit; ++i) bytes[i] = static_cast<unsigned char>(i * 31 + 7);
    le32(0, 0xfeedfacf);
    le32(16, 1);
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
      size_t at = super + next_blob;
      be32(super + 16 + 8 * b, static_cast<uint32_t>(next_blob));
      bool directory = b < 1u + o.alternate_directory;
      if (!directory) {
        bool cms = o.cms_signature && b == blob_count - 1;
        be32(super + 12 + 8 * b, cms ? 0x10000 : 2);
        be32(at, cms ? 0xfade0b01 : 0xfade0c01);
        be32(at + 4, 12);
        next_blob += 12;
        continue;
      }
      be32(super + 12 + 8 * b, b == 0 ? 0 : 0x1000);
      be32(at, 0xfade0c02);
      be32(at + 4, static_cast<uint32_t>(directory_size));
      be32(at + 8, o.version);
      be32(at + 12, o.flags);
      be32(at + 16, kHashOffset);
      be32(at + 20, kDirectoryHeader);
      be32(at + 28, static_cast<uint32_t>(slots + o.extra_slots));
      be32(at + 32, static_cast<uint32_t>(o.code_limit));
      bytes[at + 36] = o.hash_size;
      bytes[at + 37] = o.hash_type;
      bytes[at + 39] = 12;
      be32(at + 76, 0x1000);  // the executable segment's size, low word
      std::memcpy(&bytes[at + kDirectoryHeader], "id", 3);
      directories.push_back(at);
      if (o.hash_size == rf::kSha256Size) {
        for (size_t page = 0; page < slots; ++page) rf::sha256(page_start(page), page_size(page), slot(at, page));
      }
      next_blob += directory_size;
    }
  }

  unsigned char* page_start(size_t page) { return &bytes[page * kPage]; }
  size_t page_size(size_t page) const { return std::min(kPage, o.code_limit - page * kPage); }
  unsigned char* slot(size_t directory, size_t page) { return &bytes[directory + kHashOffset + page * 32]; }

  // True when every slot of every directory matches its page.
  bool consistent() {
    for (size_t d : directories) {
      for (size_t page = 0; page < slots; ++page) {
        unsigned char digest[rf::kSha256Size];
        rf::sha256(page_start(page), page_size(page), digest);
        if (std::memcmp(digest, slot(d, page), sizeof digest) != 0) return false;
      }
    }
    return true;
  }

  rf::Str str() const { return rf::Str(reinterpret_cast<const char*>(bytes.data()), bytes.size()); }

  void le32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<unsigned char>(v >> (8 * i));
  }
  void be32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<unsigned char>(v >> (24 - 8 * i));
  }
};

// Expects check_code_signature to refuse the image with a message
// containing `text`.
void expect_refused(const Image& image, const std::string& text) {
  test::TestArena t;
  rf::Error err;
  CHECK_FALSE(rf::check_code_signature(image.str(), image.o.code_limit, t.arena, err));
  REQUIRE(err.message != nullptr);
  CHECK_THAT(std::string(err.message), Catch::Contains(text));
}

// `image` with `grow` zero bytes inserted before its signature, re-signed
// through resize_code_signature and hash_code_pages as the layout code does.
std::vector<unsigned char> resigned(const Image& image, size_t grow, uint64_t text_size) {
  test::TestArena t;
  rf::Error err;
  size_t code_limit = image.o.code_limit + grow;
  rf::Str signature;
  REQUIRE(rf::resize_code_signature(image.str(), image.o.code_limit, code_limit, text_size, t.arena, &signature, err));
  CHECK(signature.size % 16 == 0);
  std::vector<unsigned char> out(image.bytes.begin(), image.bytes.begin() + image.o.code_limit);
  out.resize(code_limit, 0);
  out.insert(out.end(), signature.data, signature.data + signature.size);
  for (int i = 0; i < 4; ++i) {
    out[40 + i] = static_cast<unsigned char>(code_limit >> (8 * i));
    out[44 + i] = static_cast<unsigned char>(signature.size >> (8 * i));
  }
  REQUIRE(rf::hash_code_pages(reinterpret_cast<char*>(out.data()), out.size(), code_limit, t.arena, err));
  return out;
}

}  // namespace

TEST_CASE("macho signature: a consistent signature checks") {
  Image image;
  REQUIRE(image.consistent());
  test::TestArena t;
  rf::Error err;
  CHECK(rf::check_code_signature(image.str(), image.o.code_limit, t.arena, err));
}

TEST_CASE("macho signature: a changed byte is found on its page") {
  for (size_t offset : {size_t{100}, 2 * kPage - 1, 3 * kPage + 99}) {
    Image image;
    image.bytes[offset] ^= 0x40;
    expect_refused(image, "does not match its code signature (page " + std::to_string(offset / kPage) + " differs)");
  }
}

TEST_CASE("macho signature: hash_code_pages rewrites every page hash of every CodeDirectory") {
  ImageOptions o;
  o.alternate_directory = true;
  o.requirements = true;
  Image image(o);
  REQUIRE(image.directories.size() == 2);
  image.bytes[kPage + 1] ^= 1;
  image.bytes[o.code_limit - 1] ^= 1;  // the last page is hashed up to the code limit
  REQUIRE_FALSE(image.consistent());
  test::TestArena t;
  rf::Error err;
  REQUIRE(rf::hash_code_pages(reinterpret_cast<char*>(image.bytes.data()), image.bytes.size(), o.code_limit, t.arena,
                              err));
  CHECK(image.consistent());
}

TEST_CASE("macho signature: resizing follows the code limit, page for page") {
  ImageOptions o;
  o.alternate_directory = true;
  o.requirements = true;
  Image image(o);
  for (size_t grow : {size_t{0}, size_t{1}, kPage - 100, 2 * kPage}) {
    std::vector<unsigned char> out = resigned(image, grow, 0x4000);
    size_t code_limit = o.code_limit + grow, pages = (code_limit + kPage - 1) / kPage;
    test::TestArena t;
    rf::Error err;
    CHECK(rf::check_code_signature(rf::Str(reinterpret_cast<const char*>(out.data()), out.size()), code_limit, t.arena,
                                   err));
    auto be32 = [&](size_t at) {
      return uint32_t{out[at]} << 24 | uint32_t{out[at + 1]} << 16 | uint32_t{out[at + 2]} << 8 | out[at + 3];
    };
    // Three blobs in their order: two directories, then the requirements.
    size_t super = code_limit;
    REQUIRE(be32(super + 8) == 3);
    CHECK(be32(super + 12) == 0);
    CHECK(be32(super + 20) == 0x1000);
    CHECK(be32(super + 28) == 2);
    for (int d = 0; d < 2; ++d) {
      size_t cd = super + be32(super + 16 + 8 * d);
      CHECK(be32(cd + 4) == kHashOffset + pages * 32);
      CHECK(be32(cd + 28) == pages);
      CHECK(be32(cd + 32) == code_limit);
      CHECK(be32(cd + 72) == 0);  // the executable segment's size, high and low word
      CHECK(be32(cd + 76) == 0x4000);
      CHECK(std::memcmp(&out[cd + kDirectoryHeader], "id", 3) == 0);
      // The second page did not change, nor did its hash.
      CHECK(std::memcmp(&out[cd + kHashOffset + 32], image.slot(image.directories[d], 1), 32) == 0);
    }
    size_t requirements = super + be32(super + 32);
    CHECK(be32(requirements) == 0xfade0c01);
    CHECK(be32(super + 4) == requirements + 12 - super);
  }
}

TEST_CASE("macho signature: re-signing is deterministic") {
  Image image;
  CHECK(resigned(image, kPage, 0x4000) == resigned(image, kPage, 0x4000));
}

TEST_CASE("macho signature: refuses what it cannot re-sign") {
  SECTION("no SuperBlob where LC_CODE_SIGNATURE points") {
    test::TestArena t;
    rf::Error err;
    Image image;
    CHECK_FALSE(rf::check_code_signature(image.str(), image.o.code_limit - 16, t.arena, err));
    CHECK_THAT(std::string(err.message), Catch::Contains("does not point at an embedded signature"));
  }
  SECTION("not ad hoc") {
    ImageOptions o;
    o.flags = 0;
    expect_refused(Image(o), "not ad hoc");
  }
  SECTION("a certificate signature") {
    ImageOptions o;
    o.cms_signature = true;
    expect_refused(Image(o), "signed with a certificate");
  }
  SECTION("SHA-1 page hashes") {
    ImageOptions o;
    o.hash_type = 1;
    o.hash_size = 20;
    expect_refused(Image(o), "hash type 1");
  }
  SECTION("a CodeDirectory older than version 0x20400") {
    ImageOptions o;
    o.version = 0x20300;
    expect_refused(Image(o), "older than version 0x20400");
  }
  SECTION("a slot count that disagrees with the code limit") {
    ImageOptions o;
    o.extra_slots = 1;
    expect_refused(Image(o), "malformed");
  }
  SECTION("a signature running past the end of the file") {
    Image image;
    image.bytes.resize(image.bytes.size() - 4);
    expect_refused(image, "malformed");
  }
  SECTION("a CodeDirectory whose hashes do not end it") {
    Image image;
    image.be32(image.directories[0] + 16, kHashOffset - 8);
    expect_refused(image, "hash slots do not end the CodeDirectory");
  }
  SECTION("a code limit other than the signature's offset") {
    for (int delta : {-64, 64}) {
      ImageOptions o;
      Image image(o);
      image.be32(image.directories[0] + 32, static_cast<uint32_t>(o.code_limit + delta));
      expect_refused(image, "code limit is not where the signature begins");
    }
  }
}
