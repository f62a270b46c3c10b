// ELF templates keep their launch spec payload out of the file: the region is
// the last initialized data of the last loadable segment, whose file size ends
// right after the region header, so the kernel zero-fills the payload like
// .bss. Finalizing appends the payload bytes in use and grows the segment's
// file size to cover them.
#pragma once
#include "../stub/error.h"
#include "../stub/launch_spec.h"

namespace rf {

// Drops the (all-zero) payload of a freshly linked template from the file.
bool pack_elf_template(Str linked, size_t region_offset, size_t capacity, Arena& arena, Str* out, Error& err);

// A copy of a packed template with `payload` appended to the file and the
// segment grown over it. The header's length field is the caller's business.
bool extend_elf_template(Str packed, size_t region_offset, size_t capacity, Str payload, Arena& arena, Str* out,
                         Error& err);

}  // namespace rf
