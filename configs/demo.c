/* SPDX-License-Identifier: MIT */
/*
 * The default system (make demo): Debian's arm64 Linux (cloud kernel, busybox
 * initramfs) with 2 vCPUs on CPUs 0-1, and the bare-metal ticker on CPUs 2-3
 * printing a heartbeat beside it. What is typed on the console goes to Linux.
 * At a terminal (attended: Haven tells Linux through its DT) Linux gives a
 * shell until you type `poweroff`; otherwise it runs a short scripted session. When Linux is done, the ticker reports and
 * stops, and Haven powers the machine off. Identity-mapped (IPA = PA).
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(linux);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(linux_dtb);
HAVEN_DECLARE_IMAGE(ticker);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }

static const struct haven_mem_region linux_mem[] = {
	{ .ipa = 0x50000000, .pa = 0x50000000, .size = 0x10000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_image linux_extra[] = {
	HAVEN_IMAGE(initramfs, 0x5C000000),
	HAVEN_IMAGE(linux_dtb, 0x5FE00000),
};

static const struct haven_mem_region ticker_mem[] = {
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
		.bootargs = "console=ttyAMA0 rdinit=/init haven.demo=1 haven.mailbox=0x4f000000",
		.flags = HV_PART_CONSOLE_INPUT,
	},
	{
		.name = "ticker",
		.cpus = BIT(2) | BIT(3),
		.num_mem = HV_COUNT(ticker_mem),
		.mem = ticker_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(ticker, 0x41000000),
		.entry = 0x41000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
