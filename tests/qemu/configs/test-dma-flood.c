/* SPDX-License-Identifier: MIT */
/*
 * DMA event queue overflows (scenario "dma-flood", platform qemu-virt-smmu):
 * dmaflood owns the ECAM and eight edu functions, 00:03.0..00:0a.0 (streams
 * 0x18..0x50), and has them write 4 KiB into the victim's memory 161 times,
 * each DMA more events than the event queue holds; the victim (guests/victim, CPU 0, the CPU that takes the SMMU's interrupts)
 * keeps its checksum and heartbeat. Here and not in configs/: valid only on a
 * platform with an SMMU.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(victim);
HAVEN_DECLARE_IMAGE(dmaflood);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mem_region flood_mem[] = {
	{ .ipa = 0x48000000, .pa = 0x46000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mmio_region flood_mmio[] = {
	{ .ipa = 0x4010000000, .pa = 0x4010000000, .size = 0x10000000 }, /* PCIe ECAM */
	{ .ipa = 0x10000000, .pa = 0x10000000, .size = 0x800000 },       /* BARs of 00:03.0..00:0a.0 */
};

#define EDU(slot) { .device = "pcie-ecam", .sid = (slot) << 3 }

static const struct haven_stream flood_streams[] = {
	EDU(3), EDU(4), EDU(5), EDU(6), EDU(7), EDU(8), EDU(9), EDU(10),
};

static const struct haven_partition_config parts[] = {
	{
		.name = "victim",
		.cpus = BIT(0),
		.num_mem = HV_COUNT(victim_mem),
		.mem = victim_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(victim, 0x41000000),
		.entry = 0x41000000,
	},
	{
		.name = "dmaflood",
		.cpus = BIT(1),
		.num_mem = HV_COUNT(flood_mem),
		.mem = flood_mem,
		.num_mmio = HV_COUNT(flood_mmio),
		.mmio = flood_mmio,
		.num_streams = HV_COUNT(flood_streams),
		.streams = flood_streams,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(dmaflood, 0x48000000),
		.entry = 0x48000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
