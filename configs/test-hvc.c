/* SPDX-License-Identifier: MIT */
/*
 * Hostile-hypercall scenario (tests/qemu: hvc): hvctest calls every Haven and
 * PSCI function with good and bad arguments while a victim partition, whose
 * memory hvctest tries to make Haven read, runs beside it. hvctest has the
 * mailbox page too, where it says it is done (for the stray of
 * configs/test-hvc-cpu*.c; the demo guest here ignores it).
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(hvctest);
HAVEN_DECLARE_IMAGE(demo);

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region hvctest_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW },
};

static const struct haven_partition_config parts[] = {
	{
		.name = "victim",
		.cpus = BIT(0) | BIT(1),
		.num_mem = HV_COUNT(victim_mem),
		.mem = victim_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(demo, 0x41000000),
		.entry = 0x41000000,
	},
	{
		.name = "hvctest",
		.cpus = BIT(2),
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
