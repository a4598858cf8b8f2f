/* SPDX-License-Identifier: MIT */
/*
 * Virtual GIC scenario on CPUs 2-3 (tests/qemu: gic-cpu23): gictest's vCPU n
 * is not physical CPU n, so code that confuses the two sends its SGIs, PSCI
 * requests and routed SPIs to the stray on CPUs 0-1 (configs/test-gic-system.h).
 */
#define GICTEST_CPUS (BIT(2) | BIT(3))
#define STRAY_CPUS (BIT(0) | BIT(1))
#include "test-gic-system.h"
