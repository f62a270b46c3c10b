// Mach-O templates keep most of their launch spec payload out of the file.
//
// macOS maps every segment with file content from a page-aligned file offset,
// so each one costs whole pages, and __LINKEDIT must come last. A packed
// template has a single such segment before __LINKEDIT:
//   __TEXT         r-x  header, load commands, code, read-only data, and the
//                       spec region's header, up to the end of that page
//   __LAUNCH_SPEC  r--  the rest of the region's payload: zero-fill
//   __DATA         rw-  the GOT that dyld binds, and the arena: zero-fill
//   __LINKEDIT     r--  bind info, code signature
// (__LAUNCH_SPEC is left out when the whole region fits in __TEXT.) Memory
// addresses never change, so the code needs no relocation; only file offsets
// and the code signature do. __LAUNCH_SPEC's load command takes the room of
// merged section headers: __TEXT's read-only data sections become one
// __const, __DATA's sections one __bss.
//
// Finalizing writes the payload in place when it fits in __TEXT's last page;
// otherwise __LAUNCH_SPEC gets file content, whole pages of it, __LINKEDIT
// moves back and the signature grows by their page hashes.
#pragma once
#include "../stub/error.h"
#include "../stub/launch_spec.h"

namespace rf {

// The packed form of a template as ld64.lld links it (arch/macos/build.mk):
// segments __PAGEZERO, __TEXT, __DATA, __LINKEDIT; the spec region, empty,
// ending __TEXT; __DATA's file content all zeros (classic bind opcodes, no
// chained fixups); room for one more segment command with a section, with
// the merged section headers' room counted in. The symbol tables, which
// nothing at run time reads, are dropped. Signed.
bool pack_macho_template(Str linked, size_t region_offset, size_t capacity, Arena& arena, Str* out, Error& err);

// A launcher made from a packed template (whose signature it checks first):
// `payload` written after the region header and its length into the header,
// laid out as above, signed.
bool extend_macho_template(Str packed, size_t region_offset, Str payload, Arena& arena, Str* out, Error& err);

}  // namespace rf
