// Encodes a launch spec payload (format in stub/launch_spec.h).
#pragma once
#include "../stub/launch_spec.h"

namespace rf {

// Builds the payload into `out` (at most `capacity` bytes). Returns the number
// of bytes needed; when that exceeds `capacity`, nothing usable was written.
// The strings must hold no NUL: the command line they come from cannot.
size_t encode_launch_spec(const LaunchSpec& spec, unsigned char* out, size_t capacity);

}  // namespace rf
