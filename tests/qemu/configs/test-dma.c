/* SPDX-License-Identifier: MIT */
/*
 * DMA isolation (scenario "dma", platform qemu-virt-smmu). Three edu devices:
 * 00:03.0 (stream 0x18) is dmatest's, 00:04.0 (stream 0x20) dmapeer's,
 * 00:05.0 (stream 0x28) no one's. Both DMA partitions list the ECAM, which
 * Haven emulates (each sees its own function only; dmatest, the PCI host
 * partition, also the functions no streams[] name), and each has its own
 * sub-window of the PCIe MMIO window for its BARs. dmatest's memory is at IPA
 * 0x48000000 but PA 0x46000000, dmapeer's at IPA 0x52000000 but PA
 * 0x47000000, so their devices' DMA must go through their stage 2. The victim
 * (guests/victim) keeps a checksum and a heartbeat. Here and not in configs/:
 * it is valid only on a platform with an SMMU (built with
 * PLATFORM=qemu-virt-smmu).
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(victim);
HAVEN_DECLARE_IMAGE(dmatest);
HAVEN_DECLARE_IMAGE(dmapeer);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }
#define ECAM { .ipa = 0x4010000000, .pa = 0x4010000000, .size = 0x10000000 }

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mem_region dma_mem[] = {
	{ .ipa = 0x48000000, .pa = 0x46000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mmio_region dma_mmio[] = {
	ECAM,
	{ .ipa = 0x10000000, .pa = 0x10000000, .size = 0x200000 }, /* BARs of 00:03.0, 00:05.0 */
};

static const struct haven_stream dma_streams[] = {
	{ .device = "pcie-ecam", .sid = 0x18 }, /* edu 00:03.0 */
};

static const struct haven_mem_region peer_mem[] = {
	{ .ipa = 0x52000000, .pa = 0x47000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mmio_region peer_mmio[] = {
	ECAM,
	{ .ipa = 0x10200000, .pa = 0x10200000, .size = 0x100000 }, /* BAR of 00:04.0 */
};

static const struct haven_stream peer_streams[] = {
	{ .device = "pcie-ecam", .sid = 0x20 }, /* edu 00:04.0 */
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
		.name = "dmatest",
		.cpus = BIT(1),
		.num_mem = HV_COUNT(dma_mem),
		.mem = dma_mem,
		.num_mmio = HV_COUNT(dma_mmio),
		.mmio = dma_mmio,
		.num_streams = HV_COUNT(dma_streams),
		.streams = dma_streams,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(dmatest, 0x48000000),
		.entry = 0x48000000,
		.flags = HV_PART_PCI_HOST,
	},
	{
		.name = "dmapeer",
		.cpus = BIT(2),
		.num_mem = HV_COUNT(peer_mem),
		.mem = peer_mem,
		.num_mmio = HV_COUNT(peer_mmio),
		.mmio = peer_mmio,
		.num_streams = HV_COUNT(peer_streams),
		.streams = peer_streams,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(dmapeer, 0x52000000),
		.entry = 0x52000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
