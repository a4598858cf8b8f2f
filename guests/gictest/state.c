/* SPDX-License-Identifier: MIT */
/*
 * The pending and active state of hardware-backed interrupts, as the guest
 * reads and writes it through the vGIC, must be what a GIC would show
 * natively: the virtual timer's PPI pending while disabled, active inside its
 * handler; SPI 40 pending (not active) once Haven has forwarded it, cleared by
 * ICPENDR, set and cleared by IS/ICACTIVER. Then the EL1 physical timer
 * (CNTP_*, PPI 30): it works, and its interrupt follows its enable bit. All
 * on vCPU 0, with IRQs masked except where a check takes an interrupt.
 */
#include <haven/abi.h>

#include "exceptions.h"
#include "gic.h"
#include "gictest.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

static volatile uint64_t taken;
static volatile bool active_in_handler, pending_in_handler;

/* Records intid's state as its handler sees it, before the EOI; stops the virtual timer. */
static void record_state(uint32_t intid)
{
	if (intid == HAVEN_VTIMER_INTID) {
		write_sysreg(cntv_ctl_el0, 0); /* its level drops: no longer pending */
		isb();
	}
	active_in_handler = gic_test_bit(GIC_ISACTIVER, intid);
	pending_in_handler = gic_test_bit(GIC_ISPENDR, intid);
	taken++;
}

bool wait_irq_signalled(void)
{
	uint64_t end = deadline_ms(10);

	while (!(read_sysreg(isr_el1) & BIT(7))) /* ISR_EL1.I */
		if (expired(end))
			return false;
	return true;
}

void check_vtimer_state(void)
{
	const uint32_t vt = HAVEN_VTIMER_INTID;
	bool pend, act, ok, pend_set, pend_cleared;
	uint64_t before;

	irq_register(vt, record_state);

	/* Disabled while the timer fires: the interrupt is pending, as in hardware. */
	gic_disable_private(vt);
	write_sysreg(cntv_cval_el0, timer_now());
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	pend = gic_test_bit(GIC_ISPENDR, vt);
	act = gic_test_bit(GIC_ISACTIVER, vt);
	t_check("gic", "vtimer.pending_while_disabled", pend && !act,
		"ISPENDR0 bit 27 = %d, ISACTIVER0 bit 27 = %d with the timer fired and PPI 27 disabled "
		"(expected 1, 0)", pend, act);

	/* Enabled: taken, active in its handler, inactive after the EOI. */
	taken = 0;
	gic_enable_private(vt);
	ok = wait_irq_count(&taken, 0, 100);
	act = gic_test_bit(GIC_ISACTIVER, vt);
	t_check("gic", "vtimer.active_in_handler",
		ok && active_in_handler && !pending_in_handler && !act,
		"taken %llu time(s); in the handler ISACTIVER0 bit 27 = %d, ISPENDR0 bit 27 = %d "
		"(expected 1, 0); after the EOI ISACTIVER0 bit 27 = %d (expected 0)",
		(unsigned long long)taken, active_in_handler, pending_in_handler, act);

	/* Software pending while disabled, cleared again: nothing is delivered. */
	gic_disable_private(vt);
	gic_set_bit(GIC_ISPENDR, vt);
	pend_set = gic_test_bit(GIC_ISPENDR, vt);
	gic_set_bit(GIC_ICPENDR, vt);
	pend_cleared = !gic_test_bit(GIC_ISPENDR, vt);
	before = taken;
	gic_enable_private(vt);
	ok = !wait_irq_count(&taken, before, 2);
	t_check("gic", "vtimer.ispendr_icpendr", pend_set && pend_cleared && ok,
		"ISPENDR0 bit 27 after ISPENDR0: %d, after ICPENDR0: %d; %llu interrupt(s) once enabled "
		"(expected 1, 0, 0)", pend_set, !pend_cleared, (unsigned long long)(taken - before));

	timer_init_cpu(); /* the default handler again, timer off, PPI 27 enabled */
}

void check_spi_state(void)
{
	const uint32_t spi = OWNED_SPI;
	bool pend, act, set, cleared, ok;
	uint64_t before;

	irq_register(spi, record_state);
	mmio_write64(GICD_BASE + GICD_IROUTER(spi), 0); /* to vCPU 0 */

	/* Disabled: the active state is set and cleared by the guest's writes. */
	gic_set_bit(GIC_ICENABLER, spi);
	gic_set_bit(GIC_ISACTIVER, spi);
	set = gic_test_bit(GIC_ISACTIVER, spi);
	gic_set_bit(GIC_ICACTIVER, spi);
	cleared = !gic_test_bit(GIC_ISACTIVER, spi);
	t_check("gic", "spi40.isactiver_icactiver", set && cleared,
		"ISACTIVER1 bit 8 after ISACTIVER1: %d, after ICACTIVER1: %d (expected 1, 0)", set,
		!cleared);

	/* Enabled and pended with IRQs masked: forwarded, so pending and not active. */
	gic_set_bit(GIC_ISENABLER, spi);
	gic_set_bit(GIC_ISPENDR, spi);
	ok = wait_irq_signalled();
	pend = gic_test_bit(GIC_ISPENDR, spi);
	act = gic_test_bit(GIC_ISACTIVER, spi);
	t_check("gic", "spi40.pending_not_taken", ok && pend && !act,
		"virtual IRQ signalled: %d; ISPENDR1 bit 8 = %d, ISACTIVER1 bit 8 = %d (expected 1, 0)",
		ok, pend, act);

	/* ICPENDR withdraws it: nothing is taken when IRQs are unmasked. */
	gic_set_bit(GIC_ICPENDR, spi);
	pend = gic_test_bit(GIC_ISPENDR, spi);
	before = taken;
	ok = !wait_irq_count(&taken, before, 2);
	t_check("gic", "spi40.icpendr", !pend && ok,
		"after ICPENDR1: ISPENDR1 bit 8 = %d, %llu interrupt(s) taken (expected 0, 0)", pend,
		(unsigned long long)(taken - before));

	/* Pended again: taken, active in its handler, inactive after the EOI. */
	before = taken;
	gic_set_bit(GIC_ISPENDR, spi);
	ok = wait_irq_count(&taken, before, 100);
	act = gic_test_bit(GIC_ISACTIVER, spi);
	t_check("gic", "spi40.active_in_handler",
		ok && active_in_handler && !pending_in_handler && !act,
		"taken: %d; in the handler ISACTIVER1 bit 8 = %d, ISPENDR1 bit 8 = %d (expected 1, 0); "
		"after the EOI ISACTIVER1 bit 8 = %d (expected 0)", ok, active_in_handler,
		pending_in_handler, act);
	gic_set_bit(GIC_ICENABLER, spi);
}

static volatile uint64_t ptimer_taken;

static void ptimer_irq(uint32_t intid)
{
	write_sysreg(cntp_ctl_el0, 0);
	isb();
	ptimer_taken++;
}

void check_ptimer(void)
{
	const uint32_t pt = HAVEN_PTIMER_INTID;
	uint64_t c0, c1, ctl;
	bool ok, pend;

	isb();
	c0 = read_sysreg(cntpct_el0);
	c1 = read_sysreg(cntpct_el0);
	isb();
	t_check("gic", "ptimer.counter", c1 >= c0 && c0 != 0, "CNTPCT_EL0 0x%llx then 0x%llx",
		(unsigned long long)c0, (unsigned long long)c1);

	/* Enabled: CNTP_TVAL 200 us ahead, and its PPI arrives. */
	irq_register(pt, ptimer_irq);
	gic_enable_private(pt);
	write_sysreg(cntp_tval_el0, timer_us_to_ticks(200));
	write_sysreg(cntp_ctl_el0, CNTV_CTL_ENABLE); /* CNTP_CTL has CNTV_CTL's bits */
	isb();
	ok = WAIT_UNTIL(ptimer_taken == 1, 100, 50);
	t_check("gic", "ptimer.irq", ok, "%llu physical timer interrupt(s) (PPI 30)",
		(unsigned long long)ptimer_taken);

	/* Disabled in the vGIC: the timer fires, the PPI is pending, and it is not taken. */
	gic_disable_private(pt);
	write_sysreg(cntp_cval_el0, read_sysreg(cntpct_el0));
	write_sysreg(cntp_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	sleep_ms(1);
	ctl = read_sysreg(cntp_ctl_el0);
	pend = gic_test_bit(GIC_ISPENDR, pt);
	t_check("gic", "ptimer.disabled", ptimer_taken == 1 && (ctl & CNTV_CTL_ISTATUS) && pend,
		"%llu interrupt(s) in all (expected 1), CNTP_CTL=0x%llx, ISPENDR0 bit 30 = %d "
		"(expected 1)",
		(unsigned long long)ptimer_taken, (unsigned long long)ctl, pend);
	write_sysreg(cntp_ctl_el0, 0);
	isb();
}
