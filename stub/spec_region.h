// The launch spec region embedded in every template.
#pragma once
#include "launch_spec.h"

namespace rf {

struct SpecRegion {
  char magic[16];
  unsigned char version[4];
  unsigned char capacity[4];
  unsigned char used[4];
  unsigned char payload[spec::kDefaultCapacity];
};
static_assert(sizeof(SpecRegion) == spec::kHeaderSize + spec::kDefaultCapacity);

// The region's bytes. The finalizer rewrites them in the file, so they are
// read through an address the optimiser cannot see through.
const unsigned char* launch_spec_region();

}  // namespace rf
