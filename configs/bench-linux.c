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
#include "linux-layout.h"

HAVEN_DECLARE_IMAGE(linux);
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
	LINUX_PARTITION(HAVEN_IMAGE(linux, LINUX_KERNEL_IPA),
			"console=ttyAMA0 rdinit=/init haven.variant=0 haven.mailbox=0x4f000000",
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
