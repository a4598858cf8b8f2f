/* SPDX-License-Identifier: MIT */
/*
 * Hostile-hypercall scenario with two vCPUs on CPUs 2-3 (tests/qemu:
 * hvc-cpu23): hvctest's vCPUs 0 and 1 are not physical CPUs 0 and 1, which
 * belong to the stray (configs/test-hvc-offcpu.h).
 */
#define HVCTEST_CPUS (BIT(2) | BIT(3))
#define STRAY_CPUS (BIT(0) | BIT(1))
#include "test-hvc-offcpu.h"
