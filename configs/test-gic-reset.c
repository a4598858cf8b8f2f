/* SPDX-License-Identifier: MIT */
/*
 * Interrupt state across a partition reset (tests/qemu: gic-reset): irqreset
 * owns SPI 40 and resets itself once with interrupt state left behind
 * (guests/irqreset). Its second region, a boot counter, survives the reset.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(irqreset);

static const struct haven_mem_region irqreset_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x43000000, .pa = 0x43000000, .size = 0x1000, .perm = HV_MEM_RW },
};

static const uint32_t irqreset_irqs[] = { 40 };

static const struct haven_partition_config parts[] = {
	{
		.name = "irqreset",
		.cpus = BIT(0),
		.num_mem = HV_COUNT(irqreset_mem),
		.mem = irqreset_mem,
		.num_irqs = HV_COUNT(irqreset_irqs),
		.irqs = irqreset_irqs,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(irqreset, 0x41000000),
		.entry = 0x41000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
