/* SPDX-License-Identifier: MIT */
/*
 * Two image names that are neither a guest of guests/ nor a Linux blob: the
 * image of 'ticker' ("tikcer") and the initramfs of 'linux' ("initramfz").
 * tests/host/test_images.py builds it: make must refuse both names, naming
 * partition and field, before the target compiler sees the undefined
 * _guest_<name>_start (or make looks for build/linux/<name>.bin).
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(linux);
HAVEN_DECLARE_IMAGE(initramfz);
HAVEN_DECLARE_IMAGE(linux_dtb);
HAVEN_DECLARE_IMAGE(tikcer);

static const struct haven_mem_region linux_mem[] = {
	{ .ipa = 0x50000000, .pa = 0x50000000, .size = 0x10000000, .perm = HV_MEM_RWX },
};
static const struct haven_image linux_extra[] = {
	HAVEN_IMAGE(initramfz, 0x5C000000),
	HAVEN_IMAGE(linux_dtb, 0x5FE00000),
};
static const struct haven_mem_region ticker_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "linux", .cpus = BIT(0) | BIT(1), .num_mem = HV_COUNT(linux_mem), .mem = linux_mem,
	  .image = HAVEN_IMAGE(linux, 0x50000000), .num_extra = HV_COUNT(linux_extra), .extra = linux_extra,
	  .entry = 0x50000000, .dtb_ipa = 0x5FE00000 },
	{ .name = "ticker", .cpus = BIT(2) | BIT(3), .num_mem = HV_COUNT(ticker_mem), .mem = ticker_mem,
	  .image = HAVEN_IMAGE(tikcer, 0x41000000), .entry = 0x41000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
