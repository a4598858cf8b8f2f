/* SPDX-License-Identifier: MIT */
/*
 * ticker: the bare-metal partition of the default system (make demo). It
 * fills its free memory with a pattern, then prints a heartbeat every
 * TICKER_PERIOD_MS with a fresh checksum of that memory, for as long as the
 * Linux partition beside it runs (until Linux sets attacker_done in the shared
 * mailbox, guests/lib/test/mailbox.h). Then it reports that its memory was intact
 * and its heartbeat never stopped, and powers its partition off.
 */
#include <haven/abi.h>
#include <haven/lib.h>

#include "console.h"
#include "guest.h"
#include "mailbox.h"
#include "test.h"
#include "timer.h"

#define TICKER_PERIOD_MS 1000

static uint64_t checksum(uint64_t start, uint64_t end)
{
	uint64_t h = 0xCBF29CE484222325ULL;

	for (uint64_t a = start; a < end; a += 8)
		h = (h ^ *(volatile uint64_t *)(uintptr_t)a) * 0x100000001B3ULL;
	return h;
}

int main(void)
{
	struct test_mailbox *mb = (struct test_mailbox *)(uintptr_t)MAILBOX_IPA;
	uint64_t start = ALIGN_UP(image_end(), 64), end = image_base() + TEST_PART_SIZE;
	uint64_t ref, beats = 0, bad = 0;

	for (uint64_t a = start; a < end; a += 8)
		*(volatile uint64_t *)(uintptr_t)a = a * 0x9E3779B97F4A7C15ULL;
	ref = checksum(start, end);
	mb->attacker_done = 0;
	cprintf("ticker: %llu KiB pattern, checksum 0x%llx; a heartbeat every %u ms until Linux is done\n",
		(unsigned long long)((end - start) >> 10), (unsigned long long)ref, TICKER_PERIOD_MS);
	while (!mb->attacker_done) {
		uint64_t h;

		sleep_ms(TICKER_PERIOD_MS);
		h = checksum(start, end);
		bad += h != ref;
		cprintf("heartbeat %llu, memory %s\n", (unsigned long long)++beats,
			h == ref ? "intact" : "CHANGED");
	}
	t_check("demo", "ticker.memory", !bad, "checksum 0x%llx held over %llu heartbeats",
		(unsigned long long)ref, (unsigned long long)beats);
	t_check("demo", "ticker.heartbeat", beats > 0, "%llu heartbeats while Linux ran",
		(unsigned long long)beats);
	return 0;
}
