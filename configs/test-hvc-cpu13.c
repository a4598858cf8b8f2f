/* SPDX-License-Identifier: MIT */
/*
 * Hostile-hypercall scenario with two vCPUs on CPUs 1 and 3 (tests/qemu:
 * hvc-cpu13): hvctest's vCPU 0 is physical CPU 1 and its vCPU 1 is CPU 3, so
 * neither "vCPU n is CPU n" nor "vCPU n is the first CPU + n" holds; the
 * stray runs on CPUs 0 and 2 (configs/test-hvc-offcpu.h).
 */
#define HVCTEST_CPUS (BIT(1) | BIT(3))
#define STRAY_CPUS (BIT(0) | BIT(2))
#include "test-hvc-offcpu.h"
