/* SPDX-License-Identifier: MIT */
/*
 * stray: a neighbour that must see nothing of the partition beside it. On
 * every vCPU it enables every SGI and PPI, on vCPU 0 every SPI it owns and its
 * vUART's receive interrupt, and it takes interrupts (IRQs unmasked while it
 * sleeps) until that partition sets peer_done in the mailbox. It arms nothing
 * but its own virtual timer, which it sleeps on: any other interrupt is a
 * stray (an SGI sent by the wrong CPU index, an SPI routed to the wrong CPU,
 * console input meant for another partition), and so is any INTID without a
 * handler (64 and up: irq_unhandled). From stray_ready until peer_done it
 * prints nothing.
 *
 * The config passes SPIs 41 and 42 through, with no device behind them. The
 * stray's vGIC view of a passed-through SPI shows the physical distributor's
 * enable, pending and active state. SPI 41 is enabled, SPI 42 disabled and
 * made pending by the stray itself: a write of GICD_IS/ICENABLER,
 * IS/ICPENDR or IS/ICACTIVER by another partition that reached the hardware
 * would flip one of those bits, or deliver SPI 41 or 42. vCPU 0 samples the
 * state every millisecond and at the end; it must never change.
 *
 * It also prints a line of control bytes, which Haven must neutralise
 * (scenario console-input checks how it arrives).
 */
#include <haven/abi.h>
#include <haven/lib.h>

#include "console.h"
#include "exceptions.h"
#include "gic.h"
#include "guest.h"
#include "hvc.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define WATCH_MS 25000 /* a hang guard: the peer is done long before */
#define LIVE_SPI 41    /* enabled, not pending */
#define HELD_SPI 42    /* disabled and pending */
#define UARTFR 0x18
#define UARTIMSC 0x38
#define UARTFR_RXFE BIT(4)
#define UART_INT_RX_RT (BIT(4) | BIT(6))

struct watch {
	volatile uint64_t strays;      /* interrupts it did not arm */
	volatile uint32_t first_intid; /* the first of them */
	volatile uint64_t ticks;       /* its own timer's, while it watched */
	volatile uint32_t armed, done;
};

static struct watch watch[GUEST_MAX_CPUS];
static volatile uint64_t uart_bytes;
static unsigned samples, bad_samples; /* vCPU 0's samples of the SPIs' state */
static unsigned first_bad; /* the first sample that differed: live | held << 3 */

static void stray_irq(uint32_t intid)
{
	struct watch *w = &watch[cpu_id()];

	if (!w->strays++)
		w->first_intid = intid;
	if (intid == HAVEN_PTIMER_INTID) {
		write_sysreg(cntp_ctl_el0, 0); /* a level: keep it from firing again */
		isb();
	}
	if (intid == HAVEN_VUART_INTID)
		while (!(mmio_read32(HAVEN_VUART_IPA + UARTFR) & UARTFR_RXFE)) {
			mmio_read32(HAVEN_VUART_IPA); /* drain UARTDR: the level drops */
			uart_bytes++;
		}
}

/* Every SGI and PPI of this vCPU on, each with the stray handler but the virtual timer's. */
static void arm_private(void)
{
	for (uint32_t intid = 0; intid < 32; intid++)
		if (intid != HAVEN_VTIMER_INTID)
			irq_register(intid, stray_irq);
	mmio_write32(gic_sgi_base(cpu_id()) + GICR_ISENABLER0, 0xffffffffu);
	dsb(sy);
}

/* One SPI's bits (enabled, pending, active) as a 3-bit value. */
static unsigned spi_state(uint32_t intid)
{
	return gic_test_bit(GIC_ISENABLER, intid) | gic_test_bit(GIC_ISPENDR, intid) << 1 |
	       gic_test_bit(GIC_ISACTIVER, intid) << 2;
}

#define LIVE_STATE 1u /* enabled */
#define HELD_STATE 2u /* pending */

/* Every SPI the partition owns (GICD_IGROUPR shows them) on, but HELD_SPI: disabled, pending. */
static unsigned arm_spis(void)
{
	unsigned lines = 32 * ((mmio_read32(GICD_BASE + GICD_TYPER) & 0x1f) + 1), owned = 0;

	for (uint32_t n = 1; n < lines / 32; n++) {
		uint32_t mine = mmio_read32(GICD_BASE + GICD_IGROUPR(n));

		if (32 * n <= HELD_SPI && HELD_SPI < 32 * (n + 1))
			mine &= ~(uint32_t)BIT(HELD_SPI % 32);
		for (uint32_t b = 0; b < 32; b++) {
			if (!(mine & BIT(b)))
				continue;
			owned++;
			if (32 * n + b < IRQ_MAX_INTID)
				irq_register(32 * n + b, stray_irq);
		}
		mmio_write32(GICD_BASE + GICD_ISENABLER(n), mine);
	}
	irq_register(HELD_SPI, stray_irq);
	gic_set_bit(GIC_ICENABLER, HELD_SPI);
	gic_set_bit(GIC_ISPENDR, HELD_SPI);
	mmio_write32(HAVEN_VUART_IPA + UARTIMSC, UART_INT_RX_RT);
	return owned;
}

/* Takes interrupts until the peer is done; vCPU 0 also samples the SPIs' state. */
static void watch_loop(void)
{
	struct watch *w = &watch[cpu_id()];
	uint64_t deadline = deadline_ms(WATCH_MS), t0 = timer_irq_count[cpu_id()];

	while (!mailbox()->peer_done && !expired(deadline)) {
		sleep_ms(1);
		if (cpu_id() == 0) {
			unsigned live = spi_state(LIVE_SPI), held = spi_state(HELD_SPI);

			samples++;
			if ((live != LIVE_STATE || held != HELD_STATE) && !bad_samples++)
				first_bad = live | held << 3;
		}
	}
	w->ticks = timer_irq_count[cpu_id()] - t0;
	irq_window(); /* whatever arrived last */
}

static void secondary(void *unused)
{
	struct watch *w = &watch[cpu_id()];

	arm_private();
	w->armed = 1;
	dsb(sy);
	sev();
	watch_loop();
	w->done = 1;
	dsb(sy);
	sev();
}

static const char ctl[] = "stray: control bytes <\x1b[1mB\x1b[0m|\a|\0|\x80\xff|\x7f|a\rb|\t|\b>\n";

int main(void)
{
	struct smccc_res id = hvc_call(HAVEN_HVC_PARTITION_ID, 0, 0, 0);
	unsigned ncpus = (int64_t)id.a0 >= 0 && id.a2 >= 1 && id.a2 <= GUEST_MAX_CPUS ? id.a2 : 1;
	unsigned owned, cpu, live, held;
	bool bad;
	bool all_armed = true, peer_done;
	char name[32], first[48] = "";

	cwrite(ctl, sizeof(ctl) - 1);
	arm_private();
	owned = arm_spis();
	watch[0].armed = 1;
	for (cpu = 1; cpu < ncpus; cpu++)
		if (cpu_start(cpu, secondary, NULL) != PSCI_SUCCESS ||
		    !WAIT_EVENT(watch[cpu].armed, 1000))
			all_armed = false;
	/* Quiet from here until the peer is done (conin's immediate-mode lines stay whole). */
	cprintf("stray: %u vCPUs watching, %u SPIs enabled, SPI %u held pending\n", ncpus, owned,
		HELD_SPI);
	mailbox()->stray_ready = all_armed;
	dsb(sy);

	watch_loop();
	peer_done = mailbox()->peer_done != 0;
	for (cpu = 1; cpu < ncpus; cpu++)
		if (!WAIT_EVENT(watch[cpu].done, 1000))
			all_armed = false;
	t_check("stray", "watched", all_armed && peer_done && !irq_unhandled,
		"%u vCPUs armed and watching: %s; peer_done: %s; %llu interrupts of INTID %u or more",
		ncpus, all_armed ? "yes" : "no", peer_done ? "yes" : "no (timed out)",
		(unsigned long long)irq_unhandled, IRQ_MAX_INTID);
	for (cpu = 0; cpu < ncpus; cpu++) {
		struct watch *w = &watch[cpu];

		hv_snprintf(name, sizeof(name), "irqs.cpu%u", cpu);
		if (w->strays)
			t_fail("stray", name, "%llu own timer interrupts, %llu others (the first: INTID %u)",
			       (unsigned long long)w->ticks, (unsigned long long)w->strays, w->first_intid);
		else
			t_check("stray", name, w->ticks > 0, "%llu own timer interrupts, no other",
				(unsigned long long)w->ticks);
	}
	live = spi_state(LIVE_SPI);
	held = spi_state(HELD_SPI);
	bad = live != LIVE_STATE || held != HELD_STATE;
	if (bad_samples)
		hv_snprintf(first, sizeof(first), " (the first: %u/%u/%u, %u/%u/%u)", first_bad & 1,
			    first_bad >> 1 & 1, first_bad >> 2 & 1, first_bad >> 3 & 1,
			    first_bad >> 4 & 1, first_bad >> 5 & 1);
	t_check("stray", "spis.held", !bad && !bad_samples && samples,
		"SPI %u: enabled/pending/active %u/%u/%u (expected 1/0/0), SPI %u: %u/%u/%u (expected "
		"0/1/0) at the end; %u of %u samples differed%s", LIVE_SPI, live & 1, live >> 1 & 1,
		live >> 2, HELD_SPI, held & 1, held >> 1 & 1, held >> 2, bad_samples, samples, first);
	t_check("stray", "vuart.no_input",
		uart_bytes == 0 && (mmio_read32(HAVEN_VUART_IPA + UARTFR) & UARTFR_RXFE),
		"%llu bytes received", (unsigned long long)uart_bytes);
	gic_set_bit(GIC_ICPENDR, HELD_SPI);
	return 0;
}
