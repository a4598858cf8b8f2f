/* SPDX-License-Identifier: MIT */
/*
 * PREEMPT_RT scenario (tests/qemu: linux-rt): Debian's arm64 PREEMPT_RT kernel
 * with the same initramfs on CPUs 0-1 runs cyclictest for 3 s (its summary is
 * parsed; no latency is asserted), beside the bare-metal ticker on CPUs 2-3.
 * Figures come from make bench, not from this test. Identity-mapped (IPA = PA).
 */
#include "linux-layout.h"

HAVEN_DECLARE_IMAGE(linux_rt);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(linux_dtb);
HAVEN_DECLARE_IMAGE(ticker);

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
			"console=ttyAMA0 rdinit=/init haven.cyclictest=3 "
			"haven.mailbox=0x4f000000",
			0),
	BAREMETAL_PARTITION("ticker",
			    HAVEN_IMAGE(ticker, BAREMETAL_IPA)),
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
