/* SPDX-License-Identifier: MIT */
/*
 * The panic path (scenario "panic"): built with HAVEN_TEST_HOOKS=1, the
 * panicker asks for a fault inside EL2 while the demo guest runs beside it.
 * Haven must print the CPU, ESR/ELR/FAR and the registers, never return to a
 * guest, and stop QEMU with status 3.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(panicker);
HAVEN_DECLARE_IMAGE(demo);

static const struct haven_mem_region panicker_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region other_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "panicker", .cpus = BIT(0), .num_mem = HV_COUNT(panicker_mem), .mem = panicker_mem,
	  .image = HAVEN_IMAGE(panicker, 0x41000000), .entry = 0x41000000 },
	{ .name = "other", .cpus = BIT(2) | BIT(3), .num_mem = HV_COUNT(other_mem), .mem = other_mem,
	  .image = HAVEN_IMAGE(demo, 0x42000000), .entry = 0x42000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
