/* SPDX-License-Identifier: MIT */
/*
 * The system of the GIC scenarios (configs/test-gic.c on CPUs 0-1,
 * test-gic-cpu23.c, test-gic-cpu13.c): gictest owns SPI 40 (UART1's line, with no device
 * access) and checks what its distributor and redistributors show, SGIs
 * between its vCPUs, PSCI CPU_ON, AFFINITY_INFO and CPU_OFF, the timers and
 * routing by GICD_IROUTER; it also writes the stray's SPIs 41 and 42 (passed
 * through to the stray, no device behind them). The stray neighbour watches
 * that none of it reaches it: no interrupt arrives, its SPIs' physical state
 * stays as it set it. The two share the mailbox page. The including file
 * defines GICTEST_CPUS and STRAY_CPUS.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(gictest);
HAVEN_DECLARE_IMAGE(stray);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }

static const struct haven_mem_region gictest_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mem_region stray_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const uint32_t gictest_irqs[] = { 40 };
/* No device behind either: their state is what the two partitions' writes make it. */
static const uint32_t stray_irqs[] = { 41, 42 };

static const struct haven_partition_config parts[] = {
	{
		.name = "gictest",
		.cpus = GICTEST_CPUS,
		.num_mem = HV_COUNT(gictest_mem),
		.mem = gictest_mem,
		.num_irqs = HV_COUNT(gictest_irqs),
		.irqs = gictest_irqs,
		.fault_policy = HV_FAULT_INJECT,
		.image = HAVEN_IMAGE(gictest, 0x41000000),
		.entry = 0x41000000,
	},
	{
		.name = "stray",
		.cpus = STRAY_CPUS,
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
