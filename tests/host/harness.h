/* SPDX-License-Identifier: MIT */
/*
 * A tiny host test harness. Each test case prints exactly one result line of
 * the protocol in docs/test-protocol.md:
 *
 *   @T host <name> PASS
 *   @T host <name> FAIL <detail>
 *
 * Usage:
 *   t_begin("pgtable.block_1g");
 *   T_CHECK(ret == 0, "pt_map returned %d", ret);
 *   t_end();
 *   ...
 *   return t_exit_status();
 *
 * T_CHECK records the first failed condition of the case (with its line) and
 * carries on, so a case always reaches t_end(). The detail is kept on one line.
 */
#ifndef HAVEN_TESTS_HOST_HARNESS_H
#define HAVEN_TESTS_HOST_HARNESS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#define T_AREA "host"
#define T_DETAIL_MAX 512

/* The case being run and the totals so far. */
static struct {
	const char *name;
	bool failed;
	char detail[T_DETAIL_MAX];
	unsigned passed, failures;
} t_state;

/* Starts the test case called name (no spaces). */
static inline void t_begin(const char *name)
{
	t_state.name = name;
	t_state.failed = false;
	t_state.detail[0] = '\0';
}

/* Records a failure of the current case (only the first is kept). */
static inline void __attribute__((format(printf, 2, 3))) t_fail(int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t_state.failed)
		return;
	t_state.failed = true;
	n = snprintf(t_state.detail, sizeof(t_state.detail), "line %d: ", line);
	if (n < 0 || (size_t)n >= sizeof(t_state.detail))
		return;
	va_start(ap, fmt);
	vsnprintf(t_state.detail + n, sizeof(t_state.detail) - (size_t)n, fmt, ap);
	va_end(ap);
	for (char *c = t_state.detail; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
}

/* Fails the current case with a printf-style detail unless cond holds. */
#define T_CHECK(cond, ...)                               \
	do {                                             \
		if (!(cond))                             \
			t_fail(__LINE__, __VA_ARGS__);   \
	} while (0)

/* Ends the current case and prints its result line. Returns true when it passed. */
static inline bool t_end(void)
{
	if (t_state.failed) {
		t_state.failures++;
		printf("@T " T_AREA " %s FAIL %s\n", t_state.name, t_state.detail);
	} else {
		t_state.passed++;
		printf("@T " T_AREA " %s PASS\n", t_state.name);
	}
	fflush(stdout);
	return !t_state.failed;
}

/* Prints a summary to stderr and returns the process exit status: 0 when every case passed. */
static inline int t_exit_status(void)
{
	fprintf(stderr, "# %u passed, %u failed\n", t_state.passed, t_state.failures);
	return t_state.failures ? 1 : 0;
}

#endif
