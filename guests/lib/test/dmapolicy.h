/* SPDX-License-Identifier: MIT */
/*
 * The page guests/dmastop and guests/dmareset share in scenario dma-policy
 * (tests/qemu/configs/test-dma-policy.c maps it HV_MEM_SHARED into both). It
 * is zero at power-on and neither partition's reset touches it.
 */
#ifndef GUEST_DMAPOLICY_H
#define GUEST_DMAPOLICY_H

#include <haven/types.h>

#define DMAPOL_IPA 0x4F001000ULL
#define DMAPOL_CANARY 0x5952414E41434143ULL /* "CACANARY": what dmastop's late DMA must not overwrite */
#define DMAPOL_WORDS 8                      /* the canary: one 64-byte DMA */

/* The edu BARs dmastop assigns (it owns the ECAM): 00:03.0, 00:04.0 its own, 00:05.0 dmareset's. */
#define BAR_03 0x10000000ULL
#define BAR_04 0x10100000ULL
#define BAR_05 0x10200000ULL

struct dmapol_page {
	volatile uint64_t bars_ready;  /* dmastop: the BARs are assigned */
	volatile uint64_t stop_count;  /* dmastop counts here until Haven stops it */
	volatile uint64_t canary_due;  /* dmastop: the counter at which its late DMA happens */
	volatile uint64_t reserved[5];
	volatile uint64_t canary[DMAPOL_WORDS];
};

static inline struct dmapol_page *dmapol_page(void)
{
	return (struct dmapol_page *)(uintptr_t)DMAPOL_IPA;
}

#endif
