/* SPDX-License-Identifier: MIT */
/*
 * The DMA part of make bench (tools/bench.py, metric dma_violation,
 * docs/performance.md), on qemu-virt-smmu: partition "bench" (guests/benchdma)
 * on CPU 0, the CPU that takes the SMMU's event queue interrupt, owns the
 * ECAM and the edu at 00:03.0 (stream 0x18), whose DMAs it sends outside its
 * map. CPUs 1-3 stay in Haven's idle WFI. Here and not in configs/: valid only
 * on a platform with an SMMU.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(benchdma);

static const struct haven_mem_region bench_mem[] = {
	{ .ipa = 0x44000000, .pa = 0x44000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mmio_region bench_mmio[] = {
	{ .ipa = 0x4010000000, .pa = 0x4010000000, .size = 0x10000000 }, /* PCIe ECAM */
	{ .ipa = 0x10000000, .pa = 0x10000000, .size = 0x100000 },       /* BAR0 of 00:03.0 */
};

static const struct haven_stream bench_streams[] = {
	{ .device = "pcie-ecam", .sid = 3 << 3 },
};

static const struct haven_partition_config parts[] = {
	{
		.name = "bench",
		.cpus = BIT(0),
		.num_mem = HV_COUNT(bench_mem),
		.mem = bench_mem,
		.num_mmio = HV_COUNT(bench_mmio),
		.mmio = bench_mmio,
		.num_streams = HV_COUNT(bench_streams),
		.streams = bench_streams,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(benchdma, 0x44000000),
		.entry = 0x44000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
