/* SPDX-License-Identifier: MIT */
/*
 * dmastorm: a partition whose devices fail DMA after DMA (scenario dma-storm,
 * tests/qemu/configs/test-dma-storm.c). It owns the ECAM and DEVS edu
 * functions (00:03.0..00:0a.0, streams 0x18..0x50). An edu DMA happens 100 ms
 * after its command (a QEMU timer, not shortened), so 10,000 failing DMA
 * accesses are made as ROUNDS x DEVS DMAs of LEN bytes into the victim's
 * memory: QEMU's SMMU records one event per 4-byte access, LEN / 4 = 64 per
 * DMA, as many as Haven's event queue holds; the devices are started
 * STAGGER_US apart so Haven drains each DMA's events before the next. That is
 * ROUNDS x DEVS = 160 bursts, 10,240 events, each burst one report that
 * Haven's rate limit may let through or suppress.
 *
 * It measures the victim's heartbeat (mailbox victim_heartbeat, bumped about
 * once a millisecond on CPU 0, the CPU that takes the SMMU's interrupts) for
 * CALM_MS before the storm and during it: the rate during the storm must be
 * at least HB_BOUND_PCT % of the calm one. After a pause it makes one more
 * failing DMA, whose report goes out with the count of the suppressed ones.
 */
#include "console.h"
#include "edu.h"
#include "guest.h"
#include "mailbox.h"
#include "test.h"
#include "timer.h"

#define DEVS 8
#define ROUNDS 20
#define LEN 256
#define STAGGER_US (EDU_DMA_MS * 1000 / DEVS)
#define CALM_MS 200
#define HB_BOUND_PCT 90
#define BAR(d) (0x10000000ULL + ((uint64_t)(d) << 20))
#define TARGET (VICTIM_BASE + 0x800000ULL)

/* Victim heartbeats per second over ticks counter ticks from hb0 to hb1. */
static uint64_t hb_rate(uint64_t hb0, uint64_t hb1, uint64_t ticks)
{
	return ticks ? (hb1 - hb0) * timer_freq() / ticks : 0;
}

int main(void)
{
	struct test_mailbox *mb = mailbox();
	uint64_t t0, t1, hb0, hb1, calm, storm;
	unsigned started = 0;
	bool ok = true;

	ok = WAIT_UNTIL(mb->magic == MAILBOX_MAGIC && mb->victim_ready, 5000, 1000);
	t_check("dma-storm", "victim_ready", ok, "victim_ready %s", ok ? "seen" : "never published");
	mb->attacker_hb_start = mb->victim_heartbeat;
	for (unsigned d = 0; d < DEVS; d++)
		ok &= edu_setup(3 + d, BAR(d));
	t_check("dma-storm", "edu_setup", ok, "%u edu functions at 00:03.0.. with BAR0 from 0x%llx", DEVS,
		(unsigned long long)BAR(0));

	t0 = timer_now();
	hb0 = mb->victim_heartbeat;
	sleep_ms(CALM_MS);
	t1 = timer_now();
	calm = hb_rate(hb0, mb->victim_heartbeat, t1 - t0);

	cprintf("storm: %u DMAs of %u bytes into 0x%llx from %u devices\n", ROUNDS * DEVS, LEN,
		(unsigned long long)TARGET, DEVS);
	t0 = timer_now();
	hb0 = mb->victim_heartbeat;
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
	t1 = timer_now();
	hb1 = mb->victim_heartbeat;
	storm = hb_rate(hb0, hb1, t1 - t0);
	t_check("dma-storm", "storm.finished", ok, "%u DMAs, %u failing accesses, in %llu ms", started,
		started * (LEN / 4), (unsigned long long)timer_ticks_to_us(t1 - t0) / 1000);
	t_check("dma-storm", "victim.heartbeat_rate", storm * 100 >= calm * HB_BOUND_PCT,
		"%llu heartbeats/s during the storm, %llu/s before it (bound: %u %%)", (unsigned long long)storm,
		(unsigned long long)calm, HB_BOUND_PCT);

	/* The bucket refills; this report goes out, after the count of the suppressed ones. */
	sleep_ms(1000);
	cprintf("@EXPECT-DMA-VIOLATION sid=0x18 iova=0x%llx access=write\n", (unsigned long long)TARGET + LEN);
	ok = edu_dma(BAR(0), EDU_BUF, TARGET + LEN, 4, EDU_FROM_DEVICE);
	t_check("dma-storm", "storm.after", ok, "one more failing DMA after the storm");

	WAIT_UNTIL(mb->victim_heartbeat > hb1, 1000, 1000);
	mb->attacker_hb_end = mb->victim_heartbeat;
	dsb(sy);
	mb->attacker_done = 1;
	return 0;
}
