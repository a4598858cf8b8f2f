/* SPDX-License-Identifier: MIT */
/*
 * Linux as a DMA client (scenario "linux-disk", platform qemu-virt-smmu):
 * Debian's cloud kernel on CPUs 0-1 owns a virtio-blk-pci disk in slot 2
 * (00:02.0, stream ID 0x10, INTA on INTID 37; the runner adds it with
 * iommu_platform=on, so its DMA goes through the SMMU). haven-dtgen gives
 * Linux a PCIe host node over the emulated ECAM with the BAR window below;
 * Linux mounts the disk (ext4, tools/linux/mkdisk.py), checks /data.bin and
 * writes /out.txt. Its RAM is at IPA 0x50000000 but PA 0x60000000, so every
 * DMA the disk does must be translated by the partition's stage 2. The
 * victim (guests/victim) on CPUs 2-3 keeps a checksum and a heartbeat. Here
 * and not in configs/: it is valid only on a platform with an SMMU.
 */
#include "../../../configs/linux-layout.h"

HAVEN_DECLARE_IMAGE(linux);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(linux_dtb);
HAVEN_DECLARE_IMAGE(victim);

static const struct haven_mem_region linux_mem[] = {
	{ .ipa = 0x50000000, .pa = 0x60000000, .size = 0x10000000, .perm = HV_MEM_RWX },
	TEST_MAILBOX_REGION,
};

static const struct haven_mmio_region linux_mmio[] = {
	{ .ipa = 0x4010000000, .pa = 0x4010000000, .size = 0x10000000 }, /* the ECAM (emulated) */
	{ .ipa = 0x10000000, .pa = 0x10000000, .size = 0x200000 },       /* BARs of 00:02.0 */
};

static const uint32_t linux_irqs[] = { 37 }; /* INTA of slot 2 */

static const struct haven_stream linux_streams[] = {
	{ .device = "pcie-ecam", .sid = 0x10 }, /* virtio-blk 00:02.0 */
};

static const struct haven_image linux_extra[] = {
	HAVEN_IMAGE(initramfs, LINUX_INITRD_IPA),
	HAVEN_IMAGE(linux_dtb, LINUX_DTB_IPA),
};

static const struct haven_mem_region baremetal_mem[] = {
	BAREMETAL_RAM_REGION,
	TEST_MAILBOX_REGION,
};

static const struct haven_partition_config parts[] = {
	{
		.name = "linux",
		.cpus = BIT(0) | BIT(1),
		.num_mem = HV_COUNT(linux_mem),
		.mem = linux_mem,
		.num_mmio = HV_COUNT(linux_mmio),
		.mmio = linux_mmio,
		.num_irqs = HV_COUNT(linux_irqs),
		.irqs = linux_irqs,
		.num_streams = HV_COUNT(linux_streams),
		.streams = linux_streams,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(linux, LINUX_KERNEL_IPA),
		.num_extra = HV_COUNT(linux_extra),
		.extra = linux_extra,
		.entry = LINUX_KERNEL_IPA,
		.dtb_ipa = LINUX_DTB_IPA,
		.bootargs = "console=ttyAMA0 rdinit=/init haven.mailbox=0x4f000000 haven.disk=/dev/vda "
			    "haven.disk_sha256=135c4b5f51d8c6f37bacfa1a6586f58046915a9b6ebac5e9f2b1ee9c7fc7e76e",
	},
	BAREMETAL_PARTITION("victim", HAVEN_IMAGE(victim, BAREMETAL_IPA)),
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
