/* SPDX-License-Identifier: MIT */
/*
 * The architectural state a vCPU sees through Haven (tests/qemu: arch): one
 * vCPU of guests/archtest. mem[1] holds its boot counter across its
 * SYSTEM_RESET (Haven reloads only the image); mem[2] is read-only, the
 * target of a stage-2 permission fault. IPA 0x44000000 is unmapped.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(archtest);

static const struct haven_mem_region archtest_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x43000000, .pa = 0x43000000, .size = 0x1000, .perm = HV_MEM_RW },
	{ .ipa = 0x43001000, .pa = 0x43001000, .size = 0x1000, .perm = HV_MEM_R },
};

static const struct haven_partition_config parts[] = {
	{
		.name = "archtest",
		.cpus = BIT(0),
		.num_mem = HV_COUNT(archtest_mem),
		.mem = archtest_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(archtest, 0x41000000),
		.entry = 0x41000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
