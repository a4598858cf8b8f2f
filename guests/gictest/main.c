/* SPDX-License-Identifier: MIT */
/*
 * gictest: the virtual GICv3 a partition of two vCPUs sees. vCPU 0 checks the
 * distributor (TYPER, CTLR, IIDR, PIDR2; enable bits of SPI 40, which the
 * config passes through, and of SPI 41, which it does not; IROUTER), both
 * redistributors' GICR_TYPER, its own GICR_WAKER and virtual timer, then starts
 * vCPU 1, which checks its own. The vCPUs exchange SGI 3 both ways, and an SGI
 * aimed at an absent vCPU 5 must vanish. Then vCPU 0 checks the pending and
 * active state of hardware-backed interrupts and the physical timer
 * (state.c), misaligned accesses (unaligned.c), and switches vCPU 1 off and
 * on around interrupts (lifecycle.c), routes SPI 40 by GICD_IROUTER
 * (routing.c), and writes the neighbour's SPIs in a loop (foreign.c).
 *
 * The neighbour, the stray guest, watches for any interrupt that reaches it
 * from here; gictest waits until it is watching (mailbox stray_ready) and
 * sets peer_done when it finishes. Only vCPU numbers appear here (vCPU n has
 * Aff0 = n): the configs put the partition on different physical CPUs.
 */
#include <haven/abi.h>

#include "console.h"
#include "exceptions.h"
#include "gic.h"
#include "gictest.h"
#include "guest.h"
#include "hvc.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define FOREIGN_SPI 41 /* not assigned to this partition */
#define TEST_SGI 3
#define ABSENT_VCPU 5

static struct {
	volatile uint32_t cpu1_ready;  /* vCPU 1 has SGI 3 enabled */
	volatile uint32_t finish;      /* vCPU 0: all SGIs sent */
	volatile uint32_t cpu1_done;
	volatile uint64_t cpu1_sgis;   /* vCPU 1's SGI count when it finished */
} sh;

static volatile uint64_t sgi_count[GUEST_MAX_CPUS];

static void sgi_handler(uint32_t intid)
{
	sgi_count[cpu_id()]++;
}

static void check_waker(unsigned cpu)
{
	uint64_t rd = gic_rd_base(cpu);
	uint32_t w;

	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	w = mmio_read32(rd + GICR_WAKER);
	t_check("gic", cpu ? "gicr1.waker" : "gicr0.waker", !(w & GICR_WAKER_CHILDREN_ASLEEP),
		"GICR_WAKER=0x%x after ProcessorSleep=0", w);
}

static void check_gicr_typer(unsigned cpu, bool last)
{
	uint64_t typer = mmio_read64(gic_rd_base(cpu) + GICR_TYPER);

	t_check("gic", cpu ? "gicr1.typer" : "gicr0.typer",
		(typer >> 32) == cpu && !!(typer & GICR_TYPER_LAST) == last,
		"GICR_TYPER=0x%llx (expected affinity %u, Last=%d)", (unsigned long long)typer, cpu,
		last);
}

static void check_timer(unsigned cpu)
{
	uint64_t before = timer_irq_count[cpu];

	sleep_ms(5);
	t_check("gic", cpu ? "vtimer.cpu1" : "vtimer.cpu0", timer_irq_count[cpu] > before,
		"%llu virtual timer interrupts during a 5 ms sleep",
		(unsigned long long)(timer_irq_count[cpu] - before));
}

static void check_distributor(void)
{
	uint32_t typer = mmio_read32(GICD_BASE + GICD_TYPER);
	uint32_t lines = 32 * ((typer & 0x1f) + 1), idbits = ((typer >> 19) & 0x1f) + 1;
	uint32_t ctlr, iidr, pidr2, v;
	uint32_t bit40 = 1u << (OWNED_SPI % 32), bit41 = 1u << (FOREIGN_SPI % 32);
	uint64_t route;

	t_check("gic", "gicd.typer", typer != 0xffffffffu && lines > FOREIGN_SPI && lines <= 1024 &&
		lines <= (1u << idbits),
		"GICD_TYPER=0x%x: %u interrupt lines, %u ID bits", typer, lines, idbits);

	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE);
	WAIT_UNTIL(!(mmio_read32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP), 100, 10);
	ctlr = mmio_read32(GICD_BASE + GICD_CTLR);
	t_check("gic", "gicd.ctlr", (ctlr & GICD_CTLR_ARE) && (ctlr & 3),
		"wrote 0x%x, read 0x%x (ARE and Group 1 enabled)", (unsigned)GICD_CTLR_ENABLE, ctlr);

	iidr = mmio_read32(GICD_BASE + GICD_IIDR);
	t_check("gic", "gicd.iidr", iidr != 0xffffffffu, "GICD_IIDR=0x%x", iidr);
	pidr2 = mmio_read32(GICD_BASE + GICD_PIDR2);
	t_check("gic", "gicd.pidr2", ((pidr2 >> 4) & 0xf) == 3, "GICD_PIDR2=0x%x (ArchRev %u)", pidr2,
		(pidr2 >> 4) & 0xf);

	mmio_write32(GICD_BASE + GICD_ISENABLER(OWNED_SPI / 32), bit40);
	v = mmio_read32(GICD_BASE + GICD_ISENABLER(OWNED_SPI / 32));
	t_check("gic", "gicd.spi40.enable", v & bit40, "ISENABLER1=0x%x after setting SPI 40", v);
	mmio_write32(GICD_BASE + GICD_ICENABLER(OWNED_SPI / 32), bit40);
	v = mmio_read32(GICD_BASE + GICD_ISENABLER(OWNED_SPI / 32));
	t_check("gic", "gicd.spi40.disable", !(v & bit40), "ISENABLER1=0x%x after clearing SPI 40", v);

	mmio_write32(GICD_BASE + GICD_ISENABLER(FOREIGN_SPI / 32), bit41);
	v = mmio_read32(GICD_BASE + GICD_ISENABLER(FOREIGN_SPI / 32));
	t_check("gic", "gicd.spi41.not_owned", !(v & bit41),
		"ISENABLER1=0x%x after setting SPI 41 (not this partition's: must read 0)", v);
	mmio_write32(GICD_BASE + GICD_ICENABLER(FOREIGN_SPI / 32), bit41);

	mmio_write64(GICD_BASE + GICD_IROUTER(OWNED_SPI), 1); /* Aff0 = 1: vCPU 1 */
	route = mmio_read64(GICD_BASE + GICD_IROUTER(OWNED_SPI));
	t_check("gic", "gicd.irouter40", route == 1, "IROUTER(40)=0x%llx after writing 1",
		(unsigned long long)route);
}

static void cpu1_main(void *unused)
{
	bool ok;

	check_waker(1);
	check_timer(1);
	gic_enable_private(TEST_SGI);
	sh.cpu1_ready = 1;
	dsb(sy);
	sev();

	ok = WAIT_UNTIL(sgi_count[1] > 0, WAIT_MS, STEP_US);
	t_check("gic", "sgi.cpu0_to_cpu1", ok, "vCPU 1 took %llu SGI %u", (unsigned long long)sgi_count[1],
		TEST_SGI);
	gic_send_sgi(TEST_SGI, 1u << 0);

	/* Keep taking interrupts until vCPU 0 is done sending. */
	WAIT_UNTIL(sh.finish, 4 * WAIT_MS, STEP_US);
	sh.cpu1_sgis = sgi_count[1];
	dsb(sy);
	sh.cpu1_done = 1;
	dsb(sy);
	sev();
}

int main(void)
{
	int32_t rc;
	bool ok;
	uint64_t c0, c1;

	if (!WAIT_UNTIL(mailbox()->stray_ready, WAIT_MS, STEP_US))
		t_fail("gic", "neighbour.ready", "the stray partition is not watching (mailbox stray_ready)");
	check_distributor();
	check_foreign_spis();
	check_gicr_typer(0, false);
	check_gicr_typer(1, true);
	check_waker(0);
	check_timer(0);

	irq_register(TEST_SGI, sgi_handler);
	gic_enable_private(TEST_SGI);
	rc = cpu_start(1, cpu1_main, NULL);
	if (!t_check("gic", "cpu_on.cpu1", rc == PSCI_SUCCESS, "PSCI CPU_ON(1) -> %d", rc))
		return 0;

	ok = WAIT_UNTIL(sh.cpu1_ready, WAIT_MS, STEP_US);
	if (!ok)
		cprintf("gictest: vCPU 1 did not get ready\n");
	gic_send_sgi(TEST_SGI, 1u << 1);
	ok = WAIT_UNTIL(sgi_count[0] > 0, WAIT_MS, STEP_US);
	t_check("gic", "sgi.cpu1_to_cpu0", ok, "vCPU 0 took %llu SGI %u", (unsigned long long)sgi_count[0],
		TEST_SGI);

	/* An SGI for a vCPU the partition does not have must be dropped. */
	c0 = sgi_count[0];
	c1 = sgi_count[1];
	gic_send_sgi(TEST_SGI, 1u << ABSENT_VCPU);
	sleep_ms(20);
	sh.finish = 1;
	dsb(sy);
	sev();
	ok = WAIT_UNTIL(sh.cpu1_done, WAIT_MS, STEP_US);
	t_check("gic", "sgi.absent_target", ok && sgi_count[0] == c0 && sh.cpu1_sgis == c1,
		"SGI %u to vCPU %u: vCPU 0 took %llu, vCPU 1 took %llu more%s", TEST_SGI, ABSENT_VCPU,
		(unsigned long long)(sgi_count[0] - c0), (unsigned long long)(sh.cpu1_sgis - c1),
		ok ? "" : " (vCPU 1 did not finish)");

	check_vtimer_state();
	check_spi_state();
	check_lifecycle();
	check_routing();
	check_unaligned();
	check_ptimer();
	t_check("gic", "irq.unhandled", irq_unhandled == 0, "%llu interrupts without a handler",
		(unsigned long long)irq_unhandled);
	mailbox()->peer_done = 1;
	dsb(sy);
	return 0;
}
