/* SPDX-License-Identifier: MIT */
/*
 * The system of the hostile-hypercall scenarios with two vCPUs off CPUs 0-1
 * (configs/test-hvc-cpu23.c, test-hvc-cpu13.c): hvctest's PSCI calls name its
 * vCPUs 0 and 1; the stray on the other CPUs must see none of it (no
 * interrupt, no vCPU started or stopped) until hvctest is done. The stray's
 * memory is the "other partition" of hvctest's console-write checks. The
 * including file defines HVCTEST_CPUS and STRAY_CPUS.
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
		.cpus = STRAY_CPUS,
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
		.cpus = HVCTEST_CPUS,
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
