/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the translation-table builder, arch/aarch64/pgtable.c, run on
 * the host with a pool of page-aligned tables at a pretend physical address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <haven/pgtable.h>

#include "harness.h"

#define POOL_PA 0x40100000ULL
#define POOL_TABLES 16

/* A typical stage-2 normal-memory leaf: read/write, inner shareable, accessed, never executable. */
#define ATTRS (S2_MEMATTR_NORMAL_WB | S2_AP_R | S2_AP_W | PTE_SH_INNER | PTE_AF | PTE_XN)

static uint64_t *pool_mem;

/* Returns an empty pool of n tables and allocates its root table into *root. */
static struct pt_pool new_pool(unsigned n, uint64_t *root)
{
	struct pt_pool pool = { .mem = pool_mem, .base_pa = POOL_PA, .ntables = n, .used = 0 };

	memset(pool_mem, 0xa5, (size_t)POOL_TABLES * SZ_4K); /* pt_alloc must zero what it hands out */
	*root = pt_alloc(&pool);
	return pool;
}

/* True when va translates to pa at the given level (0: any level). */
static bool maps_to(const struct pt_pool *pool, uint64_t root, uint64_t va, uint64_t pa, int level)
{
	uint64_t got = 0;
	int lvl = 0;

	if (!pt_lookup(pool, root, va, &got, NULL, &lvl))
		return false;
	return got == pa && (level == 0 || lvl == level);
}

static void test_block_1g(void)
{
	uint64_t root;
	struct pt_pool pool = new_pool(POOL_TABLES, &root);
	int ret = pt_map(&pool, root, 0x40000000, 0x40000000, SZ_1G, ATTRS);

	t_begin("pgtable.block_1g");
	T_CHECK(root == POOL_PA, "root at 0x%llx", (unsigned long long)root);
	T_CHECK(ret == 0, "pt_map returned %d", ret);
	T_CHECK(maps_to(&pool, root, 0x40000000, 0x40000000, 1), "first byte is not a level-1 block");
	T_CHECK(maps_to(&pool, root, 0x7fffffff, 0x7fffffff, 1), "last byte is not a level-1 block");
	T_CHECK(pool.used == 1, "a 1 GiB aligned map used %u tables, not just the root", pool.used);
	t_end();
}

static void test_blocks_2m(void)
{
	uint64_t root;
	struct pt_pool pool = new_pool(POOL_TABLES, &root);
	int ret = pt_map(&pool, root, 0x200000, 0x80200000, 2 * SZ_2M, ATTRS);

	t_begin("pgtable.blocks_2m");
	T_CHECK(ret == 0, "pt_map returned %d", ret);
	T_CHECK(maps_to(&pool, root, 0x200000, 0x80200000, 2), "first block");
	T_CHECK(maps_to(&pool, root, 0x400000, 0x80400000, 2), "second block");
	T_CHECK(maps_to(&pool, root, 0x5fffff, 0x805fffff, 2), "last byte");
	T_CHECK(pool.used == 2, "used %u tables, expected root + one level-2 table", pool.used);
	t_end();
}

static void test_pages_at_edges(void)
{
	uint64_t root;
	struct pt_pool pool = new_pool(POOL_TABLES, &root);
	/* 0x1ff000..0x400fff: one page, one 2 MiB block, one page. */
	int ret = pt_map(&pool, root, 0x1ff000, 0x401ff000, SZ_2M + 2 * SZ_4K, ATTRS);

	t_begin("pgtable.pages_at_unaligned_edges");
	T_CHECK(ret == 0, "pt_map returned %d", ret);
	T_CHECK(maps_to(&pool, root, 0x1ff000, 0x401ff000, 3), "leading page");
	T_CHECK(maps_to(&pool, root, 0x200000, 0x40200000, 2), "middle 2 MiB block");
	T_CHECK(maps_to(&pool, root, 0x3fffff, 0x403fffff, 2), "end of the middle block");
	T_CHECK(maps_to(&pool, root, 0x400000, 0x40400000, 3), "trailing page");
	T_CHECK(pool.used == 4, "used %u tables, expected root + L2 + two L3", pool.used);
	t_end();
}

static void test_va_aligned_pa_not(void)
{
	uint64_t root;
	struct pt_pool pool = new_pool(POOL_TABLES, &root);
	int ret = pt_map(&pool, root, 0x200000, 0x40201000, SZ_2M, ATTRS);
	bool all_pages = true;

	t_begin("pgtable.va_aligned_pa_unaligned_uses_pages");
	T_CHECK(ret == 0, "pt_map returned %d", ret);
	for (uint64_t off = 0; off < SZ_2M; off += SZ_4K)
		all_pages &= maps_to(&pool, root, 0x200000 + off, 0x40201000 + off, 3);
	T_CHECK(all_pages, "not every 4 KiB page is a level-3 page with the right PA");
	t_end();
}

static void test_lookup_and_neighbours(void)
{
	uint64_t root;
	struct pt_pool pool = new_pool(POOL_TABLES, &root);
	int ret = pt_map(&pool, root, 0x10000000, 0x50000000, 0x3000, ATTRS);

	t_begin("pgtable.lookup_first_last_byte");
	T_CHECK(ret == 0, "pt_map returned %d", ret);
	T_CHECK(maps_to(&pool, root, 0x10000000, 0x50000000, 3), "first byte");
	T_CHECK(maps_to(&pool, root, 0x10001234, 0x50001234, 3), "offset inside a page");
	T_CHECK(maps_to(&pool, root, 0x10002fff, 0x50002fff, 3), "last byte");
	t_end();

	t_begin("pgtable.neighbours_unmapped");
	T_CHECK(!pt_lookup(&pool, root, 0x0fffffff, NULL, NULL, NULL), "byte before the range is mapped");
	T_CHECK(!pt_lookup(&pool, root, 0x10003000, NULL, NULL, NULL), "byte after the range is mapped");
	T_CHECK(!pt_lookup(&pool, root, 0x10200000, NULL, NULL, NULL), "next 2 MiB is mapped");
	T_CHECK(!pt_lookup(&pool, root, 0x50000000, NULL, NULL, NULL), "the PA is mapped as a VA");
	T_CHECK(!pt_lookup(&pool, root, 1ULL << PT_VA_BITS, NULL, NULL, NULL),
		"an address beyond the 39-bit space is mapped");
	t_end();
}

static void test_overlap(void)
{
	uint64_t root, desc_before = 0, desc_after = 0, pa = 0;
	struct pt_pool pool = new_pool(POOL_TABLES, &root);
	int first = pt_map(&pool, root, 0x200000, 0x40200000, SZ_2M, ATTRS);
	int ret;

	t_begin("pgtable.overlap_refused");
	T_CHECK(first == 0, "first pt_map returned %d", first);
	pt_lookup(&pool, root, 0x300000, NULL, &desc_before, NULL);
	ret = pt_map(&pool, root, 0x300000, 0x60000000, SZ_4K, S2_AP_R);
	T_CHECK(ret == -2, "a page inside a block: pt_map returned %d, not -2", ret);
	ret = pt_map(&pool, root, 0x200000, 0x60000000, SZ_2M, ATTRS);
	T_CHECK(ret == -2, "the same block again: pt_map returned %d, not -2", ret);
	ret = pt_map(&pool, root, 0x0, 0x0, SZ_1G, ATTRS);
	T_CHECK(ret == -2, "a 1 GiB block over a table: pt_map returned %d, not -2", ret);
	T_CHECK(pt_lookup(&pool, root, 0x300000, &pa, &desc_after, NULL), "the old mapping is gone");
	T_CHECK(pa == 0x40300000 && desc_after == desc_before,
		"the old mapping changed: pa 0x%llx desc 0x%llx (was 0x%llx)", (unsigned long long)pa,
		(unsigned long long)desc_after, (unsigned long long)desc_before);
	t_end();

	t_begin("pgtable.overlap_page_refused");
	first = pt_map(&pool, root, 0x800000, 0x40800000, SZ_4K, ATTRS);
	T_CHECK(first == 0, "pt_map of one page returned %d", first);
	ret = pt_map(&pool, root, 0x800000, 0x70000000, SZ_4K, ATTRS);
	T_CHECK(ret == -2, "the same page again: pt_map returned %d, not -2", ret);
	ret = pt_map(&pool, root, 0x800000, 0x40800000, SZ_2M, ATTRS);
	T_CHECK(ret == -2, "a block over a page table: pt_map returned %d, not -2", ret);
	T_CHECK(maps_to(&pool, root, 0x800000, 0x40800000, 3), "the old page changed");
	t_end();
}

static void test_pool_exhausted(void)
{
	uint64_t root;
	struct pt_pool pool = new_pool(1, &root);
	int ret = pt_map(&pool, root, 0x1000, 0x40001000, SZ_4K, ATTRS);

	t_begin("pgtable.pool_exhausted");
	T_CHECK(ret == -1, "a page that needs two more tables from a 1-table pool: pt_map returned %d", ret);
	T_CHECK(pt_alloc(&pool) == 0, "pt_alloc of an exhausted pool did not return 0");
	pool = new_pool(2, &root);
	ret = pt_map(&pool, root, 0x1000, 0x40001000, SZ_4K, ATTRS);
	T_CHECK(ret == -1, "a page that needs two more tables from a 2-table pool: pt_map returned %d", ret);
	pool = new_pool(3, &root);
	ret = pt_map(&pool, root, 0x1000, 0x40001000, SZ_4K, ATTRS);
	T_CHECK(ret == 0, "with exactly enough tables: pt_map returned %d", ret);
	t_end();
}

static void test_bad_args(void)
{
	uint64_t root;
	struct pt_pool pool = new_pool(POOL_TABLES, &root);

	t_begin("pgtable.bad_args");
	T_CHECK(pt_map(&pool, root, 0x1800, 0x40000000, SZ_4K, ATTRS) == -1, "unaligned va accepted");
	T_CHECK(pt_map(&pool, root, 0x1000, 0x40000800, SZ_4K, ATTRS) == -1, "unaligned pa accepted");
	T_CHECK(pt_map(&pool, root, 0x1000, 0x40001000, 0x800, ATTRS) == -1, "unaligned size accepted");
	T_CHECK(pt_map(&pool, root, 0x1000, 0x40001000, 0, ATTRS) == -1, "size 0 accepted");
	T_CHECK(pt_map(&pool, root, (1ULL << PT_VA_BITS) - SZ_4K, 0x40000000, 2 * SZ_4K, ATTRS) == -1,
		"a range past the 39-bit VA space accepted");
	T_CHECK(pt_map(&pool, root, 1ULL << PT_VA_BITS, 0x40000000, SZ_4K, ATTRS) == -1,
		"a VA beyond the 39-bit space accepted");
	T_CHECK(pt_map(&pool, root, 0x1000, 0xfffffffffffff000ULL, 2 * SZ_4K, ATTRS) == -1,
		"a wrapping PA range accepted");
	T_CHECK(pt_map(&pool, root, 0x1000, 1ULL << 48, SZ_4K, ATTRS) == -1, "a PA beyond 48 bits accepted");
	T_CHECK(pool.used == 1, "rejected calls allocated %u tables", pool.used - 1);
	t_end();
}

static void test_attrs(void)
{
	uint64_t root, desc = 0;
	struct pt_pool pool = new_pool(POOL_TABLES, &root);
	/* Address and type bits in attrs must be ignored, not merged into the leaf. */
	uint64_t noisy = ATTRS | 0x0000123456789000ULL | PTE_TABLE | PTE_VALID;
	int level = 0;

	t_begin("pgtable.attrs_preserved");
	T_CHECK(pt_map(&pool, root, 0x200000, 0x40200000, SZ_2M, noisy) == 0, "block map failed");
	T_CHECK(pt_lookup(&pool, root, 0x200000, NULL, &desc, &level), "block not mapped");
	T_CHECK(level == 2 && (desc & ~PTE_ADDR_MASK) == (ATTRS | PTE_VALID),
		"block descriptor 0x%llx at level %d", (unsigned long long)desc, level);
	T_CHECK((desc & PTE_ADDR_MASK) == 0x40200000, "block address 0x%llx",
		(unsigned long long)(desc & PTE_ADDR_MASK));
	T_CHECK(pt_map(&pool, root, 0x1000, 0x09000000, SZ_4K, S2_MEMATTR_DEVICE_nGnRE | S2_AP_R | PTE_AF) == 0,
		"page map failed");
	T_CHECK(pt_lookup(&pool, root, 0x1000, NULL, &desc, &level), "page not mapped");
	T_CHECK(level == 3 && desc == (0x09000000 | S2_MEMATTR_DEVICE_nGnRE | S2_AP_R | PTE_AF | PTE_TABLE |
				       PTE_VALID),
		"page descriptor 0x%llx at level %d", (unsigned long long)desc, level);
	t_end();
}

static void test_alloc_zeroes(void)
{
	uint64_t root;
	struct pt_pool pool = new_pool(POOL_TABLES, &root);
	uint64_t next = pt_alloc(&pool);
	bool zero = true;

	t_begin("pgtable.alloc_zeroed_and_sequential");
	T_CHECK(next == POOL_PA + SZ_4K, "second table at 0x%llx", (unsigned long long)next);
	for (unsigned i = 0; i < 2 * PT_ENTRIES; i++)
		zero &= pool.mem[i] == 0;
	T_CHECK(zero, "allocated tables are not zeroed");
	t_end();
}

int main(void)
{
	pool_mem = aligned_alloc(SZ_4K, (size_t)POOL_TABLES * SZ_4K);
	if (!pool_mem) {
		perror("aligned_alloc");
		return 1;
	}
	test_block_1g();
	test_blocks_2m();
	test_pages_at_edges();
	test_va_aligned_pa_not();
	test_lookup_and_neighbours();
	test_overlap();
	test_pool_exhausted();
	test_bad_args();
	test_attrs();
	test_alloc_zeroes();
	free(pool_mem);
	return t_exit_status();
}
