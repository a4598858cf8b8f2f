/* EXPECT: cpus: CPU 5 is not present: platform has 4 CPUs */
/* SPDX-License-Identifier: MIT */
/*
 * The attacker asks for CPU 5 on a 4-CPU platform.
 * Everything else is valid; haven-check must exit 1 and say so.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(victim);
HAVEN_DECLARE_IMAGE(attacker);

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};
static const struct haven_mem_region attacker_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "victim", .cpus = BIT(0), .num_mem = HV_COUNT(victim_mem), .mem = victim_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(victim, 0x41000000), .entry = 0x41000000 },
	{ .name = "attacker", .cpus = BIT(5) /* qemu-virt has CPUs 0..3 */, .num_mem = HV_COUNT(attacker_mem), .mem = attacker_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(attacker, 0x42000000), .entry = 0x42000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
