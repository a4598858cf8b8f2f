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

	regcomp(&marker, "@(T|EXPECT-VIOLATION|EXPECT-STOP|DONE|BENCH)([[:space:]]|$)", REG_EXTENDED | REG_NEWLINE);
	regcomp(&summary, "[0-9]+ checks, [0-9]+ failed$", REG_EXTENDED | REG_NEWLINE);
	hit = !regexec(&marker, text, 0, NULL, 0) || !regexec(&summary, text, 0, NULL, 0);
	regfree(&marker);
	regfree(&summary);
	return hit;
}

#define RESULT_CASE(name, human, pass, detail, expect)                                                  \
	do {                                                                                           \
		char buf[256];                                                                         \
		int n = t_format_result(buf, sizeof(buf), human, "demo", "ticker.memory", pass, detail); \
		t_begin("guest_format." name);                                                         \
		T_CHECK(strcmp(buf, expect) == 0, "got \"%s\", expected \"%s\"", buf, expect);         \
		T_CHECK(n == (int)strlen(expect), "returned %d, expected %zu", n, strlen(expect));     \
		T_CHECK(protocol_like(buf) == !(human), "protocol_like=%d", protocol_like(buf));      \
		t_end();                                                                               \
	} while (0)

#define SUMMARY_CASE(name, human, count, failed, expect)                                \
	do {                                                                           \
		char buf[128];                                                         \
		int n = t_format_summary(buf, sizeof(buf), human, count, failed);      \
		t_begin("guest_format." name);                                         \
		T_CHECK(strcmp(buf, expect) == 0, "got \"%s\", expected \"%s\"", buf, expect); \
		T_CHECK(n == (int)strlen(expect), "returned %d", n);                   \
		T_CHECK(protocol_like(buf) == !(human), "protocol_like=%d", protocol_like(buf)); \
		t_end();                                                               \
	} while (0)

int main(void)
{
	RESULT_CASE("protocol.pass", false, true, "held over 3 heartbeats",
		    "@T demo ticker.memory PASS held over 3 heartbeats\n");
	RESULT_CASE("protocol.pass_no_detail", false, true, "", "@T demo ticker.memory PASS\n");
	RESULT_CASE("protocol.pass_null_detail", false, true, NULL, "@T demo ticker.memory PASS\n");
	RESULT_CASE("protocol.fail", false, false, "checksum changed",
		    "@T demo ticker.memory FAIL checksum changed\n");
	RESULT_CASE("human.pass", true, true, "held over 3 heartbeats",
		    "demo ticker.memory: passed (held over 3 heartbeats)\n");
	RESULT_CASE("human.pass_no_detail", true, true, "", "demo ticker.memory: passed\n");
	RESULT_CASE("human.fail", true, false, "checksum changed",
		    "demo ticker.memory: FAILED (checksum changed)\n");
	SUMMARY_CASE("protocol.summary", false, 2, 0, "2 checks, 0 failed\n@DONE\n");
	SUMMARY_CASE("protocol.summary_failed", false, 3, 1, "3 checks, 1 failed\n@DONE\n");
	SUMMARY_CASE("human.summary", true, 2, 0, "2 of 2 checks passed\n");
	SUMMARY_CASE("human.summary_failed", true, 3, 1, "2 of 3 checks passed\n");
	return t_exit_status();
}
