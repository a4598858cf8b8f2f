/* SPDX-License-Identifier: MIT */
/*
 * Device pass-through to Linux (tests/qemu: linux-uart): Debian's arm64 kernel
 * owns QEMU virt's second PL011, UART1 (0x0904_0000, SPI 40). Its mmio[] entry
 * carries the DT facts (compatible, clocks), so tools/haven-dtgen describes it
 * in Linux's device tree; irqs[] passes its interrupt through. Linux binds the
 * amba-pl011 driver to it (/dev/ttyAMA1; ttyAMA0 is Haven's emulated console
 * UART), writes a line the test runner finds in the file QEMU connects to the
 * port and reads back the line the runner fed it (haven.uart in
 * tools/linux/init). QEMU virt has UART1 only when it is given a second
 * -serial (docs/linux.md). Identity-mapped (IPA = PA); layout of
 * configs/linux-layout.h.
 */
#include "linux-layout.h"

HAVEN_DECLARE_IMAGE(linux);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(linux_dtb);

static const struct haven_mem_region linux_mem[] = {
	LINUX_RAM_REGION,
};

static const struct haven_mmio_region linux_mmio[] = {
	/* uart1: a PL011 as QEMU's own DT describes it (the two clocks are its UARTCLK and PCLK) */
	{ .ipa = 0x09040000, .pa = 0x09040000, .size = 0x1000, .compatible = "arm,pl011 arm,primecell",
	  .clocks = "uartclk apb_pclk" },
};

static const uint32_t linux_irqs[] = { 40 }; /* uart1's SPI */

static const struct haven_image linux_extra[] = {
	HAVEN_IMAGE(initramfs, LINUX_INITRD_IPA),
	HAVEN_IMAGE(linux_dtb, LINUX_DTB_IPA),
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
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(linux, LINUX_KERNEL_IPA),
		.num_extra = HV_COUNT(linux_extra),
		.extra = linux_extra,
		.entry = LINUX_KERNEL_IPA,
		.dtb_ipa = LINUX_DTB_IPA,
		.bootargs = "console=ttyAMA0 rdinit=/init haven.uart=/dev/ttyAMA1",
		.flags = HV_PART_CONSOLE_INPUT,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
