#include "pe_reader.h"

#include <charconv>

#include "byte_view.h"

namespace size_report {
namespace {

constexpr uint64_t kNewHeaderPointer = 0x3c;  // e_lfanew in the DOS header
constexpr uint64_t kFileHeaderSize = 20, kSectionHeaderSize = 40, kSymbolSize = 18;

std::string cpu_name(uint16_t machine) {
  switch (machine) {
    case 0x8664: return "x86_64";
    case 0xaa64: return "aarch64";
    case 0x14c: return "i386";
    case 0x1c4: return "armv7";
  }
  return "pe-machine-" + std::to_string(machine);
}

// Section names longer than 8 bytes are stored as "/<decimal offset>" into
// the COFF string table, which follows the symbol table.
std::string section_name(const ByteView& pe, uint64_t header, uint64_t string_table) {
  std::string name = pe.fixed_name(header, 8);
  if (name.size() < 2 || name[0] != '/') return name;
  uint64_t offset = 0;
  auto [end, error] = std::from_chars(name.data() + 1, name.data() + name.size(), offset);
  if (error != std::errc() || end != name.data() + name.size() || string_table == 0) return name;
  pe.require(string_table, 4, "COFF string table");
  uint64_t table_size = pe.u32(string_table);
  if (offset >= table_size) throw MalformedBinary("PE section name lies outside the string table");
  return pe.terminated_name(string_table + offset, string_table + table_size);
}

}  // namespace

bool looks_like_pe(std::span<const uint8_t> bytes) {
  if (bytes.size() < kNewHeaderPointer + 4 || bytes[0] != 'M' || bytes[1] != 'Z') return false;
  ByteView pe(bytes, Endian::kLittle);
  uint64_t signature = pe.u32(kNewHeaderPointer);
  return signature <= bytes.size() - 4 && pe.u32(signature) == 0x00004550;  // "PE\0\0"
}

BinarySize read_pe(std::span<const uint8_t> bytes) {
  if (!looks_like_pe(bytes)) throw MalformedBinary("not a PE image: no \"PE\" signature where the DOS header points");
  ByteView pe(bytes, Endian::kLittle);
  uint64_t file_header = pe.u32(kNewHeaderPointer) + 4;
  pe.require(file_header, kFileHeaderSize, "PE file header");

  BinarySize out;
  out.format = Format::kPe;
  out.cpu = cpu_name(pe.u16(file_header));
  out.file_bytes = bytes.size();

  uint16_t sections = pe.u16(file_header + 2);
  uint64_t symbol_table = pe.u32(file_header + 8), symbols = pe.u32(file_header + 12);
  uint64_t string_table = symbol_table == 0 ? 0 : symbol_table + symbols * kSymbolSize;
  uint64_t section_table = file_header + kFileHeaderSize + pe.u16(file_header + 16);
  pe.require(section_table, uint64_t{sections} * kSectionHeaderSize, "PE section table");

  for (uint64_t i = 0; i < sections; ++i) {
    uint64_t header = section_table + i * kSectionHeaderSize;
    uint64_t raw_size = pe.u32(header + 16), raw_offset = pe.u32(header + 20);
    if (raw_size == 0) continue;
    pe.require(raw_offset, raw_size, "PE section");
    add_part(out, PartKind::kSection, section_name(pe, header, string_table), raw_size);
  }
  return out;
}

}  // namespace size_report
