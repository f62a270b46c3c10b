// The finalizer's template readers on any bytes: format detection, locating
// the spec region, packing and extension, and Mach-O re-signing. A
// template it accepts must come out carrying exactly the spec it was given,
// with a Mach-O signature that still checks.
#include <cstring>

#include "../../finalizer/elf_layout.h"
#include "../../finalizer/macho_layout.h"
#include "../../finalizer/macho_signature.h"
#include "../../finalizer/pe_layout.h"
#include "../../finalizer/template_patch.h"
#include "fuzz_support.h"

namespace {

rf::LaunchSpec example_spec() {
  static rf::SpecRecord records[] = {{rf::spec::kRunfile, "_main/tools/app", "_main/tools/app"},
                                     {rf::spec::kLiteral, "--x", "--x"},
                                     {rf::spec::kEnvSet, "A=1", "1"}};
  rf::LaunchSpec s;
  s.flags = rf::spec::kExportRunfilesEnv;
  s.count = 3;
  s.records = records;
  return s;
}

// Where LC_CODE_SIGNATURE says a Mach-O's signature is; the finalizer
// accepted the file, so its load commands are sound.
size_t signature_offset(rf::Str macho) {
  auto u32 = [&](size_t at) { return rf::read_u32_le(reinterpret_cast<const unsigned char*>(macho.data) + at); };
  size_t at = 32;
  while (u32(at) != 0x1d) at += u32(at + 4);
  return u32(at + 8);
}

// The finalized file carries `spec`, read the way a launcher reads it: the
// region with its whole capacity behind it (zero-filled past the file for
// packed ELF).
void check_carries(rf::Str output, const rf::LaunchSpec& spec, rf::Arena& arena) {
  rf::SpecLocation where;
  rf::Error err;
  FUZZ_CHECK(rf::locate_spec_region(output, &where, arena, err));
  std::vector<unsigned char> region(rf::spec::kHeaderSize + where.capacity, 0);
  size_t in_file = std::min(region.size(), output.size - where.offset);
  std::memcpy(region.data(), output.data + where.offset, in_file);
  rf::LaunchSpec decoded;
  FUZZ_CHECK(rf::decode_launch_spec(region.data(), region.size(), arena, &decoded));
  FUZZ_CHECK(decoded.flags == spec.flags && decoded.count == spec.count);
  for (size_t i = 0; i < spec.count; ++i) {
    FUZZ_CHECK(decoded.records[i].kind == spec.records[i].kind);
    FUZZ_CHECK(test::str(decoded.records[i].text) == test::str(spec.records[i].text));
  }
}

void finalize(rf::Str input, rf::Arena& arena) {
  rf::LaunchSpec spec = example_spec();
  rf::Str output;
  rf::Error err;
  if (!rf::finalize_template(input, spec, arena, &output, err)) {
    FUZZ_CHECK(err.exit_code == 1 && err.message && *err.message);
    return;
  }
  check_carries(output, spec, arena);
  if (rf::detect_format(output) == rf::BinaryFormat::kMachO)
    FUZZ_CHECK(rf::check_code_signature(output, signature_offset(output), arena, err));
}

// Packing a linked template, then extending it, as the build and the
// finalizer do.
void pack_and_extend(rf::Str input, rf::Arena& arena) {
  rf::SpecLocation where;
  rf::Error err;
  rf::BinaryFormat format = rf::detect_format(input);
  if (!rf::locate_spec_region(input, &where, arena, err)) return;
  rf::Str packed;
  if (format == rf::BinaryFormat::kPe || format == rf::BinaryFormat::kMachO) {
    auto pack = format == rf::BinaryFormat::kPe ? rf::pack_pe_template : rf::pack_macho_template;
    if (pack(input, where.offset, where.capacity, arena, &packed, err)) finalize(packed, arena);
    return;
  }
  if (format != rf::BinaryFormat::kElf) return;
  if (!rf::pack_elf_template(input, where.offset, where.capacity, arena, &packed, err)) return;
  FUZZ_CHECK(packed.size == where.offset + rf::spec::kHeaderSize);
  rf::Str payload("payload bytes");
  rf::Str extended;
  if (rf::extend_elf_template(packed, where.offset, where.capacity, payload, arena, &extended, err)) {
    FUZZ_CHECK(extended.size == packed.size + payload.size);
    FUZZ_CHECK(std::memcmp(extended.data + packed.size, payload.data, payload.size) == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rf::Str input(reinterpret_cast<const char*>(data), size);
  try {
    rf::Arena& arena = fuzz::fresh_arena();
    finalize(input, arena);
    pack_and_extend(input, arena);
  } catch (const test::ArenaFull&) {
    // A damaged capacity field can ask for more than any arena; the finalizer
    // reports that as running out of memory.
  }
  return 0;
}
