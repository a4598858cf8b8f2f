/* SPDX-License-Identifier: MIT */
/* Basic freestanding types shared by the hypervisor, host tools and guests. */
#ifndef HAVEN_TYPES_H
#define HAVEN_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) (1ULL << (n))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((uint64_t)(a) - 1)) == 0)

#define SZ_4K 0x1000ULL
#define SZ_64K 0x10000ULL
#define SZ_2M 0x200000ULL
#define SZ_1G 0x40000000ULL

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* True when [a, a+as) and [b, b+bs) overlap. Sizes are non-zero and do not wrap. */
static inline bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

/* True when [a, a+as) lies wholly inside [b, b+bs). */
static inline bool range_within(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a >= b && as <= bs && a - b <= bs - as;
}

#endif
