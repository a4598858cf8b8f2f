/* SPDX-License-Identifier: MIT */
/* Memory and string functions the compiler may call in freestanding code. */
#include <haven/lib.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (IS_ALIGNED((uintptr_t)d | (uintptr_t)s, 8)) {
		uint64_t *d8 = dst;
		const uint64_t *s8 = src;

		for (size_t k = n / 8; k; k--)
			*d8++ = *s8++;
		d = (unsigned char *)d8;
		s = (const unsigned char *)s8;
		n %= 8;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (c == 0 && IS_ALIGNED((uintptr_t)d | n, 8)) {
		uint64_t *d8 = dst;

		for (n /= 8; n; n--)
			*d8++ = 0;
		return dst;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/*
 * Whether a and b (n bytes each) agree at every sample: the SAMPLE bytes at
 * offset 0 and at each multiple of stride, and the last SAMPLE bytes. A cheap
 * test that b's bytes were put at a (a few instructions per stride bytes),
 * not a proof that a holds all of them.
 */
#define SAMPLE 16
bool mem_sampled_equal(const void *a, const void *b, size_t n, size_t stride)
{
	const unsigned char *x = a, *y = b;

	for (size_t off = 0; off < n; off += stride)
		if (memcmp(x + off, y + off, n - off < SAMPLE ? n - off : SAMPLE) != 0)
			return false;
	return n < SAMPLE || memcmp(x + n - SAMPLE, y + n - SAMPLE, SAMPLE) == 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}
