/* SPDX-License-Identifier: MIT */
/*
 * Virtual GIC scenario on CPUs 1 and 3 (tests/qemu: gic-cpu13): on a
 * non-contiguous set, with vCPU 0 on CPU 1, neither "vCPU n is CPU n" nor
 * "vCPU n is the first CPU + n" holds; the stray runs on CPUs 0 and 2
 * (configs/test-gic-system.h).
 */
#define GICTEST_CPUS (BIT(1) | BIT(3))
#define STRAY_CPUS (BIT(0) | BIT(2))
#include "test-gic-system.h"
