/* SPDX-License-Identifier: MIT */
/*
 * GICv3: the physical distributor, redistributors and CPU interface, all owned
 * by Haven, and the list registers of the virtual CPU interface through which
 * every virtual interrupt reaches a guest. Physical interrupts arrive at EL2
 * (HCR_EL2.IMO); EOImode = 1 splits priority drop from deactivation, so a
 * hardware interrupt forwarded to a guest with LR.HW = 1 is deactivated by the
 * guest's own EOI. A physical interrupt Haven has taken for a guest stays
 * active until that EOI, so every path that drops such an interrupt (a reset,
 * a park, a guest's ICPENDR) deactivates it here, or it would never fire again.
 */
#include <haven/gic-regs.h>
#include <haven/hv.h>
#include <haven/sched.h>

#define GICD_CTLR_RWP BIT(31)
#define GICD_CTLR_ARE BIT(4)
#define GICD_CTLR_GRP1 BIT(1)

#define MAINT_INTID 25
#define HYP_PRIO 0xA0

#define LR_STATE_PENDING (1ULL << 62)
#define LR_STATE_ACTIVE (2ULL << 62)
#define LR_STATE_MASK (3ULL << 62)
#define LR_HW BIT(61)
#define LR_GROUP1 BIT(60)
#define ICH_HCR_EN BIT(0)
#define ICH_HCR_UIE BIT(1)

static unsigned nlrs;
static unsigned naprs; /* ICH_AP0R<n>/AP1R<n> implemented: 1, 2 or 4 for 5, 6 or 7 priority bits */
static spinlock_t dist_lock; /* read-modify-writes of distributor registers SPIs share */
static void lr_write(unsigned i, uint64_t v);
static void apr_clear(void);

static uint64_t gicd(void)
{
	return haven_platform.gicd_base;
}

static uint64_t gicr(unsigned cpu)
{
	return haven_platform.gicr_base + cpu * haven_platform.gicr_stride;
}

static void gicd_wait_rwp(void)
{
	while (mmio_read32(gicd() + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

void gic_init_dist(void)
{
	unsigned words = haven_platform.max_intid / 32;

	mmio_write32(gicd() + GICD_CTLR, 0);
	gicd_wait_rwp();
	for (unsigned n = 1; n < words; n++) {
		mmio_write32(gicd() + GICD_IGROUPR + 4 * n, ~0u);
		mmio_write32(gicd() + GICD_ICENABLER + 4 * n, ~0u);
		mmio_write32(gicd() + GICD_ICPENDR + 4 * n, ~0u);
		mmio_write32(gicd() + GICD_ICACTIVER + 4 * n, ~0u);
	}
	for (unsigned i = 32; i < haven_platform.max_intid; i += 4)
		mmio_write32(gicd() + GICD_IPRIORITYR + i, HYP_PRIO * 0x01010101u);
	mmio_write32(gicd() + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	gicd_wait_rwp();
}

void gic_init_cpu(void)
{
	unsigned cpu = this_pcpu()->id;
	uint64_t rd = gicr(cpu);

	if ((mmio_read64(rd + GICR_TYPER) >> 32) != (this_pcpu()->mpidr & 0xFFFFFFFF))
		panic("redistributor %u does not belong to MPIDR 0x%llx", cpu,
		      (unsigned long long)this_pcpu()->mpidr);
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~BIT(1));
	while (mmio_read32(rd + GICR_WAKER) & BIT(2))
		;
	mmio_write32(rd + GICR_IGROUPR0, ~0u);
	mmio_write32(rd + GICR_ICENABLER0, ~0u);
	mmio_write32(rd + GICR_ICPENDR0, ~0u);
	for (unsigned i = 0; i < 32; i += 4)
		mmio_write32(rd + GICR_IPRIORITYR0 + i, HYP_PRIO * 0x01010101u);
	mmio_write32(rd + GICR_ISENABLER0, BIT(HAVEN_SGI_IPI) | BIT(MAINT_INTID));

	write_sysreg(S3_4_C12_C9_5, 0xF); /* ICC_SRE_EL2: SRE, DFB, DIB, Enable (EL1 uses sysregs) */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xFF);   /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);    /* ICC_BPR1_EL1 */
	write_sysreg(S3_0_C12_C12_4, BIT(1)); /* ICC_CTLR_EL1.EOImode = 1 */
	write_sysreg(S3_0_C12_C12_7, 1);    /* ICC_IGRPEN1_EL1 */

	/* Every writable ICH_* register: whatever firmware or a warm reset left is not a guest's. */
	uint64_t vtr = read_sysreg(S3_4_C12_C11_1); /* ICH_VTR_EL2 */
	unsigned pribits = ((unsigned)(vtr >> 29) & 7) + 1; /* at least 5 */

	nlrs = (unsigned)(vtr & 0x1F) + 1;
	naprs = 1u << (pribits - 5);
	write_sysreg(S3_4_C12_C11_0, 0);    /* ICH_HCR_EL2: off while the rest is cleared */
	isb();
	write_sysreg(S3_4_C12_C11_7, 0);    /* ICH_VMCR_EL2 */
	for (unsigned i = 0; i < nlrs; i++)
		lr_write(i, 0);
	apr_clear();
	write_sysreg(S3_4_C12_C11_0, ICH_HCR_EN);
	isb();
}

unsigned gic_num_lrs(void)
{
	return nlrs;
}

void gic_send_sgi(unsigned cpu, unsigned intid)
{
	dsb(ishst);
	write_sysreg(S3_0_C12_C11_5, pcpus[cpu].sgi1r | ((uint64_t)intid << 24)); /* ICC_SGI1R_EL1 */
	isb();
}

/* The ICC_SGI1R_EL1 value that targets a CPU with this MPIDR (affinity routing, INTID 0). */
uint64_t gic_sgi1r_for(uint64_t m)
{
	return ((m >> 32 & 0xFF) << 48) | ((m >> 16 & 0xFF) << 32) | ((m >> 8 & 0xFF) << 16) |
	       BIT(m & 0xF);
}

uint32_t gic_ack(void)
{
	uint32_t v = (uint32_t)read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */

	dsb(sy);
	return v & 0xFFFFFF;
}

void gic_eoi(uint32_t intid)
{
	write_sysreg(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1: priority drop */
}

void gic_deactivate(uint32_t intid)
{
	write_sysreg(S3_0_C12_C11_1, intid); /* ICC_DIR_EL1 */
}

void gic_spi_enable(uint32_t intid, bool on)
{
	mmio_write32(gicd() + (on ? GICD_ISENABLER : GICD_ICENABLER) + 4 * (intid / 32),
		     BIT(intid % 32));
}

void gic_spi_route(uint32_t intid, uint64_t mpidr)
{
	mmio_write64(gicd() + GICD_IROUTER + 8 * intid, mpidr & 0xFF00FFFFFFULL);
}

/*
 * A bitmap register (GICD_IS/ICENABLER, IS/ICPENDR, IS/ICACTIVER offsets) for
 * INTIDs 32 * word .. +31: the distributor's for SPIs (word >= 1), the SGI
 * frame of CPU cpu's redistributor for SGIs and PPIs (word 0).
 */
static uint64_t bits_reg(unsigned cpu, unsigned reg_off, unsigned word)
{
	return word ? gicd() + reg_off + 4 * word : gicr(cpu) + GICR_SGI + reg_off;
}

uint32_t gic_read_bits(unsigned cpu, unsigned reg_off, unsigned word)
{
	return mmio_read32(bits_reg(cpu, reg_off, word));
}

/* Write-1-to-set or -clear registers only: nothing is read back, so no lock. */
void gic_write_bits(unsigned cpu, unsigned reg_off, unsigned word, uint32_t bits)
{
	mmio_write32(bits_reg(cpu, reg_off, word), bits);
}

/*
 * Sets the trigger-mode fields in mask of GICD_ICFGR<word> to those of val.
 * SPIs of different partitions share the register, so the read-modify-write
 * is under one lock for the whole system, or one partition's write could undo
 * another's.
 */
void gic_spi_set_config(unsigned word, uint32_t mask, uint32_t val)
{
	uint64_t reg = gicd() + GICD_ICFGR + 4 * word;

	spin_lock(&dist_lock);
	mmio_write32(reg, (mmio_read32(reg) & ~mask) | (val & mask));
	spin_unlock(&dist_lock);
}

uint32_t gic_spi_config(unsigned word)
{
	return mmio_read32(gicd() + GICD_ICFGR + 4 * word);
}

/* ---- list registers ---------------------------------------------------- */

static uint64_t lr_read(unsigned i)
{
	switch (i) {
	case 0: return read_sysreg(S3_4_C12_C12_0);
	case 1: return read_sysreg(S3_4_C12_C12_1);
	case 2: return read_sysreg(S3_4_C12_C12_2);
	case 3: return read_sysreg(S3_4_C12_C12_3);
	case 4: return read_sysreg(S3_4_C12_C12_4);
	case 5: return read_sysreg(S3_4_C12_C12_5);
	case 6: return read_sysreg(S3_4_C12_C12_6);
	case 7: return read_sysreg(S3_4_C12_C12_7);
	case 8: return read_sysreg(S3_4_C12_C13_0);
	case 9: return read_sysreg(S3_4_C12_C13_1);
	case 10: return read_sysreg(S3_4_C12_C13_2);
	case 11: return read_sysreg(S3_4_C12_C13_3);
	case 12: return read_sysreg(S3_4_C12_C13_4);
	case 13: return read_sysreg(S3_4_C12_C13_5);
	case 14: return read_sysreg(S3_4_C12_C13_6);
	default: return read_sysreg(S3_4_C12_C13_7);
	}
}

static void lr_write(unsigned i, uint64_t v)
{
	switch (i) {
	case 0: write_sysreg(S3_4_C12_C12_0, v); break;
	case 1: write_sysreg(S3_4_C12_C12_1, v); break;
	case 2: write_sysreg(S3_4_C12_C12_2, v); break;
	case 3: write_sysreg(S3_4_C12_C12_3, v); break;
	case 4: write_sysreg(S3_4_C12_C12_4, v); break;
	case 5: write_sysreg(S3_4_C12_C12_5, v); break;
	case 6: write_sysreg(S3_4_C12_C12_6, v); break;
	case 7: write_sysreg(S3_4_C12_C12_7, v); break;
	case 8: write_sysreg(S3_4_C12_C13_0, v); break;
	case 9: write_sysreg(S3_4_C12_C13_1, v); break;
	case 10: write_sysreg(S3_4_C12_C13_2, v); break;
	case 11: write_sysreg(S3_4_C12_C13_3, v); break;
	case 12: write_sysreg(S3_4_C12_C13_4, v); break;
	case 13: write_sysreg(S3_4_C12_C13_5, v); break;
	case 14: write_sysreg(S3_4_C12_C13_6, v); break;
	default: write_sysreg(S3_4_C12_C13_7, v); break;
	}
}

static void apr_clear(void)
{
	write_sysreg(S3_4_C12_C8_0, 0); /* ICH_AP0R0_EL2 */
	write_sysreg(S3_4_C12_C9_0, 0); /* ICH_AP1R0_EL2 */
	if (naprs > 1) {
		write_sysreg(S3_4_C12_C8_1, 0);
		write_sysreg(S3_4_C12_C9_1, 0);
	}
	if (naprs > 2) {
		write_sysreg(S3_4_C12_C8_2, 0);
		write_sysreg(S3_4_C12_C8_3, 0);
		write_sysreg(S3_4_C12_C9_2, 0);
		write_sysreg(S3_4_C12_C9_3, 0);
	}
}

static uint32_t lrs_used(void)
{
	return ~(uint32_t)read_sysreg(S3_4_C12_C11_5) & ((1u << nlrs) - 1); /* ICH_ELRSR_EL2 */
}

static void set_uie(bool on)
{
	uint64_t hcr = read_sysreg(S3_4_C12_C11_0);

	write_sysreg(S3_4_C12_C11_0, on ? (hcr | ICH_HCR_UIE) : (hcr & ~ICH_HCR_UIE));
}

static void queue_soft(struct vcpu *v, uint32_t intid)
{
	if (intid < 32) {
		v->vgicr.pending |= (uint32_t)BIT(intid);
	} else {
		v->spi_pending[intid / 32] |= (uint32_t)BIT(intid % 32);
		v->spi_any_pending = true;
	}
	set_uie(true);
}

/*
 * Makes intid pending for v, which must be the vCPU of this physical CPU.
 * hw links it to the physical interrupt of the same number (deactivated by
 * the guest's EOI). With every list register busy it waits in software and
 * the underflow maintenance interrupt refills.
 */
void gic_inject(struct vcpu *v, uint32_t intid, uint8_t prio, bool hw)
{
	uint32_t empty = (uint32_t)read_sysreg(S3_4_C12_C11_5) & ((1u << nlrs) - 1); /* ICH_ELRSR_EL2 */
	uint64_t lr;

	if (!hw && empty != (1u << nlrs) - 1) {
		/*
		 * A virtual interrupt already in a list register merges there: pending
		 * stays pending (edge semantics), active becomes active and pending.
		 * One vINTID never occupies two list registers.
		 */
		for (unsigned i = 0; i < nlrs; i++) {
			if (empty & (1u << i))
				continue;
			lr = lr_read(i);
			if ((uint32_t)lr == intid) {
				if (!(lr & LR_STATE_PENDING))
					lr_write(i, lr | LR_STATE_PENDING);
				return;
			}
		}
	}
	if (!empty) {
		queue_soft(v, intid);
		return;
	}
	lr = intid | ((uint64_t)prio << 48) | LR_GROUP1 | LR_STATE_PENDING;
	if (hw)
		lr |= LR_HW | ((uint64_t)intid << 32);
	lr_write((unsigned)__builtin_ctz(empty), lr);
}

static bool intid_is_hw(struct vcpu *v, uint32_t intid)
{
	if (intid < 32)
		return HAVEN_TIMER_PPIS & BIT(intid);
	return v->part->vgicd.hw[intid / 32] & BIT(intid % 32);
}

/* The bit of intid in v's software queue (gic_inject with every list register busy). */
static uint32_t *queue_word(struct vcpu *v, uint32_t intid)
{
	return intid < 32 ? &v->vgicr.pending : &v->spi_pending[intid / 32];
}

/* Moves interrupts waiting in software into free list registers. */
void gic_flush_pending(struct vcpu *v)
{
	uint32_t pend = v->vgicr.pending & v->vgicr.enabled;

	set_uie(false);
	while (pend) {
		uint32_t intid = (uint32_t)__builtin_ctz(pend);

		pend &= pend - 1;
		v->vgicr.pending &= ~(uint32_t)BIT(intid);
		gic_inject(v, intid, v->vgicr.prio[intid], intid_is_hw(v, intid));
	}
	if (v->spi_any_pending) {
		v->spi_any_pending = false;
		for (unsigned w = 1; w < HAVEN_SPI_WORDS; w++) {
			uint32_t bits = v->spi_pending[w];

			v->spi_pending[w] = 0;
			while (bits) {
				uint32_t intid = 32 * w + (uint32_t)__builtin_ctz(bits);

				bits &= bits - 1;
				gic_inject(v, intid, v->part->vgicd.prio[intid], intid_is_hw(v, intid));
			}
		}
	}
}

/*
 * The pending and active bits that this CPU's list registers hold for INTIDs
 * 32 * word .. +31 (the state of the vCPU running here).
 */
void gic_lr_bits(unsigned word, uint32_t *pending, uint32_t *active)
{
	uint32_t used = lrs_used();

	*pending = *active = 0;
	while (used) {
		uint64_t lr = lr_read((unsigned)__builtin_ctz(used));
		uint32_t intid = (uint32_t)lr;

		used &= used - 1;
		if (intid / 32 != word)
			continue;
		if (lr & LR_STATE_PENDING)
			*pending |= (uint32_t)BIT(intid % 32);
		if (lr & LR_STATE_ACTIVE)
			*active |= (uint32_t)BIT(intid % 32);
	}
}

/*
 * A guest's ICPENDR (active = false) or ICACTIVER (active = true) write for
 * hardware interrupt intid, on v's own CPU. Whatever Haven holds of intid for
 * v has the physical interrupt active: a list register, pending or active
 * (with HW = 1 never both), or a queue entry, pending. If that is in the state
 * the write clears, it is dropped and the physical interrupt deactivated.
 * Returns false if Haven holds nothing of intid for v.
 */
bool gic_hw_withdraw(struct vcpu *v, uint32_t intid, bool active)
{
	uint64_t state = active ? LR_STATE_ACTIVE : LR_STATE_PENDING;
	uint32_t *queue = queue_word(v, intid), bit = (uint32_t)BIT(intid % 32);
	uint32_t used = lrs_used();

	if (*queue & bit) {
		if (!active) {
			*queue &= ~bit;
			gic_deactivate(intid);
		}
		return true;
	}
	while (used) {
		unsigned i = (unsigned)__builtin_ctz(used);
		uint64_t lr = lr_read(i);

		used &= used - 1;
		if ((uint32_t)lr != intid)
			continue;
		if (lr & state) {
			lr_write(i, 0);
			gic_deactivate(intid);
		}
		return true;
	}
	return false;
}

/*
 * Drops every list register of this CPU (v's), the software queue and the
 * active priorities: the physical SPIs Haven took for v (in a list register
 * or queued) are deactivated, and so are the timers' PPIs, which also lose
 * any pending or active state the guest gave them itself. The running
 * priority is idle again even if v stopped inside an interrupt handler.
 */
void gic_vcpu_clear(struct vcpu *v)
{
	for (unsigned i = 0; i < nlrs; i++) {
		uint64_t lr = lr_read(i);

		if ((lr & LR_HW) && (lr & LR_STATE_MASK))
			gic_deactivate((uint32_t)(lr >> 32) & 0x1FFF);
		lr_write(i, 0);
	}
	for (unsigned w = 1; w < HAVEN_SPI_WORDS; w++) {
		uint32_t hw = v->spi_pending[w] & v->part->vgicd.hw[w];

		while (hw) {
			gic_deactivate(32 * w + (uint32_t)__builtin_ctz(hw));
			hw &= hw - 1;
		}
		v->spi_pending[w] = 0;
	}
	v->vgicr.pending = 0;
	v->spi_any_pending = false;
	gic_write_bits(v->pcpu, GICD_ICPENDR, 0, HAVEN_TIMER_PPIS);
	gic_write_bits(v->pcpu, GICD_ICACTIVER, 0, HAVEN_TIMER_PPIS);
	apr_clear();
	write_sysreg(S3_4_C12_C11_0, ICH_HCR_EN);
	write_sysreg(S3_4_C12_C11_7, 0); /* ICH_VMCR_EL2 */
	isb();
}

/* ---- a vCPU switch on a shared CPU (core/sched.c) --------------------------- */

static uint64_t apr_read(unsigned group, unsigned n)
{
	switch (group * 4 + n) {
	case 0: return read_sysreg(S3_4_C12_C8_0);
	case 1: return read_sysreg(S3_4_C12_C8_1);
	case 2: return read_sysreg(S3_4_C12_C8_2);
	case 3: return read_sysreg(S3_4_C12_C8_3);
	case 4: return read_sysreg(S3_4_C12_C9_0);
	case 5: return read_sysreg(S3_4_C12_C9_1);
	case 6: return read_sysreg(S3_4_C12_C9_2);
	default: return read_sysreg(S3_4_C12_C9_3);
	}
}

static void apr_write(unsigned group, unsigned n, uint64_t v)
{
	switch (group * 4 + n) {
	case 0: write_sysreg(S3_4_C12_C8_0, v); break;
	case 1: write_sysreg(S3_4_C12_C8_1, v); break;
	case 2: write_sysreg(S3_4_C12_C8_2, v); break;
	case 3: write_sysreg(S3_4_C12_C8_3, v); break;
	case 4: write_sysreg(S3_4_C12_C9_0, v); break;
	case 5: write_sysreg(S3_4_C12_C9_1, v); break;
	case 6: write_sysreg(S3_4_C12_C9_2, v); break;
	default: write_sysreg(S3_4_C12_C9_3, v); break;
	}
}

/*
 * Moves the virtual CPU interface of the vCPU leaving this CPU into g and
 * leaves it empty for the next one: list registers, active priorities, VMCR,
 * ICH_HCR, and the physical enable and active state of the timers' PPIs,
 * which the vCPUs sharing the CPU share in hardware. A hardware interrupt in
 * a saved list register stays active at the distributor until the vCPU is
 * back and EOIs it. The caller has disabled the vCPU's timer, so its PPI
 * (level) is no longer pending.
 */
void gic_vcpu_save(struct gic_ctx *g, unsigned cpu)
{
	for (unsigned i = 0; i < nlrs; i++) {
		g->lr[i] = lr_read(i);
		lr_write(i, 0);
	}
	for (unsigned n = 0; n < naprs; n++) {
		g->ap0r[n] = apr_read(0, n);
		g->ap1r[n] = apr_read(1, n);
	}
	apr_clear();
	g->vmcr = read_sysreg(S3_4_C12_C11_7);
	g->hcr = read_sysreg(S3_4_C12_C11_0);
	write_sysreg(S3_4_C12_C11_7, 0);
	write_sysreg(S3_4_C12_C11_0, ICH_HCR_EN);
	g->ppi_enabled = gic_read_bits(cpu, GICD_ISENABLER, 0) & HAVEN_TIMER_PPIS;
	g->ppi_active = gic_read_bits(cpu, GICD_ISACTIVER, 0) & HAVEN_TIMER_PPIS;
	gic_write_bits(cpu, GICD_ICENABLER, 0, HAVEN_TIMER_PPIS);
	gic_write_bits(cpu, GICD_ICACTIVER, 0, HAVEN_TIMER_PPIS);
	gic_write_bits(cpu, GICD_ICPENDR, 0, HAVEN_TIMER_PPIS);
	isb();
}

/* The reverse of gic_vcpu_save(). */
void gic_vcpu_load(const struct gic_ctx *g, unsigned cpu)
{
	for (unsigned i = 0; i < nlrs; i++)
		lr_write(i, g->lr[i]);
	for (unsigned n = 0; n < naprs; n++) {
		apr_write(0, n, g->ap0r[n]);
		apr_write(1, n, g->ap1r[n]);
	}
	write_sysreg(S3_4_C12_C11_7, g->vmcr);
	write_sysreg(S3_4_C12_C11_0, g->hcr);
	/* Both ways: a vCPU that parked here was not saved and may have left its bits set. */
	gic_write_bits(cpu, GICD_ICENABLER, 0, HAVEN_TIMER_PPIS & ~g->ppi_enabled);
	gic_write_bits(cpu, GICD_ICACTIVER, 0, HAVEN_TIMER_PPIS & ~g->ppi_active);
	gic_write_bits(cpu, GICD_ISACTIVER, 0, g->ppi_active);
	gic_write_bits(cpu, GICD_ISENABLER, 0, g->ppi_enabled);
	isb();
}

/*
 * A physical SPI of v's partition arrived while v is not in the hardware
 * (another partition's window, or idle): kept pending in v's software queue,
 * the physical interrupt active, as for a full set of list registers;
 * gic_flush_pending() moves it into a list register when v is back.
 */
void gic_queue_hw(struct vcpu *v, uint32_t intid)
{
	v->spi_pending[intid / 32] |= (uint32_t)BIT(intid % 32);
	v->spi_any_pending = true;
}

/* True when a list register of this CPU holds a pending virtual interrupt (a WFI completes). */
bool gic_vcpu_has_pending(void)
{
	uint32_t used = lrs_used();

	while (used) {
		if (lr_read((unsigned)__builtin_ctz(used)) & LR_STATE_PENDING)
			return true;
		used &= used - 1;
	}
	return false;
}

/* The highest-priority pending physical interrupt, without acknowledging it (1023: none). */
uint32_t gic_highest_pending(void)
{
	return (uint32_t)read_sysreg(S3_0_C12_C12_2) & 0xFFFFFF; /* ICC_HPPIR1_EL1 */
}
