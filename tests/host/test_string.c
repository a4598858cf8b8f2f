/* SPDX-License-Identifier: MIT */
/*
 * Host tests of lib/string.c, the memory functions EL2 and the guests link.
 * Built with the functions renamed (hv_test_*), so the host's libc is untouched.
 */
#include "harness.h"

#include <stdint.h>
#include <stdio.h>

void *hv_test_memcpy(void *dst, const void *src, size_t n);
void *hv_test_memmove(void *dst, const void *src, size_t n);
void *hv_test_memset(void *dst, int c, size_t n);
int hv_test_memcmp(const void *a, const void *b, size_t n);
size_t hv_test_strlen(const char *s);
int hv_test_strcmp(const char *a, const char *b);
bool hv_test_mem_sampled_equal(const void *a, const void *b, size_t n, size_t stride);

static unsigned char src[256] __attribute__((aligned(16)));
static unsigned char dst[256] __attribute__((aligned(16)));

/* Copies n bytes from src+so to dst+do and checks them and the bytes around them. */
static void copy_case(size_t so, size_t dof, size_t n)
{
	char name[64];
	bool ok = true;

	for (size_t i = 0; i < sizeof(src); i++) {
		src[i] = (unsigned char)(i * 7 + 1);
		dst[i] = 0xEE;
	}
	hv_test_memcpy(dst + dof, src + so, n);
	for (size_t i = 0; i < sizeof(dst); i++) {
		unsigned char want = (i >= dof && i < dof + n) ? src[so + i - dof] : 0xEE;

		ok &= dst[i] == want;
	}
	snprintf(name, sizeof(name), "string.memcpy.src%zu.dst%zu.len%zu", so, dof, n);
	t_begin(name);
	T_CHECK(ok, "wrong bytes after copying %zu bytes", n);
	t_end();
}

/*
 * mem_sampled_equal, the first start's test that the launcher placed a blob
 * (core/partition.c): a (the destination) against b (the pristine copy).
 */
static void sampled_cases(void)
{
	static unsigned char a[1000], b[1000];

	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = (unsigned char)(i * 13 + 5);
	t_begin("string.sampled.placed");
	hv_test_memcpy(a, b, sizeof(a));
	T_CHECK(hv_test_mem_sampled_equal(a, b, sizeof(a), 256), "an identical copy does not match");
	T_CHECK(hv_test_mem_sampled_equal(a, b, 7, 256), "a 7-byte blob does not match");
	T_CHECK(hv_test_mem_sampled_equal(a, b, 0, 256), "an empty blob does not match");
	t_end();

	t_begin("string.sampled.not_placed");
	hv_test_memset(a, 0, sizeof(a));
	T_CHECK(!hv_test_mem_sampled_equal(a, b, sizeof(a), 256), "zeroed memory matches");
	T_CHECK(!hv_test_mem_sampled_equal(a, b, 7, 256), "zeroed memory matches a 7-byte blob");
	t_end();

	/* One byte differs: found at each sample (0, the strides, the last 16 bytes). */
	static const size_t found[] = { 0, 15, 256, 271, 768, 984, 999 };
	static const size_t missed[] = { 16, 255, 300, 983 };
	const size_t nfound = sizeof(found) / sizeof(found[0]);
	char name[64];

	for (size_t k = 0; k < nfound + sizeof(missed) / sizeof(missed[0]); k++) {
		bool sampled = k < nfound;
		size_t at = sampled ? found[k] : missed[k - nfound];

		hv_test_memcpy(a, b, sizeof(a));
		a[at] ^= 1;
		snprintf(name, sizeof(name), "string.sampled.%s%zu", sampled ? "differs_at_" : "unsampled_",
			 at);
		t_begin(name);
		T_CHECK(hv_test_mem_sampled_equal(a, b, sizeof(a), 256) == !sampled,
			"a change at byte %zu is %s", at, sampled ? "missed" : "seen outside the samples");
		t_end();
	}
}

int main(void)
{
	sampled_cases();

	/* Aligned, unaligned, word multiples and odd tails (the EL2 blob copies). */
	copy_case(0, 0, 64);
	copy_case(0, 0, 67);
	copy_case(0, 0, 5);
	copy_case(8, 16, 131);
	copy_case(1, 0, 64);
	copy_case(0, 3, 29);
	copy_case(0, 0, 0);

	t_begin("string.memset.zero_tail");
	for (size_t i = 0; i < sizeof(dst); i++)
		dst[i] = 0xEE;
	hv_test_memset(dst, 0, 19);
	T_CHECK(dst[0] == 0 && dst[18] == 0 && dst[19] == 0xEE, "memset(0, 19) wrote %u %u %u", dst[0],
		dst[18], dst[19]);
	t_end();

	t_begin("string.memmove.overlap_forward");
	for (size_t i = 0; i < 16; i++)
		dst[i] = (unsigned char)i;
	hv_test_memmove(dst + 1, dst, 8);
	T_CHECK(dst[1] == 0 && dst[8] == 7 && dst[9] == 9, "got %u %u %u", dst[1], dst[8], dst[9]);
	t_end();

	t_begin("string.memcmp_strlen_strcmp");
	T_CHECK(hv_test_memcmp("abc", "abd", 3) < 0, "memcmp order");
	T_CHECK(hv_test_strlen("haven") == 5, "strlen");
	T_CHECK(hv_test_strcmp("a", "b") < 0 && hv_test_strcmp("b", "b") == 0, "strcmp");
	t_end();
	return t_exit_status();
}
