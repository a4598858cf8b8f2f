/* SPDX-License-Identifier: MIT */
/*
 * GICD_IROUTER of the hardware-backed SPI 40. Routed to vCPU 1 (Aff0 = 1), it
 * must reach vCPU 1 and not vCPU 0 when made pending through GICD_ISPENDR
 * (which reaches the physical distributor): Haven must route it to the
 * physical CPU of vCPU 1, whatever that CPU's own index is. A value that names
 * no vCPU of the partition (Aff0 = 7, Aff1 = 1) or asks for 1-of-N routing
 * (IRM = 1, which Haven does not offer: GICD_TYPER.No1N = 1) routes to vCPU 0
 * and reads back as vCPU 0's affinity, 0 (drivers/vgic.c route_write()).
 */
#include <haven/abi.h>

#include "exceptions.h"
#include "gic.h"
#include "gictest.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define GICD_TYPER_NO1N BIT(25)
#define IROUTER_IRM BIT(31)

static volatile uint64_t taken[GUEST_MAX_CPUS];
static volatile uint32_t cpu1_listening, cpu1_stop;

static void count(uint32_t intid)
{
	taken[cpu_id()]++;
}

/* vCPU 1: IRQs unmasked until vCPU 0 says stop. */
static void cpu1_listen(void *unused)
{
	irq_enable();
	cpu1_listening = 1;
	dsb(sy);
	sev();
	WAIT_EVENT(cpu1_stop, WAIT_MS);
	irq_disable();
}

/* Pends SPI 40 and takes interrupts on vCPU 0 for a while; returns what each vCPU took. */
static void pend_and_wait(uint64_t *t0, uint64_t *t1, volatile uint64_t *first)
{
	uint64_t b0 = taken[0], b1 = taken[1], bf = *first;

	gic_set_bit(GIC_ISPENDR, OWNED_SPI);
	wait_irq_count(first, bf, 100);
	wait_irq_count(&taken[0], taken[0], 5); /* a vCPU 0 interrupt that should not come */
	*t0 = taken[0] - b0;
	*t1 = taken[1] - b1;
}

void check_routing(void)
{
	static const uint64_t bad[] = { 7, 1ULL << 8, IROUTER_IRM | 1 };
	uint64_t route, t0, t1, back[ARRAY_SIZE(bad)];
	uint32_t typer = mmio_read32(GICD_BASE + GICD_TYPER);
	bool ok, reads_zero = true;
	int32_t rc;

	irq_register(OWNED_SPI, count);
	gic_set_bit(GIC_ISENABLER, OWNED_SPI);

	mmio_write64(GICD_BASE + GICD_IROUTER(OWNED_SPI), 1);
	route = mmio_read64(GICD_BASE + GICD_IROUTER(OWNED_SPI));
	rc = cpu_start(1, cpu1_listen, NULL);
	ok = rc == PSCI_SUCCESS && WAIT_EVENT(cpu1_listening, WAIT_MS);
	pend_and_wait(&t0, &t1, &taken[1]);
	t_check("gic", "irouter40.to_vcpu1", ok && route == 1 && t1 == 1 && t0 == 0,
		"IROUTER(40)=0x%llx; SPI 40 pended: vCPU 1 took %llu, vCPU 0 took %llu (expected 1, 0)%s",
		(unsigned long long)route, (unsigned long long)t1, (unsigned long long)t0,
		ok ? "" : " (vCPU 1 did not start)");
	cpu1_stop = 1;
	dsb(sy);
	sev();
	WAIT_UNTIL(psci_affinity_info(1, 0) == 1, WAIT_MS, STEP_US);

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		mmio_write64(GICD_BASE + GICD_IROUTER(OWNED_SPI), bad[i]);
		back[i] = mmio_read64(GICD_BASE + GICD_IROUTER(OWNED_SPI));
		reads_zero = reads_zero && back[i] == 0;
	}
	pend_and_wait(&t0, &t1, &taken[0]);
	t_check("gic", "irouter40.no_such_vcpu", reads_zero && t0 == 1 && t1 == 0 && (typer & GICD_TYPER_NO1N),
		"IROUTER(40) after writing 0x%llx, 0x%llx, 0x%llx: 0x%llx, 0x%llx, 0x%llx (expected 0: vCPU "
		"0); then SPI 40 pended: vCPU 0 took %llu, vCPU 1 %llu (expected 1, 0); GICD_TYPER.No1N=%d "
		"(expected 1)", (unsigned long long)bad[0], (unsigned long long)bad[1],
		(unsigned long long)bad[2], (unsigned long long)back[0], (unsigned long long)back[1],
		(unsigned long long)back[2], (unsigned long long)t0, (unsigned long long)t1,
		!!(typer & GICD_TYPER_NO1N));
	gic_set_bit(GIC_ICENABLER, OWNED_SPI);
	mmio_write64(GICD_BASE + GICD_IROUTER(OWNED_SPI), 0);
}
