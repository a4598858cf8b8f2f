/* EXPECT: config: schedules[0].windows[1].offset_us: 2500 is before the end of windows[0] (3000 us) */
/* SPDX-License-Identifier: MIT */
/*
 * CPU 0 is shared by two partitions, and the second window starts before the
 * first one ends. Everything else is valid; haven-check must exit 1 and say so.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(victim);
HAVEN_DECLARE_IMAGE(attacker);

static const struct haven_mem_region victim_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};
static const struct haven_mem_region attacker_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "victim", .cpus = BIT(0), .num_mem = HV_COUNT(victim_mem), .mem = victim_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(victim, 0x41000000), .entry = 0x41000000 },
	{ .name = "attacker", .cpus = BIT(0), .num_mem = HV_COUNT(attacker_mem), .mem = attacker_mem,
	  .fault_policy = HV_FAULT_INJECT, .image = HAVEN_IMAGE(attacker, 0x42000000), .entry = 0x42000000 },
};

static const struct haven_window cpu0_windows[] = {
	{ .partition = 0, .offset_us = 0, .length_us = 3000 },
	{ .partition = 1, .offset_us = 2500 /* inside the victim's window */, .length_us = 7000 },
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
