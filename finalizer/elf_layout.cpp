#include "elf_layout.h"

#include "../stub/mem.h"

namespace rf {

namespace {

constexpr uint32_t kPtLoad = 1;
constexpr size_t kElfHeaderSize = 64, kPhdrSize = 56;
constexpr size_t kPhdrFilesz = 32, kPhdrMemsz = 40, kPhdrOffset = 8;

// Reads and writes ELF64 fields in the file's own byte order.
struct ElfView {
  unsigned char* bytes;
  size_t size;
  bool big_endian;

  uint64_t get(size_t at, int width) const {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v |= static_cast<uint64_t>(bytes[at + (big_endian ? width - 1 - i : i)]) << (8 * i);
    return v;
  }
  void put(size_t at, int width, uint64_t v) {
    for (int i = 0; i < width; ++i) bytes[at + (big_endian ? width - 1 - i : i)] = static_cast<unsigned char>(v >> (8 * i));
  }
};

// The program header of the PT_LOAD whose file content ends at `end`, which
// must also be where the file ends, with room for `capacity` more bytes in
// memory. Returns its offset in the file, or 0.
size_t load_ending_at(const ElfView& elf, uint64_t end, size_t capacity, Error& err) {
  if (elf.size < kElfHeaderSize || elf.bytes[4] != 2) {
    err.set(1, "the ELF template is not a 64-bit ELF file");
    return 0;
  }
  uint64_t phoff = elf.get(32, 8), phentsize = elf.get(54, 2), phnum = elf.get(56, 2);
  if (phentsize != kPhdrSize || phoff > elf.size || phnum > (elf.size - phoff) / kPhdrSize) {
    err.set(1, "the ELF template's program headers are damaged");
    return 0;
  }
  for (uint64_t i = 0; i < phnum; ++i) {
    size_t ph = static_cast<size_t>(phoff + i * kPhdrSize);
    if (elf.get(ph, 4) != kPtLoad) continue;
    uint64_t offset = elf.get(ph + kPhdrOffset, 8), filesz = elf.get(ph + kPhdrFilesz, 8);
    if (offset > end || end - offset != filesz) continue;
    if (elf.get(ph + kPhdrMemsz, 8) - filesz < capacity) break;
    return ph;
  }
  err.set(1, "the ELF template's spec region is not at the end of its last loadable segment");
  return 0;
}

ElfView copy(Str in, size_t size, Arena& arena) {
  unsigned char* out = static_cast<unsigned char*>(arena.allocate(size));
  mem_copy(out, in.data, in.size < size ? in.size : size);
  return {out, size, in.size > 5 && in[5] == 2};
}

}  // namespace

bool pack_elf_template(Str linked, size_t region_offset, size_t capacity, Arena& arena, Str* out, Error& err) {
  size_t end = region_offset + spec::kHeaderSize;
  // Only alignment padding may follow the region.
  if (linked.size < end + capacity || linked.size - end - capacity > 16)
    return err.set(1, "the spec region must be the last bytes of the linked file (strip section headers first)");
  for (size_t i = end; i < linked.size; ++i)
    if (linked[i]) return err.set(1, "the linked template's spec payload is not empty");
  ElfView elf = copy(linked, end, arena);
  ElfView whole{const_cast<unsigned char*>(reinterpret_cast<const unsigned char*>(linked.data)), linked.size,
                elf.big_endian};
  size_t ph = load_ending_at(whole, linked.size, 0, err);
  if (!ph) return false;
  elf.put(ph + kPhdrFilesz, 8, elf.get(ph + kPhdrFilesz, 8) - (linked.size - end));
  *out = Str(reinterpret_cast<char*>(elf.bytes), end);
  return true;
}

bool extend_elf_template(Str packed, size_t region_offset, size_t capacity, Str payload, Arena& arena, Str* out,
                         Error& err) {
  size_t end = region_offset + spec::kHeaderSize;
  if (packed.size != end) return err.set(1, "the ELF template is truncated or has data after its spec region");
  ElfView elf = copy(packed, end + payload.size, arena);
  ElfView whole = elf;
  whole.size = end;
  size_t ph = load_ending_at(whole, end, capacity, err);
  if (!ph) return false;
  mem_copy(elf.bytes + end, payload.data, payload.size);
  elf.put(ph + kPhdrFilesz, 8, elf.get(ph + kPhdrFilesz, 8) + payload.size);
  *out = Str(reinterpret_cast<char*>(elf.bytes), elf.size);
  return true;
}

}  // namespace rf
