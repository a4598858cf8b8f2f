/* SPDX-License-Identifier: MIT */
/* PL011 console with per-vCPU line buffers (see console.h). */
#include <haven/abi.h>
#include <haven/lib.h>

#include "console.h"
#include "spinlock.h"
#include "sysreg.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_CR 0x30
#define UART_FR_TXFF BIT(5)
#define UART_CR_ENABLE 0x301 /* UARTEN | TXE | RXE */

struct line {
	char buf[CONSOLE_LINE_MAX];
	size_t len;
};

static struct line lines[GUEST_MAX_CPUS];
static spinlock_t console_lock;
static volatile uint32_t console_owner; /* cpu + 1 while held */

void console_init(void)
{
	/* Needed natively (QEMU's UART0 starts disabled); harmless under Haven. */
	mmio_write32(HAVEN_VUART_IPA + UART_CR, UART_CR_ENABLE);
}

static void uart_putc(char c)
{
	while (mmio_read32(HAVEN_VUART_IPA + UART_FR) & UART_FR_TXFF)
		;
	mmio_write32(HAVEN_VUART_IPA + UART_DR, (uint8_t)c);
}

/*
 * Writes one line under the lock, with IRQs masked so an IRQ handler that
 * prints cannot deadlock against its own vCPU. A vCPU that already holds the
 * lock (an exception taken while printing) writes without it.
 */
static void emit(const char *s, size_t n)
{
	unsigned me = cpu_id() + 1;
	uint64_t daif = irq_save();
	bool nested = console_owner == me;

	if (!nested) {
		spin_lock(&console_lock);
		console_owner = me;
	}
	while (n--)
		uart_putc(*s++);
	if (!nested) {
		console_owner = 0;
		spin_unlock(&console_lock);
	}
	irq_restore(daif);
}

static void put(struct line *l, char c)
{
	if (c != '\n' && l->len == sizeof(l->buf) - 1) {
		/* Split an over-long line. */
		l->buf[l->len++] = '\n';
		emit(l->buf, l->len);
		l->len = 0;
	}
	l->buf[l->len++] = c;
	if (c == '\n') {
		emit(l->buf, l->len);
		l->len = 0;
	}
}

void cputs(const char *s)
{
	struct line *l = &lines[cpu_id() % GUEST_MAX_CPUS];

	while (*s)
		put(l, *s++);
}

void cwrite(const char *s, size_t n)
{
	struct line *l = &lines[cpu_id() % GUEST_MAX_CPUS];

	while (n--)
		put(l, *s++);
}

void console_end_line(void)
{
	struct line *l = &lines[cpu_id() % GUEST_MAX_CPUS];

	if (l->len)
		put(l, '\n');
}

int cvprintf(const char *fmt, va_list ap)
{
	char tmp[CONSOLE_LINE_MAX];
	int n = hv_vsnprintf(tmp, sizeof(tmp), fmt, ap);

	cputs(tmp);
	return n;
}

int cprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cvprintf(fmt, ap);
	va_end(ap);
	return n;
}
