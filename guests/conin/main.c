/* SPDX-License-Identifier: MIT */
/*
 * conin: the console-input partition (HV_PART_CONSOLE_INPUT) of scenario
 * console-input. The runner feeds INPUT below to QEMU's serial port, which is
 * Haven's UART; Haven passes what it receives to this partition's vUART.
 * conin takes it with the vUART's receive interrupt (UARTIMSC RX and RT,
 * virtual INTID 33) and checks that it came complete and in order. The stray
 * beside it must receive none of it.
 *
 * It also prints a line of control bytes: as the console-input partition its
 * bytes go out at once (immediate mode), where ESC, TAB and backspace pass and
 * every other control byte becomes '.' (docs/isolation.md says why). It
 * prints only once the stray is quiet (stray_ready), so no line of the stray
 * splits its lines.
 */
#include <haven/abi.h>
#include <haven/lib.h>

#include "console.h"
#include "exceptions.h"
#include "gic.h"
#include "hvc.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

/* tests/qemu/scenarios.py feeds the same bytes (console_input); under the vUART's 63. */
#define INPUT "console input: 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ\n"
#define WAIT_MS 5000
#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIMSC 0x38
#define UARTFR_RXFE BIT(4)
#define UART_INT_RX_RT (BIT(4) | BIT(6))

static char got[64];
static volatile unsigned got_len, extra;
static volatile uint64_t rx_irqs;

/* Drains the receive FIFO: its level (RX, RT) drops when it is empty. */
static void rx_irq(uint32_t intid)
{
	rx_irqs++;
	while (!(mmio_read32(HAVEN_VUART_IPA + UARTFR) & UARTFR_RXFE)) {
		char c = (char)mmio_read32(HAVEN_VUART_IPA + UARTDR);

		if (got_len < sizeof(got) - 1)
			got[got_len++] = c;
		else
			extra++;
	}
}

static const char ctl[] = "conin: control bytes <\x1b[1mB\x1b[0m|\a|\0|\x80\xff|\x7f|a\rb|\t|\b>\n";

int main(void)
{
	struct test_mailbox *mb = mailbox();
	bool line, same;

	if (!WAIT_UNTIL(mb->stray_ready, WAIT_MS, 500))
		t_fail("console", "neighbour.ready", "the stray partition is not watching (mailbox stray_ready)");
	cwrite(ctl, sizeof(ctl) - 1);

	irq_register(HAVEN_VUART_INTID, rx_irq);
	gic_set_bit(GIC_ISENABLER, HAVEN_VUART_INTID);
	mmio_write32(HAVEN_VUART_IPA + UARTIMSC, UART_INT_RX_RT);
	line = WAIT_UNTIL(got_len && got[got_len - 1] == '\n', WAIT_MS, 500);
	sleep_ms(10); /* anything after the line would be a fault too */
	same = got_len == sizeof(INPUT) - 1 && !extra && !memcmp(got, INPUT, got_len);
	for (unsigned i = 0; i < got_len; i++)
		if (got[i] == '\n')
			got[i] = '|'; /* one line in the report */
	got[got_len] = '\0';
	t_check("console", "input.received", line && same && rx_irqs > 0,
		"%u bytes (+%u) in %llu receive interrupts, %s: '%s'", got_len, extra,
		(unsigned long long)rx_irqs, same ? "as sent" : "NOT as sent", same ? "" : got);
	mmio_write32(HAVEN_VUART_IPA + UARTIMSC, 0);

	/*
	 * The stray prints its results once peer_done is set; in immediate mode
	 * its lines would split this partition's, so t_done's lines go out first.
	 */
	cprintf("%u checks, %u failed\n", t_count, t_failures);
	cprintf("@DONE\n");
	mb->peer_done = 1;
	dsb(sy);
	psci_system_off();
}
