// PE templates keep their launch spec payload out of the file, like ELF ones
// (elf_layout.h). The region is the last data of its section (the templates
// put it at the end of .text), and a section's file content may be shorter
// than its memory image: the loader zero-fills the rest. Packing
// cuts the section's file content right after the region header (rounded up
// to the file alignment), and finalizing grows it again over the payload in
// use. Sections with file content after it (.reloc) move along, and packing
// also drops the slack lld leaves after the section table.
#pragma once
#include "../stub/error.h"
#include "../stub/launch_spec.h"

namespace rf {

// Drops the (all-zero) payload of a freshly linked template from the file.
bool pack_pe_template(Str linked, size_t region_offset, size_t capacity, Arena& arena, Str* out, Error& err);

// A copy of a template (packed or not) with `payload` written after the
// region header and the section's file content grown to hold it. The
// header's length field is the caller's business.
bool extend_pe_template(Str pe, size_t region_offset, size_t capacity, Str payload, Arena& arena, Str* out,
                        Error& err);

}  // namespace rf
