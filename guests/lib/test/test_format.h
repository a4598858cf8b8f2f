/* SPDX-License-Identifier: MIT */
/*
 * The text of the test library's lines, in one of two forms:
 *   protocol (a test run, docs/test-protocol.md):
 *     "@T <area> <name> PASS|FAIL[ <detail>]"   and   "<n> checks, <m> failed" + "@DONE"
 *   human (a person at the console, guest_attended):
 *     "<area> <name>: passed|FAILED[ (<detail>)]"   and   "<n - m> of <n> checks passed"
 * The human form has no protocol marker and no summary the runner would parse.
 * Pure functions (hv_snprintf only), so tests/host/test_guest_format.c runs them
 * on the host. Each writes whole lines ending in '\n' and returns hv_snprintf's
 * length.
 */
#ifndef GUEST_TEST_FORMAT_H
#define GUEST_TEST_FORMAT_H

#include <haven/types.h>

int t_format_result(char *buf, size_t size, bool human, const char *area, const char *name,
		    bool pass, const char *detail);
int t_format_summary(char *buf, size_t size, bool human, unsigned count, unsigned failed);

#endif
