/* SPDX-License-Identifier: MIT */
/*
 * A board description: pure data (platform/<board>/platform.c), no code. The
 * validator checks configs against it; the hypervisor takes its GIC, console
 * and CPU list from it.
 */
#ifndef HAVEN_PLATFORM_H
#define HAVEN_PLATFORM_H

#include <haven/types.h>

#define HAVEN_MAX_CPUS 8

/* Device flags. */
#define HV_DEV_ASSIGNABLE 0x1u /* may be passed through to exactly one partition */
#define HV_DEV_HYP 0x2u        /* owned by Haven itself (GIC, its console): never assignable */
#define HV_DEV_DMA 0x4u        /* it, or a device behind it, masters DMA (reads and writes memory) */
#define HV_DEV_SMMU 0x8u       /* with HV_DEV_DMA: that DMA goes through the platform's SMMU */
/*
 * PCIe configuration space (ECAM: bus << 20 | device << 15 | function << 12 |
 * register). Emulated for every partition that lists it (core/vpci.c): each
 * sees only the functions its streams[] name, so several may list it.
 */
#define HV_DEV_ECAM 0x10u
/* A PCIe memory window: BARs decode in it, at bus address = physical address. */
#define HV_DEV_PCI_MEM 0x20u

struct haven_ram_bank {
	uint64_t base;
	uint64_t size;
};

struct haven_device {
	const char *name;
	uint64_t base;
	uint64_t size;
	/*
	 * Its SPI INTID, 0 if none. For HV_DEV_ECAM: the SPI of INTA of slot 0;
	 * pin p (0 = INTA .. 3 = INTD) of slot s raises irq + (s + p) % 4.
	 */
	uint32_t irq;
	uint32_t flags;
};

/*
 * The SMMUv3 that translates the DMA of the HV_DEV_SMMU devices, owned by
 * Haven (docs/isolation.md, "DMA"). Its interrupts are edge-triggered SPIs.
 */
struct haven_smmu {
	uint64_t base;
	uint32_t sid_bits;   /* the masters' stream IDs are below 1 << sid_bits */
	uint32_t irq_eventq; /* INTID of the event queue interrupt */
	uint32_t irq_gerror; /* INTID of the global error interrupt */
};

struct haven_platform {
	const char *name;
	uint32_t num_cpus;
	const uint64_t *cpu_mpidr; /* affinity fields only (Aff3..Aff0) */
	uint32_t num_ram;
	const struct haven_ram_bank *ram;
	uint32_t num_devices;
	const struct haven_device *devices;
	/* Memory reserved for the hypervisor image, its stacks and page tables. */
	uint64_t hyp_base;
	uint64_t hyp_size;
	/* Haven-owned memory holding pristine copies of large guest blobs (0 size: none). */
	uint64_t store_base;
	uint64_t store_size;
	/* Haven-owned memory where the launcher leaves struct haven_bootinfo (0: none). */
	uint64_t bootinfo_base;
	/* Interrupt controller and console, owned by Haven. */
	uint64_t gicd_base;
	uint64_t gicr_base;
	uint64_t gicr_stride;
	uint32_t max_intid; /* highest SPI INTID + 1 */
	uint64_t uart_base;
	uint32_t uart_irq; /* its INTID: console input */
	uint64_t pa_bits; /* physical address size */
	/* The SMMU, or NULL: then every HV_DEV_DMA device reaches all physical memory. */
	const struct haven_smmu *smmu;
};

extern const struct haven_platform haven_platform;

#endif
