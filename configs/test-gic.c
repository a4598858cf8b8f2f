/* SPDX-License-Identifier: MIT */
/*
 * Virtual GIC scenario (tests/qemu: gic): gictest, two vCPUs on CPUs 0-1, beside
 * the stray on CPUs 2-3 (configs/test-gic-system.h).
 */
#define GICTEST_CPUS (BIT(0) | BIT(1))
#define STRAY_CPUS (BIT(2) | BIT(3))
#include "test-gic-system.h"
