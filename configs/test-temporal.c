/* SPDX-License-Identifier: MIT */
/*
 * Temporal partitioning (scenario "temporal", under -icount shift=0): CPU 0
 * is shared in a 10 ms major frame, share3 runs 0..3 ms and share7 3..10 ms
 * of it. Both run guests/timeshare, which spins with IRQs masked and measures
 * its share, how long each of its stretches lasted and how long it was away.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(timeshare);

static const struct haven_mem_region share3_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region share7_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "share3", .cpus = BIT(0), .num_mem = HV_COUNT(share3_mem), .mem = share3_mem,
	  .image = HAVEN_IMAGE(timeshare, 0x41000000), .entry = 0x41000000 },
	{ .name = "share7", .cpus = BIT(0), .num_mem = HV_COUNT(share7_mem), .mem = share7_mem,
	  .image = HAVEN_IMAGE(timeshare, 0x42000000), .entry = 0x42000000 },
};

static const struct haven_window cpu0_windows[] = {
	{ .partition = 0, .offset_us = 0, .length_us = 3000 },
	{ .partition = 1, .offset_us = 3000, .length_us = 7000 },
};

static const struct haven_schedule schedules[] = {
	{ .cpu = 0, .frame_us = 10000, .num_windows = HV_COUNT(cpu0_windows), .windows = cpu0_windows },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
	.num_schedules = HV_COUNT(schedules),
	.schedules = schedules,
};
