/* SPDX-License-Identifier: MIT */
/*
 * Semihosting is off (scenario "semihost"): the semihost guest tries Arm
 * semihosting from EL0 and EL1 (a forged Haven line, a host command, an exit
 * with status 0); each attempt must be an undefined instruction in the guest,
 * while the demo guest beside it runs on to its own end.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(semihost);
HAVEN_DECLARE_IMAGE(demo);

static const struct haven_mem_region semihost_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region other_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "semihost", .cpus = BIT(0), .num_mem = HV_COUNT(semihost_mem), .mem = semihost_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(semihost, 0x41000000),
	  .entry = 0x41000000 },
	{ .name = "other", .cpus = BIT(2) | BIT(3), .num_mem = HV_COUNT(other_mem), .mem = other_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(demo, 0x42000000),
	  .entry = 0x42000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
