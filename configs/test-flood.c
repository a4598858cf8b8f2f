/* SPDX-License-Identifier: MIT */
/*
 * Console interference (scenario "console-flood", under -icount): the meter
 * measures its wake-up lateness and its own console writes while the flooder
 * (2 CPUs) floods Haven's console and faults in a loop, and the stormer probes
 * the meter with LDP/STP (size=?) and then faults at its own vector (fault
 * storm). Identity-mapped; the meter and flooder share the test mailbox.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(meter);
HAVEN_DECLARE_IMAGE(flooder);
HAVEN_DECLARE_IMAGE(stormer);

#define MAILBOX { .ipa = 0x4F000000, .pa = 0x4F000000, .size = 0x1000, .perm = HV_MEM_RW, \
		  .flags = HV_MEM_SHARED }

static const struct haven_mem_region meter_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mem_region flooder_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_mem_region stormer_mem[] = {
	{ .ipa = 0x44000000, .pa = 0x44000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	MAILBOX,
};

static const struct haven_partition_config parts[] = {
	{ .name = "meter", .cpus = BIT(0), .num_mem = HV_COUNT(meter_mem), .mem = meter_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(meter, 0x41000000),
	  .entry = 0x41000000 },
	{ .name = "flooder", .cpus = BIT(1) | BIT(2), .num_mem = HV_COUNT(flooder_mem),
	  .mem = flooder_mem, .fault_policy = HV_FAULT_INJECT,
	  .image = HAVEN_IMAGE(flooder, 0x42000000), .entry = 0x42000000 },
	{ .name = "stormer", .cpus = BIT(3), .num_mem = HV_COUNT(stormer_mem), .mem = stormer_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(stormer, 0x44000000),
	  .entry = 0x44000000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
};
