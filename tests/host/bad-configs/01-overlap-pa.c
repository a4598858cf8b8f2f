/* EXPECT: partition 'attacker' (#1): mem[0].pa: 0x41800000..0x427fffff overlaps partition 'victim' (#0) mem[0] */
/* SPDX-License-Identifier: MIT */
/*
 * The attacker's memory is backed by physical memory that half overlaps the
 * victim's.
 * Everything else is valid; haven-check must exit 1 and say so.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(victim);
HAVEN_DECLARE_IMAGE(attacker);

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};
static const struct haven_mem_region attacker_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x41800000, .size = 0x1000000, .perm = HV_MEM_RWX }, /* PA overlaps the victim */
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
