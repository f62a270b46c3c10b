#include "template_patch.h"

#include "../stub/mem.h"
#include "elf_layout.h"
#include "macho_layout.h"
#include "pe_layout.h"
#include "spec_encoder.h"

namespace rf {

BinaryFormat detect_format(Str b) {
  auto at = [&](size_t i) { return static_cast<unsigned char>(b[i]); };
  if (b.size >= 64 && at(0) == 0x7f && at(1) == 'E' && at(2) == 'L' && at(3) == 'F') return BinaryFormat::kElf;
  if (b.size >= 32 && at(0) == 0xcf && at(1) == 0xfa && at(2) == 0xed && at(3) == 0xfe) return BinaryFormat::kMachO;
  if (b.size >= 64 && at(0) == 'M' && at(1) == 'Z') {
    uint32_t pe = read_u32_le(reinterpret_cast<const unsigned char*>(b.data) + 0x3c);
    if (pe <= b.size - 4 && b.suffix_from(pe).prefix(4) == Str("PE\0\0", 4)) return BinaryFormat::kPe;
  }
  return BinaryFormat::kUnknown;
}

namespace {

// A PE file holds the raw data of every section; a shorter one was cut off.
// detect_format has checked the "PE\0\0" signature at e_lfanew.
bool pe_sections_in_file(Str b) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(b.data);
  size_t pe = read_u32_le(p + 0x3c);
  if (b.size - pe < 24) return false;
  size_t sections = p[pe + 6] | p[pe + 7] << 8;
  size_t table = pe + 24 + (p[pe + 20] | p[pe + 21] << 8);
  if (table > b.size || sections > (b.size - table) / 40) return false;
  for (size_t i = 0; i < sections; ++i) {
    const unsigned char* section = p + table + 40 * i;
    if (static_cast<uint64_t>(read_u32_le(section + 20)) + read_u32_le(section + 16) > b.size) return false;
  }
  return true;
}

}  // namespace

const char* format_name(BinaryFormat format) {
  switch (format) {
    case BinaryFormat::kElf: return "ELF";
    case BinaryFormat::kMachO: return "Mach-O";
    case BinaryFormat::kPe: return "PE";
    default: return "unknown";
  }
}

bool locate_spec_region(Str bytes, SpecLocation* out, Arena& arena, Error& err) {
  Str magic(spec::kMagic, sizeof spec::kMagic);
  size_t found = bytes.size, count = 0;
  for (size_t i = 0; i + magic.size <= bytes.size; ++i) {
    if (bytes[i] != magic[0] || !(bytes.suffix_from(i).prefix(magic.size) == magic)) continue;
    if (count++ == 0) found = i;
  }
  if (count == 0) return err.set(1, "no launch spec region found: this is not a runfiles-stub template");
  if (count > 1) {
    return err.set(1, arena.concat("the launch spec magic occurs ", arena.decimal(count),
                                   " times; a template must contain it exactly once"));
  }
  if (bytes.size - found < spec::kHeaderSize) return err.set(1, "the launch spec region is truncated");
  const unsigned char* header = reinterpret_cast<const unsigned char*>(bytes.data + found);
  uint32_t version = read_u32_le(header + 16);
  if (version != spec::kVersion) {
    return err.set(1, arena.concat("the template's launch spec version is ", arena.decimal(version),
                                   "; this finalizer writes version ", arena.decimal(spec::kVersion)));
  }
  out->offset = found;
  out->capacity = read_u32_le(header + 20);
  out->payload_in_file = out->capacity <= bytes.size - found - spec::kHeaderSize;
  return true;
}

bool finalize_template(Str template_bytes, const LaunchSpec& spec, Arena& arena, Str* output, Error& err) {
  BinaryFormat format = detect_format(template_bytes);
  if (format == BinaryFormat::kUnknown)
    return err.set(1, "the template is not an executable this finalizer knows (ELF, Mach-O or PE)");
  if (format == BinaryFormat::kPe && !pe_sections_in_file(template_bytes))
    return err.set(1, "the PE template is truncated: its sections run past the end of the file");
  SpecLocation where;
  if (!locate_spec_region(template_bytes, &where, arena, err)) return false;
  if (read_u32_le(reinterpret_cast<const unsigned char*>(template_bytes.data) + where.offset + 24) != 0)
    return err.set(1, "this is already a finalized launcher; finalize the template it was made from");
  unsigned char* payload = static_cast<unsigned char*>(arena.allocate(where.capacity + 1));
  size_t needed = encode_launch_spec(spec, payload, where.capacity);
  if (needed > where.capacity) {
    return err.set(1, arena.concat("the launch spec needs ", arena.decimal(needed), " bytes but the template has room for ",
                                   arena.decimal(where.capacity), "; shorten the arguments or use a template built with a "
                                   "larger LAUNCH_SPEC_CAPACITY"));
  }
  Str payload_bytes(reinterpret_cast<char*>(payload), needed);
  if (format == BinaryFormat::kPe) {
    // Packed or not: the section's file content grows as far as needed.
    if (!extend_pe_template(template_bytes, where.offset, where.capacity, payload_bytes, arena, output, err))
      return false;
  } else if (format == BinaryFormat::kMachO) {
    // Writes the length field too, before signing.
    return extend_macho_template(template_bytes, where.offset, payload_bytes, arena, output, err);
  } else if (where.payload_in_file) {
    char* out = static_cast<char*>(arena.allocate(template_bytes.size));
    mem_copy(out, template_bytes.data, template_bytes.size);
    // Unused payload bytes stay zero so the output depends only on the inputs.
    unsigned char* region_payload = reinterpret_cast<unsigned char*>(out + where.offset + spec::kHeaderSize);
    for (size_t i = 0; i < where.capacity; ++i) region_payload[i] = i < needed ? payload[i] : 0;
    *output = Str(out, template_bytes.size);
  } else if (!extend_elf_template(template_bytes, where.offset, where.capacity, payload_bytes, arena, output, err)) {
    return false;
  }
  unsigned char* used = reinterpret_cast<unsigned char*>(const_cast<char*>(output->data)) + where.offset + 24;
  for (int i = 0; i < 4; ++i) used[i] = static_cast<unsigned char>(needed >> (8 * i));
  return true;
}

}  // namespace rf
