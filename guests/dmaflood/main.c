/* SPDX-License-Identifier: MIT */
/*
 * dmaflood: a partition whose devices overflow Haven's SMMU event queue DMA
 * after DMA (scenario dma-flood, tests/qemu/configs/test-dma-flood.c). It
 * owns the ECAM and DEVS edu functions (00:03.0..00:0a.0, streams
 * 0x18..0x50) and has them write LEN = 4 KiB into the victim's memory ROUNDS
 * times each: QEMU's SMMU records one event per 4-byte access, 1024 per DMA,
 * and the queue holds 64, so every DMA overflows it. That is ROUNDS x DEVS =
 * 160 overflows in about 2 s, each one `DMA event queue overflowed` line that
 * Haven's rate limit lets through or counts. After a pause, one more
 * overflowing DMA: its line goes out after the count of the suppressed ones.
 */
#include "console.h"
#include "edu.h"
#include "guest.h"
#include "mailbox.h"
#include "test.h"
#include "timer.h"

#define DEVS 8
#define ROUNDS 20
#define LEN 4096
#define STAGGER_US (EDU_DMA_MS * 1000 / DEVS)
#define BAR(d) (0x10000000ULL + ((uint64_t)(d) << 20))
#define TARGET (VICTIM_BASE + 0x800000ULL)

int main(void)
{
	struct test_mailbox *mb = mailbox();
	unsigned started = 0;
	uint64_t t0;
	bool ok;

	ok = WAIT_UNTIL(mb->magic == MAILBOX_MAGIC && mb->victim_ready, 5000, 1000);
	t_check("dma-flood", "victim_ready", ok, "victim_ready %s", ok ? "seen" : "never published");
	mb->attacker_hb_start = mb->victim_heartbeat;
	for (unsigned d = 0; d < DEVS; d++)
		ok &= edu_setup(3 + d, BAR(d));
	t_check("dma-flood", "edu_setup", ok, "%u edu functions at 00:03.0.. with BAR0 from 0x%llx", DEVS,
		(unsigned long long)BAR(0));

	cprintf("flood: %u DMAs of %u bytes into 0x%llx from %u devices\n", ROUNDS * DEVS, LEN,
		(unsigned long long)TARGET, DEVS);
	t0 = timer_now();
	for (unsigned r = 0; r < ROUNDS; r++)
		for (unsigned d = 0; d < DEVS; d++) {
			if (r == 0)
				sleep_until(t0 + timer_us_to_ticks((uint64_t)d * STAGGER_US));
			ok &= WAIT_UNTIL(!edu_busy(BAR(d)), 2 * EDU_DMA_MS, 100);
			edu_start(BAR(d), EDU_BUF, TARGET, LEN, EDU_FROM_DEVICE);
			started++;
		}
	for (unsigned d = 0; d < DEVS; d++)
		ok &= WAIT_UNTIL(!edu_busy(BAR(d)), 2 * EDU_DMA_MS, 100);
	t_check("dma-flood", "flood.finished", ok, "%u DMAs of %u bytes, each more events than the queue holds",
		started, LEN);

	/* The bucket refills; this overflow's line goes out, after the count of the suppressed ones. */
	sleep_ms(1000);
	cprintf("@EXPECT-DMA-VIOLATION sid=0x18 iova=0x%llx access=write\n", (unsigned long long)TARGET);
	ok = edu_dma(BAR(0), EDU_BUF, TARGET, LEN, EDU_FROM_DEVICE);
	t_check("dma-flood", "flood.after", ok, "one more overflowing DMA after the flood");

	WAIT_UNTIL(mb->victim_heartbeat > mb->attacker_hb_start, 1000, 1000);
	mb->attacker_hb_end = mb->victim_heartbeat;
	dsb(sy);
	mb->attacker_done = 1;
	return 0;
}
