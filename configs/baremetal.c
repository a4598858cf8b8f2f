/* SPDX-License-Identifier: MIT */
/*
 * Two bare-metal partitions, two CPUs each, printing side by side (the
 * "smp" scenario; make CONFIG=baremetal run). Memory is identity-mapped.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(demo);

static const struct haven_mem_region alpha_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region beta_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{
		.name = "alpha",
		.cpus = BIT(0) | BIT(1),
		.num_mem = HV_COUNT(alpha_mem),
		.mem = alpha_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(demo, 0x41000000),
		.entry = 0x41000000,
	},
	{
		.name = "beta",
		.cpus = BIT(2) | BIT(3),
		.num_mem = HV_COUNT(beta_mem),
		.mem = beta_mem,
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
