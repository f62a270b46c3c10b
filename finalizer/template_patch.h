// Turning a template into a launcher: find the spec region, check it, write
// the payload, and re-sign where the format carries a signature.
#pragma once
#include "../stub/error.h"
#include "../stub/launch_spec.h"

namespace rf {

enum class BinaryFormat { kUnknown, kElf, kMachO, kPe };

BinaryFormat detect_format(Str bytes);
const char* format_name(BinaryFormat format);

struct SpecLocation {
  size_t offset;     // of the magic
  size_t capacity;   // payload bytes available
  bool payload_in_file;  // false for packed ELF templates (see elf_layout.h)
};

// Finds the one spec region in a template. False (with err) when the magic is
// missing or repeated, or the header is not one this finalizer understands.
bool locate_spec_region(Str bytes, SpecLocation* out, Arena& arena, Error& err);

// A copy of `template_bytes` carrying `spec`. False (with err) when the
// template is unusable or the spec does not fit.
bool finalize_template(Str template_bytes, const LaunchSpec& spec, Arena& arena, Str* output, Error& err);

}  // namespace rf
