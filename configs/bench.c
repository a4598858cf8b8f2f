/* SPDX-License-Identifier: MIT */
/*
 * The benchmark system (make bench, docs/performance.md): the bench guest
 * measures Haven's hot paths from partition "bench" (2 vCPUs on CPUs 0-1,
 * 64 MiB), while partition "idle" keeps CPUs 2-3 in use so that boot brings
 * up all 4 CPUs. "idle" runs the same image: the guest sees partition id 1,
 * reports @DONE at once and powers its partition off (PSCI SYSTEM_OFF), so
 * CPUs 2-3 sit in Haven's idle WFI while the bench partition measures.
 *
 * "bench" owns every interrupt of GICD_ISENABLER1 (INTIDs 32..63): SPIs 32
 * and 34..63 passed through (no device raises them) plus its emulated UART's
 * INTID 33, so the mmio_trap_bitmap write enables 32 interrupts (31 physical,
 * 1 virtual). Its stage2_violation target, IPA 0x80000000, is outside its map
 * (and outside RAM, so a native run takes an external abort there too).
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(bench);

static const struct haven_mem_region bench_mem[] = {
	{ .ipa = 0x44000000, .pa = 0x44000000, .size = 0x4000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region idle_mem[] = {
	{ .ipa = 0x4C000000, .pa = 0x4C000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const uint32_t bench_irqs[] = {
	32, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48,
	49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
};

static const struct haven_partition_config parts[] = {
	{
		.name = "bench",
		.cpus = BIT(0) | BIT(1),
		.num_mem = HV_COUNT(bench_mem),
		.mem = bench_mem,
		.num_irqs = HV_COUNT(bench_irqs),
		.irqs = bench_irqs,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(bench, 0x44000000),
		.entry = 0x44000000,
	},
	{
		.name = "idle",
		.cpus = BIT(2) | BIT(3),
		.num_mem = HV_COUNT(idle_mem),
		.mem = idle_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(bench, 0x4C000000),
		.entry = 0x4C000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
