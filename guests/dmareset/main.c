/* SPDX-License-Identifier: MIT */
/*
 * dmareset: a partition whose device's DMA is due while Haven resets it
 * (scenario dma-policy, tests/qemu/configs/test-dma-policy.c). It owns the
 * edu 00:05.0 (stream 0x28; it assigns the BAR itself) and lives three times,
 * its life count kept in memory Haven does not reload:
 *
 *  1. checks what dmastop left (its late DMA did not land, it stopped), and
 *     that the edu's DMA happens at the counter edu_deadline() predicts;
 *  2. tells the edu to write over a canary in its own memory and calls PSCI
 *     SYSTEM_RESET DUE_AHEAD_US before that DMA is due. The reset reloads the
 *     image, which carries BALLAST bytes of initialised data, so the reload
 *     (and with it the time this partition's streams abort) lasts well past
 *     the DMA;
 *  3. checks that the DMA was due during the reset and that the canary is
 *     intact, and that its device's DMA is translated again.
 *
 * Finally it tells the victim it is done (mailbox attacker_done).
 */
#include <haven/abi.h>

#include "console.h"
#include "dmapolicy.h"
#include "edu.h"
#include "guest.h"
#include "hvc.h"
#include "mailbox.h"
#include "test.h"
#include "timer.h"

#define LEN 64
#define PART_BASE 0x44000000ULL
#define OWN_SRC (PART_BASE + 0xD00000ULL)
#define OWN_BACK (PART_BASE + 0xD01000ULL)
#define CANARY (PART_BASE + 0xE00000ULL) /* past the image: not reloaded */
#define PERSIST (PART_BASE + 0xF00000ULL)
#define PERSIST_MAGIC 0x4C4F50414D44ULL
#define CANARY_WORD 0xC0FFEEC0FFEE0000ULL
#define DMA_WORD 0xD3ADD3ADD3AD0000ULL
#define DUE_AHEAD_US 50
#define BALLAST (1u << 20)

struct persist {
	volatile uint64_t magic, life, reset_at, due;
};

/* Makes the image BALLAST bytes larger, all of it reloaded at each reset (see above). */
static volatile uint8_t ballast[BALLAST] = { 1 };

static volatile uint64_t *word(uint64_t ipa, unsigned i)
{
	return (volatile uint64_t *)(uintptr_t)(ipa + 8 * i);
}

static void fill(uint64_t ipa, uint64_t v)
{
	for (unsigned i = 0; i < LEN / 8; i++)
		*word(ipa, i) = v + i;
}

static bool holds(uint64_t ipa, uint64_t v)
{
	for (unsigned i = 0; i < LEN / 8; i++)
		if (*word(ipa, i) != v + i)
			return false;
	return true;
}

static bool own_roundtrip(uint64_t seed)
{
	fill(OWN_SRC, seed);
	fill(OWN_BACK, 0);
	return edu_dma(BAR_05, OWN_SRC, EDU_BUF, LEN, EDU_TO_DEVICE) &&
	       edu_dma(BAR_05, EDU_BUF, OWN_BACK, LEN, EDU_FROM_DEVICE) && holds(OWN_BACK, seed);
}

#define SETTLE_MS 2000
#define STILL_MS 20
#define HOLD_MS 100

/* dmastop was stopped: its count came to rest and stays; its late DMA did not land. */
static void check_dmastop(struct dmapol_page *pg)
{
	uint64_t deadline = deadline_ms(SETTLE_MS), c0 = pg->stop_count, c1;
	bool settled = false, intact = true;

	while (!settled && !expired(deadline)) {
		sleep_ms(STILL_MS);
		c1 = pg->stop_count;
		settled = c1 == c0 && c1 > 0;
		c0 = c1;
	}
	sleep_ms(HOLD_MS);
	c1 = pg->stop_count;
	t_check("dma-policy", "stop.parked", settled && c1 == c0, "dmastop counted to %llu, %s, then %llu",
		(unsigned long long)c0, settled ? "at rest" : "still counting", (unsigned long long)c1);
	while (pg->canary_due && timer_now() < pg->canary_due + timer_ms_to_ticks(10))
		sleep_ms(1);
	for (unsigned i = 0; i < DMAPOL_WORDS; i++)
		intact &= pg->canary[i] == DMAPOL_CANARY;
	t_check("dma-policy", "stop.late_dma_blocked", pg->canary_due && intact,
		"canary 0x%llx (was 0x%llx) at counter %llu; the late DMA was due at %llu",
		(unsigned long long)pg->canary[0], (unsigned long long)DMAPOL_CANARY,
		(unsigned long long)timer_now(), (unsigned long long)pg->canary_due);
}

static void reset(struct persist *ps, uint64_t life)
{
	struct smccc_res r;

	ps->life = life;
	ps->reset_at = timer_now();
	r = hvc_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	t_fail("dma-policy", "reset.returned", "SYSTEM_RESET returned %lld", (long long)(int64_t)r.a0);
}

int main(void)
{
	struct test_mailbox *mb = mailbox();
	struct dmapol_page *pg = dmapol_page();
	struct persist *ps = (struct persist *)(uintptr_t)PERSIST;
	uint64_t now = timer_now(), t0, t1;
	bool ok;

	if (ps->magic != PERSIST_MAGIC) {
		ps->life = 1;
		ps->magic = PERSIST_MAGIC;
	}
	t_check("dma-policy", ps->life == 1 ? "reset.life1.pristine" : ps->life == 2 ? "reset.life2.pristine"
										      : "reset.life3.pristine",
		ballast[0] == 1 && ballast[BALLAST - 1] == 0, "the image's data as built (life %llu)",
		(unsigned long long)ps->life);
	ballast[0] = 2;

	if (ps->life == 1) {
		ok = WAIT_UNTIL(mb->magic == MAILBOX_MAGIC && mb->victim_ready && pg->bars_ready, 5000, 1000);
		ok = ok && edu_setup(5, BAR_05);
		t_check("dma-policy", "reset.bars_ready", ok, "victim and dmastop ready, BAR0 of 00:05.0 at 0x%llx: %s",
			(unsigned long long)BAR_05, ok ? "yes" : "no");
		mb->attacker_hb_start = mb->victim_heartbeat;
		check_dmastop(pg);

		/* The device's DMA happens at the counter edu_deadline() predicts. */
		fill(OWN_SRC, 0x1111);
		t0 = edu_ms_settle();
		edu_start(BAR_05, OWN_SRC, EDU_BUF, LEN, EDU_TO_DEVICE);
		while (edu_busy(BAR_05) && timer_now() < t0 + timer_ms_to_ticks(2 * EDU_DMA_MS))
			;
		t1 = timer_now();
		t_check("dma-policy", "reset.deadline", t1 >= edu_deadline(t0) &&
			t1 - edu_deadline(t0) < timer_us_to_ticks(5),
			"a DMA started at counter %llu happened by %llu, predicted %llu", (unsigned long long)t0,
			(unsigned long long)t1, (unsigned long long)edu_deadline(t0));
		reset(ps, 2);
	} else if (ps->life == 2) {
		fill(CANARY, CANARY_WORD);
		fill(OWN_SRC, DMA_WORD);
		ok = edu_dma(BAR_05, OWN_SRC, EDU_BUF, LEN, EDU_TO_DEVICE);
		t_check("dma-policy", "reset.armed", ok, "the buffer holds 0x%llx", (unsigned long long)DMA_WORD);
		t0 = edu_ms_settle();
		edu_start(BAR_05, EDU_BUF, CANARY, LEN, EDU_FROM_DEVICE);
		ps->due = edu_deadline(t0);
		while (timer_now() < ps->due - timer_us_to_ticks(DUE_AHEAD_US))
			;
		reset(ps, 3);
	} else {
		t_check("dma-policy", "reset.due_in_reset", ps->reset_at < ps->due && ps->due < now,
			"the DMA was due at counter %llu, the reset began at %llu, this life at %llu",
			(unsigned long long)ps->due, (unsigned long long)ps->reset_at, (unsigned long long)now);
		WAIT_UNTIL(!edu_busy(BAR_05), 2 * EDU_DMA_MS, 1000);
		t_check("dma-policy", "reset.dma_blocked", !edu_busy(BAR_05) && holds(CANARY, CANARY_WORD),
			"the canary holds 0x%llx (was 0x%llx; the DMA would write 0x%llx)",
			(unsigned long long)*word(CANARY, 0), (unsigned long long)CANARY_WORD,
			(unsigned long long)DMA_WORD);
		t_check("dma-policy", "reset.translated_again", own_roundtrip(0x2222),
			"00:05.0's DMA within this partition's memory after the restart: 0x%llx",
			(unsigned long long)*word(OWN_BACK, 0));
		ok = WAIT_UNTIL(mb->victim_heartbeat > mb->attacker_hb_start, 1000, 1000);
		mb->attacker_hb_end = mb->victim_heartbeat;
		t_check("dma-policy", "victim_alive", ok, "the victim's heartbeat went from %llu to %llu",
			(unsigned long long)mb->attacker_hb_start, (unsigned long long)mb->attacker_hb_end);
		dsb(sy);
		mb->attacker_done = 1;
	}
	return 0;
}
