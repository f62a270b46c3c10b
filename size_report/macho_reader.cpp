#include "macho_reader.h"

#include "byte_view.h"

namespace size_report {
namespace {

constexpr uint32_t kMagic64 = 0xfeedfacf;
constexpr uint64_t kHeaderSize = 32, kSegmentCommandSize = 72, kSectionSize = 80;
constexpr uint32_t kCpuArch64 = 0x01000000;  // CPU_ARCH_ABI64
constexpr uint32_t kCpuX86 = 7, kCpuArm = 12, kCpuPowerPc = 18;

// Load commands (mach-o/loader.h). kRequiredByDyld is or-ed into newer ones.
constexpr uint32_t kRequiredByDyld = 0x80000000;
constexpr uint32_t kSymtab = 0x2, kDysymtab = 0xb, kSegment64 = 0x19, kCodeSignature = 0x1d, kSplitInfo = 0x1e,
                   kDyldInfo = 0x22, kDyldInfoOnly = 0x22 | kRequiredByDyld, kFunctionStarts = 0x26, kDataInCode = 0x29,
                   kCodeSignDrs = 0x2b, kOptimizationHints = 0x2e, kExportsTrie = 0x33 | kRequiredByDyld,
                   kChainedFixups = 0x34 | kRequiredByDyld;

// Section types whose contents are zeros made at load time, not file bytes.
constexpr uint32_t kZeroFill = 0x1, kGigabyteZeroFill = 0xc, kThreadLocalZeroFill = 0x12;
constexpr uint64_t kSymbolEntrySize = 16, kIndirectEntrySize = 4;

std::string cpu_name(uint32_t cputype) {
  switch (cputype) {
    case kCpuArch64 | kCpuX86: return "x86_64";
    case kCpuArch64 | kCpuArm: return "aarch64";
    case kCpuArch64 | kCpuPowerPc: return "ppc64";
  }
  return "mach-o-cpu-" + std::to_string(cputype);
}

bool is_zero_fill(uint32_t section_flags) {
  uint32_t type = section_flags & 0xff;
  return type == kZeroFill || type == kGigabyteZeroFill || type == kThreadLocalZeroFill;
}

// A table inside __LINKEDIT, given by an offset and a byte count.
void add_table(BinarySize& out, const ByteView& file, const char* name, uint64_t offset, uint64_t size) {
  file.require(offset, size, name);
  add_part(out, PartKind::kLinkEdit, name, size);
}

// linkedit_data_command: cmd, cmdsize, dataoff, datasize.
const char* linkedit_data_name(uint32_t cmd) {
  switch (cmd) {
    case kCodeSignature: return "code signature";
    case kSplitInfo: return "segment split info";
    case kFunctionStarts: return "function starts";
    case kDataInCode: return "data in code";
    case kCodeSignDrs: return "code signing requirements";
    case kOptimizationHints: return "linker optimization hints";
    case kExportsTrie: return "exports trie";
    case kChainedFixups: return "chained fixups";
  }
  return nullptr;
}

void read_segment(BinarySize& out, const ByteView& file, uint64_t at, uint64_t cmdsize) {
  if (cmdsize < kSegmentCommandSize) throw MalformedBinary("Mach-O segment command is too small");
  std::string segment = file.fixed_name(at + 8, 16);
  uint64_t fileoff = file.u64(at + 40), filesize = file.u64(at + 48);
  file.require(fileoff, filesize, "Mach-O segment");
  add_part(out, PartKind::kSegment, segment, filesize);

  uint32_t nsects = file.u32(at + 64);
  if (checked_product(nsects, kSectionSize) > cmdsize - kSegmentCommandSize) {
    throw MalformedBinary("Mach-O segment " + segment + " lists more sections than its command holds");
  }
  for (uint64_t i = 0; i < nsects; ++i) {
    uint64_t s = at + kSegmentCommandSize + i * kSectionSize;
    if (is_zero_fill(file.u32(s + 64))) continue;
    uint64_t size = file.u64(s + 40), offset = file.u32(s + 48);
    file.require(offset, size, "Mach-O section");
    // Written "segment,section" as Apple's tools do.
    add_part(out, PartKind::kSection, file.fixed_name(s + 16, 16) + "," + file.fixed_name(s, 16), size);
  }
}

void read_tables(BinarySize& out, const ByteView& file, uint32_t cmd, uint64_t at, uint64_t cmdsize) {
  auto require_size = [&](uint64_t needed) {
    if (cmdsize < needed) throw MalformedBinary("Mach-O load command " + std::to_string(cmd) + " is too small");
  };
  if (cmd == kSymtab) {
    require_size(24);
    add_table(out, file, "symbol table", file.u32(at + 8), checked_product(file.u32(at + 12), kSymbolEntrySize));
    add_table(out, file, "string table", file.u32(at + 16), file.u32(at + 20));
  } else if (cmd == kDysymtab) {
    require_size(80);
    add_table(out, file, "indirect symbols", file.u32(at + 56), checked_product(file.u32(at + 60), kIndirectEntrySize));
  } else if (cmd == kDyldInfo || cmd == kDyldInfoOnly) {
    require_size(48);
    const char* names[] = {"rebase info", "binding info", "weak binding info", "lazy binding info", "export info"};
    for (unsigned i = 0; i < 5; ++i)
      add_table(out, file, names[i], file.u32(at + 8 + 8 * i), file.u32(at + 12 + 8 * i));
  } else if (const char* name = linkedit_data_name(cmd)) {
    require_size(16);
    add_table(out, file, name, file.u32(at + 8), file.u32(at + 12));
  }
}

}  // namespace

bool looks_like_macho(std::span<const uint8_t> bytes) {
  return bytes.size() >= 4 && ByteView(bytes, Endian::kLittle).u32(0) == kMagic64;
}

BinarySize read_macho(std::span<const uint8_t> bytes) {
  ByteView file(bytes, Endian::kLittle);
  file.require(0, kHeaderSize, "Mach-O header");
  if (file.u32(0) != kMagic64) throw MalformedBinary("only 64-bit little-endian Mach-O is supported");

  BinarySize out;
  out.format = Format::kMachO;
  out.cpu = cpu_name(file.u32(4));
  out.file_bytes = bytes.size();

  uint32_t ncmds = file.u32(16), sizeofcmds = file.u32(20);
  file.require(kHeaderSize, sizeofcmds, "Mach-O load commands");
  uint64_t end = kHeaderSize + sizeofcmds;
  uint64_t at = kHeaderSize;
  for (uint32_t i = 0; i < ncmds; ++i) {
    if (end - at < 8) throw MalformedBinary("Mach-O load command " + std::to_string(i) + " runs past the commands");
    uint32_t cmd = file.u32(at), cmdsize = file.u32(at + 4);
    if (cmdsize < 8 || cmdsize > end - at) {
      throw MalformedBinary("Mach-O load command " + std::to_string(i) + " has an impossible size");
    }
    if (cmd == kSegment64) {
      read_segment(out, file, at, cmdsize);
    } else {
      read_tables(out, file, cmd, at, cmdsize);
    }
    at += cmdsize;
  }
  return out;
}

}  // namespace size_report
