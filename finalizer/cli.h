// finalize-stub's command line, compatible with hermetic-launcher's
// (--template, -o/--output, --transform, --export-runfiles-env, -v, --).
#pragma once
#include "../stub/error.h"
#include "../stub/launch_spec.h"

namespace rf {

struct FinalizeOptions {
  const char* template_path = nullptr;
  const char* output_path = nullptr;  // null: standard output
  bool verbose = false;
  bool help = false;
  bool version = false;
  LaunchSpec spec;
};

// Parses argv[1..]. False (with err, exit code 2) on a usage error.
bool parse_command_line(int argc, char* const* argv, Arena& arena, FinalizeOptions* out, Error& err);

extern const char kHelpText[];
extern const char kVersionText[];

}  // namespace rf
