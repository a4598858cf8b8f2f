/* SPDX-License-Identifier: MIT */
/*
 * The test library, linked only by test guests (TEST_GUESTS, guests/guests.mk).
 * Result lines of docs/test-protocol.md:
 *   @T <area> <name> PASS [detail]
 *   @T <area> <name> FAIL <detail>
 *   <n> checks, <m> failed
 *   @DONE
 * When a person is at the console (guest_attended, guest.h) the same calls
 * print plain text instead (test_format.h), so `make demo` shows no protocol.
 * It also makes main() returning print the summary and @DONE, and a problem
 * the runtime finds (guest_report_error) a failed check "guest <name>".
 * <name> must not contain spaces. Safe to call from any vCPU. The runner
 * checks the summary against the results it parsed, and every result against
 * the scenario's expect_results (tests/qemu/scenarios.py): a new check needs
 * its name there.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <haven/types.h>

void t_pass(const char *area, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void t_fail(const char *area, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* PASS or FAIL by cond, with the same detail either way; returns cond. */
bool t_check(const char *area, const char *name, bool cond, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Checks reported so far, and how many failed (all vCPUs). */
extern volatile unsigned t_count, t_failures;

/*
 * guest_exit(0), as main() returning does: prints the summary "<t_count> checks,
 * <t_failures> failed" and "@DONE", then PSCI SYSTEM_OFF.
 */
void t_done(void) __attribute__((noreturn));

#endif
