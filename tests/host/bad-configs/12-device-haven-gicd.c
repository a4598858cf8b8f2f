/* EXPECT: mmio[0].pa: 0x8000000..0x800ffff: gicd is owned by Haven */
/* SPDX-License-Identifier: MIT */
/*
 * The attacker asks for the physical GIC distributor, which Haven owns, at an
 * otherwise free IPA.
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
static const struct haven_mmio_region attacker_mmio[] = {
	{ .ipa = 0x20000000, .pa = 0x08000000, .size = 0x10000 }, /* the physical GICD */
};

static const struct haven_partition_config parts[] = {
	{ .name = "victim", .cpus = BIT(0), .num_mem = HV_COUNT(victim_mem), .mem = victim_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(victim, 0x41000000), .entry = 0x41000000 },
	{ .name = "attacker", .cpus = BIT(1), .num_mem = HV_COUNT(attacker_mem), .mem = attacker_mem,
	  .num_mmio = HV_COUNT(attacker_mmio), .mmio = attacker_mmio,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(attacker, 0x42000000), .entry = 0x42000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
