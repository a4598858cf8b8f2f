/* SPDX-License-Identifier: MIT */
/*
 * The demo guest: vCPU 0 starts vCPU 1; each prints "cpu<N> tick <k>" five
 * times, 40 ms apart, sleeping in WFI until its virtual timer interrupt. vCPU 0
 * waits for vCPU 1, prints a summary and the results, and powers off.
 */
#include <haven/lib.h>

#include "console.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define DEMO_CPUS 2
#define DEMO_TICKS 5
#define DEMO_PERIOD_MS 40

struct ticker {
	volatile unsigned ticks;    /* ticks printed */
	volatile uint64_t irqs;     /* timer interrupts taken meanwhile */
	volatile uint64_t late_us;  /* worst lateness of a tick after its deadline */
	volatile uint64_t span_us;  /* first deadline to last tick */
	volatile bool done;
};

static struct ticker tickers[DEMO_CPUS];

static void tick_loop(void *unused)
{
	unsigned cpu = cpu_id();
	struct ticker *t = &tickers[cpu];
	uint64_t period = timer_ms_to_ticks(DEMO_PERIOD_MS);
	uint64_t irq0 = timer_irq_count[cpu];
	uint64_t start = timer_now(), next = start;
	unsigned k;

	for (k = 1; k <= DEMO_TICKS; k++) {
		uint64_t now, late;

		next += period;
		sleep_until(next);
		now = timer_now();
		late = timer_ticks_to_us(now - next);
		if (late > t->late_us)
			t->late_us = late;
		cprintf("cpu%u tick %u\n", cpu, k);
		t->ticks = k;
	}
	t->irqs = timer_irq_count[cpu] - irq0;
	t->span_us = timer_ticks_to_us(timer_now() - start);
	dsb(sy);
	t->done = true;
	dsb(sy);
	sev();
}

static void report(unsigned cpu, bool started)
{
	struct ticker *t = &tickers[cpu];
	char name[16];

	hv_snprintf(name, sizeof(name), "ticks.cpu%u", cpu);
	if (!started) {
		t_fail("demo", name, "vCPU %u did not start", cpu);
		return;
	}
	t_check("demo", name,
		t->done && t->ticks == DEMO_TICKS && t->irqs == DEMO_TICKS &&
			t->span_us >= DEMO_TICKS * DEMO_PERIOD_MS * 1000ULL,
		"%u ticks, %llu timer irqs, %llu us, worst lateness %llu us", t->ticks,
		(unsigned long long)t->irqs, (unsigned long long)t->span_us,
		(unsigned long long)t->late_us);
}

int main(void)
{
	int32_t rc = cpu_start(1, tick_loop, NULL);
	bool started = rc == PSCI_SUCCESS;
	unsigned total;

	if (!started)
		cprintf("demo: PSCI CPU_ON of vCPU 1 failed (%d)\n", rc);
	tick_loop(NULL);
	if (started && !WAIT_EVENT(tickers[1].done, 5000))
		cprintf("demo: vCPU 1 did not finish within 5 s\n");
	total = tickers[0].ticks + tickers[1].ticks;
	cprintf("demo: %u vCPUs, %u ticks, done\n", started ? 2u : 1u, total);
	report(0, true);
	report(1, started);
	return 0;
}
