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
#include "linux-layout.h"

HAVEN_DECLARE_IMAGE(linux_rt);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(linux_dtb);
HAVEN_DECLARE_IMAGE(sleeper);

static const struct haven_mem_region linux_mem[] = {
	LINUX_RAM_REGION,
	TEST_MAILBOX_REGION,
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
	LINUX_PARTITION(HAVEN_IMAGE(linux_rt, LINUX_KERNEL_IPA),
			"console=ttyAMA0 rdinit=/init haven.cyclictest=5 haven.probe=0xe000000 "
			"haven.mailbox=0x4f000000",
			0),
	BAREMETAL_PARTITION("sleeper",
			    HAVEN_IMAGE(sleeper, BAREMETAL_IPA)),
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
