// Selects the per-CPU part of the Linux port.
#pragma once
#if defined(__x86_64__)
#include "cpu_x86_64.h"
#elif defined(__aarch64__)
#include "cpu_aarch64.h"
#elif defined(__s390x__)
#include "cpu_s390x.h"
#else
#error "unsupported CPU for the Linux port"
#endif
