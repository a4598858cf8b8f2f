/* SPDX-License-Identifier: MIT */
/*
 * The shared-CPU part of make bench (tools/bench.py, metric partition_switch,
 * docs/performance.md): partitions "bench" and "other" (both guests/benchsched)
 * take turns on CPU 0, 500 us each in a 1 ms major frame; CPUs 1-3 stay off.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(benchsched);

static const struct haven_mem_region bench_mem[] = {
	{ .ipa = 0x44000000, .pa = 0x44000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mem_region other_mem[] = {
	{ .ipa = 0x45000000, .pa = 0x45000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "bench", .cpus = BIT(0), .num_mem = HV_COUNT(bench_mem), .mem = bench_mem,
	  .image = HAVEN_IMAGE(benchsched, 0x44000000), .entry = 0x44000000 },
	{ .name = "other", .cpus = BIT(0), .num_mem = HV_COUNT(other_mem), .mem = other_mem,
	  .image = HAVEN_IMAGE(benchsched, 0x45000000), .entry = 0x45000000 },
};

static const struct haven_window cpu0_windows[] = {
	{ .partition = 0, .offset_us = 0, .length_us = 500 },
	{ .partition = 1, .offset_us = 500, .length_us = 500 },
};

static const struct haven_schedule schedules[] = {
	{ .cpu = 0, .frame_us = 1000, .num_windows = HV_COUNT(cpu0_windows), .windows = cpu0_windows },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
	.num_schedules = HV_COUNT(schedules),
	.schedules = schedules,
};
