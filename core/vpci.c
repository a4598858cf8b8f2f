/* SPDX-License-Identifier: MIT */
/*
 * A partition's view of PCIe configuration space (docs/isolation.md, "DMA").
 * The ECAM (HV_DEV_ECAM) is never mapped at stage 2: a partition that lists
 * it in mmio[] gets an emulated region instead (core/emu.c), and each of its
 * accesses is one access of the same size and offset to the real ECAM if the
 * function is the partition's, or is answered here if not.
 *
 * A function is the partition's when one of its streams[] on the ECAM device
 * has the function's requester ID as stream ID (bus << 8 | device << 3 |
 * function; the stream IDs of the platform's PCIe functions are their
 * requester IDs), or, for the HV_PART_PCI_HOST partition, when no partition's
 * streams name it. A function whose header is not type 0 (a bridge: bus
 * numbers, windows) is no partition's. Any other function reads as absent
 * (all ones: Vendor ID 0xFFFF), and a write to it is dropped and reported.
 *
 * Writes to a BAR (0x10..0x24) or to the expansion ROM BAR (0x30) of an owned
 * function are checked first: the BAR may then decode only inside one of the
 * partition's own MMIO windows (mmio[] PA ranges; a BAR holds a bus address,
 * which on the platforms Haven knows is the physical address), or nowhere the
 * CPUs reach (no RAM bank, no platform device: a BAR parked at 0, or half-way
 * through the 64-bit sizing protocol). The all-ones sizing write always
 * passes. Anything else is dropped and reported, so a device never decodes
 * another partition's MMIO window. I/O BARs take the sizing write only.
 * Haven learns a BAR's size the way the guest does, by writing all ones and
 * reading back, which moves the BAR nowhere the sizing write would not.
 */
#include <haven/hv.h>
#include <haven/lib.h>

#define PCI_HEADER_TYPE 0x0E
#define PCI_BAR0 0x10
#define PCI_BAR_END 0x28
#define PCI_ROM 0x30
#define BAR_IO BIT(0)
#define BAR_MEM64 (2u << 1) /* memory BAR type, bits 2:1 */
#define ROM_ADDR_MASK 0xFFFFF800u

/* The partition's ECAM window (physical address of its first byte) and the lock of its BAR writes. */
static struct {
	uint64_t pa;
	spinlock_t lock;
} vpci[HAVEN_MAX_PARTITIONS];

static const struct haven_device *ecam_device(void)
{
	for (unsigned d = 0; d < haven_platform.num_devices; d++)
		if (haven_platform.devices[d].flags & HV_DEV_ECAM)
			return &haven_platform.devices[d];
	return NULL;
}

/* True when mmio window m lies in the ECAM: then it is emulated, not mapped at stage 2. */
bool vpci_emulates(const struct haven_mmio_region *m)
{
	const struct haven_device *e = ecam_device();

	return e && range_within(m->pa, m->size, e->base, e->size);
}

/* True when the partition's streams name requester ID rid. */
static bool streams_name(const struct partition *p, uint32_t rid)
{
	const struct haven_partition_config *c = p->cfg;
	const struct haven_device *e = ecam_device();

	for (unsigned k = 0; k < c->num_streams; k++)
		if (c->streams[k].sid == rid && strcmp(c->streams[k].device, e->name) == 0)
			return true;
	return false;
}

/* True when partition p may see and configure the function whose configuration space is at fn. */
static bool owns(const struct partition *p, uint64_t fn)
{
	uint32_t rid = (uint32_t)((fn - ecam_device()->base) >> 12);
	bool mine = streams_name(p, rid);

	for (unsigned i = 0; !mine && (p->cfg->flags & HV_PART_PCI_HOST) && i < num_partitions; i++)
		if (streams_name(&partitions[i], rid))
			return false;
	if (!mine && !(p->cfg->flags & HV_PART_PCI_HOST))
		return false;
	return (mmio_read32(fn) & 0xFFFF) != 0xFFFF && ((mmio_read32(fn + 0xC) >> 16) & 0x7F) == 0;
}

static uint32_t cfg_read(uint64_t pa, unsigned size)
{
	switch (size) {
	case 1: return *(volatile uint8_t *)pa;
	case 2: return *(volatile uint16_t *)pa;
	default: return mmio_read32(pa);
	}
}

static void cfg_write(uint64_t pa, unsigned size, uint32_t v)
{
	switch (size) {
	case 1: *(volatile uint8_t *)pa = (uint8_t)v; break;
	case 2: *(volatile uint16_t *)pa = (uint16_t)v; break;
	default: mmio_write32(pa, v); break;
	}
}

/* True when [base, base + size) lies in one of p's own MMIO windows (not the ECAM). */
static bool in_own_window(const struct partition *p, uint64_t base, uint64_t size)
{
	for (unsigned k = 0; k < p->cfg->num_mmio; k++) {
		const struct haven_mmio_region *m = &p->cfg->mmio[k];

		if (!vpci_emulates(m) && range_within(base, size, m->pa, m->size))
			return true;
	}
	return false;
}

/* True when no CPU access reaches [base, base + size): no RAM bank, no platform device there. */
static bool reaches_nothing(uint64_t base, uint64_t size)
{
	const struct haven_platform *pl = &haven_platform;

	if (base >> pl->pa_bits || base + size < base)
		return true;
	for (unsigned b = 0; b < pl->num_ram; b++)
		if (ranges_overlap(base, size, pl->ram[b].base, pl->ram[b].size))
			return false;
	for (unsigned d = 0; d < pl->num_devices; d++)
		if (ranges_overlap(base, size, pl->devices[d].base, pl->devices[d].size))
			return false;
	return true;
}

/*
 * Carries out the write of dword w to register reg (a BAR or the ROM BAR) of
 * function fn, or leaves the BAR as it was; returns why it refused, or NULL.
 */
static const char *bar_write(const struct partition *p, uint64_t fn, unsigned reg, uint32_t w)
{
	unsigned lo = reg, hi = 0;
	uint32_t addr_mask = ROM_ADDR_MASK, old_lo, old_hi = 0, new_lo, new_hi = 0, m_lo, m_hi = ~0u;
	uint64_t mask, base;
	bool ok;

	if (reg != PCI_ROM) {
		/* Walk from BAR0: the upper half of a 64-bit BAR looks like any other BAR. */
		for (unsigned b = PCI_BAR0; b <= reg; b += 4) {
			uint32_t t = mmio_read32(fn + b);

			lo = b;
			hi = 0;
			if (!(t & BAR_IO) && (t & 6) == BAR_MEM64 && b + 4 < PCI_BAR_END)
				hi = b += 4;
		}
		addr_mask = (mmio_read32(fn + lo) & BAR_IO) ? ~3u : ~0xFu;
	}
	/* The sizing write (all ones in the address bits) always passes. */
	if ((w | ~(reg == hi ? ~0u : addr_mask)) == ~0u) {
		mmio_write32(fn + reg, w);
		return NULL;
	}
	if (reg != PCI_ROM && (mmio_read32(fn + lo) & BAR_IO))
		return "an I/O BAR takes the sizing write only";
	old_lo = mmio_read32(fn + lo);
	new_lo = reg == lo ? w : old_lo;
	if (hi) {
		old_hi = mmio_read32(fn + hi);
		new_hi = reg == hi ? w : old_hi;
	}
	mmio_write32(fn + lo, ~0u);
	m_lo = mmio_read32(fn + lo);
	if (hi) {
		mmio_write32(fn + hi, ~0u);
		m_hi = mmio_read32(fn + hi);
	}
	mask = ((uint64_t)m_hi << 32) | (m_lo & addr_mask);
	base = (((uint64_t)new_hi << 32) | new_lo) & mask;
	/* An unimplemented BAR (reads 0 after the sizing write) decodes nothing. */
	ok = !(m_lo & addr_mask) || in_own_window(p, base, ~mask + 1) || reaches_nothing(base, ~mask + 1);
	mmio_write32(fn + lo, ok ? new_lo : old_lo);
	if (hi)
		mmio_write32(fn + hi, ok ? new_hi : old_hi);
	return ok ? NULL : "the BAR would decode outside the partition's MMIO windows";
}

static bool vpci_access(struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
	struct partition *p = v->part;
	uint64_t pa = vpci[p->id].pa + off, fn = pa & ~0xFFFULL;
	unsigned reg = (unsigned)(pa & 0xFFF);
	uint32_t rid = (uint32_t)((fn - ecam_device()->base) >> 12);
	const char *why = NULL;

	/* PCIe configuration accesses are 1, 2 or 4 bytes; an 8-byte one is a violation. */
	if (size > 4)
		return false;
	spin_lock(&vpci[p->id].lock);
	if (!owns(p, fn)) {
		why = "not its function";
	} else if (!write) {
		*val = cfg_read(pa, size);
	} else if ((reg >= PCI_BAR0 && reg < PCI_BAR_END) || (reg & ~3u) == PCI_ROM) {
		unsigned shift = 8 * (reg & 3);
		uint32_t keep = size == 4 ? 0 : ~(((1u << (8 * size)) - 1) << shift);
		uint32_t w = (mmio_read32(fn + (reg & ~3u)) & keep) | ((uint32_t)*val << shift);

		why = bar_write(p, fn, reg & ~3u, w);
	} else {
		cfg_write(pa, size, (uint32_t)*val);
	}
	spin_unlock(&vpci[p->id].lock);
	if (!why)
		return true;
	if (!write) {
		*val = size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
		return true;
	}
	if (report_allowed(p)) {
		partition_console_flush(p);
		hv_log("ECAM partition=%u name=%s write 0x%llx (%u bytes) to %02x:%02x.%u+0x%x refused: %s",
		       p->id, p->cfg->name, (unsigned long long)*val, size, rid >> 8, (rid >> 3) & 0x1F,
		       rid & 7, reg, why);
	}
	return true;
}

/* Gives p its emulated ECAM if its mmio[] lists one; Haven maps the ECAM for the first. */
void vpci_partition_init(struct partition *p)
{
	static bool mapped;

	for (unsigned k = 0; k < p->cfg->num_mmio; k++) {
		const struct haven_mmio_region *m = &p->cfg->mmio[k];

		if (!vpci_emulates(m))
			continue;
		if (!mapped)
			mmu_map_device(ecam_device()->base, ecam_device()->size, "ECAM");
		mapped = true;
		vpci[p->id].pa = m->pa;
		emu_add(p, m->ipa, m->size, vpci_access);
		return;
	}
}
