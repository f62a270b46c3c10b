// The launcher's run-time work, over the OS services it is handed.
#pragma once
#include "exec.h"
#include "launch_spec.h"

namespace rf {

struct LaunchContext {
  const arch::StartInfo* start;
  PathContext* paths;
  ExecFunctions exec;
};

// Builds the target's argv and environment from the spec (SPEC 3.3 to 3.5) and
// starts it. Returns only on failure, with err set.
void launch(const LaunchSpec& spec, const LaunchContext& ctx, Error& err);

}  // namespace rf
