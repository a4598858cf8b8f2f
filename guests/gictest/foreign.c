/* SPDX-License-Identifier: MIT */
/*
 * SPIs 41 and 42 belong to the neighbour (the stray, configs/test-gic*.c),
 * passed through to it. Every write this partition makes to their bits of
 * GICD_IS/ICENABLER, IS/ICPENDR and IS/ICACTIVER must stop at its own view:
 * here they read as zero, and the stray checks that the physical distributor
 * never changed (its enable and pending state, no interrupt). The writes come
 * in rounds, each ending with the clearing ones, so a leak would also leave
 * the neighbour's SPI 41 disabled and its SPI 42 no longer pending.
 */
#include "gic.h"
#include "gictest.h"
#include "sysreg.h"
#include "test.h"

#define ROUNDS 500
#define NEIGHBOUR_BITS (BIT(41 % 32) | BIT(42 % 32)) /* word 1 */

static const unsigned regs[] = {
	GIC_ISENABLER, GIC_ISPENDR, GIC_ISACTIVER, GIC_ICACTIVER, GIC_ICPENDR, GIC_ICENABLER,
};

void check_foreign_spis(void)
{
	unsigned seen = 0, writes = 0;
	uint32_t v;

	for (unsigned r = 0; r < ROUNDS; r++)
		for (unsigned i = 0; i < ARRAY_SIZE(regs); i++) {
			mmio_write32(GICD_BASE + regs[i] + 4, NEIGHBOUR_BITS);
			writes++;
			v = mmio_read32(GICD_BASE + GIC_ISENABLER + 4) | mmio_read32(GICD_BASE + GIC_ISPENDR + 4) |
			    mmio_read32(GICD_BASE + GIC_ISACTIVER + 4);
			seen |= v & NEIGHBOUR_BITS;
		}
	t_check("gic", "foreign_spis.writes_stay_local", !seen,
		"%u writes of the neighbour's SPIs 41, 42 to IS/ICENABLER1, IS/ICPENDR1, IS/ICACTIVER1; "
		"bits seen set in this view: 0x%x", writes, seen);
}
