// The exec floor: a static program that does nothing but execve its first
// argument. Any exec-based launcher pays at least what this one costs, so the
// benchmark states every figure as a multiple of it.
#include "../arch/arch.h"

int program_main(const arch::StartInfo& start) {
  if (start.argc < 2) return 125;
  arch::exec_target(start.argv[1], start.argv + 1, start.envp);
  return 127;
}
