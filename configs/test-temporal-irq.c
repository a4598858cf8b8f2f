/* SPDX-License-Identifier: MIT */
/*
 * Temporal partitioning, interrupts (scenario "temporal-irq", under -icount
 * shift=0, QEMU's RTC on the virtual clock): CPU 0 is shared in a 9 ms frame,
 * the listener 0..0.2 ms (it owns the PL031 RTC and its SPI 34), the spinner
 * 0.2..9 ms. Both run guests/schedirq.
 */
#include <haven/config.h>

HAVEN_DECLARE_IMAGE(schedirq);

static const struct haven_mem_region listener_mem[] = {
	{ .ipa = 0x41000000, .pa = 0x41000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_mmio_region listener_mmio[] = {
	{ .ipa = 0x09010000, .pa = 0x09010000, .size = 0x1000 }, /* PL031 RTC */
};

static const uint32_t listener_irqs[] = { 34 };

static const struct haven_mem_region spinner_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
};

static const struct haven_partition_config parts[] = {
	{ .name = "listener", .cpus = BIT(0), .num_mem = HV_COUNT(listener_mem), .mem = listener_mem,
	  .num_mmio = HV_COUNT(listener_mmio), .mmio = listener_mmio,
	  .num_irqs = HV_COUNT(listener_irqs), .irqs = listener_irqs,
	  .image = HAVEN_IMAGE(schedirq, 0x41000000), .entry = 0x41000000 },
	{ .name = "spinner", .cpus = BIT(0), .num_mem = HV_COUNT(spinner_mem), .mem = spinner_mem,
	  .image = HAVEN_IMAGE(schedirq, 0x42000000), .entry = 0x42000000 },
};

static const struct haven_window cpu0_windows[] = {
	{ .partition = 0, .offset_us = 0, .length_us = 200 },
	{ .partition = 1, .offset_us = 200, .length_us = 8800 },
};

static const struct haven_schedule schedules[] = {
	{ .cpu = 0, .frame_us = 9000, .num_windows = HV_COUNT(cpu0_windows), .windows = cpu0_windows },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC,
	.revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts),
	.partitions = parts,
	.num_schedules = HV_COUNT(schedules),
	.schedules = schedules,
};
