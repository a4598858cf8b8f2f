/* SPDX-License-Identifier: MIT */
/* Virtual timer sleeps (see timer.h). */
#include <haven/abi.h>

#include "exceptions.h"
#include "gic.h"
#include "timer.h"

volatile uint64_t timer_irq_count[GUEST_MAX_CPUS];

static void timer_irq(uint32_t intid)
{
	write_sysreg(cntv_ctl_el0, 0); /* lowers the (level) interrupt */
	isb();
	timer_irq_count[cpu_id()]++;
}

void timer_init_cpu(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	irq_register(HAVEN_VTIMER_INTID, timer_irq);
	gic_enable_private(HAVEN_VTIMER_INTID);
}

void sleep_until(uint64_t t)
{
	uint64_t daif = irq_save();
	volatile uint64_t *count = &timer_irq_count[cpu_id()];
	uint64_t seen = *count;

	/*
	 * Every sleep ends with the timer interrupt for deadline t, even when t has
	 * already passed (the timer then fires at once), so a sleep always proves
	 * an interrupt was delivered, whatever the host's scheduling.
	 */
	write_sysreg(cntv_cval_el0, t);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	while (*count == seen) {
		wfi();
		irq_window();
	}
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	irq_restore(daif);
}

void sleep_ms(uint64_t ms)
{
	sleep_until(timer_now() + timer_ms_to_ticks(ms));
}

void sleep_us(uint64_t us)
{
	sleep_until(timer_now() + timer_us_to_ticks(us));
}

bool wait_irq_count(volatile uint64_t *count, uint64_t before, uint64_t timeout_ms)
{
	bool ok;

	irq_enable();
	ok = WAIT_EVENT(*count != before, timeout_ms);
	irq_disable();
	return ok;
}
