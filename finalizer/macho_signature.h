// The embedded ad-hoc code signature of a Mach-O file: checking it, and
// re-signing after the finalizer has rewritten bytes or moved __LINKEDIT.
//
// The signature is a SuperBlob at the end of __LINKEDIT, at the file offset
// LC_CODE_SIGNATURE gives (the caller reads the load commands:
// macho_layout.cpp). Each CodeDirectory in it holds one hash per page of the
// file up to its code limit, where the signature begins; the kernel checks a
// page against its hash when it maps it. Ad-hoc signatures carry no
// certificate, so re-signing is rewriting the page hashes, after resizing
// each CodeDirectory when the file's length changed.
#pragma once
#include "../stub/arena.h"
#include "../stub/error.h"

namespace rf {

// True when the signature at `offset` in `file` is ad hoc, SHA-256,
// consistent in itself, and its every page hash matches the file.
bool check_code_signature(Str file, size_t offset, Arena& arena, Error& err);

// That signature (which check_code_signature accepted) for a new layout whose
// signed code ends at `code_limit` and whose __TEXT segment has
// `text_file_size` bytes in the file: every blob copied, every CodeDirectory
// resized to the new page count, its page hashes left for hash_code_pages.
// Padded with zeros to a multiple of 16 bytes, as linkers place it.
bool resize_code_signature(Str file, size_t offset, size_t code_limit, uint64_t text_file_size, Arena& arena, Str* out,
                           Error& err);

// Writes every page hash of every CodeDirectory of the signature at `offset`
// from the file's current bytes. False (with err) when the signature is not
// one check_code_signature would read.
bool hash_code_pages(char* file, size_t size, size_t offset, Arena& arena, Error& err);

}  // namespace rf
