/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the test library's line formats, guests/lib/test/test_format.c:
 * the protocol lines the runner parses in a test run, and the plain text a
 * test guest prints instead when a person is at the console (guest_attended,
 * e.g. the ticker in `make demo`), which must carry no protocol marker and no
 * summary the runner would take for one.
 */
#include <regex.h>
#include <string.h>

#include <haven/lib.h>

#include "harness.h"
#include "test_format.h"

/* The runner's protocol markers and summary (tools/runner.py RE_MARKER, RE_SUMMARY). */
static bool protocol_like(const char *text)
{
	regex_t marker, summary;
	bool hit;

	regcomp(&marker, "@(T|EXPECT-VIOLATION|EXPECT-STOP|DONE|BENCH)([[:space:]]|$)",
		REG_EXTENDED | REG_NEWLINE);
	regcomp(&summary, "[0-9]+ checks, [0-9]+ failed$", REG_EXTENDED | REG_NEWLINE);
	hit = !regexec(&marker, text, 0, NULL, 0) || !regexec(&summary, text, 0, NULL, 0);
	regfree(&marker);
	regfree(&summary);
	return hit;
}

/* Checks one formatted text: exact, its length returned, protocol-like only in protocol form. */
static void check(const char *name, bool human, const char *buf, int n, const char *expect)
{
	t_begin(name);
	T_CHECK(strcmp(buf, expect) == 0, "got \"%s\", expected \"%s\"", buf, expect);
	T_CHECK(n == (int)strlen(expect), "returned %d, expected %zu", n, strlen(expect));
	T_CHECK(protocol_like(buf) == !human, "protocol_like=%d", protocol_like(buf));
	t_end();
}

static void result_case(const char *name, bool human, bool pass, const char *detail,
			const char *expect)
{
	char buf[256];
	int n = t_format_result(buf, sizeof(buf), human, "demo", "ticker.memory", pass, detail);

	check(name, human, buf, n, expect);
}

static void summary_case(const char *name, bool human, unsigned count, unsigned failed,
			 const char *expect)
{
	char buf[128];
	int n = t_format_summary(buf, sizeof(buf), human, count, failed);

	check(name, human, buf, n, expect);
}

int main(void)
{
	const char *pass = "@T demo ticker.memory PASS\n";

	result_case("guest_format.protocol.pass", false, true, "held over 3 heartbeats",
		    "@T demo ticker.memory PASS held over 3 heartbeats\n");
	result_case("guest_format.protocol.pass_no_detail", false, true, "", pass);
	result_case("guest_format.protocol.pass_null_detail", false, true, NULL, pass);
	result_case("guest_format.protocol.fail", false, false, "checksum changed",
		    "@T demo ticker.memory FAIL checksum changed\n");
	result_case("guest_format.human.pass", true, true, "held over 3 heartbeats",
		    "demo ticker.memory: passed (held over 3 heartbeats)\n");
	result_case("guest_format.human.pass_no_detail", true, true, "",
		    "demo ticker.memory: passed\n");
	result_case("guest_format.human.fail", true, false, "checksum changed",
		    "demo ticker.memory: FAILED (checksum changed)\n");
	summary_case("guest_format.protocol.summary", false, 2, 0, "2 checks, 0 failed\n@DONE\n");
	summary_case("guest_format.protocol.summary_failed", false, 3, 1,
		     "3 checks, 1 failed\n@DONE\n");
	summary_case("guest_format.human.summary", true, 2, 0, "2 of 2 checks passed\n");
	summary_case("guest_format.human.summary_failed", true, 3, 1, "2 of 3 checks passed\n");
	return t_exit_status();
}
