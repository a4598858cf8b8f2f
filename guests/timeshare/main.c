/* SPDX-License-Identifier: MIT */
/*
 * timeshare: one of the two partitions that take turns on CPU 0 in a 10 ms
 * major frame, partition 0 for 3 ms and partition 1 for 7 ms
 * (configs/test-temporal.c, scenario "temporal", under -icount shift=0).
 *
 * It spins with IRQs masked (as every guest starts), never waiting, and
 * reads the virtual counter in a tight loop; partition 1 also makes a
 * hypercall in every round (a flood of traps to EL2). The counter keeps running while
 * the partition is descheduled (docs/scheduling.md), so two consecutive reads
 * that are far apart mark time the other partition had: a gap. Between the
 * end of its first gap and the end of gap 1 + FRAMES, it checks that
 *  - its share of the time is its window's share of the frame,
 *  - every stretch it ran ended on time (preempted at its window's end
 *    although it never unmasked IRQs nor trapped), and
 *  - every gap is the other partition's window, so each of its windows
 *    started within the lateness bound.
 * All within HAVEN_SCHED_LATE_US (include/haven/sched.h), stated here again.
 */
#include <haven/abi.h>

#include "guest.h"
#include "hvc.h"
#include "test.h"
#include "timer.h"

#define FRAMES 50
#define FRAME_US 10000
#define LATE_US 20   /* HAVEN_SCHED_LATE_US */
#define AWAY_US 100  /* a longer step between two reads is time away (the shortest window) */

struct role {
	uint64_t own_us, other_us;
	bool flood; /* a hypercall in every round */
};

static const struct role roles[2] = { { 3000, 7000, false }, { 7000, 3000, true } };

int main(void)
{
	struct smccc_res id = hvc_call(HAVEN_HVC_PARTITION_ID, 0, 0, 0);
	const struct role *r = &roles[id.a0 & 1];
	uint64_t away = timer_us_to_ticks(AWAY_US), late = timer_us_to_ticks(LATE_US);
	uint64_t own = timer_us_to_ticks(r->own_us), other = timer_us_to_ticks(r->other_us);
	uint64_t gap_min = ~0ULL, gap_max = 0, run_min = ~0ULL, run_max = 0, away_sum = 0;
	uint64_t last = timer_now(), t0 = 0, resumed = 0, now;
	unsigned gaps = 0;
	uint64_t calls = 0, bad_calls = 0;

	for (;;) {
		if (r->flood) {
			calls++;
			bad_calls += hvc_call(HAVEN_HVC_VERSION, 0, 0, 0).a0 !=
				     ((HAVEN_ABI_MAJOR << 16) | HAVEN_ABI_MINOR);
		}
		now = timer_now();
		if (now - last > away) {
			if (gaps++) {
				uint64_t gap = now - last, ran = last - resumed;

				away_sum += gap;
				gap_min = gap < gap_min ? gap : gap_min;
				gap_max = gap > gap_max ? gap : gap_max;
				run_min = ran < run_min ? ran : run_min;
				run_max = ran > run_max ? ran : run_max;
			} else {
				t0 = now;
			}
			resumed = now;
			if (gaps == FRAMES + 1)
				break;
		}
		last = now;
	}
	uint64_t elapsed = now - t0, ran = elapsed - away_sum, want = FRAMES * own;

	t_check("temporal", "frames", elapsed >= FRAMES * timer_us_to_ticks(FRAME_US) - late &&
		elapsed <= FRAMES * timer_us_to_ticks(FRAME_US) + late,
		"%u frames took %llu us", FRAMES, (unsigned long long)timer_ticks_to_us(elapsed));
	t_check("temporal", "share", ran + FRAMES * late >= want && ran <= want + FRAMES * late,
		"ran %llu us of %llu us, expected %llu us (window %llu us of %u us)",
		(unsigned long long)timer_ticks_to_us(ran), (unsigned long long)timer_ticks_to_us(elapsed),
		(unsigned long long)timer_ticks_to_us(want), (unsigned long long)r->own_us, FRAME_US);
	t_check("temporal", "preempted_on_time", run_max <= own + late && run_min + late >= own,
		"ran %llu..%llu ns at a time with IRQs masked, window %llu us",
		(unsigned long long)(run_min * 1000000000 / timer_freq()),
		(unsigned long long)(run_max * 1000000000 / timer_freq()), (unsigned long long)r->own_us);
	t_check("temporal", "window_start_late", gap_max <= other + late && gap_min + late >= other,
		"away %llu..%llu ns at a time, the other window %llu us",
		(unsigned long long)(gap_min * 1000000000 / timer_freq()),
		(unsigned long long)(gap_max * 1000000000 / timer_freq()), (unsigned long long)r->other_us);
	if (r->flood)
		t_check("temporal", "hvc_flood", calls > 100000 && bad_calls == 0,
			"%llu hypercalls meanwhile, %llu wrong answers", (unsigned long long)calls,
			(unsigned long long)bad_calls);
	return 0;
}
