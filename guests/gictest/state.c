/* SPDX-License-Identifier: MIT */
/*
 * The EL1 physical timer (CNTP_*, PPI 30) is the guest's: it works without a
 * trap, and its interrupt follows its enable bit in the vGICR. On vCPU 0.
 */
#include <haven/abi.h>

#include "exceptions.h"
#include "gic.h"
#include "gictest.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

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
	bool ok;

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

	/* Disabled in the vGIC: the timer fires and its PPI is not taken. */
	gic_disable_private(pt);
	write_sysreg(cntp_cval_el0, read_sysreg(cntpct_el0));
	write_sysreg(cntp_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	sleep_ms(1);
	ctl = read_sysreg(cntp_ctl_el0);
	t_check("gic", "ptimer.disabled", ptimer_taken == 1 && (ctl & CNTV_CTL_ISTATUS),
		"%llu interrupt(s) in all (expected 1), CNTP_CTL=0x%llx",
		(unsigned long long)ptimer_taken, (unsigned long long)ctl);
	write_sysreg(cntp_ctl_el0, 0);
	isb();
}
