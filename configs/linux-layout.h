/* SPDX-License-Identifier: MIT */
/*
 * The layout the Linux test and benchmark systems share (configs/test-linux*.c,
 * configs/bench-linux*.c; configs/demo.c spells the same layout out in full as
 * the reference example). Identity-mapped (IPA = PA):
 *   Linux       CPUs 0-1, 256 MiB at 0x5000_0000: kernel at its start,
 *               initramfs at 0x5C00_0000, DTB in its last 2 MiB
 *   bare metal  CPUs 2-3, 16 MiB at 0x4100_0000
 *   mailbox     the shared test page at 0x4F00_0000 (guests/lib/test/mailbox.h)
 * The build takes image names from the compiled config (haven-check
 * --list-images), so a macro here may name them too.
 */
#ifndef HAVEN_CONFIGS_LINUX_LAYOUT_H
#define HAVEN_CONFIGS_LINUX_LAYOUT_H

#include <haven/config.h>

#define LINUX_KERNEL_IPA 0x50000000
#define LINUX_INITRD_IPA 0x5C000000
#define LINUX_DTB_IPA 0x5FE00000
#define BAREMETAL_IPA 0x41000000

#define LINUX_RAM_REGION \
	{ .ipa = 0x50000000, .pa = 0x50000000, .size = 0x10000000, .perm = HV_MEM_RWX }
#define BAREMETAL_RAM_REGION \
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX }
#define TEST_MAILBOX_REGION \
	{ .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
	  .flags = HV_MEM_SHARED }

/* The Linux partition on CPUs 0-1 with kernel blob `kernel`; the config defines linux_mem[] and linux_extra[]. */
#define LINUX_PARTITION(kernel, args, part_flags)                                          \
	{                                                                                    \
		.name = "linux", .cpus = BIT(0) | BIT(1), .num_mem = HV_COUNT(linux_mem),     \
		.mem = linux_mem, .fault_policy = HV_FAULT_INJECT, .image = kernel,          \
		.num_extra = HV_COUNT(linux_extra), .extra = linux_extra,                    \
		.entry = LINUX_KERNEL_IPA, .dtb_ipa = LINUX_DTB_IPA, .bootargs = args,       \
		.flags = part_flags,                                                         \
	}

/* A bare-metal partition `pname` on CPUs 2-3 running blob `img`; the config defines baremetal_mem[]. */
#define BAREMETAL_PARTITION(pname, img)                                                    \
	{                                                                                    \
		.name = pname, .cpus = BIT(2) | BIT(3), .num_mem = HV_COUNT(baremetal_mem),   \
		.mem = baremetal_mem, .fault_policy = HV_FAULT_INJECT, .image = img,         \
		.entry = BAREMETAL_IPA,                                                      \
	}

#endif
