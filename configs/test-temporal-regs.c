/* SPDX-License-Identifier: MIT */
/*
 * Temporal partitioning, the vCPU switch (scenario "temporal-regs", under
 * -icount shift=0): CPU 0 is shared by three partitions running
 * guests/schedregs, 0.5 ms each in a 1.5 ms major frame. regs1 and regs2 fill
 * every register class a switch moves and check it after dozens of
 * preemptions; idler only sleeps.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(schedregs);

static const struct haven_mem_region regs1_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region regs2_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region idler_mem[] = {
	{ .ipa = 0x43000000, .pa = 0x43000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "regs1", .cpus = BIT(0), .num_mem = HV_COUNT(regs1_mem), .mem = regs1_mem,
	  .image = HAVEN_IMAGE(schedregs, 0x41000000), .entry = 0x41000000 },
	{ .name = "regs2", .cpus = BIT(0), .num_mem = HV_COUNT(regs2_mem), .mem = regs2_mem,
	  .image = HAVEN_IMAGE(schedregs, 0x42000000), .entry = 0x42000000 },
	{ .name = "idler", .cpus = BIT(0), .num_mem = HV_COUNT(idler_mem), .mem = idler_mem,
	  .image = HAVEN_IMAGE(schedregs, 0x43000000), .entry = 0x43000000 },
};

static const struct haven_window cpu0_windows[] = {
	{ .partition = 0, .offset_us = 0, .length_us = 500 },
	{ .partition = 1, .offset_us = 500, .length_us = 500 },
	{ .partition = 2, .offset_us = 1000, .length_us = 500 },
};

static const struct haven_schedule schedules[] = {
	{ .cpu = 0, .frame_us = 1500, .num_windows = HV_COUNT(cpu0_windows), .windows = cpu0_windows },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
	.num_schedules = HV_COUNT(schedules),
	.schedules = schedules,
};
