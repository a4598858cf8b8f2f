/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor console. Haven owns the platform UART; partitions write to
 * their own emulated PL011 (or HAVEN_HVC_CONSOLE_WRITE) and Haven prints each
 * complete line as "[name] text", so interleaved output stays attributable.
 * Haven's own lines start with "haven: ".
 */
#include <haven/hv.h>
#include <haven/lib.h>

static spinlock_t con_lock;

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
	spin_lock(&con_lock);
	puts_locked(buf);
	spin_unlock(&con_lock);
}

void hv_vlog(const char *fmt, va_list ap)
{
	char buf[384];

	hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	spin_lock(&con_lock);
	puts_locked("haven: ");
	puts_locked(buf);
	puts_locked("\n");
	spin_unlock(&con_lock);
}

void hv_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hv_vlog(fmt, ap);
	va_end(ap);
}

/* Called with p->con_lock held. */
static void partition_flush(struct partition *p)
{
	p->con_buf[p->con_len] = '\0';
	spin_lock(&con_lock);
	puts_locked("[");
	puts_locked(p->cfg->name);
	puts_locked("] ");
	puts_locked(p->con_buf);
	puts_locked("\n");
	spin_unlock(&con_lock);
	p->con_len = 0;
}

void partition_putc(struct partition *p, char c)
{
	spin_lock(&p->con_lock);
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

void partition_console_flush(struct partition *p)
{
	spin_lock(&p->con_lock);
	if (p->con_len)
		partition_flush(p);
	spin_unlock(&p->con_lock);
}
