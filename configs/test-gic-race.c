/* SPDX-License-Identifier: MIT */
/*
 * Shared physical GIC registers (tests/qemu: gic-race): two one-vCPU
 * partitions own SPIs 44 and 45, whose trigger modes share GICD_ICFGR2, and
 * flip them concurrently (guests/cfgrace).
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(cfgrace);

static const struct haven_mem_region race0_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region race1_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const uint32_t race0_irqs[] = { 44 };
static const uint32_t race1_irqs[] = { 45 };

static const struct haven_partition_config parts[] = {
	{
		.name = "race0",
		.cpus = BIT(0),
		.num_mem = HV_COUNT(race0_mem),
		.mem = race0_mem,
		.num_irqs = HV_COUNT(race0_irqs),
		.irqs = race0_irqs,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(cfgrace, 0x41000000),
		.entry = 0x41000000,
	},
	{
		.name = "race1",
		.cpus = BIT(1),
		.num_mem = HV_COUNT(race1_mem),
		.mem = race1_mem,
		.num_irqs = HV_COUNT(race1_irqs),
		.irqs = race1_irqs,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(cfgrace, 0x42000000),
		.entry = 0x42000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
