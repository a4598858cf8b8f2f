/* SPDX-License-Identifier: MIT */
/*
 * dmastop: a partition with fault policy stop whose device DMAs where it must
 * not (scenario dma-policy, tests/qemu/configs/test-dma-policy.c). It owns the
 * ECAM and two edu functions, 00:03.0 (stream 0x18) and 00:04.0 (stream
 * 0x20), and assigns their BARs (dmareset assigns its own, 00:05.0's: Haven's
 * ECAM filter lets a partition configure only its own functions). Then:
 *
 *  - 00:03.0 writes into the victim's memory: due 100 ms later, a DMA
 *    violation, and Haven stops this partition;
 *  - 10 ms after that command, 00:04.0 is told to write into the page this
 *    partition shares with dmareset (a canary, in this partition's map): due
 *    10 ms after the stop, when this partition's streams must abort, so the
 *    canary stays as it was;
 *  - meanwhile it counts in the shared page until it is stopped.
 *
 * dmareset checks the canary and that the count came to rest.
 */
#include "console.h"
#include "dmapolicy.h"
#include "edu.h"
#include "guest.h"
#include "mailbox.h"
#include "test.h"
#include "timer.h"

#define LEN 64
#define OWN_SRC 0x48800000ULL /* this partition's memory (IPA) */
#define OWN_BACK 0x48801000ULL
#define VICTIM_TARGET (VICTIM_BASE + 0x800000ULL)
#define LATE_MS 10   /* 00:04.0's DMA is due this long after 00:03.0's */
#define STOP_WAIT_MS 1000

static volatile uint64_t *word(uint64_t ipa, unsigned i)
{
	return (volatile uint64_t *)(uintptr_t)(ipa + 8 * i);
}

int main(void)
{
	struct test_mailbox *mb = mailbox();
	struct dmapol_page *pg = dmapol_page();
	uint64_t t, due;
	bool ok;

	ok = WAIT_UNTIL(mb->magic == MAILBOX_MAGIC && mb->victim_ready, 5000, 1000);
	t_check("dma-policy", "stop.victim_ready", ok, "victim_ready %s", ok ? "seen" : "never published");
	ok = edu_setup(3, BAR_03) && edu_setup(4, BAR_04);
	t_check("dma-policy", "stop.edu_setup", ok, "BAR0 of 00:03.0, 00:04.0 at 0x%llx, 0x%llx",
		(unsigned long long)BAR_03, (unsigned long long)BAR_04);
	dsb(sy);
	pg->bars_ready = 1;

	/* Both devices translate through this partition's stage 2 while it runs. */
	for (unsigned i = 0; i < LEN / 8; i++) {
		*word(OWN_SRC, i) = 0x0123456789ABCDEFULL + i;
		*word(OWN_BACK, i) = 0;
		pg->canary[i] = DMAPOL_CANARY;
	}
	ok = edu_dma(BAR_04, OWN_SRC, EDU_BUF, LEN, EDU_TO_DEVICE) &&
	     edu_dma(BAR_04, EDU_BUF, OWN_BACK, LEN, EDU_FROM_DEVICE) &&
	     edu_dma(BAR_03, OWN_SRC, EDU_BUF, LEN, EDU_TO_DEVICE);
	t_check("dma-policy", "stop.own_dma", ok && *word(OWN_BACK, 0) == *word(OWN_SRC, 0),
		"00:04.0 copied 0x%llx within this partition's memory", (unsigned long long)*word(OWN_BACK, 0));

	cprintf("@EXPECT-DMA-VIOLATION sid=0x18 iova=0x%llx access=write\n", (unsigned long long)VICTIM_TARGET);
	t = edu_ms_settle();
	edu_start(BAR_03, EDU_BUF, VICTIM_TARGET, LEN, EDU_FROM_DEVICE);
	due = edu_deadline(t);
	sleep_ms(LATE_MS);
	t = edu_ms_settle();
	edu_start(BAR_04, EDU_BUF, (uint64_t)(uintptr_t)pg->canary, LEN, EDU_FROM_DEVICE);
	pg->canary_due = edu_deadline(t);
	t_pass("dma-policy", "stop.armed", "the violation is due at counter %llu, the canary write at %llu",
	       (unsigned long long)due, (unsigned long long)pg->canary_due);

	/* Haven stops this partition at the violation; it counts until then. */
	t = deadline_ms(STOP_WAIT_MS + 2 * EDU_DMA_MS);
	while (!expired(t)) {
		pg->stop_count++;
		sleep_us(100);
	}
	t_fail("dma-policy", "stop.not_stopped", "still running %u ms after the DMA violation", STOP_WAIT_MS);
	return 0;
}
