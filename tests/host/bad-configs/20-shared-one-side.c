/* EXPECT: overlaps partition 'victim' (#0) mem[1], which is HV_MEM_SHARED (this one is not) */
/* SPDX-License-Identifier: MIT */
/*
 * Both partitions map the mailbox page at 0x4f000000, but only the victim
 * declares it HV_MEM_SHARED.
 * Everything else is valid; haven-check must exit 1 and say so.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(victim);
HAVEN_DECLARE_IMAGE(attacker);

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x4f000000, .pa = 0x4f000000, .size = 0x1000, .perm = HV_MEM_RW, .flags = HV_MEM_SHARED },
};
static const struct haven_mem_region attacker_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x4f000000, .pa = 0x4f000000, .size = 0x1000, .perm = HV_MEM_RW }, /* HV_MEM_SHARED missing */
};

static const struct haven_partition_config parts[] = {
	{ .name = "victim", .cpus = BIT(0), .num_mem = HV_COUNT(victim_mem), .mem = victim_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(victim, 0x41000000), .entry = 0x41000000 },
	{ .name = "attacker", .cpus = BIT(1), .num_mem = HV_COUNT(attacker_mem), .mem = attacker_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(attacker, 0x42000000), .entry = 0x42000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
