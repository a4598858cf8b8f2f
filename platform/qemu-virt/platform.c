/* SPDX-License-Identifier: MIT */
/*
 * QEMU `virt` (virt-10.0, virtualization=on, gic-version=3, cortex-a55,
 * -smp 4 -m 1G): the CI target. Pure data; addresses from QEMU's hw/arm/virt.c
 * memory map (QEMU's hw/arm/virt.c; see docs/platforms.md).
 */
#include <haven/platform.h>

/*
 * PCIe and virtio-mmio devices master DMA. With -M virt,iommu=smmuv3 (the
 * platform variant qemu-virt-smmu, platform/qemu-virt-smmu/) every PCIe
 * root-bus device is behind the SMMUv3 at 0x09050000, its stream ID its
 * requester ID (bus << 8 | devfn); virtio-mmio never is. Without it nothing
 * is, and the SMMU's window is unmapped (a load from it is an external abort),
 * which is why Haven takes the SMMU from this description and never probes.
 */
#ifdef HAVEN_QEMU_VIRT_SMMU
#define PLATFORM_NAME "qemu-virt-smmu"
#define PCIE_DMA (HV_DEV_DMA | HV_DEV_SMMU)
/* hw/arm/virt.c: SPIs 74..77 are eventq, priq, cmdq-sync, gerror (INTIDs 106..109). */
static const struct haven_smmu smmu = {
	.base = 0x09050000, .sid_bits = 8, .irq_eventq = 106, .irq_gerror = 109,
};
#define PLATFORM_SMMU (&smmu)
#else
#define PLATFORM_NAME "qemu-virt"
#define PCIE_DMA HV_DEV_DMA
#define PLATFORM_SMMU NULL
#endif

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
	{ .name = "virtio-mmio", .base = 0x0A000000, .size = 0x4000,
	  .flags = HV_DEV_ASSIGNABLE | HV_DEV_DMA },
	{ .name = "pcie-mmio", .base = 0x10000000, .size = 0x2EFF0000,
	  .flags = HV_DEV_ASSIGNABLE | PCIE_DMA | HV_DEV_PCI_MEM },
	{ .name = "pcie-pio", .base = 0x3EFF0000, .size = 0x10000, .flags = HV_DEV_ASSIGNABLE | PCIE_DMA },
	/* INTx: hw/arm/virt.c swizzles INTA..INTD of slot s onto SPIs 3..6 (INTIDs 35..38). */
	{ .name = "pcie-ecam", .base = 0x4010000000, .size = 0x10000000, .irq = 35,
	  .flags = HV_DEV_ASSIGNABLE | PCIE_DMA | HV_DEV_ECAM },
};

const struct haven_platform haven_platform = {
	.name = PLATFORM_NAME,
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
	.smmu = PLATFORM_SMMU,
};
