/* SPDX-License-Identifier: MIT */
/* Translation-table builder: see include/haven/pgtable.h. Host-testable. */
#include <haven/pgtable.h>

static uint64_t *table_ptr(const struct pt_pool *pool, uint64_t pa)
{
	return pool->mem + (pa - pool->base_pa) / sizeof(uint64_t);
}

static unsigned level_shift(int level)
{
	return 12 + 9 * (unsigned)(3 - level);
}

uint64_t pt_alloc(struct pt_pool *pool)
{
	uint64_t *t;

	if (pool->used >= pool->ntables)
		return 0;
	t = pool->mem + (size_t)pool->used * PT_ENTRIES;
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		t[i] = 0;
	return pool->base_pa + (uint64_t)pool->used++ * SZ_4K;
}

static int map_level(struct pt_pool *pool, uint64_t table_pa, int level, uint64_t va,
		     uint64_t pa, uint64_t size, uint64_t attrs)
{
	uint64_t *t = table_ptr(pool, table_pa);
	unsigned shift = level_shift(level);
	uint64_t block = 1ULL << shift;

	while (size) {
		unsigned idx = (unsigned)(va >> shift) & (PT_ENTRIES - 1);
		uint64_t chunk = block - (va & (block - 1));
		uint64_t desc = t[idx];
		int ret;

		if (chunk > size)
			chunk = size;
		if (chunk == block && IS_ALIGNED(pa, block) && (level > 1 || block == SZ_1G)) {
			if (desc & PTE_VALID)
				return -2;
			t[idx] = (pa & PTE_ADDR_MASK) | attrs | PTE_VALID | (level == 3 ? PTE_TABLE : 0);
		} else {
			uint64_t next;

			if (level == 3)
				return -1;
			if (desc & PTE_VALID) {
				if (!(desc & PTE_TABLE))
					return -2; /* a block already covers part of the range */
				next = desc & PTE_ADDR_MASK;
			} else {
				next = pt_alloc(pool);
				if (!next)
					return -1;
				t[idx] = next | PTE_TABLE | PTE_VALID;
			}
			ret = map_level(pool, next, level + 1, va, pa, chunk, attrs);
			if (ret)
				return ret;
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return 0;
}

int pt_map(struct pt_pool *pool, uint64_t root_pa, uint64_t va, uint64_t pa, uint64_t size,
	   uint64_t attrs)
{
	if (!size || !IS_ALIGNED(va | pa | size, SZ_4K))
		return -1;
	if (va + size < va || va + size > (1ULL << PT_VA_BITS) || pa + size < pa ||
	    pa + size > (1ULL << 48))
		return -1;
	return map_level(pool, root_pa, PT_START_LEVEL, va, pa, size,
			 attrs & ~(PTE_ADDR_MASK | PTE_VALID | PTE_TABLE));
}

bool pt_lookup(const struct pt_pool *pool, uint64_t root_pa, uint64_t va, uint64_t *pa,
	       uint64_t *desc, int *level)
{
	uint64_t table = root_pa;

	if (va >= (1ULL << PT_VA_BITS))
		return false;
	for (int l = PT_START_LEVEL; l <= 3; l++) {
		unsigned shift = level_shift(l);
		uint64_t d = table_ptr(pool, table)[(va >> shift) & (PT_ENTRIES - 1)];

		if (!(d & PTE_VALID))
			return false;
		if (l < 3 && (d & PTE_TABLE)) {
			table = d & PTE_ADDR_MASK;
			continue;
		}
		if (l == 3 && !(d & PTE_TABLE))
			return false; /* reserved encoding at level 3 */
		if (pa)
			*pa = (d & PTE_ADDR_MASK & ~((1ULL << shift) - 1)) | (va & ((1ULL << shift) - 1));
		if (desc)
			*desc = d;
		if (level)
			*level = l;
		return true;
	}
	return false;
}
