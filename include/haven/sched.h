/* SPDX-License-Identifier: MIT */
/*
 * Temporal partitioning (docs/scheduling.md): the CPUs that the config's
 * schedules[] share between partitions. Only those CPUs switch vCPUs; each
 * vCPU there has a struct vcpu_ctx (vcpu->ctx), which holds the state that
 * lives in the hardware while it runs, and a dedicated CPU never looks at it.
 */
#ifndef HAVEN_SCHED_H
#define HAVEN_SCHED_H

#include <haven/hv.h>

#define HAVEN_HYP_TIMER_INTID 26 /* the EL2 physical timer's PPI (CNTHP, Arm BSA; QEMU virt) */
#define EL1_CTX_REGS 23           /* arch_el1_save() */

/* The virtual CPU interface of one vCPU while it is not in the hardware. */
struct gic_ctx {
	uint64_t lr[16];
	uint64_t ap0r[4], ap1r[4];
	uint64_t vmcr, hcr;
	uint32_t ppi_enabled, ppi_active; /* the timer PPIs' physical state on the shared CPU */
};

struct vcpu_ctx {
	uint64_t fp[66]; /* q0..q31, FPCR, FPSR (el1_fp_save) */
	uint64_t el1[EL1_CTX_REGS];
	uint64_t cntv_ctl, cntv_cval;
	struct gic_ctx gic;
	bool wfi_idle; /* waits in a trapped WFI: a window end is no overrun */
	bool virq_posted; /* a virtual SPI may wait in its distributor (sched_virq_posted) */
	/* Counted by the CPU's scheduler, reported when the partition stops. */
	uint64_t windows;   /* windows started */
	uint64_t overruns;  /* windows that ended with the vCPU still running */
	uint64_t late;      /* windows that started more than HAVEN_SCHED_LATE_US late */
	uint64_t max_late;  /* the latest start, in ns */
};

/* A window may start this late (counter time at EL2, docs/scheduling.md "Bounds"). */
#define HAVEN_SCHED_LATE_US 20

/* core/sched.c */
void sched_init(void);
struct vcpu *sched_new_vcpu(struct partition *p, unsigned cpu);
void sched_cpu_start(void);
struct vcpu *sched_tick(void);
bool sched_queue_spi(uint32_t intid);
void sched_wfi(struct vcpu *v);
void sched_virq_posted(void);
void sched_report(struct partition *p);
struct vcpu *sched_irq_lower(struct vcpu *v);

/* drivers/gicv3.c */
void gic_vcpu_save(struct gic_ctx *g, unsigned cpu);
void gic_vcpu_load(const struct gic_ctx *g, unsigned cpu);
void gic_queue_hw(struct vcpu *v, uint32_t intid);
bool gic_vcpu_has_pending(void);
uint32_t gic_highest_pending(void);

/* arch/aarch64 */
void arch_el1_save(uint64_t *regs);
void arch_el1_load(const uint64_t *regs);
void el1_fp_save(uint64_t *regs);
void el1_fp_load(const uint64_t *regs);
void arch_sched_cpu_init(void);

#endif
