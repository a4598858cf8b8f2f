/* SPDX-License-Identifier: MIT */
/*
 * sleeper: an idle bare-metal partition for the benchmarks. It waits in WFI,
 * waking every 100 ms only to look at the shared mailbox, until the Linux
 * partition beside it sets attacker_done; then it powers its partition off.
 * It does no other work, so the figures beside it show Haven, not a neighbour.
 */
#include "guest.h"
#include "mailbox.h"
#include "test.h"
#include "timer.h"

int main(void)
{
	struct test_mailbox *mb = (struct test_mailbox *)(uintptr_t)MAILBOX_IPA;
	uint64_t naps = 0;

	while (!mb->attacker_done) {
		sleep_ms(100);
		naps++;
	}
	t_check("bench", "sleeper.idle", naps > 0, "%llu naps of 100 ms", (unsigned long long)naps);
	return 0;
}
