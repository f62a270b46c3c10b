// Keeping a Mach-O's embedded ad-hoc code signature valid when the finalizer
// rewrites bytes inside the signed range (the launch spec region).
//
// The signature is a SuperBlob in __LINKEDIT, found through
// LC_CODE_SIGNATURE. Each CodeDirectory in it holds one hash per page of the
// file up to its code limit; the kernel checks a page against its hash when it
// maps it. Ad-hoc signatures carry no certificate, so updating the page
// hashes is all re-signing takes; the file's size and layout stay the same.
#pragma once
#include "../stub/arena.h"
#include "../stub/error.h"

namespace rf {

// `file` is a 64-bit little-endian Mach-O whose bytes in [begin, end) changed
// after it was signed. Re-hashes every page that overlaps that range, in every
// CodeDirectory. First checks that the signature is an ad-hoc SHA-256 one
// with consistent code limit and slot counts, covering [begin, end), and that
// every other page still matches its hash; if not, returns false with err and
// leaves `file` untouched.
bool update_code_signature(char* file, size_t size, size_t begin, size_t end, Arena& arena, Error& err);

}  // namespace rf
