/* SPDX-License-Identifier: MIT */
/*
 * A config that breaks three rules (partitions 'one' and 'two' overlap in
 * physical memory and share CPU 1; the 32 KiB region of 'three' holds the
 * demo guest's file but not its .bss and stacks, which only the image's
 * measured memsz shows). The scenario "bootcheck" builds it with HOST_CHECK=0,
 * so the build-time check is skipped and the same validator, compiled into
 * the hypervisor, must refuse it at boot before any partition starts.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(demo);

static const struct haven_mem_region one_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region two_mem[] = {
	{ .ipa = 0x41800000, .pa = 0x41800000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region three_mem[] = {
	{ .ipa = 0x43000000, .pa = 0x43000000, .size = 0x8000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "one", .cpus = BIT(0) | BIT(1), .num_mem = HV_COUNT(one_mem), .mem = one_mem,
	  .image = HAVEN_IMAGE(demo, 0x41000000), .entry = 0x41000000 },
	{ .name = "two", .cpus = BIT(1) | BIT(2), .num_mem = HV_COUNT(two_mem), .mem = two_mem,
	  .image = HAVEN_IMAGE(demo, 0x41800000), .entry = 0x41800000 },
	{ .name = "three", .cpus = BIT(3), .num_mem = HV_COUNT(three_mem), .mem = three_mem,
	  .image = HAVEN_IMAGE(demo, 0x43000000), .entry = 0x43000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
