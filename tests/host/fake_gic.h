/* SPDX-License-Identifier: MIT */
/*
 * A fake of the hardware below drivers/vgic.c, for tests/host/test_vgic.c: the
 * drivers/gicv3.c interface (include/haven/hv.h) over a model of the physical
 * GIC, and the core's pcpu_post(), pcpus[] and this_pcpu() (tpidr_el2).
 *
 * The model holds the distributor's per-SPI enable, pending, active, trigger
 * mode and route, each CPU's redistributor (SGI and PPI enable, pending,
 * active) and each CPU's list registers. Besides the state it records what the
 * code under test did: which INTIDs any write reached, every interrupt put
 * into a list register, every event posted, and the first misuse of the
 * interface (a CPU or INTID out of range, a list register of a vCPU that does
 * not run on the calling CPU, ...), which a test reports as a failure.
 */
#ifndef HAVEN_TESTS_HOST_FAKE_GIC_H
#define HAVEN_TESTS_HOST_FAKE_GIC_H

#include <haven/hv.h>

#define FAKE_CPUS 6
#define FAKE_NLRS 4
#define FAKE_MAX_INTID 288 /* the fake platform's GICD_TYPER.ITLinesNumber: 9 words */
#define FAKE_LOG 64

struct fake_lr {
	bool used;
	uint32_t intid;
	uint8_t prio;
	bool hw, pending, active;
};

/* The hardware: what a real GIC would hold. */
struct fake_gic {
	/* distributor, SPIs: bit intid % 32 of word intid / 32 (word 0 unused) */
	uint32_t enable[HAVEN_SPI_WORDS], pend[HAVEN_SPI_WORDS], active[HAVEN_SPI_WORDS];
	uint32_t icfgr[2 * HAVEN_SPI_WORDS]; /* GICD_ICFGR<n>, 2 bits per INTID */
	uint64_t route[HAVEN_MAX_INTID];     /* GICD_IROUTER<n> */
	/* each CPU's redistributor: SGIs and PPIs */
	uint32_t ppi_enable[FAKE_CPUS], ppi_pend[FAKE_CPUS], ppi_active[FAKE_CPUS];
	/* each CPU's list registers */
	struct fake_lr lr[FAKE_CPUS][FAKE_NLRS];
};

struct fake_inject {
	unsigned cpu;
	const struct vcpu *v;
	uint32_t intid;
	uint8_t prio;
	bool hw;
};

struct fake_post {
	unsigned cpu;
	uint32_t events;
};

/* What the code under test did since fake_reset(). */
struct fake_log {
	uint32_t touched[HAVEN_SPI_WORDS];   /* SPIs a distributor write reached */
	uint32_t touched_ppi[FAKE_CPUS];     /* SGIs/PPIs a write reached, per redistributor */
	struct fake_inject inject[FAKE_LOG]; /* gic_inject() calls, in order */
	unsigned ninject;
	struct fake_post post[FAKE_LOG]; /* pcpu_post() calls, in order */
	unsigned nposts;
	char error[256]; /* the first misuse of the interface, "" if none */
};

extern struct fake_gic gic;
extern struct fake_log fake;

/* Forgets all hardware state and the log; pcpus[] keeps its vCPUs. */
void fake_reset(void);
/* Clears the log only. */
void fake_clear_log(void);
/* Makes CPU cpu the one this_pcpu() returns, running its vCPU (in_guest). */
void fake_on_cpu(unsigned cpu);
/* The CPU this_pcpu() returns. */
unsigned fake_cpu(void);
/* The list register of CPU cpu holding intid, or NULL. */
struct fake_lr *fake_find_lr(unsigned cpu, uint32_t intid);
/*
 * What handle_irq_lower() does with hardware interrupt intid on v's CPU: it
 * becomes active (Haven took it) and goes into a list register with HW = 1.
 */
void fake_forward(struct vcpu *v, uint32_t intid, uint8_t prio);

#endif
