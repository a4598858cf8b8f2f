/* SPDX-License-Identifier: MIT */
/*
 * Linux scenario (tests/qemu: linux): Debian's arm64 cloud kernel with a
 * busybox initramfs on CPUs 0-1 (its device tree is generated from this file
 * by tools/haven-dtgen) beside the victim guest on CPUs 2-3, which keeps a
 * memory checksum and a heartbeat. Linux checks its CPUs, memory, timer and
 * interrupts, probes the victim's and Haven's memory through /dev/mem (each
 * access must be refused and reported), then reboots three times and powers
 * off. Identity-mapped (IPA = PA). tools/linux/init reads the haven.*
 * parameters from the kernel command line.
 */
#include "linux-layout.h"

HAVEN_DECLARE_IMAGE(linux);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(linux_dtb);
HAVEN_DECLARE_IMAGE(victim);

static const struct haven_mem_region linux_mem[] = {
	LINUX_RAM_REGION,
	TEST_MAILBOX_REGION,
	/* A boot counter that survives reboots (reserved-memory in the DT, reached via /dev/mem). */
	{ .ipa = 0x4F100000, .pa = 0x4F100000, .size = 0x1000, .perm = HV_MEM_RW,
	  .flags = HV_MEM_RESERVED },
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
	LINUX_PARTITION(HAVEN_IMAGE(linux, LINUX_KERNEL_IPA),
			"console=ttyAMA0 rdinit=/init haven.boots=4 haven.persist=0x4f100000 "
			"haven.mailbox=0x4f000000 haven.probe=0x41000000,0x41fffffc,0x40080000,0x70000000",
			HV_PART_CONSOLE_INPUT),
	BAREMETAL_PARTITION("victim",
			    HAVEN_IMAGE(victim, BAREMETAL_IPA)),
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
