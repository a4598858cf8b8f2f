/* EXPECT: partition 'dmatest' (#1): streams[0]: stream 0x18 of 'pcie-ecam' is DMA that no SMMU translates on platform 'qemu-virt' */
/* SPDX-License-Identifier: MIT */
/*
 * tests/qemu/configs/test-dma.c's DMA partition on qemu-virt, which has no
 * SMMU (-M virt without iommu=smmuv3): its PCIe device could DMA anywhere.
 * haven-check must exit 1 and say so (the config builds for qemu-virt-smmu).
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(victim);
HAVEN_DECLARE_IMAGE(dmatest);

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};
static const struct haven_mem_region dma_mem[] = {
	{ .ipa = 0x48000000, .pa = 0x46000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};
static const struct haven_mmio_region dma_mmio[] = {
	{ .ipa = 0x4010000000, .pa = 0x4010000000, .size = 0x10000000 }, /* PCIe ECAM */
};
static const struct haven_stream dma_streams[] = {
	{ .device = "pcie-ecam", .sid = 0x18 },
};

static const struct haven_partition_config parts[] = {
	{ .name = "victim", .cpus = BIT(0), .num_mem = HV_COUNT(victim_mem), .mem = victim_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(victim, 0x41000000), .entry = 0x41000000 },
	{ .name = "dmatest", .cpus = BIT(1), .num_mem = HV_COUNT(dma_mem), .mem = dma_mem,
	  .num_mmio = HV_COUNT(dma_mmio), .mmio = dma_mmio,
	  .num_streams = HV_COUNT(dma_streams), .streams = dma_streams,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(dmatest, 0x48000000), .entry = 0x48000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
