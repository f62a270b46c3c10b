// The launcher's run-time work: from the decoded spec to starting the target.
#pragma once
#include "../arch/arch.h"
#include "launch_spec.h"

namespace rf {

// Builds the target's argv and environment from the spec (SPEC 3.3 to 3.5) and
// starts it. Does not return.
[[noreturn]] void launch(const LaunchSpec& spec, const arch::StartInfo& start, Arena& arena);

}  // namespace rf
