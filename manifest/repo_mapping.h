// The `_repo_mapping` file: lines "source,apparent,canonical". The launcher
// belongs to the main repository (source ""); a source ending in '*' matches
// every repository whose name starts with the part before it, so of those
// only "*" applies to the main repository.
#pragma once
#include "../stub/arena.h"
#include "manifest_index.h"

namespace rf {

// Maps the first segment of each query's path, in place, from apparent to
// canonical repository name by the mapping file `bytes` (read from
// `file_path`): the first entry for the main repository with that apparent
// name applies. Skipped queries stay as they are. Fails on a malformed line.
void apply_repo_mapping(const char* file_path, Str bytes, ManifestQuery* queries, size_t count, Arena& arena);

}  // namespace rf
