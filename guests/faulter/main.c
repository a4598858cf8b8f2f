/* SPDX-License-Identifier: MIT */
/*
 * faulter: writes into the victim's memory once, under the "stop" fault
 * policy: Haven must report the violation and stop this partition. It waits
 * (bounded) for the victim to be ready first, so a write that got through
 * would show in the victim's checksum.
 */
#include "console.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

int main(void)
{
	struct test_mailbox *mb = mailbox();

	if (!WAIT_UNTIL(mb->magic == MAILBOX_MAGIC && mb->victim_ready, 5000, 1000))
		cprintf("faulter: victim not ready after 5 s, going ahead\n");

	cprintf("@EXPECT-STOP\n");
	mb->faulter_started = 1;
	dsb(sy);
	*(volatile uint64_t *)(uintptr_t)FAULTER_TARGET = 0xBAD0BAD0BAD0BAD0ULL;
	dsb(sy);

	t_fail("spatial", "faulter.stopped", "continued after violation");
	return 0;
}
