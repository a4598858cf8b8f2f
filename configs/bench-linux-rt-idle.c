/* SPDX-License-Identifier: MIT */
/*
 * Linux latency benchmark, idle neighbour (make bench, tools/bench_linux.py):
 * Debian's arm64 PREEMPT_RT kernel with the busybox initramfs on CPUs 0-1
 * runs cyclictest (haven.cyclictest=S: S*1000 loops of 1 ms) beside the
 * bare-metal sleeper on CPUs 2-3 (guests/sleeper: WFI, a mailbox look every 100 ms).
 * configs/bench-linux-rt-busy.c is identical but for the neighbour, and the
 * same generated DTB (byte-identical bootargs) boots the same kernel natively.
 * haven.probe: init probes one unassigned address through /dev/mem before
 * cyclictest (it faults natively and under Haven alike) and records the
 * mailbox heartbeat around it; that record is the busy neighbour's start
 * signal (guests/hog). Memory layout as configs/test-linux-rt.c.
 * Identity-mapped (IPA = PA).
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(linux_rt);
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
		.image = HAVEN_IMAGE(linux_rt, 0x50000000),
		.num_extra = HV_COUNT(linux_extra),
		.extra = linux_extra,
		.entry = 0x50000000,
		.dtb_ipa = 0x5FE00000,
		.bootargs = "console=ttyAMA0 rdinit=/init haven.cyclictest=5 haven.probe=0xe000000 "
			    "haven.mailbox=0x4f000000",
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
