/* SPDX-License-Identifier: MIT */
/*
 * Linux latency benchmark, busy neighbour (make bench, tools/bench_linux.py):
 * as configs/bench-linux-rt-idle.c (PREEMPT_RT kernel on CPUs 0-1 running
 * cyclictest, byte-identical bootargs), but the bare-metal partition on
 * CPUs 2-3 is guests/hog: it sleeps while Linux boots, then, from init's
 * mailbox record after its /dev/mem probe (right before cyclictest) until
 * Linux sets attacker_done, both its vCPUs stream through its memory without
 * ever sleeping. Memory layout as configs/test-linux-rt.c. Identity-mapped
 * (IPA = PA).
 */
#include "linux-layout.h"

HAVEN_DECLARE_IMAGE(linux_rt);
HAVEN_DECLARE_IMAGE(initramfs);
HAVEN_DECLARE_IMAGE(linux_dtb);
HAVEN_DECLARE_IMAGE(hog);

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
	BAREMETAL_PARTITION("hog",
			    HAVEN_IMAGE(hog, BAREMETAL_IPA)),
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
