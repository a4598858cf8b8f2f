/* SPDX-License-Identifier: MIT */
/*
 * Console-input scenario (tests/qemu: console-input): the runner feeds a line
 * to QEMU's serial port (Haven's UART). conin, on CPU 1, is the console-input
 * partition: Haven routes its UART's receive interrupt to CPU 1 and passes the
 * bytes to conin's vUART, which takes them with its receive interrupt. The
 * stray, on CPUs 2-3, has its vUART's receive interrupt enabled too and must
 * receive nothing. Both print control bytes, which Haven must neutralise
 * (line-buffered for the stray, immediate mode for conin). They share the
 * mailbox page. CPU 0 runs no partition.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(conin);
HAVEN_DECLARE_IMAGE(stray);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }

static const struct haven_mem_region conin_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mem_region stray_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

/* No device behind either: the stray watches that their state never changes. */
static const uint32_t stray_irqs[] = { 41, 42 };

static const struct haven_partition_config parts[] = {
	{
		.name = "conin",
		.cpus = BIT(1),
		.num_mem = HV_COUNT(conin_mem),
		.mem = conin_mem,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(conin, 0x41000000),
		.entry = 0x41000000,
		.flags = HV_PART_CONSOLE_INPUT,
	},
	{
		.name = "stray",
		.cpus = BIT(2) | BIT(3),
		.num_mem = HV_COUNT(stray_mem),
		.mem = stray_mem,
		.num_irqs = HV_COUNT(stray_irqs),
		.irqs = stray_irqs,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(stray, 0x42000000),
		.entry = 0x42000000,
	},
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
