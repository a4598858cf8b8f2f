/* SPDX-License-Identifier: MIT */
/*
 * Test result reporting (see test.h), and the runtime's hooks (guest.h) that
 * make a test guest speak docs/test-protocol.md: a problem the runtime finds
 * is a failed check, and the end prints the summary and @DONE.
 */
#include <haven/lib.h>

#include "console.h"
#include "guest.h"
#include "spinlock.h"
#include "test.h"
#include "test_format.h"

volatile unsigned t_count, t_failures;
static spinlock_t count_lock;

static void report(const char *area, const char *name, bool pass, const char *fmt, va_list ap)
{
	char detail[CONSOLE_LINE_MAX - 64], line[CONSOLE_LINE_MAX];
	uint64_t daif;

	detail[0] = '\0';
	if (fmt)
		hv_vsnprintf(detail, sizeof(detail), fmt, ap);
	if (!pass && !detail[0])
		hv_snprintf(detail, sizeof(detail), "check failed");

	daif = irq_save();
	spin_lock(&count_lock);
	t_count++;
	if (!pass)
		t_failures++;
	spin_unlock(&count_lock);
	irq_restore(daif);

	t_format_result(line, sizeof(line), guest_attended, area, name, pass, detail);
	cputs(line);
}

void t_pass(const char *area, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(area, name, true, fmt, ap);
	va_end(ap);
}

void t_fail(const char *area, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(area, name, false, fmt, ap);
	va_end(ap);
}

bool t_check(const char *area, const char *name, bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(area, name, cond, fmt, ap);
	va_end(ap);
	return cond;
}

void t_done(void)
{
	guest_exit(0);
}

/* The runtime's hooks (guest.h). */
void guest_report_error(const char *name, const char *detail)
{
	t_fail("guest", name, "%s", detail);
}

void guest_at_exit(int status)
{
	char text[64];

	t_format_summary(text, sizeof(text), guest_attended, t_count, t_failures);
	cputs(text);
}
