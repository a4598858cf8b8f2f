/* SPDX-License-Identifier: MIT */
/*
 * The emulated GICv3 distributor and redistributors a partition sees at
 * HAVEN_VGICD_IPA and HAVEN_VGICR_IPA. A partition sees only its own
 * interrupts: the SPIs its config passes through (virtual INTID = physical
 * INTID, mirrored to the physical distributor in one write per register), its
 * emulated UART's SPI, and per-vCPU SGIs and PPIs, which are purely virtual
 * except the PPIs of the guest's two timers, virtual (27) and EL1 physical
 * (30). Everything else reads as zero and ignores writes. The pending and
 * active bits of a hardware-backed interrupt are the physical GIC's, combined
 * with what Haven has forwarded (list registers, queue); writes reach the
 * physical GIC. The redistributor window covers the partition's own vCPUs
 * only: a frame beyond it is outside the partition's map and faults as a
 * violation.
 */
#include <haven/gic-regs.h>
#include <haven/hv.h>

#define HAVEN_GIC_IIDR 0x0100484Bu /* implementer 'HK' (Haven), revision 1 */
#define GIC_PIDR2_ARCHREV3 0x3B
#define CTLR_ARE_NS BIT(4)
#define CTLR_GRP1 BIT(1)

/* The bits an access of size bytes carries (the 64-bit registers may be read in parts). */
static uint64_t size_mask(unsigned size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static bool owned(const struct vgicd *d, uint32_t intid)
{
	return intid >= 32 && intid < HAVEN_MAX_INTID && (d->owned[intid / 32] & BIT(intid % 32));
}

void vgic_partition_init(struct partition *p)
{
	struct vgicd *d = &p->vgicd;
	const struct haven_partition_config *c = p->cfg;
	uint64_t vcpu0_mpidr = pcpus[p->vcpus[0]->pcpu].mpidr;

	for (unsigned w = 0; w < HAVEN_SPI_WORDS; w++)
		d->owned[w] = d->hw[w] = d->enabled[w] = d->pending[w] = 0;
	for (unsigned i = 0; i < HAVEN_MAX_INTID; i++) {
		d->prio[i] = 0;
		d->route[i] = 0;
	}
	for (unsigned i = 0; i < ARRAY_SIZE(d->icfgr); i++)
		d->icfgr[i] = 0;
	d->ctlr = 0;
	d->owned[HAVEN_VUART_INTID / 32] |= (uint32_t)BIT(HAVEN_VUART_INTID % 32);
	for (unsigned i = 0; i < c->num_irqs; i++) {
		uint32_t intid = c->irqs[i];

		d->owned[intid / 32] |= (uint32_t)BIT(intid % 32);
		d->hw[intid / 32] |= (uint32_t)BIT(intid % 32);
		/* Nothing left from an earlier run: disabled, level, neither pending nor active. */
		gic_spi_enable(intid, false);
		gic_write_bits(0, GICD_ICPENDR, intid / 32, (uint32_t)BIT(intid % 32));
		gic_write_bits(0, GICD_ICACTIVER, intid / 32, (uint32_t)BIT(intid % 32));
		gic_spi_set_config(intid / 16, 3u << (2 * (intid % 16)), 0);
		gic_spi_route(intid, vcpu0_mpidr);
	}
}

void vgic_vcpu_init(struct vcpu *v)
{
	struct vgicr *r = &v->vgicr;

	r->enabled = 0;
	r->pending = 0;
	r->icfgr1 = 0;
	r->sleep = true;
	for (unsigned i = 0; i < 32; i++)
		r->prio[i] = 0;
	v->sgi_inbox = 0;
	/* The timers' PPIs: off until the guest enables them (gic_vcpu_clear() clears their state). */
	gic_write_bits(v->pcpu, GICD_ICENABLER, 0, HAVEN_TIMER_PPIS);
}

/* Disables every physical interrupt of a stopping partition. */
void vgic_partition_quiesce(struct partition *p)
{
	for (unsigned i = 0; i < p->cfg->num_irqs; i++)
		gic_spi_enable(p->cfg->irqs[i], false);
	/*
	 * On a shared CPU the PPIs' enable bits may be another partition's at this
	 * moment (core/sched.c); there the vCPU's timer is silenced when it parks.
	 */
	for (unsigned i = 0; i < p->nvcpus; i++)
		if (!p->vcpus[i]->ctx)
			gic_write_bits(p->vcpus[i]->pcpu, GICD_ICENABLER, 0, HAVEN_TIMER_PPIS);
}

static bool is_pending_reg(unsigned base)
{
	return base == GICD_ISPENDR || base == GICD_ICPENDR;
}

/*
 * The pending (base IS/ICPENDR) or active (IS/ICACTIVER) bits of word n as
 * the guest would see them on hardware. soft: pending in Haven's software
 * state (latched, or queued for a list register); phys: the physical GIC's
 * bits of the hardware-backed interrupts; lrs: the interrupts' vCPU runs
 * here, so this CPU's list registers hold its state. Haven takes (activates)
 * every hardware interrupt it forwards, so one the guest sees pending is
 * physically active: it reads as active only while Haven holds none of it.
 * Another CPU's list registers are out of reach: there an interrupt the guest
 * has not taken yet reads as active.
 */
static uint32_t state_read(unsigned n, unsigned base, uint32_t soft, uint32_t phys, bool lrs)
{
	uint32_t lr_pend = 0, lr_act = 0;

	if (lrs)
		gic_lr_bits(n, &lr_pend, &lr_act);
	if (is_pending_reg(base))
		return soft | lr_pend | phys;
	return lr_act | (phys & ~(soft | lr_pend | lr_act));
}

/* gic_hw_withdraw() for each of bits in word n; returns the bits Haven held nothing of. */
static uint32_t withdraw(struct vcpu *v, unsigned n, uint32_t bits, bool active)
{
	uint32_t absent = 0;

	for (; bits; bits &= bits - 1) {
		uint32_t i = (uint32_t)__builtin_ctz(bits);

		if (!gic_hw_withdraw(v, 32 * n + i, active))
			absent |= (uint32_t)BIT(i);
	}
	return absent;
}

/*
 * A guest's write of 1s (bits) to a pending or active register of word n: the
 * hardware-backed ones among them (hw; on CPU cpu's redistributor for word 0)
 * reach the physical GIC; lrs as for state_read(). Clearing first takes the
 * state off what Haven holds for v on this CPU; an interrupt held there is
 * physically active for forwarding, so ICACTIVER reaches the physical GIC
 * only for the others. Virtual interrupts are the callers' (their active
 * state is not writable).
 */
static void state_write(struct vcpu *v, unsigned cpu, unsigned base, unsigned n, uint32_t bits,
			uint32_t hw, bool lrs)
{
	bits &= hw;
	if (lrs && base == GICD_ICPENDR)
		withdraw(v, n, bits, false);
	if (lrs && base == GICD_ICACTIVER)
		bits = withdraw(v, n, bits, true);
	if (bits)
		gic_write_bits(cpu, base, n, bits);
}

/* Physical enable state for hw bits, software state for virtual ones; state_read() for the rest. */
static uint32_t bitmap_read(struct vcpu *v, unsigned base, unsigned n)
{
	struct vgicd *d = &v->part->vgicd;
	uint32_t hw = gic_read_bits(0, base, n) & d->hw[n];

	if (base == GICD_ISENABLER || base == GICD_ICENABLER)
		return hw | (d->enabled[n] & ~d->hw[n]);
	return state_read(n, base, d->pending[n] | v->spi_pending[n], hw, true);
}

static void bitmap_write(struct vcpu *v, unsigned base, unsigned n, uint32_t val)
{
	struct vgicd *d = &v->part->vgicd;
	uint32_t bits = val & d->owned[n];
	uint32_t hw = bits & d->hw[n], virt = bits & ~d->hw[n];

	if (base == GICD_ISENABLER || base == GICD_ICENABLER) {
		if (hw)
			gic_write_bits(0, base, n, hw); /* one write for all changed physical bits */
	} else {
		state_write(v, 0, base, n, bits, d->hw[n], true);
	}
	if (!virt)
		return;
	switch (base) {
	case GICD_ISENABLER:
		d->enabled[n] |= virt;
		break;
	case GICD_ICENABLER:
		d->enabled[n] &= ~virt;
		break;
	case GICD_ISPENDR:
		d->pending[n] |= virt;
		break;
	case GICD_ICPENDR:
		d->pending[n] &= ~virt;
		break;
	default:
		break;
	}
	/* Deliver virtual SPIs now enabled and pending: here, or through their target's CPU. */
	uint32_t ready = d->enabled[n] & d->pending[n];

	while (ready) {
		uint32_t intid = 32 * n + (uint32_t)__builtin_ctz(ready);

		ready &= ready - 1;
		if (d->route[intid] == v->id) {
			d->pending[n] &= ~(uint32_t)BIT(intid % 32);
			gic_inject(v, intid, d->prio[intid], false);
		} else {
			pcpu_post(v->part->vcpus[d->route[intid]]->pcpu, EV_VIRQ);
		}
	}
}

static uint64_t route_read(struct partition *p, uint32_t intid)
{
	return p->vcpus[p->vgicd.route[intid]]->vmpidr;
}

/*
 * GICD_IROUTER<intid>: the target vCPU by its affinity (Aff0 = vCPU index,
 * Aff1..3 = 0). Haven offers no 1-of-N routing (GICD_TYPER.No1N = 1, so IRM is
 * RES0), and a value that names no vCPU of the partition (IRM set, Aff0 past
 * its last vCPU, a non-zero Aff1..3) routes to vCPU 0: the interrupt goes
 * somewhere the partition owns, and the register reads back as vCPU 0's
 * affinity, 0. A hardware-backed SPI follows to the physical CPU of its
 * target vCPU.
 */
static void route_write(struct partition *p, uint32_t intid, uint64_t val)
{
	struct vgicd *d = &p->vgicd;
	unsigned target = 0;

	if (!(val & BIT(31)) && (val & 0xFF) < p->nvcpus && !(val & 0xFF00FFFF00ULL))
		target = (unsigned)(val & 0xFF);
	d->route[intid] = (uint16_t)target;
	if (d->hw[intid / 32] & BIT(intid % 32))
		gic_spi_route(intid, pcpus[p->vcpus[target]->pcpu].mpidr);
}

bool vgicd_access(struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
	struct partition *p = v->part;
	struct vgicd *d = &p->vgicd;
	uint64_t r = 0;

	/* Reads of the identification registers and bitmaps need no lock: one load of shared state. */
	if (!write && size == 4) {
		if (off == GICD_CTLR) {
			*val = d->ctlr | CTLR_ARE_NS;
			return true;
		}
		if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR) {
			unsigned base = (unsigned)(off & ~0x7FULL), n = (unsigned)(off & 0x7F) / 4;

			*val = (n == 0 || n >= HAVEN_SPI_WORDS) ? 0 : bitmap_read(v, base, n);
			return true;
		}
	}
	spin_lock(&d->lock);
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + HAVEN_MAX_INTID) {
		/* Byte-addressable: 1 or 4 bytes. */
		for (unsigned i = 0; i < size && i < 4; i++) {
			uint32_t intid = (uint32_t)(off - GICD_IPRIORITYR) + i;

			if (!owned(d, intid))
				continue;
			if (write)
				d->prio[intid] = (uint8_t)(*val >> (8 * i));
			else
				r |= (uint64_t)d->prio[intid] << (8 * i);
		}
	} else if (off >= GICD_IROUTER && off < GICD_IROUTER + 8 * HAVEN_MAX_INTID) {
		uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);

		if (owned(d, intid) && !(off & 4)) {
			if (write)
				route_write(p, intid, *val);
			else
				r = route_read(p, intid);
		}
		r &= size_mask(size); /* a narrower read of the 64-bit register */
	} else if (size != 4) {
		/* Every other register is 32-bit: other sizes read as zero and ignore writes. */
	} else if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
		unsigned base = (unsigned)(off & ~0x7FULL), n = (unsigned)(off & 0x7F) / 4;

		if (n == 0 || n >= HAVEN_SPI_WORDS) {
			/* SGIs and PPIs live in the redistributor (affinity routing). */
		} else if (base == GICD_IGROUPR) {
			r = d->owned[n];
		} else if (write) {
			bitmap_write(v, base, n, (uint32_t)*val);
		} else {
			r = bitmap_read(v, base, n);
		}
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + HAVEN_SPI_WORDS * 8) {
		unsigned n = (unsigned)(off - GICD_ICFGR) / 4;
		uint32_t mask = 0, hwmask = 0;

		for (unsigned i = 0; i < 16; i++) {
			uint32_t intid = 16 * n + i;

			if (owned(d, intid))
				mask |= 3u << (2 * i);
			if (d->hw[intid / 32] & BIT(intid % 32))
				hwmask |= 3u << (2 * i);
		}
		/* A passed-through SPI's trigger mode is the device's: it lives in the physical GIC. */
		if (write) {
			d->icfgr[n] = (d->icfgr[n] & ~mask) | ((uint32_t)*val & mask & 0xAAAAAAAA);
			if (hwmask)
				gic_spi_set_config(n, hwmask, d->icfgr[n]);
		} else {
			r = (d->icfgr[n] & mask & ~hwmask) | (hwmask ? gic_spi_config(n) & hwmask : 0);
		}
	} else {
		switch (off) {
		case GICD_CTLR:
			if (write)
				d->ctlr = (uint32_t)*val & CTLR_GRP1;
			r = d->ctlr | CTLR_ARE_NS;
			break;
		case GICD_TYPER:
			/* ITLinesNumber, IDbits = 10 bits, No1N (route_write()), no LPIs, no security extension. */
			r = (haven_platform.max_intid / 32 - 1) | (9u << 19) | BIT(25);
			break;
		case GICD_IIDR:
			r = HAVEN_GIC_IIDR;
			break;
		case GICD_PIDR2:
			r = GIC_PIDR2_ARCHREV3;
			break;
		default:
			break;
		}
	}
	spin_unlock(&d->lock);
	if (!write)
		*val = r;
	return true;
}

static void redist_enable(struct vcpu *v, struct vcpu *t, uint32_t bits, bool on)
{
	if (on)
		t->vgicr.enabled |= bits;
	else
		t->vgicr.enabled &= ~bits;
	if (bits & HAVEN_TIMER_PPIS)
		gic_write_bits(t->pcpu, on ? GICD_ISENABLER : GICD_ICENABLER, 0,
			       bits & HAVEN_TIMER_PPIS);
	if (on && (t->vgicr.pending & bits)) {
		if (t == v)
			gic_flush_pending(v);
		else
			pcpu_post(t->pcpu, EV_SGI);
	}
}

/* The pending or active bits of t's SGIs and PPIs, read by v (state_read()). */
static uint32_t redist_state(struct vcpu *v, struct vcpu *t, unsigned base)
{
	uint32_t phys = gic_read_bits(t->pcpu, base, 0) & HAVEN_TIMER_PPIS;

	return state_read(0, base, t->vgicr.pending | t->sgi_inbox, phys, t == v);
}

bool vgicr_access(struct vcpu *v, uint64_t rel, unsigned size, bool write, uint64_t *val)
{
	struct partition *p = v->part;
	struct vcpu *t = p->vcpus[rel / HAVEN_VGICR_STRIDE];
	uint64_t off = rel % HAVEN_VGICR_STRIDE;
	struct vgicr *r = &t->vgicr;
	uint64_t out = 0;

	spin_lock(&p->vgicd.lock);
	if (off >= GICR_SGI + 0x400 && off < GICR_SGI + 0x420) {
		unsigned first = (unsigned)(off - GICR_SGI - 0x400);

		for (unsigned i = 0; i < size && i < 4 && first + i < ARRAY_SIZE(r->prio); i++) {
			unsigned intid = first + i;

			if (write)
				r->prio[intid] = (uint8_t)(*val >> (8 * i));
			else
				out |= (uint64_t)r->prio[intid] << (8 * i);
		}
	} else if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		uint64_t typer = ((uint64_t)t->id << 8) | ((t->id == p->nvcpus - 1) ? BIT(4) : 0) |
				 ((t->vmpidr & 0xFFFFFF) << 32);

		out = (off == GICR_TYPER ? typer : typer >> 32) & size_mask(size);
	} else if (size == 4) {
		uint32_t w = (uint32_t)*val;

		switch (off) {
		case GICR_IIDR:
			out = HAVEN_GIC_IIDR;
			break;
		case GICR_WAKER:
			if (write)
				r->sleep = w & BIT(1);
			out = r->sleep ? (BIT(1) | BIT(2)) : 0;
			break;
		case GICR_PIDR2:
			out = GIC_PIDR2_ARCHREV3;
			break;
		case GICR_SGI + 0x080: /* IGROUPR0: group 1 */
			out = ~0u;
			break;
		case GICR_SGI + 0x100: /* ISENABLER0 */
		case GICR_SGI + 0x180: /* ICENABLER0 */
			if (write)
				redist_enable(v, t, w, off == GICR_SGI + 0x100);
			out = r->enabled;
			break;
		case GICR_SGI + 0x200: /* ISPENDR0 */
			if (write) {
				uint32_t soft = w & ~HAVEN_TIMER_PPIS;

				state_write(v, t->pcpu, GICD_ISPENDR, 0, w, HAVEN_TIMER_PPIS, t == v);
				/* Software-pended SGIs/PPIs travel like SGIs. */
				atomic_or32(&t->sgi_inbox, soft & 0xFFFF);
				r->pending |= soft & 0xFFFF0000u;
				if (t == v)
					vgic_deliver_sgis(v);
				else
					pcpu_post(t->pcpu, EV_SGI);
			}
			out = redist_state(v, t, GICD_ISPENDR);
			break;
		case GICR_SGI + 0x280: /* ICPENDR0 */
			if (write) {
				/* A queued timer PPI leaves the queue in state_write(), deactivated. */
				r->pending &= ~(w & ~HAVEN_TIMER_PPIS);
				state_write(v, t->pcpu, GICD_ICPENDR, 0, w, HAVEN_TIMER_PPIS, t == v);
			}
			out = redist_state(v, t, GICD_ISPENDR);
			break;
		case GICR_SGI + 0x300: /* ISACTIVER0 */
		case GICR_SGI + 0x380: /* ICACTIVER0 */
			if (write)
				state_write(v, t->pcpu, (unsigned)(off - GICR_SGI), 0, w, HAVEN_TIMER_PPIS,
					    t == v);
			out = redist_state(v, t, GICD_ISACTIVER);
			break;
		case GICR_SGI + 0xC00: /* ICFGR0: SGIs are edge-triggered */
			out = 0xAAAAAAAAu;
			break;
		case GICR_SGI + 0xC04: /* ICFGR1 */
			if (write)
				r->icfgr1 = w & 0xAAAAAAAAu & ~(3u << (2 * (HAVEN_VTIMER_INTID - 16))) &
					    ~(3u << (2 * (HAVEN_PTIMER_INTID - 16))); /* levels */
			out = r->icfgr1;
			break;
		default:
			break; /* CTLR (no LPIs), IGRPMODR0, NSACR: RAZ/WI */
		}
	}
	spin_unlock(&p->vgicd.lock);
	if (!write)
		*val = out;
	return true;
}

/* Delivers the SGIs other vCPUs left in v's inbox (runs on v's physical CPU). */
void vgic_deliver_sgis(struct vcpu *v)
{
	uint32_t bits = atomic_xchg32(&v->sgi_inbox, 0);

	while (bits) {
		uint32_t intid = (uint32_t)__builtin_ctz(bits);

		bits &= bits - 1;
		if (v->vgicr.enabled & BIT(intid))
			gic_inject(v, intid, v->vgicr.prio[intid], false);
		else
			v->vgicr.pending |= (uint32_t)BIT(intid);
	}
	if (v->vgicr.pending & v->vgicr.enabled)
		gic_flush_pending(v);
}

/* A trapped write of ICC_SGI1R_EL1: virtual SGIs to vCPUs of the same partition only. */
void vgic_sgi_trap(struct vcpu *v, uint64_t sgi1r)
{
	struct partition *p = v->part;
	uint32_t intid = (uint32_t)(sgi1r >> 24) & 0xF;
	uint32_t targets;

	if (sgi1r & BIT(40)) {
		targets = ((1u << p->nvcpus) - 1) & ~(1u << v->id); /* IRM: all but self */
	} else {
		/* vCPU n has Aff0 = n and Aff1..3 = 0: other affinities name no vCPU. */
		if (sgi1r & (0xFFULL << 16 | 0xFFULL << 32 | 0xFFULL << 48 | 0xFULL << 44))
			return;
		targets = (uint32_t)(sgi1r & 0xFFFF) & ((1u << p->nvcpus) - 1);
	}
	while (targets) {
		unsigned n = (unsigned)__builtin_ctz(targets);
		struct vcpu *t = p->vcpus[n];

		targets &= targets - 1;
		if (t == v) {
			atomic_or32(&v->sgi_inbox, (uint32_t)BIT(intid));
			vgic_deliver_sgis(v);
		} else {
			atomic_or32(&t->sgi_inbox, (uint32_t)BIT(intid));
			pcpu_post(t->pcpu, EV_SGI);
		}
	}
}

/*
 * Sets the level of a purely virtual SPI of p (one Haven emulates, such as the
 * vUART's). A raised, enabled interrupt goes to its target vCPU: into a list
 * register at once when that vCPU runs here, else through an EV_VIRQ event.
 */
void vgic_set_virtual_spi(struct partition *p, uint32_t intid, bool level)
{
	struct vgicd *d = &p->vgicd;
	uint32_t bit = (uint32_t)BIT(intid % 32);
	struct vcpu *t, *self = this_pcpu()->vcpu;
	bool deliver;

	spin_lock(&d->lock);
	if (!level) {
		d->pending[intid / 32] &= ~bit;
		spin_unlock(&d->lock);
		return;
	}
	d->pending[intid / 32] |= bit;
	deliver = d->enabled[intid / 32] & bit;
	t = p->vcpus[d->route[intid]];
	if (deliver && t == self && this_pcpu()->in_guest) {
		d->pending[intid / 32] &= ~bit;
		gic_inject(t, intid, d->prio[intid], false);
	}
	spin_unlock(&d->lock);
	if (deliver && t != self)
		pcpu_post(t->pcpu, EV_VIRQ);
}

/* Injects the enabled, pending virtual SPIs routed to v (runs on v's physical CPU). */
void vgic_deliver_spis(struct vcpu *v)
{
	struct vgicd *d = &v->part->vgicd;

	spin_lock(&d->lock);
	for (unsigned n = 1; n < HAVEN_SPI_WORDS; n++) {
		uint32_t ready = d->pending[n] & d->enabled[n] & ~d->hw[n];

		while (ready) {
			uint32_t intid = 32 * n + (uint32_t)__builtin_ctz(ready);

			ready &= ready - 1;
			if (d->route[intid] != v->id)
				continue;
			d->pending[n] &= ~(uint32_t)BIT(intid % 32);
			gic_inject(v, intid, d->prio[intid], false);
		}
	}
	spin_unlock(&d->lock);
}
