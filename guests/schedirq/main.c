/* SPDX-License-Identifier: MIT */
/*
 * schedirq: a hardware interrupt that arrives while its partition is
 * descheduled is kept for it (configs/test-temporal-irq.c, scenario
 * "temporal-irq", under -icount shift=0 with QEMU's RTC on the virtual clock).
 * CPU 0 runs a 9 ms frame: the listener (partition 0) 0..0.2 ms, the spinner
 * (partition 1) 0.2..9 ms.
 *
 * The listener owns the PL031 RTC (SPI 34). In its window it sets the RTC's
 * match register one second ahead: QEMU raises the alarm exactly 1 s of
 * virtual time after that write, which is 1 ms later in the frame (1 s =
 * 111 frames + 1 ms), inside the spinner's window. Haven must queue the SPI
 * for the listener and deliver it when the listener's next window starts:
 * the listener checks that its handler ran once, at least 1 s after the
 * write and within HAVEN_SCHED_LATE_US of its window's start.
 */
#include <haven/abi.h>

#include "exceptions.h"
#include "gic.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define RTC_BASE 0x09010000ULL
#define RTC_SPI 34
#define RTCDR 0x000
#define RTCMR 0x004
#define RTCIMSC 0x010
#define RTCICR 0x01C
#define FRAME_US 9000
#define LATE_US 20 /* HAVEN_SCHED_LATE_US */
#define SPIN_MS 1050

static volatile uint64_t irqs, irq_at;

static void rtc_irq(uint32_t intid)
{
	(void)intid;
	irq_at = timer_now();
	mmio_write32(RTC_BASE + RTCICR, 1);
	irqs++;
}

static void listen(void)
{
	uint64_t set_at, frame = timer_us_to_ticks(FRAME_US);
	bool got;

	irq_register(RTC_SPI, rtc_irq);
	mmio_write32(GICD_BASE + GICD_ISENABLER(RTC_SPI / 32), 1u << (RTC_SPI % 32));
	mmio_write32(RTC_BASE + RTCIMSC, 1);
	set_at = timer_now();
	mmio_write32(RTC_BASE + RTCMR, mmio_read32(RTC_BASE + RTCDR) + 1);
	got = wait_irq_count(&irqs, 0, 3000);
	t_check("temporal", "spi_while_away",
		got && irqs == 1 && irq_at - set_at >= timer_ms_to_ticks(1000) &&
			irq_at % frame <= timer_us_to_ticks(LATE_US),
		"%llu RTC IRQs; the first %llu us after the alarm was set (1 s), %llu ns into the "
		"listener's window", (unsigned long long)irqs,
		(unsigned long long)timer_ticks_to_us(irq_at - set_at),
		(unsigned long long)((irq_at % frame) * 1000000000 / timer_freq()));
}

int main(void)
{
	if (hvc_call(HAVEN_HVC_PARTITION_ID, 0, 0, 0).a0 == 0) {
		listen();
	} else {
		uint64_t end = timer_now() + timer_ms_to_ticks(SPIN_MS);

		while (timer_now() < end) /* IRQs masked: the RTC's SPI reaches EL2 while this runs */
			;
		t_pass("temporal", "spinner", "spun %u ms", SPIN_MS);
	}
	return 0;
}
