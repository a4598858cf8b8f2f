/* SPDX-License-Identifier: MIT */
/*
 * benchdma: the cost of one blocked DMA's report (make bench, metric
 * dma_violation; docs/performance.md). Runs under Haven on qemu-virt-smmu
 * (tests/qemu/configs/bench-dma.c) on CPU 0, the CPU that takes the SMMU's
 * event queue interrupt, and owns one edu device (00:03.0, stream 0x18).
 *
 * Each sample starts a 4-byte DMA from the device to an IPA outside the
 * partition's map. edu performs it exactly EDU_DMA_MS after the command, at a
 * deadline the guest computes (edu_deadline()); the SMMU blocks it and
 * records one event, and Haven takes the interrupt on this CPU, drains the
 * queue and prints the report. Around the deadline the guest spins in a
 * branch-free loop of SPIN_STEP instructions that reads CNTVCT once per
 * iteration. Under QEMU -icount shift=0 with a 1 GHz counter, the counter
 * advances by exactly SPIN_STEP per iteration, except across the interrupt:
 * the largest step minus SPIN_STEP is the number of instructions Haven ran
 * on this CPU for the DMA, from its IRQ vector to its eret (the interrupted
 * instruction is not retired). The other CPUs sit in WFI, so no other
 * instruction moves the counter.
 */
#include "console.h"
#include "edu.h"
#include "guest.h"
#include "test.h"
#include "timer.h"

#define WARMUP 2
#define SAMPLES 16 /* all inside Haven's report burst of 64 */
#define SPIN_STEP 8
#define SPIN_BEFORE 5000   /* counter ticks spun before the deadline */
#define SPIN_AFTER 200000  /* and after it: Haven's part takes a few thousand */
#define BAR 0x10000000ULL
#define OUTSIDE 0x80000000ULL /* no partition's IPA: the DMA faults at stage 2 */

/* Spins until the counter reaches until; returns the largest counter step and where it began. */
static uint64_t spin(uint64_t until, uint64_t *at)
{
	uint64_t prev, now, step, max = 0, max_at = 0;

	/* SPIN_STEP instructions per iteration, whatever the data: mrs .. b.lo */
	__asm__ volatile("mrs %[prev], cntvct_el0\n"
			 "1:\tmrs %[now], cntvct_el0\n\t"
			 "sub %[step], %[now], %[prev]\n\t"
			 "cmp %[step], %[max]\n\t"
			 "csel %[max], %[step], %[max], hi\n\t"
			 "csel %[at], %[prev], %[at], hi\n\t"
			 "mov %[prev], %[now]\n\t"
			 "cmp %[now], %[until]\n\t"
			 "b.lo 1b"
			 : [prev] "=&r"(prev), [now] "=&r"(now), [step] "=&r"(step), [max] "+r"(max),
			   [at] "+r"(max_at)
			 : [until] "r"(until)
			 : "cc");
	*at = max_at;
	return max;
}

static void sort(uint64_t *a, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		uint64_t v = a[i];
		unsigned j = i;

		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

int main(void)
{
	static uint64_t s[SAMPLES];
	uint64_t base, at, max, daif;
	unsigned bad = 0;
	bool ok;

	ok = edu_setup(3, BAR);
	if (!t_check("bench", "dma.edu_setup", ok, "edu 00:03.0 with BAR0 at 0x%llx", (unsigned long long)BAR))
		return 0;
	daif = irq_save();
	base = spin(timer_now() + 2000, &at);
	irq_restore(daif);
	t_check("bench", "dma.spin_step", base == SPIN_STEP,
		"an undisturbed step of the spin is %llu counter ticks (expected %u: needs -icount shift=0 and "
		"cntfrq=1000000000)", (unsigned long long)base, SPIN_STEP);
	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t d = edu_deadline(edu_ms_settle());

		edu_start(BAR, EDU_BUF, OUTSIDE, 4, EDU_FROM_DEVICE);
		sleep_until(d - SPIN_BEFORE);
		daif = irq_save();
		max = spin(d + SPIN_AFTER, &at);
		irq_restore(daif);
		/* The long step is the DMA's: it began at the deadline, and the device is done. */
		if (!WAIT_UNTIL(!edu_busy(BAR), 2 * EDU_DMA_MS, 100) || at > d || at + SPIN_STEP < d)
			bad++;
		if (i >= WARMUP)
			s[i - WARMUP] = max - SPIN_STEP;
	}
	if (!t_check("bench", "dma_violation.timing", !bad, "%u of %u samples without a stolen step at the DMA's "
		     "deadline", bad, WARMUP + SAMPLES))
		return 0;
	sort(s, SAMPLES);
	cprintf("@BENCH dma_violation min=%llu median=%llu p99=%llu max=%llu n=%u unit=instructions\n",
		(unsigned long long)s[0], (unsigned long long)s[(SAMPLES - 1) / 2],
		(unsigned long long)s[(99 * SAMPLES + 99) / 100 - 1], (unsigned long long)s[SAMPLES - 1], SAMPLES);
	t_check("bench", "dma_violation", s[0] > 0, "median %llu instructions (min %llu, max %llu, %u samples)",
		(unsigned long long)s[(SAMPLES - 1) / 2], (unsigned long long)s[0],
		(unsigned long long)s[SAMPLES - 1], SAMPLES);
	return 0;
}
