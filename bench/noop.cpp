// The benchmark's target: a static program that exits at once, so a launch
// measures the launcher and the kernel, not the target.
#include "../arch/arch.h"

int program_main(const arch::StartInfo&) { return 0; }
