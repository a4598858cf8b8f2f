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
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(linux);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(linux_dtb);
HAVEN_DECLARE_IMAGE(victim);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }

static const struct haven_mem_region linux_mem[] = {
	{ .ipa = 0x50000000, .pa = 0x50000000, .size = 0x10000000, .perm = HV_MEM_RWX },
	MAILBOX,
	/* A boot counter that survives reboots (reserved-memory in the DT, reached via /dev/mem). */
	{ .ipa = 0x4F100000, .pa = 0x4F100000, .size = 0x1000, .perm = HV_MEM_RW,
	  .flags = HV_MEM_RESERVED },
};

static const struct haven_image linux_extra[] = {
	HAVEN_IMAGE(initramfs, 0x5C000000),
	HAVEN_IMAGE(linux_dtb, 0x5FE00000),
};

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_partition_config parts[] = {
	{
		.name = "linux",
		.cpus = BIT(0) | BIT(1),
		.num_mem = HV_COUNT(linux_mem),
		.mem = linux_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(linux, 0x50000000),
		.num_extra = HV_COUNT(linux_extra),
		.extra = linux_extra,
		.entry = 0x50000000,
		.dtb_ipa = 0x5FE00000,
		.bootargs = "console=ttyAMA0 rdinit=/init haven.boots=4 haven.persist=0x4f100000 "
			    "haven.mailbox=0x4f000000 haven.probe=0x41000000,0x41fffffc,0x40080000,0x70000000",
		.flags = HV_PART_CONSOLE_INPUT,
	},
	{
		.name = "victim",
		.cpus = BIT(2) | BIT(3),
		.num_mem = HV_COUNT(victim_mem),
		.mem = victim_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(victim, 0x41000000),
		.entry = 0x41000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
