/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the freestanding formatter, lib/fmt.c (hv_vsnprintf and
 * hv_snprintf). On the host, fmt.c's strlen is libc's.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <haven/lib.h>

#include "harness.h"

/* Formats into a fresh buffer and checks the text and the returned length. */
#define FMT_CASE(name, expect, ...)                                                         \
	do {                                                                                \
		char buf[128];                                                              \
		int n;                                                                      \
		memset(buf, 'X', sizeof(buf));                                              \
		n = hv_snprintf(buf, sizeof(buf), __VA_ARGS__);                             \
		t_begin("fmt." name);                                                       \
		T_CHECK(strcmp(buf, expect) == 0, "got \"%s\", expected \"%s\"", buf, expect); \
		T_CHECK(n == (int)strlen(expect), "returned %d, expected %zu", n, strlen(expect)); \
		t_end();                                                                    \
	} while (0)

/* NULL, hidden from the compiler's format checks. */
static const char *volatile null_string;

static void test_conversions(void)
{
	FMT_CASE("d_negative", "-42 0 2147483647 -2147483648", "%d %d %d %d", -42, 0, INT_MAX, INT_MIN);
	FMT_CASE("i", "17", "%i", 17);
	FMT_CASE("lld_negative", "-9223372036854775807", "%lld", -LLONG_MAX);
	FMT_CASE("u", "0 4294967295", "%u %u", 0u, UINT_MAX);
	FMT_CASE("x", "deadbeef 0 DEADBEEF", "%x %x %X", 0xdeadbeefu, 0u, 0xdeadbeefu);
	FMT_CASE("lx", "fedcba9876543210", "%lx", 0xfedcba9876543210UL);
	FMT_CASE("llx", "123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
	FMT_CASE("016llx", "0000000040000000", "%016llx", 0x40000000ULL);
	FMT_CASE("08x", "0000beef", "%08x", 0xbeefu);
	FMT_CASE("zu", "4096", "%zu", (size_t)4096);
	FMT_CASE("width_right", "   42|", "%5d|", 42);
	FMT_CASE("zero_pad_negative", "-0042", "%05d", -42);
	FMT_CASE("s_left", "ab      |", "%-8s|", "ab");
	FMT_CASE("s_right", "      ab|", "%8s|", "ab");
	FMT_CASE("s_wider_than_width", "abcdef|", "%-3s|", "abcdef");
	FMT_CASE("s_null", "(null)", "%s", null_string);
	FMT_CASE("p", "0x1234 0x0", "%p %p", (void *)0x1234, (void *)0);
	FMT_CASE("c_and_percent", "a%b", "%c%%%c", 'a', 'b');
	FMT_CASE("mixed", "partition 'x' (#1): mem[0].pa: 0x42000000..0x42ffffff",
		 "partition '%s' (#%u): mem[%u].pa: 0x%llx..0x%llx", "x", 1u, 0u, 0x42000000ULL,
		 0x42ffffffULL);
}

static void test_truncation(void)
{
	char buf[8];
	int n;

	t_begin("fmt.truncation_nul_terminated");
	memset(buf, 'X', sizeof(buf));
	n = hv_snprintf(buf, 5, "%s", "hello world");
	T_CHECK(n == 11, "returned %d, expected the full length 11", n);
	T_CHECK(memcmp(buf, "hell", 5) == 0, "buffer is \"%.5s\", expected \"hell\" and a NUL", buf);
	T_CHECK(buf[5] == 'X', "wrote past the size");
	t_end();

	t_begin("fmt.truncation_number");
	memset(buf, 'X', sizeof(buf));
	n = hv_snprintf(buf, 4, "%x", 0x12345u);
	T_CHECK(n == 5 && strcmp(buf, "123") == 0, "returned %d, buffer \"%s\"", n, buf);
	t_end();

	t_begin("fmt.size_one");
	memset(buf, 'X', sizeof(buf));
	n = hv_snprintf(buf, 1, "abc");
	T_CHECK(n == 3 && buf[0] == '\0' && buf[1] == 'X', "returned %d, buf[0]=0x%x", n, (unsigned)buf[0]);
	t_end();

	t_begin("fmt.size_zero");
	memset(buf, 'X', sizeof(buf));
	n = hv_snprintf(buf, 0, "abc%d", 12);
	T_CHECK(n == 5, "returned %d, expected 5", n);
	T_CHECK(buf[0] == 'X', "wrote to a zero-size buffer");
	t_end();

	t_begin("fmt.exact_fit");
	memset(buf, 'X', sizeof(buf));
	n = hv_snprintf(buf, 8, "%s", "1234567");
	T_CHECK(n == 7 && strcmp(buf, "1234567") == 0, "returned %d, buffer \"%.8s\"", n, buf);
	t_end();

	t_begin("fmt.empty");
	memset(buf, 'X', sizeof(buf));
	n = hv_snprintf(buf, sizeof(buf), "%s", "");
	T_CHECK(n == 0 && buf[0] == '\0', "returned %d", n);
	t_end();
}

int main(void)
{
	test_conversions();
	test_truncation();
	return t_exit_status();
}
