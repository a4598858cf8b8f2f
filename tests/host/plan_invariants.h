/* SPDX-License-Identifier: MIT */
/*
 * Completeness of a probe plan (core/probe_plan.c), checked from the config
 * alone and written independently of the planner, for test_probe_plan and
 * test_fuzz. For the partition `self` of a config that passed the validator:
 *
 *  - own regions: the first and last byte of each of its memory regions is
 *    read and written, expecting OK exactly when the region's perm allows it,
 *    and a region without HV_MEM_X gets a branch to its first and last word,
 *    expecting a fault;
 *  - other partitions: for every memory region of every other partition that
 *    is not HV_MEM_SHARED, its first and last byte (its PA used as an IPA) is
 *    read and written, and its first and last word is branched to, each
 *    expecting a fault, unless that IPA is in self's own map (one of its
 *    regions, devices or emulated windows).
 *
 * Each function returns the number of missing probes and describes the first
 * one in why.
 */
#ifndef HAVEN_TESTS_HOST_PLAN_INVARIANTS_H
#define HAVEN_TESTS_HOST_PLAN_INVARIANTS_H

#include <stdio.h>

#include <haven/abi.h>
#include <haven/config.h>
#include <haven/probe.h>

/* True when [base, base + size) holds addr (no wrap assumed: the config is valid). */
static inline bool pi_in(uint64_t addr, uint64_t base, uint64_t size)
{
	return addr >= base && addr - base < size;
}

/* True when IPA addr is mapped for a: a memory region, a device, an emulated window, or beyond 2^39. */
static inline bool pi_own_map(const struct haven_partition_config *a, uint64_t addr)
{
	unsigned nvcpus = 0;

	if (addr >= (1ULL << 39))
		return true;
	for (uint32_t k = 0; k < a->num_mem; k++)
		if (pi_in(addr, a->mem[k].ipa, a->mem[k].size))
			return true;
	for (uint32_t k = 0; k < a->num_mmio; k++)
		if (pi_in(addr, a->mmio[k].ipa, a->mmio[k].size))
			return true;
	for (unsigned b = 0; b < 64; b++)
		nvcpus += (a->cpus >> b) & 1;
	return pi_in(addr, HAVEN_VGICD_IPA, HAVEN_VGICD_SIZE) ||
	       pi_in(addr, HAVEN_VGICR_IPA, nvcpus * HAVEN_VGICR_STRIDE) ||
	       pi_in(addr, HAVEN_VUART_IPA, HAVEN_VUART_SIZE);
}

/* True when the plan has a probe of addr with this access and expectation. */
static inline bool pi_has(const struct haven_probe *plan, int n, uint64_t addr, uint8_t access, uint8_t expect)
{
	for (int i = 0; i < n; i++)
		if (plan[i].addr == addr && plan[i].access == access && plan[i].expect == expect)
			return true;
	return false;
}

static const char *const pi_access_name[3] = { "read", "write", "exec" };

/* Counts a missing probe; the first one is described in why. */
static inline unsigned pi_require(const struct haven_probe *plan, int n, uint64_t addr, uint8_t access,
				  uint8_t expect, const char *what, char *why, size_t size)
{
	if (pi_has(plan, n, addr, access, expect))
		return 0;
	if (!why[0])
		snprintf(why, size, "no %s probe of %s at 0x%llx expecting %s", pi_access_name[access], what,
			 (unsigned long long)addr, expect == PROBE_OK ? "OK" : "FAULT");
	return 1;
}

/* The own-region half of the invariant for partition self. */
static inline unsigned pi_check_own(const struct haven_config *cfg, unsigned self, const struct haven_probe *plan,
				    int n, char *why, size_t size)
{
	const struct haven_partition_config *a = &cfg->partitions[self];
	unsigned missing = 0;

	for (uint32_t k = 0; k < a->num_mem; k++) {
		const struct haven_mem_region *r = &a->mem[k];
		uint64_t edge[2] = { r->ipa, r->ipa + r->size - 1 };
		uint64_t word[2] = { r->ipa, r->ipa + r->size - 4 };

		for (unsigned e = 0; e < 2; e++) {
			missing += pi_require(plan, n, edge[e], PROBE_READ,
					      (r->perm & HV_MEM_R) ? PROBE_OK : PROBE_FAULT, "an own region", why, size);
			missing += pi_require(plan, n, edge[e], PROBE_WRITE,
					      (r->perm & HV_MEM_W) ? PROBE_OK : PROBE_FAULT, "an own region", why, size);
			if (!(r->perm & HV_MEM_X))
				missing += pi_require(plan, n, word[e], PROBE_EXEC, PROBE_FAULT,
						      "an own non-executable region", why, size);
		}
	}
	return missing;
}

/* The other-partitions half of the invariant for partition self. */
static inline unsigned pi_check_others(const struct haven_config *cfg, unsigned self,
				       const struct haven_probe *plan, int n, char *why, size_t size)
{
	const struct haven_partition_config *a = &cfg->partitions[self];
	unsigned missing = 0;

	for (unsigned i = 0; i < cfg->num_partitions; i++) {
		const struct haven_partition_config *p = &cfg->partitions[i];

		if (i == self)
			continue;
		for (uint32_t k = 0; k < p->num_mem; k++) {
			const struct haven_mem_region *r = &p->mem[k];
			uint64_t edge[2] = { r->pa, r->pa + r->size - 1 };
			uint64_t word[2] = { r->pa, r->pa + r->size - 4 };
			char what[96];

			if (r->flags & HV_MEM_SHARED)
				continue;
			snprintf(what, sizeof(what), "partition #%u mem[%u]", i, (unsigned)k);
			for (unsigned e = 0; e < 2; e++) {
				if (!pi_own_map(a, edge[e])) {
					missing += pi_require(plan, n, edge[e], PROBE_READ, PROBE_FAULT, what, why, size);
					missing += pi_require(plan, n, edge[e], PROBE_WRITE, PROBE_FAULT, what, why, size);
				}
				if (!pi_own_map(a, word[e]))
					missing += pi_require(plan, n, word[e], PROBE_EXEC, PROBE_FAULT, what, why, size);
			}
		}
	}
	return missing;
}

#endif
