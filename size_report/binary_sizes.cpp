#include "binary_sizes.h"

#include <cstdio>

namespace size_report {

std::string_view format_name(Format format) {
  switch (format) {
    case Format::kElf: return "elf";
    case Format::kMachO: return "mach-o";
    case Format::kPe: return "pe";
  }
  return "?";
}

std::optional<Format> format_from_name(std::string_view name) {
  for (Format f : {Format::kElf, Format::kMachO, Format::kPe}) {
    if (format_name(f) == name) return f;
  }
  return std::nullopt;
}

std::string_view part_kind_name(PartKind kind) {
  switch (kind) {
    case PartKind::kSegment: return "segment";
    case PartKind::kSection: return "section";
    case PartKind::kLinkEdit: return "linkedit";
  }
  return "?";
}

std::optional<PartKind> part_kind_from_name(std::string_view name) {
  for (PartKind k : {PartKind::kSegment, PartKind::kSection, PartKind::kLinkEdit}) {
    if (part_kind_name(k) == name) return k;
  }
  return std::nullopt;
}

namespace {

// Section names come from the file and may hold any byte; the sizes file
// needs one printable line per part.
std::string printable(std::string_view name) {
  if (name.empty()) return "(unnamed)";
  std::string out;
  for (unsigned char c : name) {
    if (c < 0x20 || c >= 0x7f || c == '\\') {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

void add_part(BinarySize& binary, PartKind kind, std::string_view name, uint64_t bytes) {
  if (bytes == 0) return;
  std::string clean = printable(name);
  for (Part& p : binary.parts) {
    if (p.kind == kind && p.name == clean) {
      p.bytes += bytes;
      return;
    }
  }
  binary.parts.push_back({kind, std::move(clean), bytes});
}

uint64_t bytes_in_sections(const BinarySize& binary) {
  uint64_t sum = 0;
  for (const Part& p : binary.parts) {
    if (p.kind != PartKind::kSegment) sum += p.bytes;
  }
  return sum;
}

uint64_t page_size(const BinarySize& binary) {
  return binary.format == Format::kMachO && binary.cpu == "aarch64" ? 16384 : 4096;
}

}  // namespace size_report
