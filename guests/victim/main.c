/* SPDX-License-Identifier: MIT */
/*
 * victim: the partition the attacker and the faulter try to reach. It fills
 * the free part of its memory (from the end of its image, .bss and stacks to
 * the end of its TEST_PART_SIZE region) with an address-derived pattern, takes
 * a checksum of its code, read-only data and the pattern, and publishes
 * victim_ready in the mailbox. Then, about once a millisecond, it bumps
 * victim_heartbeat and re-checks one 512 KiB slice against that slice's own
 * reference checksum, until the attacker sets attacker_done (at most
 * VICTIM_WAIT_MS). Finally it checks the whole checksum again and that its
 * heartbeat ran while the attacker probed, and, where a faulter ran (it
 * counts in faulter_count), that the faulter's count stopped for good once
 * Haven stopped the faulter.
 */
#include "console.h"
#include "guest.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define VICTIM_WAIT_MS 600000 /* a hang guard only (the runner has its own timeout); Linux reboots several times */
#define SLICE 0x80000 /* bytes re-checked per heartbeat */

struct range {
	uint64_t start, end;
};

/* [0]: code + read-only data, [1]: the pattern area. */
static struct range ranges[2];

/* The same bytes cut into slices of at most SLICE bytes, each with its reference checksum. */
#define MAX_SLICES 64
static struct slice {
	uint64_t start, end, ref;
} slices[MAX_SLICES];
static unsigned num_slices;

static uint64_t pattern(uint64_t addr)
{
	return (addr * 0x9E3779B97F4A7C15ULL) ^ 0xA5A5A5A55A5A5A5AULL;
}

/* FNV-1a over 64-bit words. */
static uint64_t sum(uint64_t h, uint64_t start, uint64_t end)
{
	uint64_t a;

	for (a = start; a < end; a += 8)
		h = (h ^ *(volatile uint64_t *)(uintptr_t)a) * 0x100000001B3ULL;
	return h;
}

#define SUM_INIT 0xCBF29CE484222325ULL

static uint64_t checksum(void)
{
	uint64_t h = SUM_INIT;
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(ranges); i++)
		h = sum(h, ranges[i].start, ranges[i].end);
	return h;
}

static void make_slices(void)
{
	unsigned i;
	uint64_t a;

	for (i = 0; i < ARRAY_SIZE(ranges); i++)
		for (a = ranges[i].start; a < ranges[i].end && num_slices < MAX_SLICES; a += SLICE) {
			struct slice *sl = &slices[num_slices++];

			sl->start = a;
			sl->end = ranges[i].end - a > SLICE ? a + SLICE : ranges[i].end;
			sl->ref = sum(SUM_INIT, sl->start, sl->end);
		}
}

/* The first word of the pattern area that no longer holds its pattern, or 0. */
static uint64_t first_bad_word(void)
{
	uint64_t a;

	for (a = ranges[1].start; a < ranges[1].end; a += 8)
		if (*(volatile uint64_t *)(uintptr_t)a != pattern(a))
			return a;
	return 0;
}

#define SETTLE_MS 2000 /* the faulter's count must come to rest within this */
#define STILL_MS 20    /* at rest: unchanged over this long */
#define HOLD_MS 100    /* and then unchanged for this long */

/*
 * Haven stopped the faulter (policy stop) when its vCPU 0 wrote here; its vCPU
 * 1, counting in faulter_count, must have stopped with it. The stop's moment
 * is not visible from here, so: wait (bounded) until the count stood still for
 * STILL_MS, then it must not move for HOLD_MS. A vCPU that runs on fails both
 * (a paused host thread could only delay the first).
 */
static void check_faulter_stopped(struct test_mailbox *mb)
{
	uint64_t deadline = deadline_ms(SETTLE_MS), c0, c1;
	bool started, settled = false;

	started = WAIT_UNTIL(mb->faulter_started, SETTLE_MS, 1000);
	c0 = mb->faulter_count;
	while (started && !settled && !expired(deadline)) {
		sleep_ms(STILL_MS);
		c1 = mb->faulter_count;
		settled = c1 == c0;
		c0 = c1;
	}
	sleep_ms(HOLD_MS);
	c1 = mb->faulter_count;
	t_check("spatial", "victim.faulter_stopped", started && settled && c1 == c0 && c0 > 0,
		"faulter's vCPU 1 counted to %llu, %s within %u ms, then %llu after %u ms more%s",
		(unsigned long long)c0, settled ? "at rest" : "still counting", SETTLE_MS,
		(unsigned long long)c1, HOLD_MS, started ? "" : " (the faulter never made its access)");
}

int main(void)
{
	struct test_mailbox *mb = mailbox();
	uint64_t base = image_base(), a, ref, final, hb = 0, deadline;
	unsigned checked = 0, mismatches = 0, next = 0;
	bool done;

	ranges[0].start = base;
	ranges[0].end = (uint64_t)(uintptr_t)__ro_end;
	ranges[1].start = ALIGN_UP(image_end(), 64);
	ranges[1].end = base + TEST_PART_SIZE;
	cprintf("victim: image 0x%llx..0x%llx, pattern 0x%llx..0x%llx\n", (unsigned long long)base,
		(unsigned long long)image_end(), (unsigned long long)ranges[1].start,
		(unsigned long long)ranges[1].end);

	for (a = ranges[1].start; a < ranges[1].end; a += 8)
		*(volatile uint64_t *)(uintptr_t)a = pattern(a);
	ref = checksum();
	make_slices();

	mb->attacker_done = 0;
	mb->attacker_phase = ATTACKER_IDLE;
	mb->attacker_hb_start = 0;
	mb->attacker_hb_end = 0;
	mb->attacker_failures = 0;
	mb->faulter_started = 0;
	mb->faulter_count = 0;
	mb->victim_heartbeat = 0;
	mb->victim_checksum = ref;
	dmb(sy);
	mb->magic = MAILBOX_MAGIC;
	dmb(sy);
	mb->victim_ready = 1;
	dsb(sy);
	cprintf("victim: ready, checksum 0x%llx\n", (unsigned long long)ref);

	deadline = deadline_ms(VICTIM_WAIT_MS);
	for (;;) {
		mb->victim_heartbeat = ++hb;
		if (num_slices) {
			struct slice *sl = &slices[next];

			if (sum(SUM_INIT, sl->start, sl->end) != sl->ref && mismatches++ == 0)
				cprintf("victim: 0x%llx..0x%llx changed after %llu heartbeats\n",
					(unsigned long long)sl->start, (unsigned long long)sl->end,
					(unsigned long long)hb);
			checked++;
			next = (next + 1) % num_slices;
		}
		if (mb->attacker_done || expired(deadline))
			break;
		sleep_ms(1);
	}
	done = mb->attacker_done != 0;
	if (!done)
		t_fail("spatial", "victim.attacker_done", "no attacker_done within %u ms", VICTIM_WAIT_MS);

	final = checksum();
	if (final == ref && mismatches == 0) {
		t_pass("spatial", "victim.checksum", "0x%llx over %llu KiB; %u slice re-checks",
		       (unsigned long long)ref,
		       (unsigned long long)((ranges[0].end - ranges[0].start + ranges[1].end -
					     ranges[1].start) >> 10),
		       checked);
	} else {
		uint64_t bad = first_bad_word();

		t_fail("spatial", "victim.checksum",
		       "0x%llx now, 0x%llx at start; %u of %u slice re-checks differed; first changed "
		       "pattern word: 0x%llx",
		       (unsigned long long)final, (unsigned long long)ref, mismatches, checked,
		       (unsigned long long)bad);
	}
	t_check("spatial", "victim.heartbeat",
		done && mb->attacker_hb_end > mb->attacker_hb_start && hb > mb->attacker_hb_start,
		"heartbeat %llu; the attacker saw %llu at its start and %llu at its end",
		(unsigned long long)hb, (unsigned long long)mb->attacker_hb_start,
		(unsigned long long)mb->attacker_hb_end);
	if (mb->faulter_count || mb->faulter_started)
		check_faulter_stopped(mb);
	return 0;
}
