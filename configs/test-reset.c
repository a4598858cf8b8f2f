/* SPDX-License-Identifier: MIT */
/*
 * Partition lifecycle scenario (tests/qemu: reset): the resetter restarts
 * itself twice with PSCI SYSTEM_RESET while the demo guest ticks beside it,
 * unaffected. The resetter's second region (a boot counter) survives resets;
 * its image region is reloaded from the pristine copy each time.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(resetter);
HAVEN_DECLARE_IMAGE(demo);

static const struct haven_mem_region resetter_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x43000000, .pa = 0x43000000, .size = 0x1000, .perm = HV_MEM_RW },
};

static const struct haven_mem_region other_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{
		.name = "resetter",
		.cpus = BIT(0) | BIT(1),
		.num_mem = HV_COUNT(resetter_mem),
		.mem = resetter_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(resetter, 0x41000000),
		.entry = 0x41000000,
	},
	{
		.name = "other",
		.cpus = BIT(2) | BIT(3),
		.num_mem = HV_COUNT(other_mem),
		.mem = other_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(demo, 0x42000000),
		.entry = 0x42000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
