#include "elf_reader.h"

#include "byte_view.h"

namespace size_report {
namespace {

constexpr uint8_t kClass64 = 2;
constexpr uint8_t kDataLittle = 1, kDataBig = 2;
constexpr uint32_t kLoadSegment = 1;         // PT_LOAD
constexpr uint32_t kNoBitsSection = 8;       // SHT_NOBITS: .bss, no file bytes
constexpr uint32_t kExtendedIndex = 0xffff;  // SHN_XINDEX
constexpr uint32_t kFlagExecute = 1, kFlagWrite = 2, kFlagRead = 4;
constexpr uint64_t kProgramHeaderSize = 56, kSectionHeaderSize = 64;

std::string cpu_name(uint16_t machine) {
  switch (machine) {
    case 62: return "x86_64";
    case 183: return "aarch64";
    case 22: return "s390x";
    case 243: return "riscv64";
    case 21: return "ppc64";
  }
  return "elf-machine-" + std::to_string(machine);
}

// "LOAD #1 rw-": segments have no names, so they are told apart by their
// position among the loadable segments and their permissions.
std::string segment_name(unsigned index, uint32_t flags) {
  std::string name = "LOAD #" + std::to_string(index) + " ";
  name += flags & kFlagRead ? 'r' : '-';
  name += flags & kFlagWrite ? 'w' : '-';
  name += flags & kFlagExecute ? 'x' : '-';
  return name;
}

}  // namespace

bool looks_like_elf(std::span<const uint8_t> bytes) {
  return bytes.size() >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
}

BinarySize read_elf(std::span<const uint8_t> bytes) {
  ByteView raw(bytes, Endian::kLittle);
  raw.require(0, 64, "ELF header");
  if (raw.u8(4) != kClass64) throw MalformedBinary("only 64-bit ELF is supported");
  uint8_t data = raw.u8(5);
  if (data != kDataLittle && data != kDataBig) throw MalformedBinary("ELF byte order is neither little nor big endian");
  ByteView elf(bytes, data == kDataLittle ? Endian::kLittle : Endian::kBig);

  BinarySize out;
  out.format = Format::kElf;
  out.cpu = cpu_name(elf.u16(18));
  out.file_bytes = bytes.size();

  uint64_t phoff = elf.u64(32), shoff = elf.u64(40);
  uint16_t phentsize = elf.u16(54), phnum = elf.u16(56), shentsize = elf.u16(58);
  uint64_t shnum = elf.u16(60);
  uint32_t shstrndx = elf.u16(62);

  if (phnum != 0) {
    if (phentsize < kProgramHeaderSize) throw MalformedBinary("ELF program headers are too small");
    elf.require(phoff, checked_product(phnum, phentsize), "ELF program header table");
    unsigned loads = 0;
    for (uint64_t i = 0; i < phnum; ++i) {
      uint64_t ph = phoff + i * phentsize;
      if (elf.u32(ph) != kLoadSegment) continue;
      add_part(out, PartKind::kSegment, segment_name(loads++, elf.u32(ph + 4)), elf.u64(ph + 32));
    }
  }

  if (shoff == 0) return out;  // a stripped section table leaves only segments
  if (shentsize < kSectionHeaderSize) throw MalformedBinary("ELF section headers are too small");
  // Files with 0xff00 sections or more keep the real count and string table
  // index in section 0.
  elf.require(shoff, shentsize, "ELF section header 0");
  if (shnum == 0) shnum = elf.u64(shoff + 32);
  if (shstrndx == kExtendedIndex) shstrndx = elf.u32(shoff + 40);
  elf.require(shoff, checked_product(shnum, shentsize), "ELF section header table");
  if (shstrndx >= shnum) throw MalformedBinary("ELF section name table index is out of range");

  uint64_t names_at = shoff + uint64_t{shstrndx} * shentsize;
  uint64_t names_offset = elf.u64(names_at + 24), names_size = elf.u64(names_at + 32);
  elf.require(names_offset, names_size, "ELF section name table");

  for (uint64_t i = 1; i < shnum; ++i) {
    uint64_t sh = shoff + i * shentsize;
    if (elf.u32(sh + 4) == kNoBitsSection) continue;
    uint64_t offset = elf.u64(sh + 24), size = elf.u64(sh + 32);
    elf.require(offset, size, "ELF section");
    uint32_t name = elf.u32(sh);
    if (name >= names_size) throw MalformedBinary("ELF section name lies outside the name table");
    add_part(out, PartKind::kSection, elf.terminated_name(names_offset + name, names_offset + names_size), size);
  }
  return out;
}

}  // namespace size_report
