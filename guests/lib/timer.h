/* SPDX-License-Identifier: MIT */
/*
 * The EL1 virtual timer (CNTV_*, PPI HAVEN_VTIMER_INTID) and the virtual
 * counter. Sleeping is WFI until the timer interrupt, never a spin: under
 * QEMU -icount a busy-waiting vCPU burns the virtual time of the others.
 * The EL1 physical timer (CNTP_*, PPI HAVEN_PTIMER_INTID) has the same
 * control bits; no helper here uses it.
 */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include <haven/types.h>

#include "sysreg.h"

#define CNTV_CTL_ENABLE BIT(0)
#define CNTV_CTL_IMASK BIT(1)
#define CNTV_CTL_ISTATUS BIT(2)

static inline uint64_t timer_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

static inline uint64_t timer_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline uint64_t timer_ms_to_ticks(uint64_t ms)
{
	return ms * timer_freq() / 1000;
}

static inline uint64_t timer_us_to_ticks(uint64_t us)
{
	return us * timer_freq() / 1000000;
}

static inline uint64_t timer_ticks_to_us(uint64_t ticks)
{
	return ticks * 1000000 / timer_freq();
}

/* A counter value ms from now, and whether it has passed. */
static inline uint64_t deadline_ms(uint64_t ms)
{
	return timer_now() + timer_ms_to_ticks(ms);
}

static inline bool expired(uint64_t deadline)
{
	return timer_now() >= deadline;
}

/*
 * Enables the virtual timer PPI in this vCPU's redistributor and registers the
 * default handler (which disables the timer and counts the interrupt).
 * Needs gic_cpu_init() first. Done for every vCPU by the runtime.
 */
void timer_init_cpu(void);

/*
 * Sleeps until CNTVCT >= t: arms CNTV_CVAL and WFIs, taking pending IRQs
 * (any handler may run) between WFIs. The caller's PSTATE.I is restored.
 */
void sleep_until(uint64_t t);
void sleep_ms(uint64_t ms);
void sleep_us(uint64_t us);

/* Virtual timer interrupts taken by the default handler, per vCPU. */
extern volatile uint64_t timer_irq_count[];

/*
 * Waits until cond is true, or timeout_ms of counter time passed, sleeping
 * step_us between checks (IRQs are taken while sleeping). Evaluates to the
 * final value of cond.
 */
#define WAIT_UNTIL(cond, timeout_ms, step_us) \
	({ \
		uint64_t _dl = deadline_ms(timeout_ms); \
		bool _ok; \
		while (!(_ok = !!(cond)) && !expired(_dl)) \
			sleep_us(step_us); \
		_ok; \
	})

/*
 * Unmasks IRQs until *count differs from before (an interrupt handler counts
 * in it) or timeout_ms of counter time passed, then masks them again; true if
 * it changed. It waits in WFE, which the event stream wakes, so an interrupt
 * that can never be taken (a stuck running priority) cannot hang the caller.
 */
bool wait_irq_count(volatile uint64_t *count, uint64_t before, uint64_t timeout_ms);

/*
 * The same with WFE between checks: for a condition another vCPU of this
 * partition sets before SEV. The CNTVCT event stream (enabled by the runtime)
 * wakes WFE about every 130 us, so the timeout holds without a SEV too.
 */
#define WAIT_EVENT(cond, timeout_ms) \
	({ \
		uint64_t _dl = deadline_ms(timeout_ms); \
		bool _ok; \
		while (!(_ok = !!(cond)) && !expired(_dl)) \
			wfe(); \
		_ok; \
	})

#endif
