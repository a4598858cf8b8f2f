/* SPDX-License-Identifier: MIT */
/*
 * DMA fault policy and quiescing (scenario "dma-policy", platform
 * qemu-virt-smmu). dmastop (fault policy stop) owns the ECAM and the edu
 * functions 00:03.0 (stream 0x18) and 00:04.0 (stream 0x20); its memory is at
 * IPA 0x48000000, PA 0x46000000. dmareset owns the edu 00:05.0 (stream 0x28)
 * and its BAR window; it sees the ECAM too (Haven's filter shows each
 * partition only its own functions) and assigns its BAR itself. The two share a page
 * (guests/lib/test/dmapolicy.h); the victim (guests/victim) keeps a checksum
 * and a heartbeat. Here and not in configs/: valid only on a platform with an
 * SMMU.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(victim);
HAVEN_DECLARE_IMAGE(dmastop);
HAVEN_DECLARE_IMAGE(dmareset);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }
#define DMAPOL_PAGE { .ipa = 0x4F001000, .pa = 0x4F001000, .size = 0x1000, .perm = HV_MEM_RW, \
		      .flags = HV_MEM_SHARED }

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mem_region stop_mem[] = {
	{ .ipa = 0x48000000, .pa = 0x46000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
	DMAPOL_PAGE,
};

static const struct haven_mem_region reset_mem[] = {
	{ .ipa = 0x44000000, .pa = 0x44000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
	DMAPOL_PAGE,
};

static const struct haven_mmio_region stop_mmio[] = {
	{ .ipa = 0x4010000000, .pa = 0x4010000000, .size = 0x10000000 }, /* PCIe ECAM */
	{ .ipa = 0x10000000, .pa = 0x10000000, .size = 0x200000 },       /* BARs of 00:03.0, 00:04.0 */
};

static const struct haven_mmio_region reset_mmio[] = {
	{ .ipa = 0x4010000000, .pa = 0x4010000000, .size = 0x10000000 }, /* PCIe ECAM */
	{ .ipa = 0x10200000, .pa = 0x10200000, .size = 0x100000 },       /* BAR of 00:05.0 */
};

static const struct haven_stream stop_streams[] = {
	{ .device = "pcie-ecam", .sid = 0x18 }, /* edu 00:03.0 */
	{ .device = "pcie-ecam", .sid = 0x20 }, /* edu 00:04.0 */
};

static const struct haven_stream reset_streams[] = {
	{ .device = "pcie-ecam", .sid = 0x28 }, /* edu 00:05.0 */
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
		.name = "dmastop",
		.cpus = BIT(1),
		.num_mem = HV_COUNT(stop_mem),
		.mem = stop_mem,
		.num_mmio = HV_COUNT(stop_mmio),
		.mmio = stop_mmio,
		.num_streams = HV_COUNT(stop_streams),
		.streams = stop_streams,
		.fault_policy = HV_FAULT_STOP,
		.image = HAVEN_IMAGE(dmastop, 0x48000000),
		.entry = 0x48000000,
	},
	{
		.name = "dmareset",
		.cpus = BIT(2),
		.num_mem = HV_COUNT(reset_mem),
		.mem = reset_mem,
		.num_mmio = HV_COUNT(reset_mmio),
		.mmio = reset_mmio,
		.num_streams = HV_COUNT(reset_streams),
		.streams = reset_streams,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(dmareset, 0x44000000),
		.entry = 0x44000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
