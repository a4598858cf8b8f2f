/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor console. Haven owns the platform UART; partitions write to
 * their own emulated PL011 (or HAVEN_HVC_CONSOLE_WRITE) and Haven prints each
 * complete line as "[name] text", so interleaved output stays attributable.
 * Haven's own lines start with "haven: ".
 *
 * Interference: a partition's bytes collect in its own line buffer, under its
 * own lock, on its own CPUs. Only a complete line goes out, on the CPU that
 * completed it, under con_lock, a ticket lock: CPUs get the UART in the order
 * they asked for it, and each turn writes one line (at most 394 bytes: a
 * Haven line; a partition's line is at most 293). So a line waits for at most
 * one line of each other CPU, however much the others print; Haven's own
 * reports about a partition are rate-limited (core/violation.c).
 * docs/isolation.md states the bound.
 *
 * A partition that is stopping or resetting says nothing more: its other
 * vCPUs run until their CPUs take the stop request, after its final flush and
 * its "stopped" or "reset" line. Their bytes are dropped, under the lock that
 * flush takes (so a byte is either in the flush or dropped).
 */
#include <haven/hv.h>
#include <haven/lib.h>

static ticketlock_t con_lock;
static void close_open_line(void);

void console_init(void)
{
	pl011_init(haven_platform.uart_base);
}

static void puts_locked(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			pl011_putc('\r');
		pl011_putc(*s);
	}
}

void hv_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ticket_lock(&con_lock);
	puts_locked(buf);
	ticket_unlock(&con_lock);
}

void hv_vlog(const char *fmt, va_list ap)
{
	char buf[384];

	hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	ticket_lock(&con_lock);
	close_open_line();
	puts_locked("haven: ");
	puts_locked(buf);
	puts_locked("\n");
	ticket_unlock(&con_lock);
}

void hv_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hv_vlog(fmt, ap);
	va_end(ap);
}

/* The console-input partition whose line is open on the UART (immediate mode), if any. */
static struct partition *open_line;

/* Called with con_lock held, before any complete line goes out. */
static void close_open_line(void)
{
	if (open_line) {
		puts_locked("\n");
		open_line->con_midline = false;
		open_line = NULL;
	}
}

/* Called with p->con_lock held. */
static void partition_flush(struct partition *p)
{
	p->con_buf[p->con_len] = '\0';
	ticket_lock(&con_lock);
	close_open_line();
	puts_locked("[");
	puts_locked(p->cfg->name);
	puts_locked("] ");
	puts_locked(p->con_buf);
	puts_locked("\n");
	ticket_unlock(&con_lock);
	p->con_len = 0;
}

/*
 * The console-input partition talks to a person: its bytes go out at once (a
 * shell prompt has no newline), with the "[name] " prefix at each line start.
 */
static void partition_put_immediate(struct partition *p, char c)
{
	ticket_lock(&con_lock);
	if (p->state != PART_RUNNING) {
		ticket_unlock(&con_lock);
		return;
	}
	if (open_line != p) {
		close_open_line();
		p->con_midline = false;
	}
	if (c == '\n') {
		if (!p->con_midline) {
			puts_locked("[");
			puts_locked(p->cfg->name);
			puts_locked("] ");
		}
		puts_locked("\n");
		p->con_midline = false;
		open_line = NULL;
	} else if (c != '\r') {
		char s[2] = { (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\b' || c == 0x1B ? c : '.', 0 };

		if (!p->con_midline) {
			puts_locked("[");
			puts_locked(p->cfg->name);
			puts_locked("] ");
			p->con_midline = true;
		}
		puts_locked(s);
		open_line = p;
	}
	ticket_unlock(&con_lock);
}

void partition_putc(struct partition *p, char c)
{
	if (p->con_immediate) {
		partition_put_immediate(p, c);
		return;
	}
	spin_lock(&p->con_lock);
	if (p->state != PART_RUNNING) {
		spin_unlock(&p->con_lock);
		return;
	}
	if (c == '\n') {
		partition_flush(p);
	} else if (c != '\r') {
		/* Non-printable bytes are shown as '.', so a guest cannot drive the host terminal. */
		p->con_buf[p->con_len++] = (c >= 0x20 && c < 0x7F) || c == '\t' ? c : '.';
		if (p->con_len == sizeof(p->con_buf) - 1)
			partition_flush(p);
	}
	spin_unlock(&p->con_lock);
}

/* Ends p's open line, then says how many of Haven's reports about p were suppressed. */
void partition_console_flush(struct partition *p)
{
	if (p->con_immediate) {
		ticket_lock(&con_lock);
		if (open_line == p)
			close_open_line();
		ticket_unlock(&con_lock);
	} else {
		spin_lock(&p->con_lock);
		if (p->con_len)
			partition_flush(p);
		spin_unlock(&p->con_lock);
	}
	report_flush(p);
}

/* The platform UART's receive interrupt: what is typed goes to the console-input partition. */
void console_input_irq(void)
{
	int c;

	while ((c = pl011_getc()) >= 0)
		if (console_input && console_input->state == PART_RUNNING)
			vuart_receive(console_input, (char)c);
}
