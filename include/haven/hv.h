/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's runtime objects: physical CPUs, partitions and their vCPUs.
 * Static partitioning: every vCPU is pinned to one physical CPU for its whole
 * life. A dedicated CPU never switches between vCPUs, so a guest's EL1 system
 * registers live in the hardware; only a CPU that a schedule shares in time
 * switches (core/sched.c, docs/scheduling.md).
 */
#ifndef HAVEN_HV_H
#define HAVEN_HV_H

#include <haven/config.h>
#include <haven/platform.h>
#include <haven/arch.h>
#include <haven/abi.h>

#define HAVEN_VERSION_STRING "0.1"
#define HAVEN_MAX_INTID 1024
#define HAVEN_SPI_WORDS (HAVEN_MAX_INTID / 32)
/* The PPIs backed by hardware: the guest's own virtual and EL1 physical timers. */
#define HAVEN_TIMER_PPIS (BIT(HAVEN_VTIMER_INTID) | BIT(HAVEN_PTIMER_INTID))

/* Saved guest state at a trap. Layout shared with arch/aarch64/entry.S. */
struct vcpu_regs {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
};

/* Transitions under the partition's lock only: see core/partition.c. */
enum vcpu_state {
	VCPU_OFF = 0,
	VCPU_ON_PENDING = 1,
	VCPU_RUNNING = 2,
	VCPU_PARKING = 3, /* asked to go off; still on its CPU until vcpu_park() */
};

/* Per-vCPU view of the redistributor (SGIs and PPIs are virtual but the timers'). */
struct vgicr {
	uint32_t enabled;  /* SGI/PPI enable bits */
	uint32_t pending;  /* SGI/PPI pending bits not yet in a list register */
	uint32_t icfgr1;
	uint8_t prio[32];
	bool sleep; /* GICR_WAKER.ProcessorSleep */
};

struct partition;
struct vcpu;

/*
 * An emulated device window of a partition: a stage-2 data abort inside
 * [base, base + size) goes to access() with the offset into the window
 * (arch/aarch64/traps.c). Each partition's table is filled once at boot
 * (core/emu.c) and never changes; the windows are not mapped at stage 2.
 */
typedef bool (*emu_access_fn)(struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val);
struct emu_region {
	uint64_t base;
	uint64_t size;
	emu_access_fn access;
};
#define HAVEN_MAX_EMU 4 /* vGICD, vGICR, vUART, ECAM */

struct vcpu {
	struct vcpu_regs regs; /* must stay first: the trap frame */
	uint64_t hyp_sp;       /* EL2 stack top used while this vCPU traps; offset 264 */
	struct partition *part;
	unsigned id;   /* index within the partition */
	unsigned pcpu; /* physical CPU index */
	uint64_t vmpidr;
	volatile uint32_t state; /* enum vcpu_state */
	uint64_t boot_entry;
	uint64_t boot_ctx;
	volatile uint32_t sgi_inbox; /* virtual SGIs sent by other vCPUs, drained on this pCPU */
	struct vgicr vgicr;
	uint32_t spi_pending[HAVEN_SPI_WORDS]; /* virtual SPIs waiting for a free list register */
	bool spi_any_pending;
	uint64_t violations;
	bool con_queued; /* this vCPU queued console lines while the UART was busy */
	struct vcpu_ctx *ctx; /* on a shared CPU: its state while descheduled (haven/sched.h); else NULL */
};

_Static_assert(offsetof(struct vcpu, hyp_sp) == 33 * 8, "arch/aarch64/entry.S: VCPU_HYP_SP");

/* The emulated distributor of one partition. */
struct vgicd {
	spinlock_t lock;
	uint32_t ctlr;
	uint32_t owned[HAVEN_SPI_WORDS];    /* INTIDs this partition may see */
	uint32_t hw[HAVEN_SPI_WORDS];       /* of those, backed by a physical SPI */
	uint32_t enabled[HAVEN_SPI_WORDS];  /* virtual-only interrupts' enable bits */
	uint32_t pending[HAVEN_SPI_WORDS];  /* virtual-only interrupts' pending bits */
	uint32_t icfgr[HAVEN_SPI_WORDS * 2];
	uint8_t prio[HAVEN_MAX_INTID];
	uint16_t route[HAVEN_MAX_INTID]; /* target vCPU index */
};

enum partition_state {
	PART_STOPPED = 0,
	PART_RUNNING = 1,
	PART_RESETTING = 2,
};

struct partition {
	const struct haven_partition_config *cfg;
	unsigned id;
	unsigned nvcpus;
	struct vcpu *vcpus[HAVEN_MAX_VCPUS];
	uint64_t vttbr;
	spinlock_t lock;         /* the partition's and its vCPUs' state transitions */
	volatile uint32_t state; /* enum partition_state */
	struct vgicd vgicd;
	struct emu_region emu[HAVEN_MAX_EMU + 1]; /* the most used first; ends with one of size 0 */
	unsigned num_emu;
	spinlock_t con_lock;
	unsigned con_len;
	char con_buf[256];
	/* Complete lines waiting for the UART (core/console.c), '\n'-terminated, under con_lock. */
	char con_ring[1024];
	unsigned ring_head, ring_tail; /* free-running; index modulo sizeof(con_ring) */
	bool con_immediate;      /* the console-input partition: bytes go out as they come */
	bool con_midline;        /* immediate mode: a line of this partition is open on the UART */
	bool con_broken;         /* immediate mode: another line broke its open line; it goes on as "[name]+ " */
	uint32_t vuart_regs[32]; /* register file of the emulated PL011 (by offset / 4) */
	char rx_buf[64];         /* console input waiting in the emulated PL011's receive FIFO */
	unsigned rx_head, rx_tail;
	spinlock_t report_lock;  /* the rate limit of Haven's reports about it (core/violation.c) */
	uint64_t report_full_at;
	unsigned reports_suppressed;
};

/* Haven's IPI: the physical SGI that tells a CPU to look at its events. */
#define HAVEN_SGI_IPI 0

/* Events one physical CPU posts to another (bit mask in pcpu.events). */
#define EV_CPU_ON BIT(0)  /* a vCPU of this pCPU was switched on */
#define EV_STOP BIT(1)    /* the vCPU is PARKING: park it */
#define EV_SGI BIT(2)     /* virtual SGIs in the vCPU's inbox */
#define EV_VIRQ BIT(3)    /* pending virtual SPIs routed to the vCPU */

struct pcpu {
	unsigned id;
	uint64_t mpidr;
	struct vcpu *vcpu; /* the vCPU pinned here, NULL if none */
	volatile uint32_t events;
	uint64_t sgi1r; /* ICC_SGI1R_EL1 value that targets this CPU (INTID 0) */
	bool in_guest;
	bool panicking;
	struct sched *sched; /* this CPU's schedule (core/sched.c); NULL: dedicated to .vcpu */
};

extern struct pcpu pcpus[HAVEN_MAX_CPUS];
extern struct partition partitions[HAVEN_MAX_PARTITIONS];
extern unsigned num_partitions;

static inline struct pcpu *this_pcpu(void)
{
	return (struct pcpu *)read_sysreg(tpidr_el2);
}

/* core/console.c */
void console_init(void);
void hv_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hv_vlog(const char *fmt, va_list ap);
void partition_putc(struct partition *p, char c);
void partition_console_flush(struct partition *p);
void partition_console_poll(struct vcpu *v);

/* core/panic.c */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void panic_frame(const char *what, const struct vcpu_regs *regs, uint64_t esr, uint64_t far)
	__attribute__((noreturn));

/* core/partition.c */
void partitions_init(void);
void partition_stop(struct partition *p, const char *reason);
void partition_reset(struct vcpu *self) __attribute__((noreturn));
void vcpu_off(struct vcpu *v) __attribute__((noreturn));
bool partition_ipa_range_ok(const struct partition *p, uint64_t ipa, uint64_t len, uint32_t perm,
			    uint64_t *pa);
void vcpu_reset_and_enter(struct vcpu *v) __attribute__((noreturn));
void vcpu_park(struct vcpu *v) __attribute__((noreturn));
void pcpu_idle(void) __attribute__((noreturn));
void pcpu_post(unsigned cpu, uint32_t events);
void pcpu_handle_events(void);

/* core/violation.c */
void violation(struct vcpu *v, uint64_t ipa, uint64_t esr, uint64_t far, const char *access,
	       unsigned size);
bool report_allowed(struct partition *p);
void report_flush(struct partition *p);
bool report_bucket_take(uint64_t *full_at);

/* core/dma.c: DMA isolation (the SMMU's streams, its fault reports); drivers/smmuv3.c */
struct dma_event {
	uint32_t sid;
	unsigned type; /* the SMMU's event type, e.g. 0x10 F_TRANSLATION */
	bool write;
	uint64_t iova;
	unsigned count; /* events merged into this one (one DMA burst) */
};
void dma_init(void);
bool dma_irq(uint32_t intid);
void dma_fault(const struct dma_event *ev);
void dma_events_lost(void);
void dma_partition_stop(struct partition *p);
void dma_partition_start(struct partition *p);
void smmu_init(const struct haven_smmu *s);
void smmu_attach(uint32_t sid, uint64_t vttbr);
void smmu_enable(void);
bool smmu_irq(uint32_t intid);
void smmu_stream_abort(uint32_t sid, bool abort);

/* core/hypercall.c, core/vpsci.c */
void hvc_dispatch(struct vcpu *v);
int64_t vpsci_call(struct vcpu *v, uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* drivers/gicv3.c: the physical GIC and the list registers. */
void gic_init_dist(void);
void gic_init_cpu(void);
void gic_send_sgi(unsigned cpu, unsigned intid);
uint64_t gic_sgi1r_for(uint64_t mpidr);
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);
void gic_deactivate(uint32_t intid);
void gic_spi_enable(uint32_t intid, bool on);
void gic_spi_route(uint32_t intid, uint64_t mpidr);
uint32_t gic_read_bits(unsigned cpu, unsigned reg_off, unsigned word);
void gic_write_bits(unsigned cpu, unsigned reg_off, unsigned word, uint32_t bits);
void gic_spi_set_config(unsigned word, uint32_t mask, uint32_t val);
uint32_t gic_spi_config(unsigned word);
void gic_inject(struct vcpu *v, uint32_t intid, uint8_t prio, bool hw);
void gic_flush_pending(struct vcpu *v);
void gic_lr_bits(unsigned word, uint32_t *pending, uint32_t *active);
bool gic_hw_withdraw(struct vcpu *v, uint32_t intid, bool active);
void gic_vcpu_clear(struct vcpu *v);
unsigned gic_num_lrs(void);

/* drivers/vgic.c: the emulated distributor and redistributors. */
void vgic_partition_init(struct partition *p);
void vgic_vcpu_init(struct vcpu *v);
bool vgicd_access(struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val);
bool vgicr_access(struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val);
void vgic_sgi_trap(struct vcpu *v, uint64_t sgi1r);
void vgic_deliver_sgis(struct vcpu *v);
void vgic_partition_quiesce(struct partition *p);
void vgic_set_virtual_spi(struct partition *p, uint32_t intid, bool level);
void vgic_deliver_spis(struct vcpu *v);

/* core/emu.c: each partition's emulated regions; core/vpci.c: its view of PCI configuration space. */
void emu_init(struct partition *p);
void emu_add(struct partition *p, uint64_t base, uint64_t size, emu_access_fn access);
void vpci_partition_init(struct partition *p);
bool vpci_emulates(const struct haven_mmio_region *m);

/* drivers/vuart.c */
bool vuart_access(struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val);
void vuart_receive(struct partition *p, char c);
void vuart_reset(struct partition *p);
extern struct partition *console_input;

/* core/console.c */
void console_input_irq(void);

/* drivers/pl011.c */
void pl011_init(uint64_t base);
void pl011_putc(char c);
int pl011_getc(void);
void pl011_rx_irq_enable(void);

/* arch/aarch64: traps, MMU, firmware PSCI. */
void mmu_init(void);
void mmu_publish(void);
void mmu_map_device(uint64_t base, uint64_t size, const char *what);
void dcache_clean_poc(uint64_t start, uint64_t size);
void arch_cpu_init(void);
void arch_vcpu_reset_el1(void);
int fw_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx);
void fw_system_off(void) __attribute__((noreturn));
void fw_system_reset(void) __attribute__((noreturn));
void inject_abort(struct vcpu *v, uint64_t esr, uint64_t far);
void inject_undef(struct vcpu *v);
void handle_sync_lower(struct vcpu *v);
void handle_irq_lower(struct vcpu *v);

/* Stage 2. */
uint64_t stage2_build(struct partition *p);

#endif
