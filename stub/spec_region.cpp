#include "spec_region.h"

#include "../arch/arch.h"

namespace rf {

namespace {

constexpr unsigned char le32(uint32_t v, int byte) { return static_cast<unsigned char>(v >> (8 * byte)); }

// Not const: on ELF the region must close the writable segment, whose file
// size the build then shrinks to drop the payload (finalizer/elf_layout.h).
// Nothing writes it at run time.
#ifdef LAUNCH_SPEC_SECTION
__attribute__((section(LAUNCH_SPEC_SECTION)))
#endif
__attribute__((used)) SpecRegion kRegion = {
    {'\x89', 'R', 'F', 'S', 'T', 'U', 'B', '-', 'S', 'P', 'E', 'C', '\r', '\n', '\x1a', '\0'},
    {le32(spec::kVersion, 0), le32(spec::kVersion, 1), le32(spec::kVersion, 2), le32(spec::kVersion, 3)},
    {le32(spec::kDefaultCapacity, 0), le32(spec::kDefaultCapacity, 1), le32(spec::kDefaultCapacity, 2),
     le32(spec::kDefaultCapacity, 3)},
    {0, 0, 0, 0},
    {},
};

}  // namespace

const unsigned char* launch_spec_region() {
  return static_cast<const unsigned char*>(arch::hide_from_optimizer(&kRegion));
}

}  // namespace rf
