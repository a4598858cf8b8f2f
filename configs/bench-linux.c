/* SPDX-License-Identifier: MIT */
/*
 * Linux boot benchmark (make bench, tools/bench_linux.py): Debian's arm64
 * cloud kernel with the busybox initramfs on CPUs 0-1, beside the idle
 * bare-metal sleeper on CPUs 2-3 (guests/sleeper: WFI, a mailbox look every 100 ms). The bootargs
 * hold no demo session and no checks beyond init's defaults: init prints the
 * "@BENCH linux.userspace" line first thing in PID 1, checks the timer, sets
 * the mailbox's attacker_done and powers off. The same generated DTB (hence
 * byte-identical bootargs) boots the same kernel natively for the comparison.
 * haven.variant=0 means nothing to init: the benchmark patches its digit in
 * the DTB (same size, so Haven's image needs no rebuild) to boot both sides
 * with a few equally irrelevant bootargs variants, since such a change alone
 * moves a Linux boot under -icount by up to about 10 %.
 * Memory layout as configs/test-linux-rt.c. Identity-mapped (IPA = PA).
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(linux);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(linux_dtb);
HAVEN_DECLARE_IMAGE(sleeper);

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

static const struct haven_mem_region sleeper_mem[] = {
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
		.bootargs = "console=ttyAMA0 rdinit=/init haven.variant=0 haven.mailbox=0x4f000000",
	},
	{
		.name = "sleeper",
		.cpus = BIT(2) | BIT(3),
		.num_mem = HV_COUNT(sleeper_mem),
		.mem = sleeper_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(sleeper, 0x41000000),
		.entry = 0x41000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
