/* SPDX-License-Identifier: MIT */
/* Test result reporting (see test.h). */
#include <haven/lib.h>

#include "console.h"
#include "hvc.h"
#include "spinlock.h"
#include "test.h"

volatile unsigned t_count, t_failures;
static spinlock_t count_lock;

static void report(const char *area, const char *name, bool pass, const char *fmt, va_list ap)
{
	char detail[CONSOLE_LINE_MAX - 64];
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

	cprintf("@T %s %s %s%s%s\n", area, name, pass ? "PASS" : "FAIL", detail[0] ? " " : "",
		detail);
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
	cprintf("%u checks, %u failed\n", t_count, t_failures);
	cprintf("@DONE\n");
	psci_system_off();
}
