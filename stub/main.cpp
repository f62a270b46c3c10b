// The template's entry: decode the embedded spec and launch.
#include "fail.h"
#include "launcher.h"
#include "spec_region.h"

namespace {

constexpr size_t kArenaSize = 8u << 20;
alignas(16) char g_arena[kArenaSize];

[[noreturn]] void* out_of_memory(size_t) { rf::fail("out of memory (the 8 MiB arena is full)"); }

}  // namespace

// Inlined into its one caller, in fail.cpp: one call and its argument moves fewer.
__attribute__((always_inline)) void rf::report_failure(int exit_code, const char* message, size_t size) {
  arch::write_stderr("runfiles-stub: ", 15);
  arch::write_stderr(message, size);
  arch::write_stderr("\n", 1);
  arch::exit_process(exit_code);
}

// Inlined into the entry point that calls it.
__attribute__((always_inline)) int program_main(const arch::StartInfo& start) {
  rf::Arena arena(g_arena, kArenaSize, out_of_memory);
  rf::LaunchSpec spec;
  if (!rf::decode_launch_spec(rf::launch_spec_region(), sizeof(rf::SpecRegion), arena, &spec)) {
    rf::fail("unfinalized launcher template: make a launcher from it with finalize-stub (see finalize-stub --help)");
  }
  rf::launch(spec, start, arena);
}
