/* SPDX-License-Identifier: MIT */
/*
 * AArch64 translation-table builder (4 KiB granule, 39-bit input address,
 * walks start at level 1). Pure logic: it builds the EL2 stage-1 map and every
 * partition's stage-2 map in the hypervisor, and runs unchanged in host unit
 * tests (tests/host/test_pgtable.c). Tables come from a pool in hypervisor
 * memory; pool->base_pa is the physical address of pool->mem.
 */
#ifndef HAVEN_PGTABLE_H
#define HAVEN_PGTABLE_H

#include <haven/types.h>

#define PT_ENTRIES 512
#define PT_VA_BITS 39
#define PT_START_LEVEL 1

/* Descriptor bits common to stage 1 and stage 2. */
#define PTE_VALID BIT(0)
#define PTE_TABLE BIT(1) /* levels 0-2: table; level 3: page */
#define PTE_SH_INNER (3ULL << 8)
#define PTE_AF BIT(10)
#define PTE_XN BIT(54)
#define PTE_ADDR_MASK 0x0000FFFFFFFFF000ULL

/* Stage-2 leaf attributes. */
#define S2_MEMATTR_DEVICE_nGnRE (0x1ULL << 2)
#define S2_MEMATTR_NORMAL_WB (0xFULL << 2)
#define S2_AP_R (1ULL << 6)
#define S2_AP_W (2ULL << 6)

/* EL2 stage-1 leaf attributes (MAIR_EL2 index in AttrIndx). */
#define S1_ATTR_IDX(n) ((uint64_t)(n) << 2)
#define S1_MAIR_DEVICE 0 /* Device-nGnRE */
#define S1_MAIR_NORMAL 1 /* Normal write-back */
#define S1_AP_RO (2ULL << 6)

struct pt_pool {
	uint64_t *mem;    /* ntables * 512 descriptors */
	uint64_t base_pa; /* physical address of mem[0] */
	unsigned ntables;
	unsigned used;
};

/* Takes a zeroed table from the pool; returns its physical address, 0 when exhausted. */
uint64_t pt_alloc(struct pt_pool *pool);

/*
 * Maps [va, va+size) to [pa, pa+size) under the level-1 table at root_pa with
 * leaf attributes attrs (everything but the address and the type bits). Uses
 * 1 GiB and 2 MiB blocks wherever va, pa and the remaining size allow, pages
 * elsewhere. All three must be 4 KiB aligned.
 * Returns 0, -1 on bad arguments or an exhausted pool, -2 if any part of the
 * range is mapped already (nothing is ever silently replaced).
 */
int pt_map(struct pt_pool *pool, uint64_t root_pa, uint64_t va, uint64_t pa, uint64_t size,
	   uint64_t attrs);

/*
 * Looks up va. Returns true when mapped and fills *pa (the translated address),
 * *desc (the leaf descriptor) and *level (1, 2 or 3) where non-NULL.
 */
bool pt_lookup(const struct pt_pool *pool, uint64_t root_pa, uint64_t va, uint64_t *pa,
	       uint64_t *desc, int *level);

#endif
