/* SPDX-License-Identifier: MIT */
/*
 * Virtual GIC scenario (tests/qemu: gic): a two-vCPU partition that owns SPI
 * 40 (UART1's line, with no device access) checks what its distributor and
 * redistributors show, SGIs between its vCPUs and the virtual timer. A second
 * partition, the demo guest, runs beside it and owns no interrupt.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(gictest);
HAVEN_DECLARE_IMAGE(demo);

static const struct haven_mem_region gictest_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region other_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const uint32_t gictest_irqs[] = { 40 };

static const struct haven_partition_config parts[] = {
	{
		.name = "gictest",
		.cpus = BIT(0) | BIT(1),
		.num_mem = HV_COUNT(gictest_mem),
		.mem = gictest_mem,
		.num_irqs = HV_COUNT(gictest_irqs),
		.irqs = gictest_irqs,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(gictest, 0x41000000),
		.entry = 0x41000000,
	},
	{
		.name = "other",
		.cpus = BIT(2) | BIT(3),
		.num_mem = HV_COUNT(other_mem),
		.mem = other_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(demo, 0x42000000),
		.entry = 0x42000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
