#include "pe_layout.h"

#include "../stub/mem.h"

namespace rf {

namespace {

constexpr size_t kSectionHeaderSize = 40;
constexpr size_t kVirtualSize = 8, kRawSize = 16, kRawPointer = 20;  // in a section header
constexpr uint32_t kPe32Plus = 0x20b;
// Data directories that address file offsets, which moving sections breaks:
// the certificate table and debug data.
constexpr uint32_t kFileAddressedDirectories[] = {4, 6};

uint32_t get32(const unsigned char* p) { return read_u32_le(p); }
uint32_t get16(const unsigned char* p) { return p[0] | p[1] << 8; }
void put32(unsigned char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

uint32_t round_up(uint64_t n, uint32_t alignment) {
  return static_cast<uint32_t>((n + alignment - 1) / alignment * alignment);
}

// Where the headers of a PE32+ file are, checked against its size.
struct PeLayout {
  size_t optional;      // the optional header
  size_t table;         // the section table
  size_t count;         // sections in it
  uint32_t alignment;   // FileAlignment
  size_t region;        // the section holding the spec region
};

const unsigned char* bytes_of(Str s) { return reinterpret_cast<const unsigned char*>(s.data); }

bool read_layout(Str file, size_t region_offset, PeLayout* out, Error& err) {
  const unsigned char* p = bytes_of(file);
  size_t pe = get32(p + 0x3c);
  if (file.size < 64 || pe > file.size - 24) return err.set(1, "the PE template's headers are damaged");
  out->optional = pe + 24;
  out->table = out->optional + get16(p + pe + 20);
  out->count = get16(p + pe + 6);
  // The optional header's size is checked first: it bounds the reads in it.
  if (get16(p + pe + 20) < 112 || out->table > file.size ||
      out->count > (file.size - out->table) / kSectionHeaderSize || get16(p + out->optional) != kPe32Plus)
    return err.set(1, "the PE template's headers are damaged or not PE32+");
  out->alignment = get32(p + out->optional + 36);
  if (out->alignment < 512 || (out->alignment & (out->alignment - 1)))
    return err.set(1, "the PE template's file alignment is not a power of two of at least 512");
  uint32_t directories = get32(p + out->optional + 108);
  for (uint32_t d : kFileAddressedDirectories) {
    size_t entry = out->optional + 112 + 8 * d;
    if (d < directories && entry + 8 <= out->table && get32(p + entry + 4) != 0)
      return err.set(1, "the PE template is signed or has debug data, which moving its sections would break");
  }
  // Sections with file content must follow each other, in table order.
  uint64_t end = 0;
  out->region = out->count;
  for (size_t i = 0; i < out->count; ++i) {
    const unsigned char* s = p + out->table + kSectionHeaderSize * i;
    uint64_t pointer = get32(s + kRawPointer), size = get32(s + kRawSize);
    if (size == 0) continue;
    if (pointer < end || pointer + size > file.size) return err.set(1, "the PE template's sections are out of order");
    if (pointer <= region_offset && region_offset < pointer + size) out->region = i;
    end = pointer + size;
  }
  if (out->region == out->count) return err.set(1, "the PE template's spec region is in no section");
  return true;
}

unsigned char* section(unsigned char* file, const PeLayout& pe, size_t i) {
  return file + pe.table + kSectionHeaderSize * i;
}

// Checks that the region's section maps `capacity` payload bytes after the
// region header (as file content or zero fill). Returns that header's end,
// relative to the section's file content.
bool payload_mapped(Str file, const PeLayout& pe, size_t region_offset, size_t capacity, uint32_t* header_end,
                     Error& err) {
  const unsigned char* s = bytes_of(file) + pe.table + kSectionHeaderSize * pe.region;
  *header_end = static_cast<uint32_t>(region_offset + spec::kHeaderSize - get32(s + kRawPointer));
  if (*header_end > get32(s + kRawSize)) return err.set(1, "the PE template's spec region header is cut off");
  if (get32(s + kVirtualSize) < static_cast<uint64_t>(*header_end) + capacity)
    return err.set(1, "the PE template's section is too small in memory for its spec payload");
  return true;
}

// A copy of `file` in which the region's section has `raw_size` bytes of file
// content (cut, or extended with zeros) and the headers take `headers_size`
// bytes; every section's content is moved to follow the one before.
Str relayout(Str file, const PeLayout& pe, uint32_t raw_size, uint32_t headers_size, Arena& arena) {
  const unsigned char* in = bytes_of(file);
  uint64_t total = headers_size;
  for (size_t i = 0; i < pe.count; ++i)
    total += i == pe.region ? raw_size : get32(in + pe.table + kSectionHeaderSize * i + kRawSize);
  unsigned char* out = static_cast<unsigned char*>(arena.allocate(static_cast<size_t>(total)));
  for (size_t i = 0; i < total; ++i) out[i] = 0;
  mem_copy(out, in, headers_size);
  uint32_t at = headers_size;
  for (size_t i = 0; i < pe.count; ++i) {
    unsigned char* s = section(out, pe, i);
    uint32_t old_size = get32(s + kRawSize), size = i == pe.region ? raw_size : old_size;
    if (size == 0) continue;
    mem_copy(out + at, in + get32(s + kRawPointer), size < old_size ? size : old_size);
    put32(s + kRawPointer, at);
    put32(s + kRawSize, size);
    at += size;
  }
  put32(out + pe.optional + 60, headers_size);  // SizeOfHeaders
  return Str(reinterpret_cast<char*>(out), static_cast<size_t>(total));
}

}  // namespace

bool pack_pe_template(Str linked, size_t region_offset, size_t capacity, Arena& arena, Str* out, Error& err) {
  PeLayout pe;
  uint32_t header_end;
  if (!read_layout(linked, region_offset, &pe, err) ||
      !payload_mapped(linked, pe, region_offset, capacity, &header_end, err))
    return false;
  const unsigned char* s = bytes_of(linked) + pe.table + kSectionHeaderSize * pe.region;
  // Up to the end of the section's memory image: the file padding after it
  // is not the section's (lld pads x86 code with int3).
  uint32_t raw_size = get32(s + kRawSize), virtual_size = get32(s + kVirtualSize);
  size_t content_end = get32(s + kRawPointer) + (raw_size < virtual_size ? raw_size : virtual_size);
  for (size_t i = region_offset + spec::kHeaderSize; i < content_end; ++i)
    if (linked[i]) return err.set(1, "the PE template's spec region is not the last data of its section, or not empty");
  uint32_t headers = round_up(pe.table + kSectionHeaderSize * pe.count, pe.alignment);
  if (headers > get32(bytes_of(linked) + pe.optional + 60)) return err.set(1, "the PE template's headers are damaged");
  *out = relayout(linked, pe, round_up(header_end, pe.alignment), headers, arena);
  return true;
}

bool extend_pe_template(Str pe_file, size_t region_offset, size_t capacity, Str payload, Arena& arena, Str* out,
                        Error& err) {
  PeLayout pe;
  uint32_t header_end;
  if (!read_layout(pe_file, region_offset, &pe, err) ||
      !payload_mapped(pe_file, pe, region_offset, capacity, &header_end, err))
    return false;
  // The payload goes in place, so relayout must not move the region: the
  // sections have to follow each other from the end of the headers on, as
  // packing leaves them.
  uint32_t headers = get32(bytes_of(pe_file) + pe.optional + 60);
  uint64_t at = headers;
  for (size_t i = 0; i < pe.count; ++i) {
    const unsigned char* h = bytes_of(pe_file) + pe.table + kSectionHeaderSize * i;
    if (get32(h + kRawSize) == 0) continue;
    if (get32(h + kRawPointer) != at) return err.set(1, "the PE template's sections do not follow its headers");
    at += get32(h + kRawSize);
  }
  if (headers < pe.table + kSectionHeaderSize * pe.count) return err.set(1, "the PE template's headers are damaged");
  const unsigned char* s = bytes_of(pe_file) + pe.table + kSectionHeaderSize * pe.region;
  uint32_t raw_size = get32(s + kRawSize), needed = round_up(header_end + payload.size, pe.alignment);
  *out = relayout(pe_file, pe, needed > raw_size ? needed : raw_size, headers, arena);
  mem_copy(const_cast<char*>(out->data) + region_offset + spec::kHeaderSize, payload.data, payload.size);
  return true;
}

}  // namespace rf
