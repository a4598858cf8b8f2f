/* SPDX-License-Identifier: MIT */
/*
 * A config that names its images only inside macros, for
 * tests/host/test_config_json.py: the build must take the image list from the
 * compiled config (haven-check --list-images), not from this text, which also
 * mentions HAVEN_IMAGE(not_an_image, 0) in a comment. It also exercises every
 * field haven-check --json prints (mmio, irqs, flags, the stop policy, and
 * bootargs that need JSON escapes). Never built into an image.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(demo);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(ticker);

#define RAM(base, sz, p, f) { .ipa = (base), .pa = (base), .size = (sz), .perm = (p), .flags = (f) }
#define PART(pname, cpumask, ram, img, base, ...)                                        \
	{ .name = pname, .cpus = (cpumask), .num_mem = HV_COUNT(ram), .mem = ram,         \
	  .image = HAVEN_IMAGE(img, base), .entry = (base), __VA_ARGS__ }

static const struct haven_mem_region alpha_mem[] = {
	RAM(0x41000000, 0x1000000, HV_MEM_RWX, 0),
	RAM(0x4F000000, 0x1000, HV_MEM_RW, HV_MEM_SHARED | HV_MEM_RESERVED),
};

static const struct haven_image alpha_extra[] = {
	HAVEN_IMAGE(initramfs, 0x41800000),
};

static const struct haven_mem_region beta_mem[] = {
	RAM(0x42000000, 0x1000000, HV_MEM_RWX, 0),
	RAM(0x4F000000, 0x1000, HV_MEM_R, HV_MEM_SHARED),
};

static const struct haven_mmio_region beta_mmio[] = {
	{ .ipa = 0x09040000, .pa = 0x09040000, .size = 0x1000 }, /* uart1 */
};

static const uint32_t beta_irqs[] = { 40 };

static const struct haven_partition_config parts[] = {
	PART("alpha", BIT(0) | BIT(1), alpha_mem, demo, 0x41000000,
	     .num_extra = HV_COUNT(alpha_extra), .extra = alpha_extra),
	PART("beta", BIT(3), beta_mem, ticker, 0x42000000,
	     .num_mmio = HV_COUNT(beta_mmio), .mmio = beta_mmio,
	     .num_irqs = HV_COUNT(beta_irqs), .irqs = beta_irqs,
	     .fault_policy = HV_FAULT_STOP, .flags = HV_PART_CONSOLE_INPUT,
	     .bootargs = "say \"hi\"\\\ttab"),
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
