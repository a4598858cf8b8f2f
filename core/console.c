/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor console. Haven owns the platform UART; partitions write to
 * their own emulated PL011 (or HAVEN_HVC_CONSOLE_WRITE) and Haven prints each
 * complete line as "[name] text", so interleaved output stays attributable.
 * Haven's own lines start with "haven: ".
 *
 * Interference: a partition's bytes collect in its own line buffer, under its
 * own lock, on its own CPUs. A complete line goes into the partition's queue
 * (con_ring) and leaves it on one of the partition's own CPUs, never on
 * another partition's: at once when the UART is free, otherwise later, when
 * that partition next writes or traps (partition_console_poll), or stops. The
 * UART is shared under con_lock, a ticket lock: CPUs get it in the order they
 * asked, and a writer that must wait (its queue full, or Haven's own report)
 * waits for at most the turn of each other CPU, each turn at most one queue
 * (1 KiB) or one Haven line. So a partition's flood never holds up another
 * partition's write, and delays the UART by a bounded amount; Haven's own
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
		open_line->con_broken = true;
		open_line = NULL;
	}
}

static unsigned ring_used(const struct partition *p)
{
	return p->ring_head - p->ring_tail;
}

/* Writes every queued line of p; called with p->con_lock and con_lock held. */
static void drain_locked(struct partition *p)
{
	while (ring_used(p)) {
		char c;

		close_open_line();
		puts_locked("[");
		puts_locked(p->cfg->name);
		puts_locked("] ");
		while ((c = p->con_ring[p->ring_tail++ % sizeof(p->con_ring)]) != '\n')
			pl011_putc(c);
		puts_locked("\n");
	}
}

/* Writes p's queued lines, waiting for the UART (bounded: one turn per other CPU). */
static void drain(struct partition *p)
{
	ticket_lock(&con_lock);
	drain_locked(p);
	ticket_unlock(&con_lock);
}

/* Queues p's completed line and writes the queue if the UART is free; called with p->con_lock held. */
static void partition_flush(struct partition *p)
{
	if (sizeof(p->con_ring) - ring_used(p) < p->con_len + 1)
		drain(p); /* the queue is full: this writer waits its turn */
	for (unsigned i = 0; i < p->con_len; i++)
		p->con_ring[p->ring_head++ % sizeof(p->con_ring)] = p->con_buf[i];
	p->con_ring[p->ring_head++ % sizeof(p->con_ring)] = '\n';
	p->con_len = 0;
	if (ticket_trylock(&con_lock)) {
		drain_locked(p);
		ticket_unlock(&con_lock);
	} else if (this_pcpu()->vcpu && this_pcpu()->vcpu->part == p) {
		this_pcpu()->vcpu->con_queued = true; /* its next interrupt trap writes them */
	}
}

/* On an interrupt trap of v, which queued lines while the UART was busy: writes them if it is free now. */
void partition_console_poll(struct vcpu *v)
{
	struct partition *p = v->part;

	if (!spin_trylock(&p->con_lock))
		return;
	if (!ring_used(p)) {
		v->con_queued = false; /* another vCPU of p wrote them */
	} else if (ticket_trylock(&con_lock)) {
		drain_locked(p);
		ticket_unlock(&con_lock);
		v->con_queued = false;
	}
	spin_unlock(&p->con_lock);
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
		/* A line that another line broke has ended on the UART already. */
		if (!p->con_midline && !p->con_broken) {
			puts_locked("[");
			puts_locked(p->cfg->name);
			puts_locked("] ");
		}
		if (p->con_midline || !p->con_broken)
			puts_locked("\n");
		p->con_midline = false;
		p->con_broken = false;
		open_line = NULL;
	} else if (c != '\r') {
		char s[2] = { (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\b' || c == 0x1B ? c : '.', 0 };

		if (!p->con_midline) {
			/* The rest of a broken line is marked, so a reader can join the two pieces. */
			puts_locked("[");
			puts_locked(p->cfg->name);
			puts_locked(p->con_broken ? "]+ " : "] ");
			p->con_midline = true;
			p->con_broken = false;
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

/* Writes p's open and queued lines, then says how many of Haven's reports about p were suppressed. */
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
		if (ring_used(p))
			drain(p);
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
