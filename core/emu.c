/* SPDX-License-Identifier: MIT */
/*
 * Each partition's table of emulated regions: the device windows Haven
 * emulates instead of mapping them at stage 2 (the vGIC's distributor and
 * redistributors, the vUART and, for a partition that lists the PCIe ECAM,
 * its filtered view of configuration space). arch/aarch64/traps.c hands a
 * trapped access to the region that contains it, so a new emulated device is
 * a new entry here, not a new branch in the trap path. The table is filled at
 * boot and read-only afterwards; the most used region comes first (the
 * distributor: Linux touches it most, guests/bench times it).
 */
#include <haven/hv.h>

void emu_add(struct partition *p, uint64_t base, uint64_t size, emu_access_fn access)
{
	/* One entry stays free: the region of size 0 that ends the table. */
	if (p->num_emu == HAVEN_MAX_EMU)
		panic("partition '%s': more than %u emulated regions", p->cfg->name, HAVEN_MAX_EMU);
	p->emu[p->num_emu++] = (struct emu_region){ base, size, access };
}

void emu_init(struct partition *p)
{
	p->num_emu = 0;
	emu_add(p, HAVEN_VGICD_IPA, HAVEN_VGICD_SIZE, vgicd_access);
	emu_add(p, HAVEN_VGICR_IPA, p->nvcpus * HAVEN_VGICR_STRIDE, vgicr_access);
	emu_add(p, HAVEN_VUART_IPA, HAVEN_VUART_SIZE, vuart_access);
	vpci_partition_init(p);
}
