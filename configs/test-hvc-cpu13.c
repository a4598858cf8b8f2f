/* SPDX-License-Identifier: MIT */
/*
 * Hostile-hypercall scenario with two vCPUs on CPUs 1 and 3 (tests/qemu:
 * hvc-cpu13): hvctest's vCPU 0 is physical CPU 1 and its vCPU 1 is CPU 3, so
 * neither "vCPU n is CPU n" nor "vCPU n is the first CPU + n" holds; the
 * stray on CPUs 0 and 2 must see none of its PSCI calls (no interrupt, no
 * vCPU started or stopped) until hvctest is done.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(hvctest);
HAVEN_DECLARE_IMAGE(stray);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }

static const struct haven_mem_region stray_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mem_region hvctest_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

/* No device behind either: the stray watches that their state never changes. */
static const uint32_t stray_irqs[] = { 41, 42 };

static const struct haven_partition_config parts[] = {
	{
		.name = "stray",
		.cpus = BIT(0) | BIT(2),
		.num_mem = HV_COUNT(stray_mem),
		.mem = stray_mem,
		.num_irqs = HV_COUNT(stray_irqs),
		.irqs = stray_irqs,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(stray, 0x41000000),
		.entry = 0x41000000,
	},
	{
		.name = "hvctest",
		.cpus = BIT(1) | BIT(3),
		.num_mem = HV_COUNT(hvctest_mem),
		.mem = hvctest_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(hvctest, 0x42000000),
		.entry = 0x42000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
