/* SPDX-License-Identifier: MIT */
/*
 * A test-and-set spinlock built on LDAXR/STXR (no outline atomics, no LSE:
 * it works with the MMU off on QEMU and under Haven). Waiters sleep in WFE;
 * unlock does SEV.
 */
#ifndef GUEST_SPINLOCK_H
#define GUEST_SPINLOCK_H

#include "sysreg.h"

typedef struct {
	volatile uint32_t v;
} spinlock_t;

static inline bool spin_trylock(spinlock_t *l)
{
	uint32_t old, fail;

	__asm__ volatile("	ldaxr	%w0, [%2]\n"
			 "	cbnz	%w0, 1f\n"
			 "	stxr	%w1, %w3, [%2]\n"
			 "	b	2f\n"
			 "1:	clrex\n"
			 "	mov	%w1, #1\n"
			 "2:\n"
			 : "=&r"(old), "=&r"(fail)
			 : "r"(&l->v), "r"(1u)
			 : "memory", "cc");
	return fail == 0;
}

static inline void spin_lock(spinlock_t *l)
{
	while (!spin_trylock(l))
		while (l->v)
			wfe();
}

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ volatile("stlr wzr, [%0]" : : "r"(&l->v) : "memory");
	dsb(sy);
	sev();
}

#endif
