/* SPDX-License-Identifier: MIT */
/*
 * The system of the Linux disk configs (platform qemu-virt-smmu; here and not
 * in configs/: valid only on a platform with an SMMU). Debian's cloud kernel on
 * CPUs 0-1 owns a virtio-blk-pci disk in slot 2 (00:02.0, stream ID 0x10, INTA
 * on INTID 37; the runner or tools/bench_disk.py adds it with
 * iommu_platform=on, so its DMA goes through the SMMU); haven-dtgen gives Linux
 * a PCIe host node over the emulated ECAM with the BAR window below. A
 * bare-metal partition runs on CPUs 2-3. The including config defines:
 *   LINUX_DISK_RAM     Linux's RAM region (struct haven_mem_region)
 *   LINUX_DISK_ARGS    what Linux's init does with the disk (bootargs, after haven.disk)
 *   NEIGHBOUR          the bare-metal partition's guest image (and name)
 */
#if !defined(LINUX_DISK_RAM) || !defined(LINUX_DISK_ARGS) || !defined(NEIGHBOUR)
#error "define LINUX_DISK_RAM, LINUX_DISK_ARGS and NEIGHBOUR before including linux-disk-system.h"
#endif
#include "../../../configs/linux-layout.h"

HAVEN_DECLARE_IMAGE(linux);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(linux_dtb);
/* One macro level more, so that NEIGHBOUR is expanded before the image macros paste it. */
#define DISK_DECLARE(n) HAVEN_DECLARE_IMAGE(n)
#define DISK_IMAGE(n, ipa) HAVEN_IMAGE(n, ipa)
#define DISK_STR(n) DISK_STR_(n)
#define DISK_STR_(n) #n

DISK_DECLARE(NEIGHBOUR);

static const struct haven_mem_region linux_mem[] = {
	LINUX_DISK_RAM,
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
			    LINUX_DISK_ARGS,
	},
	BAREMETAL_PARTITION(DISK_STR(NEIGHBOUR), DISK_IMAGE(NEIGHBOUR, BAREMETAL_IPA)),
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
