#include "macho_layout.h"

#include "../stub/mem.h"
#include "macho_signature.h"

namespace rf {

namespace {

constexpr uint32_t kMagic64 = 0xfeedfacf;
constexpr uint32_t kFileTypeExecute = 2;
constexpr uint32_t kCpuX86_64 = 0x01000007, kCpuArm64 = 0x0100000c;
constexpr size_t kHeaderSize = 32, kSegmentCommandSize = 72, kSectionSize = 80;

// Load commands. Those not named here may hold file offsets this code does
// not know to move, so a template carrying one is refused.
constexpr uint32_t kSymtab = 0x2, kDysymtab = 0xb, kLoadDylib = 0xc, kLoadDylinker = 0xe, kSegment64 = 0x19,
                   kUuid = 0x1b, kCodeSignature = 0x1d, kBuildVersion = 0x32, kDyldInfoOnly = 0x80000022,
                   kMain = 0x80000028;

// Fields of a segment command and of a section header.
constexpr size_t kVmAddr = 24, kVmSize = 32, kFileOff = 40, kFileSize = 48, kMaxProt = 56, kInitProt = 60,
                 kNsects = 64;
constexpr size_t kSectAddr = 32, kSectSize = 40, kSectOffset = 48, kSectAlign = 52, kSectFlags = 64, kSectReserved1 = 68;
constexpr uint32_t kRegular = 0, kZeroFill = 1;  // S_REGULAR and S_ZEROFILL, with no attributes
constexpr size_t kSpecSegmentCommandSize = kSegmentCommandSize + kSectionSize;
constexpr uint32_t kProtRead = 1;
constexpr size_t kRegionLength = 24;  // the spec region header's payload length field

// The segments of a template, in order; a packed one may have __LAUNCH_SPEC.
constexpr size_t kMaxSegments = 5;
constexpr Str kSegmentNames[kMaxSegments] = {"__PAGEZERO", "__TEXT", "__LAUNCH_SPEC", "__DATA", "__LINKEDIT"};
constexpr size_t kSpecSegment = 2;

// The tables in __LINKEDIT other than the code signature: which command
// holds the table's file offset and entry count, where, and the entry size.
enum Holder : uint8_t { kInDyldInfo, kInSymtab, kInDysymtab };
struct TableField {
  Holder holder;
  uint8_t offset, count, entry_size;
};
constexpr TableField kTables[] = {
    {kInDyldInfo, 8, 12, 1},  {kInDyldInfo, 16, 20, 1}, {kInDyldInfo, 24, 28, 1}, {kInDyldInfo, 32, 36, 1},
    {kInDyldInfo, 40, 44, 1}, {kInSymtab, 8, 12, 16},    {kInSymtab, 16, 20, 1},   {kInDysymtab, 56, 60, 4},
};
constexpr size_t kFirstSymbolTable = 5;  // the rest describe symbols, which a packed template drops
// LC_DYSYMTAB's other tables, which a template does not have.
constexpr uint8_t kUnexpectedDysymtabCounts[] = {36, 44, 52, 68, 76};

// `alignment` is a power of two.
uint64_t round_up(uint64_t n, uint64_t alignment) { return (n + alignment - 1) & ~(alignment - 1); }

// Little-endian fields, read and written in many places: one copy of each
// keeps the finalizer small.
[[gnu::noinline]] uint64_t get(const unsigned char* p, size_t at, int width) {
  uint64_t v = 0;
  for (int i = width; i-- > 0;) v = v << 8 | p[at + i];
  return v;
}

[[gnu::noinline]] void put(unsigned char* p, size_t at, int width, uint64_t v) {
  for (int half = 0; half < width; half += 4, v >>= 32) {
    p[at + half] = static_cast<unsigned char>(v);
    p[at + half + 1] = static_cast<unsigned char>(v >> 8);
    p[at + half + 2] = static_cast<unsigned char>(v >> 16);
    p[at + half + 3] = static_cast<unsigned char>(v >> 24);
  }
}

// A Mach-O file and where the load commands the layout touches are.
struct MachO {
  unsigned char* p;
  size_t size;
  size_t page;  // segments with file content start on one
  size_t commands_end;
  size_t segments[kMaxSegments];  // by kSegmentNames; 0 for a missing __LAUNCH_SPEC
  size_t holders[3];              // by Holder
  size_t signature;

  uint64_t u32(size_t at) const { return get(p, at, 4); }
  uint64_t u64(size_t at) const { return get(p, at, 8); }
  size_t table_field(const TableField& t, uint8_t field) const { return holders[t.holder] + field; }
  uint64_t table_size(const TableField& t) const { return u32(table_field(t, t.count)) * t.entry_size; }
  size_t section(size_t segment, size_t index) const { return segment + kSegmentCommandSize + index * kSectionSize; }
  size_t signature_offset() const { return u32(signature + 8); }
  Str str() const { return Str(reinterpret_cast<const char*>(p), size); }
};

bool segment_named(const MachO& m, size_t at, Str name) {
  Str field(reinterpret_cast<const char*>(m.p + at + 8), 16);
  return field.prefix(name.size) == name && (name.size == 16 || field[name.size] == 0);
}

constexpr char kNotExecutable[] = "not a 64-bit little-endian executable for x86_64 or arm64";
constexpr char kDamagedCommands[] = "its load commands are damaged";
constexpr char kUnusualSegments[] =
    "its segments are not __PAGEZERO, __TEXT, [__LAUNCH_SPEC,] __DATA, __LINKEDIT, one after another";
constexpr char kUnusualLinkedit[] =
    "__LINKEDIT holds other than dyld info, symbols and the code signature, or the signature does not end it";

bool unusual(Arena& arena, Error& err, const char* what) {
  return err.set(1, arena.concat("the Mach-O template's layout is not one this finalizer handles: ", what));
}

// Reads the header and load commands and checks the shape macho_layout.h
// describes: the segments, page after page, and no load command that could
// hold a file offset this code does not move.
bool read_macho(Str file, MachO* out, Arena& arena, Error& err) {
  MachO& m = *out;
  m = MachO{};
  m.p = reinterpret_cast<unsigned char*>(const_cast<char*>(file.data));
  m.size = file.size;
  uint64_t cpu = m.size < kHeaderSize ? 0 : m.u32(4);
  if ((cpu != kCpuX86_64 && cpu != kCpuArm64) || m.u32(0) != kMagic64 || m.u32(12) != kFileTypeExecute)
    return unusual(arena, err, kNotExecutable);
  m.page = cpu == kCpuArm64 ? 16384 : 4096;
  uint64_t count = m.u32(16);
  m.commands_end = kHeaderSize + m.u32(20);
  if (m.commands_end > m.size) return unusual(arena, err, kDamagedCommands);
  size_t segment_count = 0;
  size_t at = kHeaderSize;
  for (uint64_t i = 0; i < count; ++i) {
    if (m.commands_end - at < 8) return unusual(arena, err, kDamagedCommands);
    uint64_t cmd = m.u32(at), size = m.u32(at + 4);
    if (size < 8 || size % 8 || size > m.commands_end - at) return unusual(arena, err, kDamagedCommands);
    size_t* slot = nullptr;
    uint64_t minimum = 8;
    switch (cmd) {
      case kSegment64:
        if (segment_count == kSpecSegment && !segment_named(m, at, kSegmentNames[kSpecSegment]))
          ++segment_count;  // no __LAUNCH_SPEC
        if (segment_count == kMaxSegments || size != kSegmentCommandSize + m.u32(at + kNsects) * kSectionSize ||
            !segment_named(m, at, kSegmentNames[segment_count]))
          return unusual(arena, err, kUnusualSegments);
        m.segments[segment_count++] = at;
        break;
      case kDyldInfoOnly: slot = &m.holders[kInDyldInfo], minimum = 48; break;
      case kSymtab: slot = &m.holders[kInSymtab], minimum = 24; break;
      case kDysymtab: slot = &m.holders[kInDysymtab], minimum = 80; break;
      case kCodeSignature: slot = &m.signature, minimum = 16; break;
      case kLoadDylib: case kLoadDylinker: case kUuid: case kBuildVersion: case kMain: break;
      default:
        return err.set(1, arena.concat("the Mach-O template has a load command (number ", arena.decimal(cmd),
                                       ") whose file offsets this finalizer cannot move"));
    }
    if (size < minimum) return unusual(arena, err, kDamagedCommands);
    if (slot) {
      if (*slot) return unusual(arena, err, kDamagedCommands);
      *slot = at;
    }
    at += size;
  }
  if (!m.signature) {
    return err.set(1, "the Mach-O template has no code signature (LC_CODE_SIGNATURE); macOS on arm64 runs only "
                      "signed programs, so templates are built with an ad-hoc signature");
  }
  if (segment_count != kMaxSegments || !m.holders[kInDyldInfo] || !m.holders[kInSymtab] || !m.holders[kInDysymtab])
    return unusual(arena, err, kUnusualSegments);

  // Segments with file content follow each other from the file's start, each
  // on a page; __LINKEDIT ends the file. In memory they follow each other too.
  uint64_t file_end = 0, vm_end = 0;
  for (size_t s = 1; s < kMaxSegments; ++s) {
    size_t seg = m.segments[s];
    if (!seg) continue;
    uint64_t vmaddr = m.u64(seg + kVmAddr), vmsize = m.u64(seg + kVmSize);
    uint64_t fileoff = m.u64(seg + kFileOff), filesize = m.u64(seg + kFileSize);
    bool last = s + 1 == kMaxSegments;
    if (filesize > vmsize || vmaddr & (m.page - 1) || (s > 1 && vmaddr != vm_end) || vmsize > ~vmaddr - m.page)
      return unusual(arena, err, kUnusualSegments);
    vm_end = vmaddr + round_up(vmsize, m.page);
    if (filesize == 0 && !last) continue;
    if (fileoff != file_end || fileoff & (m.page - 1) || (!last && (filesize & (m.page - 1))) ||
        filesize > m.size - fileoff)
      return unusual(arena, err, kUnusualSegments);
    file_end = fileoff + filesize;
  }
  size_t text = m.segments[1];
  uint64_t text_size = m.u64(text + kFileSize);
  if (file_end != m.size || text_size < m.commands_end || m.u64(text + kVmSize) != text_size)
    return unusual(arena, err, kUnusualSegments);

  // __LINKEDIT's tables lie in it, before the code signature, which ends it.
  for (uint8_t field : kUnexpectedDysymtabCounts) {
    if (m.u32(m.holders[kInDysymtab] + field)) return unusual(arena, err, kUnusualLinkedit);
  }
  uint64_t linkedit = m.u64(m.segments[4] + kFileOff);
  uint64_t signature = m.u32(m.signature + 8);
  if (signature < linkedit || signature + m.u32(m.signature + 12) != m.size)
    return unusual(arena, err, kUnusualLinkedit);
  for (const TableField& t : kTables) {
    uint64_t offset = m.u32(m.table_field(t, t.offset)), size = m.table_size(t);
    if (size && (offset < linkedit || offset > signature || size > signature - offset))
      return unusual(arena, err, kUnusualLinkedit);
  }
  return true;
}

// read_macho, and the file's signature checked.
bool read_signed_macho(Str file, MachO* out, Arena& arena, Error& err) {
  return read_macho(file, out, arena, err) && check_code_signature(file, out->signature_offset(), arena, err);
}

// A copy of `in`: its first `keep` bytes (up to __TEXT's end), `gap` zero
// bytes, __LINKEDIT's tables (without the symbol tables when `drop_symbols`)
// moved to follow, and the code signature at 16 bytes after them, resized.
// The page hashes are left to hash_code_pages.
bool relayout(const MachO& in, size_t keep, size_t gap, bool drop_symbols, Arena& arena, MachO* out, Error& err) {
  uint64_t old_start = in.u64(in.segments[4] + kFileOff), new_start = keep + gap, tables_end = old_start;
  size_t kept_tables = drop_symbols ? kFirstSymbolTable : sizeof kTables / sizeof kTables[0];
  for (size_t i = 0; i < kept_tables; ++i) {
    uint64_t end = in.u32(in.table_field(kTables[i], kTables[i].offset)) + in.table_size(kTables[i]);
    if (in.table_size(kTables[i]) && end > tables_end) tables_end = end;
  }
  uint64_t signature_start = round_up(new_start + tables_end - old_start, 16);
  Str signature;
  if (!resize_code_signature(in.str(), in.signature_offset(), signature_start, keep, arena, &signature, err))
    return false;

  MachO& m = *out;
  m = in;
  m.size = signature_start + signature.size;
  m.p = static_cast<unsigned char*>(arena.allocate(m.size));
  // The gap and the padding stay as the arena hands them out: zeros.
  mem_copy(m.p, in.p, keep);
  mem_copy(m.p + new_start, in.p + old_start, tables_end - old_start);
  mem_copy(m.p + signature_start, signature.data, signature.size);
  for (size_t i = 0; i < sizeof kTables / sizeof kTables[0]; ++i) {
    const TableField& t = kTables[i];
    size_t field = m.table_field(t, t.offset);
    if (i >= kept_tables) {
      put(m.p, field, 4, 0);
      put(m.p, m.table_field(t, t.count), 4, 0);
    } else if (m.table_size(t)) {
      put(m.p, field, 4, m.u32(field) + new_start - old_start);
    }
  }
  if (drop_symbols) {
    for (size_t field = 8; field <= 28; field += 4) put(m.p, m.holders[kInDysymtab] + field, 4, 0);  // symbol ranges
  }
  put(m.p, m.signature + 8, 4, signature_start);
  put(m.p, m.signature + 12, 4, signature.size);
  put(m.p, m.segments[4] + kFileOff, 8, new_start);
  put(m.p, m.segments[4] + kFileSize, 8, m.size - new_start);
  put(m.p, m.segments[4] + kVmSize, 8, m.size - new_start);
  return true;
}

// Bind opcodes (mach-o/loader.h) name segments by their index among the
// segment commands. Adds one to every index from `first` on.
bool renumber_bound_segments(unsigned char* p, size_t size, uint32_t first, Arena& arena, Error& err) {
  size_t i = 0;
  auto skip_leb = [&] {
    while (i < size && (p[i] & 0x80)) ++i;
    return i++ < size;
  };
  while (i < size) {
    unsigned char op = p[i] & 0xf0, immediate = p[i] & 0x0f;
    size_t at = i++;
    bool ok = true;
    switch (op) {
      case 0x00: case 0x10: case 0x30: case 0x50: case 0x90: case 0xb0: break;  // no operand
      case 0x20: case 0x60: case 0x80: case 0xa0: ok = skip_leb(); break;
      case 0xc0: ok = skip_leb() && skip_leb(); break;
      case 0x40:  // the symbol's name
        while (i < size && p[i]) ++i;
        ok = i++ < size;
        break;
      case 0x70:  // BIND_OPCODE_SET_SEGMENT_AND_OFFSET_ULEB
        if (immediate >= first) p[at] = static_cast<unsigned char>(op | (immediate + 1));
        ok = immediate < 0x0f && skip_leb();
        break;
      default: return unusual(arena, err, "its bind info uses opcodes other than classic binds");
    }
    if (!ok) return unusual(arena, err, "its bind info is damaged");
  }
  return true;
}

// Makes sections [first, first + count) of `segment` one section, named
// `name`, of type `flags`: the headers after it move up. Returns the bytes
// the load commands shrank by.
size_t merge_sections(MachO& m, size_t segment, size_t first, size_t count, Str name, uint32_t flags) {
  if (count < 2) return 0;
  size_t merged = m.section(segment, first), last = m.section(segment, first + count - 1);
  uint64_t align = 0;
  for (size_t i = 0; i < count; ++i) {
    uint64_t section_align = m.u32(merged + i * kSectionSize + kSectAlign);
    if (section_align > align) align = section_align;
  }
  for (size_t i = 0; i < 16; ++i) m.p[merged + i] = i < name.size ? name[i] : 0;
  put(m.p, merged + kSectSize, 8, m.u64(last + kSectAddr) + m.u64(last + kSectSize) - m.u64(merged + kSectAddr));
  put(m.p, merged + kSectAlign, 4, align);
  put(m.p, merged + kSectFlags, 4, flags);
  size_t removed = (count - 1) * kSectionSize;
  for (size_t i = last + kSectionSize; i < m.commands_end; ++i) m.p[i - removed] = m.p[i];
  for (size_t i = m.commands_end - removed; i < m.commands_end; ++i) m.p[i] = 0;
  m.commands_end -= removed;
  put(m.p, segment + 4, 4, m.u32(segment + 4) - removed);
  put(m.p, segment + kNsects, 4, m.u32(segment + kNsects) - (count - 1));
  put(m.p, 20, 4, m.u32(20) - removed);
  return removed;
}

bool all_zero(const unsigned char* p, size_t size) {
  for (size_t i = 0; i < size; ++i)
    if (p[i]) return false;
  return true;
}

}  // namespace

bool pack_macho_template(Str linked, size_t region_offset, size_t capacity, Arena& arena, Str* out, Error& err) {
  MachO in;
  if (!read_signed_macho(linked, &in, arena, err)) return false;
  size_t text = in.segments[1], data = in.segments[3];
  if (in.segments[kSpecSegment]) return unusual(arena, err, "it is packed already");
  uint64_t text_size = in.u64(text + kFileSize);
  uint64_t header_end = region_offset + spec::kHeaderSize;
  uint64_t region_end = header_end + capacity;
  // The region ends __TEXT: the last section, with only zeros (its payload,
  // then padding) to the segment's end.
  size_t region_section = 0, region_index = 0;
  for (uint32_t i = 0; i < in.u32(text + kNsects); ++i) {
    size_t s = in.section(text, i);
    uint64_t offset = in.u32(s + kSectOffset), size = in.u64(s + kSectSize);
    if (offset == region_offset && size == region_end - region_offset)
      region_section = s, region_index = i;
    else if (offset + size > region_offset)
      return unusual(arena, err, "a __TEXT section follows the spec region");
  }
  if (!region_section || text_size != round_up(region_end, in.page))
    return unusual(arena, err, "the spec region does not end __TEXT");
  if (!all_zero(in.p + header_end, text_size - header_end))
    return err.set(1, "the linked template's spec payload is not empty");
  // Rebase, weak and lazy bind opcodes would need renumbering too.
  size_t info = in.holders[kInDyldInfo];
  if (in.u32(info + 12) || in.u32(info + 28) || in.u32(info + 36))
    return unusual(arena, err, "it has rebase, weak or lazy bind info");
  if (!all_zero(in.p + in.u64(data + kFileOff), in.u64(data + kFileSize)))
    return err.set(1, "the linked template's __DATA has contents in the file; the Mach-O layout needs it all "
                      "zero-fill: only pointers that dyld binds, no chained fixups, no initialized variables");

  uint64_t text_end = round_up(header_end, in.page);
  bool spec_segment = text_end < text_size;

  MachO m;
  if (!relayout(in, text_end, 0, true, arena, &m, err)) return false;
  size_t signature = m.signature_offset();  // before the load commands move
  put(m.p, text + kVmSize, 8, text_end);
  put(m.p, text + kFileSize, 8, text_end);
  put(m.p, region_section + kSectSize, 8, (spec_segment ? text_end : region_end) - region_offset);
  put(m.p, data + kFileOff, 8, text_end);
  put(m.p, data + kFileSize, 8, 0);
  if (spec_segment &&
      !renumber_bound_segments(m.p + m.u32(info + 16), m.u32(info + 20), kSpecSegment, arena, err))
    return false;  // bind opcodes refer to the segments after __LAUNCH_SPEC by their new indices
  // __DATA's sections (the GOT, the arena) have no file bytes left: they
  // become one zero-fill section. The GOT's indirect symbols went with the
  // symbol tables; dyld binds it by the bind opcodes alone.
  for (uint32_t i = 0; i < m.u32(data + kNsects); ++i) {
    size_t section = m.section(data, i);
    put(m.p, section + kSectOffset, 4, 0);
    put(m.p, section + kSectFlags, 4, kZeroFill);
    put(m.p, section + kSectReserved1, 4, 0);
  }
  // Merging __DATA's sections, then __TEXT's read-only data (between the
  // code and the region) into one __const, leaves room for __LAUNCH_SPEC's
  // command: the link needs no header padding, and __TEXT's content starts
  // that much earlier.
  merge_sections(m, data, 0, m.u32(data + kNsects), "__bss", kZeroFill);
  region_section -= merge_sections(m, text, 1, region_index > 1 ? region_index - 1 : 0, "__const", kRegular);
  if (spec_segment) {
    // A segment command after __TEXT's, with a zero-fill section, for the
    // rest of the payload.
    if (m.commands_end + kSpecSegmentCommandSize > m.u32(m.section(text, 0) + kSectOffset))
      return unusual(arena, err, "no room for the __LAUNCH_SPEC segment command");
    size_t at = text + m.u32(text + 4);
    for (size_t i = m.commands_end; i-- > at;) m.p[i + kSpecSegmentCommandSize] = m.p[i];
    for (size_t i = 0; i < kSpecSegmentCommandSize; ++i) m.p[at + i] = 0;
    uint64_t vmaddr = m.u64(text + kVmAddr) + text_end;
    put(m.p, at, 4, kSegment64);
    put(m.p, at + 4, 4, kSpecSegmentCommandSize);
    mem_copy(m.p + at + 8, kSegmentNames[kSpecSegment].data, kSegmentNames[kSpecSegment].size);
    put(m.p, at + kVmAddr, 8, vmaddr);
    put(m.p, at + kVmSize, 8, text_size - text_end);
    put(m.p, at + kFileOff, 8, text_end);
    put(m.p, at + kMaxProt, 4, kProtRead);
    put(m.p, at + kInitProt, 4, kProtRead);
    put(m.p, at + kNsects, 4, 1);
    size_t section = m.section(at, 0);
    mem_copy(m.p + section, m.p + region_section, 16);  // the section's name
    mem_copy(m.p + section + 16, kSegmentNames[kSpecSegment].data, kSegmentNames[kSpecSegment].size);
    put(m.p, section + kSectAddr, 8, vmaddr);
    put(m.p, section + kSectSize, 8, region_end - text_end);
    put(m.p, section + kSectFlags, 4, kZeroFill);
    put(m.p, 16, 4, m.u32(16) + 1);
    put(m.p, 20, 4, m.u32(20) + kSpecSegmentCommandSize);
  }
  if (!hash_code_pages(reinterpret_cast<char*>(m.p), m.size, signature, arena, err)) return false;
  *out = m.str();
  return true;
}

bool extend_macho_template(Str packed, size_t region_offset, Str payload, Arena& arena, Str* out, Error& err) {
  MachO in;
  if (!read_signed_macho(packed, &in, arena, err)) return false;
  uint64_t text_end = in.u64(in.segments[1] + kFileSize);
  uint64_t payload_start = region_offset + spec::kHeaderSize;
  uint64_t payload_end = payload_start + payload.size;
  if (payload_start > text_end) return unusual(arena, err, "the spec region's header is not in __TEXT");
  size_t spec = in.segments[kSpecSegment];
  uint64_t gap = 0;
  if (payload_end > text_end) {
    // The payload runs on into __LAUNCH_SPEC, which then gets file content:
    // all of it, so that its section can say where the region's rest is.
    if (!spec || in.u64(spec + kFileSize) != 0 || in.u32(spec + kNsects) != 1 ||
        in.u64(spec + kVmSize) < payload_end - text_end)
      return unusual(arena, err, "__LAUNCH_SPEC does not hold the rest of the spec region");
    gap = in.u64(spec + kVmSize);
  }
  MachO m;
  if (!relayout(in, text_end, gap, false, arena, &m, err)) return false;
  if (gap) {
    put(m.p, spec + kFileOff, 8, text_end);
    put(m.p, spec + kFileSize, 8, gap);
    put(m.p, m.section(spec, 0) + kSectOffset, 4, text_end);
    put(m.p, m.section(spec, 0) + kSectFlags, 4, kRegular);
  }
  put(m.p, m.segments[3] + kFileOff, 8, text_end + gap);
  mem_copy(m.p + payload_start, payload.data, payload.size);
  put(m.p, region_offset + kRegionLength, 4, payload.size);
  if (!hash_code_pages(reinterpret_cast<char*>(m.p), m.size, m.signature_offset(), arena, err)) return false;
  *out = m.str();
  return true;
}

}  // namespace rf
