/* SPDX-License-Identifier: MIT */
/*
 * benchsched: the partition_switch metric of make bench (tools/bench.py,
 * tests/qemu/configs/bench-sched.c): two partitions take turns on CPU 0,
 * 500 us each in a 1 ms frame, under -icount shift=0 with a 1 GHz counter.
 *
 * Haven starts frames at multiples of the frame length in counter time
 * (docs/scheduling.md), so every window boundary is a multiple of 500 us.
 * Each partition spins with IRQs masked, reading the counter every SPIN_STEP
 * instructions; the first read after a gap is at most SPIN_STEP instructions
 * after its first instruction in the window, and the window began at the
 * last boundary: that read's distance from it is the window end -> this
 * partition's first instruction (plus at most SPIN_STEP). Partition 0
 * prints the @BENCH line; partition 1 only takes its turns.
 */
#include <haven/abi.h>

#include "console.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define WARMUP 2
#define SAMPLES 16
#define SPIN_STEP 8
#define WINDOW 500000 /* ticks: 500 us at 1 GHz */

/* Spins until the counter jumps by more than SPIN_STEP; returns the first value after the jump. */
static uint64_t next_window(void)
{
	uint64_t prev, now, step;

	/* SPIN_STEP instructions per iteration: mrs .. b.ls */
	__asm__ volatile("mrs %[prev], cntvct_el0\n"
			 "1:\tmrs %[now], cntvct_el0\n\t"
			 "sub %[step], %[now], %[prev]\n\t"
			 "mov %[prev], %[now]\n\t"
			 "nop\n\tnop\n\tnop\n\t"
			 "cmp %[step], %[max]\n\t"
			 "b.ls 1b"
			 : [prev] "=&r"(prev), [now] "=&r"(now), [step] "=&r"(step)
			 : [max] "r"((uint64_t)SPIN_STEP)
			 : "cc");
	return now;
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
	uint64_t id = hvc_call(HAVEN_HVC_PARTITION_ID, 0, 0, 0).a0;

	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t now = next_window();

		if (i >= WARMUP)
			s[i - WARMUP] = now % WINDOW;
	}
	sort(s, SAMPLES);
	t_check("bench", "sched.samples", s[SAMPLES - 1] < WINDOW / 10,
		"window end -> first counter read %llu..%llu ticks", (unsigned long long)s[0],
		(unsigned long long)s[SAMPLES - 1]);
	if (id == 0)
		cprintf("@BENCH partition_switch min=%llu median=%llu p99=%llu max=%llu n=%u unit=instructions\n",
			(unsigned long long)s[0], (unsigned long long)s[SAMPLES / 2],
			(unsigned long long)s[SAMPLES - 1], (unsigned long long)s[SAMPLES - 1], SAMPLES);
	return 0;
}
