/* SPDX-License-Identifier: MIT */
/*
 * Partition 'small' loads the ticker guest into a 32 KiB region: its file
 * (about 10 KiB) fits, its .bss and vCPU stacks (about 77 KiB in all) do not.
 * Every other check passes. tests/host/test_images.py builds it: make must stop
 * at haven-check --image-sizes, before linking, and say by how much it is short.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(ticker);

static const struct haven_mem_region small_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x8000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "small", .cpus = BIT(0), .num_mem = HV_COUNT(small_mem), .mem = small_mem,
	  .image = HAVEN_IMAGE(ticker, 0x41000000), .entry = 0x41000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
