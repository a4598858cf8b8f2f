/* SPDX-License-Identifier: MIT */
/*
 * QEMU `virt` (virt-10.0, virtualization=on, gic-version=3, cortex-a55,
 * -smp 4 -m 1G): the CI target. Pure data; addresses from QEMU's hw/arm/virt.c
 * memory map (QEMU's hw/arm/virt.c; see docs/platforms.md).
 */
#include <haven/platform.h>

static const uint64_t cpus[] = { 0x0, 0x1, 0x2, 0x3 };

static const struct haven_ram_bank ram[] = {
	{ .base = 0x40000000, .size = 0x40000000 }, /* -m 1G */
};

static const struct haven_device devices[] = {
	{ .name = "gicd", .base = 0x08000000, .size = 0x10000, .flags = HV_DEV_HYP },
	{ .name = "gic-its", .base = 0x08080000, .size = 0x20000, .flags = HV_DEV_HYP },
	{ .name = "gicr", .base = 0x080A0000, .size = 0xF60000, .flags = HV_DEV_HYP },
	{ .name = "uart0", .base = 0x09000000, .size = 0x1000, .irq = 33, .flags = HV_DEV_HYP },
	{ .name = "rtc", .base = 0x09010000, .size = 0x1000, .irq = 34, .flags = HV_DEV_ASSIGNABLE },
	{ .name = "fw-cfg", .base = 0x09020000, .size = 0x1000, .flags = HV_DEV_HYP },
	{ .name = "gpio", .base = 0x09030000, .size = 0x1000, .irq = 39, .flags = HV_DEV_ASSIGNABLE },
	{ .name = "uart1", .base = 0x09040000, .size = 0x1000, .irq = 40, .flags = HV_DEV_ASSIGNABLE },
	{ .name = "smmuv3", .base = 0x09050000, .size = 0x20000, .flags = HV_DEV_HYP },
	{ .name = "virtio-mmio", .base = 0x0A000000, .size = 0x4000, .flags = HV_DEV_ASSIGNABLE },
	{ .name = "pcie-mmio", .base = 0x10000000, .size = 0x2EFF0000, .flags = HV_DEV_ASSIGNABLE },
	{ .name = "pcie-pio", .base = 0x3EFF0000, .size = 0x10000, .flags = HV_DEV_ASSIGNABLE },
	{ .name = "pcie-ecam", .base = 0x4010000000, .size = 0x10000000, .flags = HV_DEV_ASSIGNABLE },
};

const struct haven_platform haven_platform = {
	.name = "qemu-virt",
	.num_cpus = ARRAY_SIZE(cpus),
	.cpu_mpidr = cpus,
	.num_ram = ARRAY_SIZE(ram),
	.ram = ram,
	.num_devices = ARRAY_SIZE(devices),
	.devices = devices,
	.hyp_base = 0x40000000,
	.hyp_size = 0x01000000,
	.store_base = 0x70000000, /* the top 256 MiB of RAM: Linux kernels, initramfs, DTBs */
	.store_size = 0x10000000,
	/* in the hypervisor region, between QEMU's boot stub (0x40000000) and haven.bin */
	.bootinfo_base = 0x40001000,
	.gicd_base = 0x08000000,
	.gicr_base = 0x080A0000,
	.gicr_stride = 0x20000,
	.max_intid = 288,
	.uart_base = 0x09000000,
	.uart_irq = 33,
	.pa_bits = 40,
};
