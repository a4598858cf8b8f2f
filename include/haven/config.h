/* SPDX-License-Identifier: MIT */
/*
 * Haven's static system configuration. A system config is a C file in
 * configs/ that defines one `const struct haven_config haven_config` with
 * designated initialisers (see docs/config-reference.md). The same file is
 * compiled into the hypervisor (validated at boot) and into the host checker
 * tools/haven-check (validated at build time), against the same validator,
 * core/config_check.c.
 */
#ifndef HAVEN_CONFIG_H
#define HAVEN_CONFIG_H

#include <haven/types.h>

#define HAVEN_CONFIG_MAGIC 0x4E564148u /* "HAVN" */
#define HAVEN_CONFIG_REVISION 1u

#define HAVEN_MAX_PARTITIONS 8
#define HAVEN_MAX_MEM_REGIONS 8
#define HAVEN_MAX_MMIO_REGIONS 8
#define HAVEN_MAX_IRQS 32
#define HAVEN_MAX_EXTRA 4
#define HAVEN_MAX_STREAMS 8
#define HAVEN_MAX_WINDOWS 8 /* per schedule */

/* Permissions of a memory region (stage-2 access rights). */
#define HV_MEM_R 0x1u
#define HV_MEM_W 0x2u
#define HV_MEM_X 0x4u
#define HV_MEM_RW (HV_MEM_R | HV_MEM_W)
#define HV_MEM_RWX (HV_MEM_R | HV_MEM_W | HV_MEM_X)

/* Flags of a memory region. */
#define HV_MEM_SHARED 0x1u   /* may overlap regions of other partitions that are HV_MEM_SHARED too */
#define HV_MEM_RESERVED 0x2u /* Linux partitions: listed in the generated DT as reserved-memory
			      * (no-map), not as RAM; for mailboxes and persistent counters */

/* One range of normal memory: guest-physical [ipa, ipa+size) -> physical [pa, pa+size). */
struct haven_mem_region {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
	uint32_t perm;  /* HV_MEM_R | HV_MEM_W | HV_MEM_X */
	uint32_t flags; /* HV_MEM_SHARED */
};

/*
 * One passed-through device window, mapped as Device-nGnRE, read/write, never
 * executable. compatible, clocks and dt_flags are for Linux partitions only:
 * with a compatible, tools/haven-dtgen describes the device in the partition's
 * DT (reg = this window's IPA range; interrupts = the platform device's SPI,
 * which irqs[] must pass through). The hypervisor itself ignores them.
 */
struct haven_mmio_region {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
	const char *compatible; /* DT compatible strings, space-separated, most specific first,
				 * e.g. "arm,pl011 arm,primecell"; NULL: not in the DT */
	const char *clocks;     /* DT clock-names, space-separated, e.g. "uartclk apb_pclk": each is
				 * fed by the DT's fixed 24 MHz clock apb_pclk; NULL: no clocks */
	uint32_t dt_flags;      /* HV_DT_* */
};

/* DT flags of a passed-through device. */
#define HV_DT_IRQ_EDGE 0x1u /* its interrupt is edge-triggered (rising); default: level, active high */

/*
 * One DMA master the partition owns: its stream ID at the platform's SMMU and
 * the device (a platform device name, one of the partition's mmio[]) through
 * which it is programmed, e.g. { .device = "pcie-ecam", .sid = 0x18 } for the
 * PCIe function 00:03.0. Its DMA addresses are the partition's IPAs,
 * translated by the partition's own stage 2 (docs/isolation.md, "DMA").
 */
struct haven_stream {
	const char *device;
	uint32_t sid;
};

/* What Haven does when a partition touches memory outside its map. */
enum haven_fault_policy {
	HV_FAULT_INJECT = 0, /* report, then inject a synchronous external abort into the guest */
	HV_FAULT_STOP = 1,   /* report, then stop every vCPU of the partition */
};

/* A guest blob: Haven's pristine copy; placed at load_ipa by the launcher for the first start, copied there at a restart. */
struct haven_image {
	const char *name;          /* build name, e.g. "attacker" (guests/<name>) */
	const unsigned char *start; /* NULL in host builds */
	const unsigned char *end;
	uint64_t load_ipa;
	/*
	 * The bytes the image occupies from load_ipa once it runs: a guest's file,
	 * .bss and stacks, a kernel's image_size, another blob's file size. The
	 * build measures it (Makefile, $(OUT)/image-sizes); 0 means not known.
	 */
	uint64_t memsz;
};

/* One partition. */
struct haven_partition_config {
	const char *name;  /* shown as the console prefix "[name]" and in every report */
	uint64_t cpus;     /* bitmap of physical CPU indices (platform order); vCPU n runs on the n-th set bit */
	uint32_t num_mem;
	const struct haven_mem_region *mem;
	uint32_t num_mmio;
	const struct haven_mmio_region *mmio;
	uint32_t num_irqs;
	const uint32_t *irqs; /* physical SPI INTIDs passed through (virtual INTID = physical INTID) */
	uint32_t num_streams;
	const struct haven_stream *streams; /* its DMA masters (stream IDs) */
	enum haven_fault_policy fault_policy;
	struct haven_image image;
	uint32_t num_extra;               /* further blobs copied at every (re)start: */
	const struct haven_image *extra;  /* e.g. an initramfs and the partition's DTB */
	uint64_t entry;   /* IPA where vCPU 0 starts */
	uint64_t dtb_ipa; /* passed in x0 at entry; 0 for none */
	const char *bootargs; /* Linux partitions: kernel command line for the generated DT */
	uint32_t flags;       /* HV_PART_* */
};

/* Partition flags. */
#define HV_PART_CONSOLE_INPUT 0x1u /* receives what is typed on Haven's console (one partition) */
/*
 * DANGER: the partition's devices reach all physical memory, Haven's and every
 * other partition's included. Needed to give it a DMA-capable device that no
 * SMMU translates; it is then as trusted as Haven itself.
 */
#define HV_PART_TRUSTED_PHYS_DMA 0x2u
/*
 * The partition owns the PCIe host bridge: through the emulated ECAM it also
 * sees every function that no partition's streams[] name (configures them,
 * not their DMA, which stays unassigned and blocked). One partition at most.
 */
#define HV_PART_PCI_HOST 0x4u

/*
 * Temporal partitioning (docs/scheduling.md). A physical CPU without a
 * schedule runs the one vCPU pinned to it, undisturbed. A CPU with a schedule
 * is shared: it repeats a major frame of frame_us microseconds, and in each
 * window [offset_us, offset_us + length_us) of the frame it runs the vCPU
 * that the window's partition has on that CPU; between windows it idles.
 * Each partition on a shared CPU has exactly one vCPU (that one).
 */
#define HAVEN_SCHED_MIN_US 100         /* shortest window and frame (docs/scheduling.md, "Bounds") */
#define HAVEN_SCHED_MAX_FRAME_US 1000000 /* longest frame: 1 s */

struct haven_window {
	uint32_t partition; /* index into haven_config.partitions[] */
	uint32_t offset_us; /* start, from the start of the frame */
	uint32_t length_us;
};

struct haven_schedule {
	uint32_t cpu;      /* physical CPU index (platform order) */
	uint32_t frame_us; /* the major frame */
	uint32_t num_windows;
	const struct haven_window *windows; /* in time order, not overlapping, inside the frame */
};

/* The whole system. */
struct haven_config {
	uint32_t magic;    /* HAVEN_CONFIG_MAGIC */
	uint32_t revision; /* HAVEN_CONFIG_REVISION */
	uint32_t num_partitions;
	const struct haven_partition_config *partitions;
	uint32_t num_schedules; /* 0: every CPU runs one dedicated vCPU */
	const struct haven_schedule *schedules;
};

/*
 * HAVEN_IMAGE(name, ipa): a blob the partition finds at ipa when it (re)starts.
 * If guests/<name>/ exists, the build compiles that bare-metal guest and links
 * it into the hypervisor image. Otherwise the blob is large (a Linux kernel,
 * an initramfs, a generated DTB): the build stages it in the platform's image
 * store, Haven-owned memory the boot loader fills (QEMU: -device loader; see
 * tools/run-qemu.sh). Either way the boot loader also places the blob at ipa
 * for the first start (docs/platforms.md#the-boot-contract).
 */
/*
 * In the hypervisor, _guest_<name>_memsz is an absolute symbol (images.S)
 * whose address is the image's memsz. haven-check, built before any image,
 * reads the sizes from a file instead (haven-check --image-sizes).
 */
#ifdef HAVEN_HOST
#define HAVEN_IMAGE(n, ipa) { .name = #n, .start = NULL, .end = NULL, .load_ipa = (ipa) }
#else
#define HAVEN_IMAGE(n, ipa)                                                                   \
	{ .name = #n, .start = _guest_##n##_start, .end = _guest_##n##_end, .load_ipa = (ipa), \
	  .memsz = (uint64_t)_guest_##n##_memsz }
#define HAVEN_DECLARE_IMAGE(n) \
	extern const unsigned char _guest_##n##_start[], _guest_##n##_end[], _guest_##n##_memsz[]
#endif
#ifdef HAVEN_HOST
#define HAVEN_DECLARE_IMAGE(n) extern int haven_unused_##n
#endif

#define HV_COUNT(a) ((uint32_t)ARRAY_SIZE(a))

/* The system config linked into the image (defined in configs/<name>.c). */
extern const struct haven_config haven_config;

#endif
