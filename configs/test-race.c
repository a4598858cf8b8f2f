/* SPDX-License-Identifier: MIT */
/*
 * vCPU state-machine races (tests/qemu: race): the racer's four vCPUs switch
 * each other on and off while vCPU 0 resets the partition, hundreds of times,
 * then the last two call CPU_OFF together. Its second region holds the boot
 * counter and the failures across resets; Haven reloads only the image.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(racer);

static const struct haven_mem_region racer_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x43000000, .pa = 0x43000000, .size = 0x1000, .perm = HV_MEM_RW },
};

static const struct haven_partition_config parts[] = {
	{
		.name = "racer",
		.cpus = BIT(0) | BIT(1) | BIT(2) | BIT(3),
		.num_mem = HV_COUNT(racer_mem),
		.mem = racer_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(racer, 0x41000000),
		.entry = 0x41000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
