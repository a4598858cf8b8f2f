/* SPDX-License-Identifier: MIT */
/*
 * victim: the partition the attacker and the faulter try to reach. It fills
 * the free part of its memory (from the end of its image, .bss and stacks to
 * the end of its TEST_PART_SIZE region) with an address-derived pattern, takes
 * a checksum of its code, read-only data and the pattern, and publishes
 * victim_ready in the mailbox. Then, about once a millisecond, it bumps
 * victim_heartbeat and re-checks one 64 KiB slice of the checksum, until the
 * attacker sets attacker_done (at most VICTIM_WAIT_MS). Finally it checks the
 * whole checksum again and that its heartbeat ran while the attacker probed.
 */
#include "console.h"
#include "guest.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define VICTIM_WAIT_MS 10000
#define SLICE 0x80000 /* bytes re-checked per heartbeat: a pass every ~32 */

struct range {
	uint64_t start, end;
};

/* [0]: code + read-only data, [1]: the pattern area. */
static struct range ranges[2];

/* A running checksum over ranges[], advanced a slice at a time. */
struct scan {
	unsigned r;
	uint64_t pos, h;
};

static uint64_t pattern(uint64_t addr)
{
	return (addr * 0x9E3779B97F4A7C15ULL) ^ 0xA5A5A5A55A5A5A5AULL;
}

static uint64_t mix(uint64_t h, uint64_t w)
{
	return (h ^ w) * 0x100000001B3ULL;
}

static void scan_reset(struct scan *s)
{
	s->r = 0;
	s->pos = ranges[0].start;
	s->h = 0xCBF29CE484222325ULL;
}

/* Checksums up to bytes more; returns true when the pass is complete (s->h final). */
static bool scan_step(struct scan *s, uint64_t bytes)
{
	while (bytes && s->r < ARRAY_SIZE(ranges)) {
		uint64_t end = ranges[s->r].end;
		uint64_t stop = end - s->pos > bytes ? s->pos + bytes : end;

		bytes -= stop - s->pos;
		for (; s->pos < stop; s->pos += 8)
			s->h = mix(s->h, *(volatile uint64_t *)(uintptr_t)s->pos);
		if (s->pos >= end && ++s->r < ARRAY_SIZE(ranges))
			s->pos = ranges[s->r].start;
	}
	return s->r >= ARRAY_SIZE(ranges);
}

static uint64_t checksum(void)
{
	struct scan s;

	scan_reset(&s);
	scan_step(&s, ~0ULL);
	return s.h;
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

int main(void)
{
	struct test_mailbox *mb = mailbox();
	uint64_t base = image_base(), a, ref, final, hb = 0, deadline;
	unsigned passes = 0, mismatches = 0;
	bool done;
	struct scan s;

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

	mb->attacker_done = 0;
	mb->attacker_phase = ATTACKER_IDLE;
	mb->attacker_hb_start = 0;
	mb->attacker_hb_end = 0;
	mb->attacker_failures = 0;
	mb->victim_heartbeat = 0;
	mb->victim_checksum = ref;
	dmb(sy);
	mb->magic = MAILBOX_MAGIC;
	dmb(sy);
	mb->victim_ready = 1;
	dsb(sy);
	cprintf("victim: ready, checksum 0x%llx\n", (unsigned long long)ref);

	scan_reset(&s);
	deadline = deadline_ms(VICTIM_WAIT_MS);
	for (;;) {
		mb->victim_heartbeat = ++hb;
		if (scan_step(&s, SLICE)) {
			passes++;
			if (s.h != ref && mismatches++ == 0)
				cprintf("victim: checksum changed: 0x%llx, expected 0x%llx\n",
					(unsigned long long)s.h, (unsigned long long)ref);
			scan_reset(&s);
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
		t_pass("spatial", "victim.checksum", "0x%llx over %llu KiB, %u periodic passes",
		       (unsigned long long)ref,
		       (unsigned long long)((ranges[0].end - ranges[0].start + ranges[1].end -
					     ranges[1].start) >> 10),
		       passes);
	} else {
		uint64_t bad = first_bad_word();

		t_fail("spatial", "victim.checksum",
		       "0x%llx now, 0x%llx at start, %u of %u periodic passes differed; first changed "
		       "pattern word: 0x%llx",
		       (unsigned long long)final, (unsigned long long)ref, mismatches, passes,
		       (unsigned long long)bad);
	}
	t_check("spatial", "victim.heartbeat",
		done && mb->attacker_hb_end > mb->attacker_hb_start && hb > mb->attacker_hb_start,
		"heartbeat %llu; the attacker saw %llu at its start and %llu at its end",
		(unsigned long long)hb, (unsigned long long)mb->attacker_hb_start,
		(unsigned long long)mb->attacker_hb_end);
	return 0;
}
