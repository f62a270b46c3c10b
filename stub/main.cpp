// The template's entry: decode the embedded spec, launch, report failures.
#include "../manifest/runfiles.h"
#include "launcher.h"
#include "spec_region.h"

namespace {

constexpr size_t kArenaSize = 8u << 20;
alignas(16) char g_arena[kArenaSize];

void print_error(const char* message) {
  rf::Str parts[] = {"runfiles-stub: ", rf::Str::from_c(message), "\n"};
  for (rf::Str p : parts) arch::write_stderr(p.data, p.size);
}

[[noreturn]] void out_of_memory(size_t) {
  print_error("out of memory: the launcher's 8 MiB arena is exhausted");
  arch::exit_process(rf::kExitLauncherError);
}

}  // namespace

int program_main(const arch::StartInfo& start) {
  rf::Arena arena(g_arena, kArenaSize, out_of_memory);
  rf::Error err;
  rf::LaunchSpec spec;
  const unsigned char* region = rf::launch_spec_region();
  switch (rf::decode_launch_spec(region, sizeof(rf::SpecRegion), arena, &spec, err)) {
    case rf::SpecStatus::kNotFinalized:
      err.set(rf::kExitLauncherError,
              "this is an unfinalized launcher template: it has no command to run. Make a launcher with "
              "'finalize-stub --template <this file> -o <launcher> -- <program> [args...]'");
      break;
    case rf::SpecStatus::kCorrupt:
      break;
    case rf::SpecStatus::kOk: {
      static const rf::Host host = {&arch::kOs,           arch::map_file,         arch::is_directory,
                                    arch::get_working_directory, arch::error_is_not_found, arch::describe_error};
      rf::PathContext paths(host, arena);
      rf::launch(spec, {&start, &paths, {arch::exec_target, arch::error_is_not_found}}, err);
      break;
    }
  }
  print_error(err.message);
  return err.exit_code;
}
