// What size_report knows about one binary: its file size, and how those bytes
// divide into sections, segments and (Mach-O) link-edit tables.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace size_report {

enum class Format { kElf, kMachO, kPe };
std::string_view format_name(Format format);  // "elf", "mach-o", "pe"
std::optional<Format> format_from_name(std::string_view name);

// Segments and sections overlap (a section lies inside a segment), so the
// report compares each kind separately and never adds them together.
enum class PartKind { kSegment, kSection, kLinkEdit };
std::string_view part_kind_name(PartKind kind);  // "segment", "section", "linkedit"
std::optional<PartKind> part_kind_from_name(std::string_view name);

struct Part {
  PartKind kind;
  std::string name;
  uint64_t bytes;  // bytes the part occupies in the file (zero-fill parts are left out)
};

struct BinarySize {
  std::string name;  // the file's name, which identifies it across builds
  Format format = Format::kElf;
  std::string cpu;  // "x86_64", "aarch64", "s390x", ...; the same names for every format
  uint64_t file_bytes = 0;
  std::vector<Part> parts;  // in the order the headers list them
};

// Records a part's file bytes. Parts with no file bytes are dropped; a name
// that repeats within a kind is summed, so (kind, name) identifies a part.
// Names are made printable and single-line for the sizes file.
void add_part(BinarySize& binary, PartKind kind, std::string_view name, uint64_t bytes);

// File bytes covered by sections and link-edit tables: everything else is
// headers, alignment padding and unlisted tables.
uint64_t bytes_in_sections(const BinarySize& binary);

// The page size the binary's segments are aligned to in the file, which is
// where its size jumps: 16 KiB for arm64 Mach-O, 4 KiB otherwise.
uint64_t page_size(const BinarySize& binary);

}  // namespace size_report
