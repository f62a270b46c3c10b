#include "macho_signature.h"

#include "../stub/launch_spec.h"
#include "../stub/mem.h"
#include "sha256.h"

namespace rf {

namespace {

constexpr uint32_t kMachHeader64Size = 32;
constexpr uint32_t kLoadCodeSignature = 0x1d;

// Code signature blobs are big-endian, unlike the rest of the file.
constexpr uint32_t kMagicEmbeddedSignature = 0xfade0cc0;
constexpr uint32_t kMagicCodeDirectory = 0xfade0c02;
constexpr uint32_t kSlotCodeDirectory = 0;
constexpr uint32_t kSlotFirstAlternateDirectory = 0x1000;
constexpr uint32_t kSlotAlternateDirectoryCount = 5;
constexpr uint32_t kSlotCmsSignature = 0x10000;
constexpr uint32_t kBlobHeaderSize = 8;  // magic, length
constexpr uint32_t kFlagAdhoc = 0x2;
constexpr uint8_t kHashSha256 = 2;
constexpr uint32_t kVersionWithCodeLimit64 = 0x20300;
constexpr uint32_t kCodeDirectoryMinSize = 44;
constexpr uint32_t kCodeDirectoryWithCodeLimit64Size = 64;
constexpr size_t kMaxDirectories = 1 + kSlotAlternateDirectoryCount;

uint32_t be32(const unsigned char* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

uint64_t be64(const unsigned char* p) { return uint64_t{be32(p)} << 32 | be32(p + 4); }

// The part of a CodeDirectory that says which bytes each hash covers.
struct CodeDirectory {
  unsigned char* hashes;  // the hash of page 0, then one per page
  size_t page_size;
  size_t code_limit;
  size_t page_count;
};

struct Signature {
  size_t offset;  // of the SuperBlob in the file
  CodeDirectory directories[kMaxDirectories];
  size_t directory_count;
};

bool malformed(Arena& arena, Error& err, const char* what) {
  return err.set(1, arena.concat("the Mach-O code signature is malformed: ", what));
}

bool find_signature(unsigned char* file, size_t size, Signature* out, Arena& arena, Error& err) {
  if (size < kMachHeader64Size) return malformed(arena, err, "the header is truncated");
  uint32_t command_count = read_u32_le(file + 16);
  uint32_t commands_size = read_u32_le(file + 20);
  if (commands_size > size - kMachHeader64Size) return malformed(arena, err, "the load commands are truncated");
  const unsigned char* command = file + kMachHeader64Size;
  const unsigned char* commands_end = command + commands_size;
  for (uint32_t i = 0; i < command_count; ++i) {
    if (commands_end - command < 8) return malformed(arena, err, "the load commands are truncated");
    uint32_t command_size = read_u32_le(command + 4);
    if (command_size < 8 || command_size > static_cast<size_t>(commands_end - command))
      return malformed(arena, err, "a load command has an impossible size");
    if (read_u32_le(command) == kLoadCodeSignature) {
      if (command_size < 16) return malformed(arena, err, "LC_CODE_SIGNATURE is truncated");
      uint32_t offset = read_u32_le(command + 8);
      uint32_t length = read_u32_le(command + 12);
      if (offset > size || length > size - offset) return malformed(arena, err, "it lies outside the file");
      out->offset = offset;
      return true;
    }
    command += command_size;
  }
  return err.set(1, "the Mach-O template has no code signature (LC_CODE_SIGNATURE); macOS on arm64 runs only "
                    "signed programs, so templates are built with an ad-hoc signature");
}

bool read_code_directory(unsigned char* blob, uint32_t length, size_t signature_offset, CodeDirectory* out,
                         Arena& arena, Error& err) {
  if (length < kCodeDirectoryMinSize) return malformed(arena, err, "a CodeDirectory is truncated");
  uint32_t version = be32(blob + 8);
  uint32_t flags = be32(blob + 12);
  uint32_t hash_offset = be32(blob + 16);
  uint32_t special_slots = be32(blob + 24);
  uint32_t code_slots = be32(blob + 28);
  uint64_t code_limit = be32(blob + 32);
  uint8_t hash_size = blob[36], hash_type = blob[37], page_shift = blob[39];
  if (version >= kVersionWithCodeLimit64) {
    if (length < kCodeDirectoryWithCodeLimit64Size) return malformed(arena, err, "a CodeDirectory is truncated");
    if (uint64_t limit64 = be64(blob + 56)) code_limit = limit64;
  }
  if (!(flags & kFlagAdhoc)) {
    return err.set(1, "the Mach-O template's code signature is not ad hoc; finalize an ad-hoc signed template "
                      "and sign the launcher afterwards");
  }
  if (hash_type != kHashSha256 || hash_size != kSha256Size) {
    return err.set(1, arena.concat("the Mach-O template's code signature uses hash type ", arena.decimal(hash_type),
                                   "; this finalizer updates SHA-256 code signatures only"));
  }
  if (page_shift < 9 || page_shift > 16) return malformed(arena, err, "its page size is not one macOS uses");
  // The hashed code ends where the signature begins: a page hash never
  // covers the signature itself.
  if (code_limit > signature_offset) return malformed(arena, err, "its code limit reaches into the signature");
  size_t page_size = size_t{1} << page_shift;
  if (code_slots != (code_limit + page_size - 1) / page_size)
    return malformed(arena, err, "its number of page hashes does not match its code limit");
  if (hash_offset < uint64_t{special_slots} * kSha256Size || hash_offset > length ||
      uint64_t{code_slots} * kSha256Size > length - hash_offset)
    return malformed(arena, err, "its hash slots lie outside the CodeDirectory");
  out->hashes = blob + hash_offset;
  out->page_size = page_size;
  out->code_limit = static_cast<size_t>(code_limit);
  out->page_count = code_slots;
  return true;
}

bool read_signature(unsigned char* file, size_t size, Signature* out, Arena& arena, Error& err) {
  if (!find_signature(file, size, out, arena, err)) return false;
  unsigned char* super = file + out->offset;
  size_t available = size - out->offset;
  if (available < 12 || be32(super) != kMagicEmbeddedSignature)
    return malformed(arena, err, "LC_CODE_SIGNATURE does not point at an embedded signature");
  uint32_t length = be32(super + 4);
  uint32_t count = be32(super + 8);
  if (length > available || length < 12 || count > (length - 12) / 8)
    return malformed(arena, err, "the signature's length or blob count is impossible");
  out->directory_count = 0;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t type = be32(super + 12 + 8 * i);
    uint32_t offset = be32(super + 16 + 8 * i);
    if (offset > length || length - offset < kBlobHeaderSize) return malformed(arena, err, "a blob lies outside it");
    unsigned char* blob = super + offset;
    uint32_t blob_length = be32(blob + 4);
    if (blob_length < kBlobHeaderSize || blob_length > length - offset)
      return malformed(arena, err, "a blob lies outside it");
    if (type == kSlotCmsSignature && blob_length > kBlobHeaderSize) {
      return err.set(1, "the Mach-O template is signed with a certificate; finalize an ad-hoc signed template and "
                        "sign the launcher afterwards");
    }
    bool directory = type == kSlotCodeDirectory ||
                     (type >= kSlotFirstAlternateDirectory &&
                      type < kSlotFirstAlternateDirectory + kSlotAlternateDirectoryCount);
    if (!directory) continue;
    if (be32(blob) != kMagicCodeDirectory || out->directory_count == kMaxDirectories)
      return malformed(arena, err, "a CodeDirectory slot holds something else");
    if (!read_code_directory(blob, blob_length, out->offset, &out->directories[out->directory_count++], arena, err))
      return false;
  }
  if (out->directory_count == 0) return malformed(arena, err, "it has no CodeDirectory");
  return true;
}

void hash_page(const unsigned char* file, const CodeDirectory& cd, size_t page, unsigned char digest[kSha256Size]) {
  size_t start = page * cd.page_size;
  size_t length = cd.code_limit - start < cd.page_size ? cd.code_limit - start : cd.page_size;
  sha256(file + start, length, digest);
}

bool overlaps(const CodeDirectory& cd, size_t page, size_t begin, size_t end) {
  return page * cd.page_size < end && begin < (page + 1) * cd.page_size;
}

}  // namespace

bool update_code_signature(char* file_chars, size_t size, size_t begin, size_t end, Arena& arena, Error& err) {
  auto* file = reinterpret_cast<unsigned char*>(file_chars);
  Signature signature;
  if (!read_signature(file, size, &signature, arena, err)) return false;
  unsigned char digest[kSha256Size];
  for (size_t d = 0; d < signature.directory_count; ++d) {
    const CodeDirectory& cd = signature.directories[d];
    if (end > cd.code_limit) return err.set(1, "the launch spec region lies outside the code signature's range");
    for (size_t page = 0; page < cd.page_count; ++page) {
      if (overlaps(cd, page, begin, end)) continue;
      hash_page(file, cd, page, digest);
      if (mem_compare(digest, cd.hashes + page * kSha256Size, kSha256Size) != 0) {
        return err.set(1, arena.concat("the Mach-O template does not match its code signature (page ",
                                       arena.decimal(page), " differs); rebuild the template"));
      }
    }
  }
  for (size_t d = 0; d < signature.directory_count; ++d) {
    const CodeDirectory& cd = signature.directories[d];
    for (size_t page = begin / cd.page_size; page < cd.page_count && overlaps(cd, page, begin, end); ++page)
      hash_page(file, cd, page, cd.hashes + page * kSha256Size);
  }
  return true;
}

}  // namespace rf
