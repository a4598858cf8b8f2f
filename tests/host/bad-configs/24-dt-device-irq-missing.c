/* EXPECT: mmio[0].compatible: device 'uart1' raises INTID 40, which is not in irqs[] */
/* SPDX-License-Identifier: MIT */
/*
 * A partition describes UART1 for its DT (compatible, clocks) but forgets to
 * pass its interrupt through: the generated DT could not name SPI 40, so
 * Linux would bind a driver that never gets an interrupt. haven-check must
 * exit 1 and say so.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(victim);

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};
static const struct haven_mmio_region victim_mmio[] = {
	{ .ipa = 0x09040000, .pa = 0x09040000, .size = 0x1000, .compatible = "arm,pl011 arm,primecell",
	  .clocks = "uartclk apb_pclk" }, /* uart1; irqs[] lacks its SPI 40 */
};

static const struct haven_partition_config parts[] = {
	{ .name = "victim", .cpus = BIT(0), .num_mem = HV_COUNT(victim_mem), .mem = victim_mem,
	  .num_mmio = HV_COUNT(victim_mmio), .mmio = victim_mmio,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(victim, 0x41000000), .entry = 0x41000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
