#include "macho_signature.h"

#include "../stub/mem.h"
#include "sha256.h"

namespace rf {

namespace {

// Code signature blobs are big-endian, unlike the rest of the file.
constexpr uint32_t kMagicEmbeddedSignature = 0xfade0cc0;
constexpr uint32_t kMagicCodeDirectory = 0xfade0c02;
constexpr uint32_t kSlotCodeDirectory = 0;
constexpr uint32_t kSlotFirstAlternateDirectory = 0x1000;
constexpr uint32_t kSlotAlternateDirectoryCount = 5;
constexpr uint32_t kSlotCmsSignature = 0x10000;
constexpr uint32_t kSuperBlobHeaderSize = 12;  // magic, length, count
constexpr uint32_t kBlobHeaderSize = 8;        // magic, length
constexpr uint32_t kFlagAdhoc = 0x2;
constexpr uint8_t kHashSha256 = 2;
// CodeDirectories since version 0x20400 (macOS 10.14) name the executable
// segment, which a re-signed file must keep up to date; linkers and codesign
// write at least that version.
constexpr uint32_t kVersionWithExecSegment = 0x20400;
constexpr uint32_t kCodeDirectoryWithExecSegmentSize = 88;
// Field offsets in a CodeDirectory.
constexpr size_t kCdLength = 4, kCdVersion = 8, kCdFlags = 12, kCdHashOffset = 16, kCdSpecialSlots = 24,
                 kCdCodeSlots = 28, kCdCodeLimit = 32, kCdScatter = 44, kCdCodeLimit64 = 56, kCdExecSegLimit = 72;
// A SuperBlob from codesign holds a handful of blobs; lld writes one.
constexpr size_t kMaxBlobs = 16;

uint32_t be32(const unsigned char* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

uint64_t be64(const unsigned char* p) { return uint64_t{be32(p)} << 32 | be32(p + 4); }

void put_be32(unsigned char* p, uint32_t v) {
  p[0] = static_cast<unsigned char>(v >> 24);
  p[1] = static_cast<unsigned char>(v >> 16);
  p[2] = static_cast<unsigned char>(v >> 8);
  p[3] = static_cast<unsigned char>(v);
}

void put_be64(unsigned char* p, uint64_t v) {
  put_be32(p, static_cast<uint32_t>(v >> 32));
  put_be32(p + 4, static_cast<uint32_t>(v));
}

// The part of a CodeDirectory that says which bytes each hash covers.
struct CodeDirectory {
  size_t hash_offset;  // of the hash of page 0, from the directory's start
  size_t page_size;
  size_t code_limit;
  size_t page_count;
};

struct Blob {
  uint32_t type;
  unsigned char* bytes;
  uint32_t length;
  bool directory;
  CodeDirectory cd;  // when `directory`
};

struct Signature {
  size_t offset;        // of the SuperBlob in the file
  uint32_t index_end;   // where the SuperBlob's blobs may begin
  Blob blobs[kMaxBlobs];
  size_t count;
};

bool malformed(Arena& arena, Error& err, const char* what) {
  return err.set(1, arena.concat("the Mach-O code signature is malformed: ", what));
}

bool read_code_directory(const unsigned char* blob, uint32_t length, size_t signature_offset, CodeDirectory* out,
                         Arena& arena, Error& err) {
  if (length < kCodeDirectoryWithExecSegmentSize || be32(blob + kCdVersion) < kVersionWithExecSegment)
    return malformed(arena, err, "a CodeDirectory is truncated or older than version 0x20400");
  uint32_t hash_offset = be32(blob + kCdHashOffset);
  uint32_t special_slots = be32(blob + kCdSpecialSlots);
  uint32_t code_slots = be32(blob + kCdCodeSlots);
  uint32_t code_limit = be32(blob + kCdCodeLimit);
  uint8_t hash_size = blob[36], hash_type = blob[37], page_shift = blob[39];
  if (!(be32(blob + kCdFlags) & kFlagAdhoc)) {
    return err.set(1, "the Mach-O template's code signature is not ad hoc; finalize an ad-hoc signed template "
                      "and sign the launcher afterwards");
  }
  if (hash_type != kHashSha256 || hash_size != kSha256Size) {
    return err.set(1, arena.concat("the Mach-O template's code signature uses hash type ", arena.decimal(hash_type),
                                   "; this finalizer updates SHA-256 code signatures only"));
  }
  if (be32(blob + kCdScatter) != 0 || be64(blob + kCdCodeLimit64) != 0)
    return malformed(arena, err, "a CodeDirectory hashes scattered ranges or a 64-bit code limit");
  if (page_shift < 9 || page_shift > 16) return malformed(arena, err, "its page size is not one macOS uses");
  // The hashed code ends where the signature begins: a page hash never
  // covers the signature itself, and no byte before it goes unhashed.
  if (code_limit != signature_offset) return malformed(arena, err, "its code limit is not where the signature begins");
  size_t page_size = size_t{1} << page_shift;
  if (code_slots != (code_limit + page_size - 1) / page_size)
    return malformed(arena, err, "its number of page hashes does not match its code limit");
  // The page hashes end the directory, so resizing it moves nothing else.
  if (hash_offset < kCodeDirectoryWithExecSegmentSize + uint64_t{special_slots} * kSha256Size ||
      uint64_t{hash_offset} + uint64_t{code_slots} * kSha256Size != length)
    return malformed(arena, err, "its hash slots do not end the CodeDirectory");
  out->hash_offset = hash_offset;
  out->page_size = page_size;
  out->code_limit = code_limit;
  out->page_count = code_slots;
  return true;
}

bool read_signature(unsigned char* file, size_t size, size_t offset, Signature* out, Arena& arena, Error& err) {
  out->offset = offset;
  unsigned char* super = file + offset;
  size_t available = offset > size ? 0 : size - offset;
  if (available < kSuperBlobHeaderSize || be32(super) != kMagicEmbeddedSignature)
    return malformed(arena, err, "LC_CODE_SIGNATURE does not point at an embedded signature");
  uint32_t length = be32(super + 4);
  uint32_t count = be32(super + 8);
  if (length > available || length < kSuperBlobHeaderSize || count > (length - kSuperBlobHeaderSize) / 8)
    return malformed(arena, err, "the signature's length or blob count is impossible");
  if (count > kMaxBlobs) return malformed(arena, err, "it holds more blobs than a code signature has");
  out->index_end = kSuperBlobHeaderSize + 8 * count;
  out->count = count;
  size_t directories = 0;
  for (uint32_t i = 0; i < count; ++i) {
    Blob& b = out->blobs[i];
    b.type = be32(super + 12 + 8 * i);
    uint32_t at = be32(super + 16 + 8 * i);
    if (at < out->index_end || at > length || length - at < kBlobHeaderSize)
      return malformed(arena, err, "a blob lies outside it");
    b.bytes = super + at;
    b.length = be32(b.bytes + 4);
    if (b.length < kBlobHeaderSize || b.length > length - at)
      return malformed(arena, err, "a blob lies outside it");
    if (b.type == kSlotCmsSignature && b.length > kBlobHeaderSize) {
      return err.set(1, "the Mach-O template is signed with a certificate; finalize an ad-hoc signed template and "
                        "sign the launcher afterwards");
    }
    b.directory = b.type == kSlotCodeDirectory ||
                  (b.type >= kSlotFirstAlternateDirectory &&
                   b.type < kSlotFirstAlternateDirectory + kSlotAlternateDirectoryCount);
    if (!b.directory) continue;
    if (be32(b.bytes) != kMagicCodeDirectory) return malformed(arena, err, "a CodeDirectory slot holds something else");
    if (!read_code_directory(b.bytes, b.length, out->offset, &b.cd, arena, err)) return false;
    ++directories;
  }
  if (directories == 0) return malformed(arena, err, "it has no CodeDirectory");
  return true;
}

void hash_page(const unsigned char* file, const CodeDirectory& cd, size_t page, unsigned char digest[kSha256Size]) {
  size_t start = page * cd.page_size;
  size_t length = cd.code_limit - start < cd.page_size ? cd.code_limit - start : cd.page_size;
  sha256(file + start, length, digest);
}

unsigned char* bytes_of(Str s) { return reinterpret_cast<unsigned char*>(const_cast<char*>(s.data)); }

// Compares every page hash with the file (`write` false) or writes it.
bool each_page_hash(unsigned char* file, size_t size, size_t offset, bool write, Arena& arena, Error& err) {
  Signature signature;
  if (!read_signature(file, size, offset, &signature, arena, err)) return false;
  unsigned char digest[kSha256Size];
  for (size_t b = 0; b < signature.count; ++b) {
    const Blob& blob = signature.blobs[b];
    for (size_t page = 0; blob.directory && page < blob.cd.page_count; ++page) {
      unsigned char* slot = blob.bytes + blob.cd.hash_offset + page * kSha256Size;
      hash_page(file, blob.cd, page, write ? slot : digest);
      if (!write && mem_compare(digest, slot, kSha256Size) != 0) {
        return err.set(1, arena.concat("the Mach-O template does not match its code signature (page ",
                                       arena.decimal(page), " differs); rebuild the template"));
      }
    }
  }
  return true;
}

}  // namespace

bool check_code_signature(Str file, size_t offset, Arena& arena, Error& err) {
  return each_page_hash(bytes_of(file), file.size, offset, false, arena, err);
}

bool resize_code_signature(Str file, size_t offset, size_t code_limit, uint64_t text_file_size, Arena& arena, Str* out,
                           Error& err) {
  Signature signature;
  if (!read_signature(bytes_of(file), file.size, offset, &signature, arena, err)) return false;
  if (code_limit > 0xffffffff) return err.set(1, "the Mach-O launcher would be too large to sign");
  // Room for every blob with as many page hashes as the smallest page size
  // takes, and the padding (zeros, from the arena); the blobs follow the
  // SuperBlob's index.
  size_t room = signature.index_end + 16;
  for (size_t b = 0; b < signature.count; ++b)
    room += signature.blobs[b].length + ((code_limit >> 9) + 1) * kSha256Size;
  unsigned char* super = static_cast<unsigned char*>(arena.allocate(room));
  put_be32(super, kMagicEmbeddedSignature);
  put_be32(super + 8, static_cast<uint32_t>(signature.count));
  size_t at = signature.index_end;
  for (size_t b = 0; b < signature.count; ++b) {
    const Blob& blob = signature.blobs[b];
    put_be32(super + 12 + 8 * b, blob.type);
    put_be32(super + 16 + 8 * b, static_cast<uint32_t>(at));
    unsigned char* copy = super + at;
    // A CodeDirectory up to its page hashes, which hash_code_pages writes.
    size_t copied = blob.directory ? blob.cd.hash_offset : blob.length;
    size_t pages = blob.directory ? (code_limit + blob.cd.page_size - 1) / blob.cd.page_size : 0;
    mem_copy(copy, blob.bytes, copied);
    at += copied + pages * kSha256Size;
    if (!blob.directory) continue;
    put_be32(copy + kCdLength, static_cast<uint32_t>(copied + pages * kSha256Size));
    put_be32(copy + kCdCodeSlots, static_cast<uint32_t>(pages));
    put_be32(copy + kCdCodeLimit, static_cast<uint32_t>(code_limit));
    put_be64(copy + kCdExecSegLimit, text_file_size);
  }
  put_be32(super + 4, static_cast<uint32_t>(at));
  *out = Str(reinterpret_cast<char*>(super), (at + 15) & ~size_t{15});
  return true;
}

bool hash_code_pages(char* file, size_t size, size_t offset, Arena& arena, Error& err) {
  return each_page_hash(reinterpret_cast<unsigned char*>(file), size, offset, true, arena, err);
}

}  // namespace rf
