/* SPDX-License-Identifier: MIT */
/*
 * The system of the DMA burst scenarios (platform qemu-virt-smmu; here and not
 * in configs/: valid only on a platform with an SMMU). The victim
 * (guests/victim) runs on CPU 0, the CPU that takes the SMMU's interrupts, and
 * keeps its checksum and heartbeat; the guest DMA_GUEST, which the including
 * config names, owns the ECAM and eight edu functions, 00:03.0..00:0a.0
 * (streams 0x18..0x50, BARs from 0x10000000), its memory at IPA 0x48000000,
 * PA 0x46000000.
 */
#ifndef DMA_GUEST
#error "define DMA_GUEST (the guest image of the DMA partition) before including dma-eight-edu.h"
#endif
#include <haven/config.h>

/* One macro level more, so that DMA_GUEST is expanded before the image macros paste it. */
#define DMA8_DECLARE(n) HAVEN_DECLARE_IMAGE(n)
#define DMA8_IMAGE(n, ipa) HAVEN_IMAGE(n, ipa)
#define DMA8_STR(n) DMA8_STR_(n)
#define DMA8_STR_(n) #n

HAVEN_DECLARE_IMAGE(victim);
DMA8_DECLARE(DMA_GUEST);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mem_region dma_mem[] = {
	{ .ipa = 0x48000000, .pa = 0x46000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mmio_region dma_mmio[] = {
	{ .ipa = 0x4010000000, .pa = 0x4010000000, .size = 0x10000000 }, /* PCIe ECAM */
	{ .ipa = 0x10000000, .pa = 0x10000000, .size = 0x800000 },       /* BARs of 00:03.0..00:0a.0 */
};

#define EDU(slot) { .device = "pcie-ecam", .sid = (slot) << 3 }

static const struct haven_stream dma_streams[] = {
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
		.name = DMA8_STR(DMA_GUEST),
		.cpus = BIT(1),
		.num_mem = HV_COUNT(dma_mem),
		.mem = dma_mem,
		.num_mmio = HV_COUNT(dma_mmio),
		.mmio = dma_mmio,
		.num_streams = HV_COUNT(dma_streams),
		.streams = dma_streams,
		.fault_policy = HV_FAULT_INJECT,
		.image = DMA8_IMAGE(DMA_GUEST, 0x48000000),
		.entry = 0x48000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
