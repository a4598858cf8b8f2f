/* SPDX-License-Identifier: MIT */
/*
 * hello: the smallest Haven guest worth copying (docs/writing-a-guest.md). It
 * asks Haven which partition it is, sleeps on its virtual timer three times
 * (each sleep waits in WFI for the timer interrupt, delivered through the
 * virtual GIC), prints a line per tick and returns: the runtime then ends the
 * partition with PSCI SYSTEM_OFF. It prints nothing else.
 */
#include <haven/abi.h>

#include "console.h"
#include "hvc.h"
#include "timer.h"

#define TICKS 3
#define PERIOD_MS 100

int main(void)
{
	struct smccc_res id = hvc_call(HAVEN_HVC_PARTITION_ID, 0, 0, 0);
	uint64_t start = timer_now();

	cprintf("Hello from partition %lld, vCPU %lld of %lld\n", (long long)id.a0,
		(long long)id.a1, (long long)id.a2);
	for (unsigned k = 1; k <= TICKS; k++) {
		bool on_time;

		sleep_ms(PERIOD_MS);
		on_time = timer_now() - start >= timer_ms_to_ticks(k * PERIOD_MS);
		cprintf("tick %u: %s\n", k, on_time ? "on time" : "EARLY");
	}
	cprintf("Goodbye\n");
	return 0;
}
