/* SPDX-License-Identifier: MIT */
/*
 * Traps from a guest. The syndrome (ESR_EL2) decides everything: HVC/SMC go to
 * the hypercall dispatcher, a stage-2 data abort with a valid syndrome (ISV)
 * inside one of the partition's emulated regions is handed to that region's
 * handler from ESR and HPFAR alone (no guest page-table walk) if it is
 * naturally aligned, a trapped ICC_SGI1R_EL1 write sends virtual SGIs, and
 * anything outside the partition's map is a violation.
 */
#include <haven/hv.h>
#include <haven/sched.h>

/* SPSR after a Thumb instruction in an IT block: ITSTATE moves on (AArch32.ITAdvance). */
static __attribute__((noinline)) uint64_t it_advance(uint64_t spsr)
{
	/* IT[1:0] are SPSR bits 26:25, IT[7:2] bits 15:10. */
	uint64_t it = ((spsr >> 25) & 3) | (((spsr >> 10) & 0x3F) << 2);

	it = (it & 7) ? (it & 0xE0) | ((it << 1) & 0x1F) : 0;
	return (spsr & ~SPSR_IT_MASK) | ((it & 3) << 25) | ((it >> 2) << 10);
}

/*
 * Steps over the trapped instruction: 4 bytes, or 2 for a 16-bit Thumb one
 * (ESR_EL2.IL, bit 25, clear); in AArch32, ITSTATE moves on too.
 */
static inline __attribute__((always_inline)) void advance_pc(struct vcpu *v, uint64_t esr)
{
	v->regs.elr += 2 + ((esr >> 24) & 2);
	if (unlikely(v->regs.spsr & SPSR_AARCH32))
		v->regs.spsr = it_advance(v->regs.spsr);
}

/*
 * The PSTATE an exception taken to EL1 leaves (Arm ARM, AArch64.TakeException):
 * EL1h with D, A, I and F set; NZCV and DIT kept (DIT is bit 21 of an AArch32
 * SPSR); PAN set when SCTLR_EL1.SPAN is 0, else kept; SSBS = SCTLR_EL1.DSSBS;
 * all else clear (SS, IL, UAO, BTYPE; from AArch32 also IT, T, GE, Q). Where
 * PAN or SSBS is not implemented, SPAN is RES1 and DSSBS RES0, so both stay
 * clear. Features the Cortex-A55 lacks (MTE's TCO, NMI's ALLINT, ...) are
 * not modelled.
 */
static uint64_t el1_entry_pstate(uint64_t spsr)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);
	uint64_t pstate = SPSR_EL1H_MASKED | (spsr & SPSR_NZCV);

	if (spsr & SPSR_AARCH32)
		pstate |= (spsr & SPSR32_DIT) ? SPSR_DIT : 0;
	else
		pstate |= spsr & SPSR_DIT;
	if (!(sctlr & SCTLR_SPAN) || (spsr & SPSR_PAN))
		pstate |= SPSR_PAN;
	if (sctlr & SCTLR_DSSBS)
		pstate |= SPSR_SSBS;
	return pstate;
}

/* Enters the guest's EL1 vector for a synchronous exception with syndrome esr1. */
static void inject_sync(struct vcpu *v, uint64_t esr1, uint64_t far)
{
	uint64_t spsr = v->regs.spsr, mode = spsr & SPSR_MODE_MASK;
	/* EL1h, EL1t, EL0 in AArch64 (M[4] = 0) or in AArch32 (M[4] = 1). */
	uint64_t off = (spsr & SPSR_AARCH32) ? 0x600 : mode == 0x5 ? 0x200 : mode == 0x4 ? 0x0 : 0x400;

	write_sysreg(esr_el1, esr1);
	write_sysreg(far_el1, far);
	write_sysreg(elr_el1, v->regs.elr);
	write_sysreg(spsr_el1, spsr);
	v->regs.elr = read_sysreg(vbar_el1) + off;
	v->regs.spsr = el1_entry_pstate(spsr);
}

/* A synchronous external abort at the faulting access (data or instruction). */
void inject_abort(struct vcpu *v, uint64_t esr, uint64_t far)
{
	bool from_el0 = (v->regs.spsr & SPSR_AARCH32) || (v->regs.spsr & SPSR_MODE_MASK) == 0;
	bool iabt = ESR_EC(esr) == EC_IABT_LOW;
	uint64_t ec = iabt ? (from_el0 ? EC_IABT_LOW : EC_IABT_CUR)
			   : (from_el0 ? EC_DABT_LOW : EC_DABT_CUR);
	uint64_t iss = 0x10 | (iabt ? 0 : (esr & ISS_DABT_WNR));

	/*
	 * ESR_EL1 never reports a data abort's instruction syndrome (ISV = 0), and
	 * without it IL is 1 whatever the instruction's length, as for an
	 * instruction abort and an Undefined Instruction (EC 0x00).
	 */
	inject_sync(v, (ec << 26) | ESR_IL | iss, far);
}

void inject_undef(struct vcpu *v)
{
	inject_sync(v, ((uint64_t)EC_UNKNOWN << 26) | ESR_IL, 0);
}

/* No IPA: the guest's stage 1 no longer maps FAR_EL2 (fault_ipa()). */
#define IPA_NONE (~0ULL)

/* A permission fault's IPA: FAR_EL2 through the guest's own stage 1 (PAR_EL1 is the guest's). */
static __attribute__((noinline)) uint64_t stage1_ipa(uint64_t far)
{
	uint64_t saved = read_sysreg(par_el1), par;

	__asm__ volatile("at s1e1r, %0\n isb" : : "r"(far) : "memory");
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	return (par & 1) ? IPA_NONE : (par & 0xFFFFFFFFF000ULL) | (far & 0xFFF);
}

/*
 * The IPA of a stage-2 abort. HPFAR_EL2 holds it for an address size,
 * translation or access flag fault and for any fault on a stage-1 table walk
 * (S1PTW), but is UNKNOWN for a permission fault on the access itself (Arm
 * ARM, HPFAR_EL2); then the hardware translates FAR_EL2 (AT S1E1R). IPA_NONE
 * if the guest changed its tables under the access, which then faults again,
 * or not, when it is retried.
 */
static inline __attribute__((always_inline)) uint64_t fault_ipa(uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2);

	if (unlikely(ISS_FSC(esr) >= FSC_PERM) && !(esr & ISS_S1PTW))
		return stage1_ipa(far);
	return ((read_sysreg(hpfar_el2) & 0xFFFFFFFFF0ULL) << 8) | (far & 0xFFF);
}

/* Hands the access to the partition's emulated region that contains ipa (core/emu.c), if any. */
static bool emulate(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val)
{
	/* The table is never empty and ends with a region of size 0 (core/emu.c). */
	const struct emu_region *r = v->part->emu;

	/* Emulated registers are naturally aligned; a misaligned access is a violation. */
	if (ipa & (size - 1))
		return false;
	while (unlikely(ipa - r->base >= r->size))
		if (!(++r)->size)
			return false;
	return r->access(v, ipa - r->base, size, write, val);
}

static void handle_dabt(struct vcpu *v, uint64_t esr)
{
	uint64_t ipa = fault_ipa(esr);
	unsigned size = 1u << ISS_DABT_SAS(esr);
	bool write = esr & ISS_DABT_WNR;
	unsigned fsc = ISS_FSC(esr);

	if (ipa == IPA_NONE)
		return;
	/* Translation faults at levels 0-3 with a decodable syndrome may be an emulated device. */
	if ((esr & ISS_DABT_ISV) && fsc >= 0x04 && fsc <= 0x07) {
		unsigned rt = ISS_DABT_SRT(esr);
		uint64_t val = 0;

		if (write && rt != 31)
			val = v->regs.x[rt] & (size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1);
		if (emulate(v, ipa, size, write, &val)) {
			if (!write && rt != 31) {
				if (unlikely(esr & ISS_DABT_SSE)) {
					if (size < 8 && (val & (1ULL << (8 * size - 1))))
						val |= ~0ULL << (8 * size);
					if (!(esr & ISS_DABT_SF))
						val &= 0xFFFFFFFF;
				}
				v->regs.x[rt] = val;
			}
			advance_pc(v, esr);
			return;
		}
	}
	violation(v, ipa, esr, read_sysreg(far_el2), write ? "write" : "read", size);
}

/* A data abort from AArch64, straight from the vector (arch/aarch64/entry.S): esr = ESR_EL2. */
void handle_dabt_lower(struct vcpu *v, uint64_t esr);
void handle_dabt_lower(struct vcpu *v, uint64_t esr)
{
	handle_dabt(v, esr);
}

static void handle_sysreg(struct vcpu *v, uint64_t esr)
{
	uint32_t iss = (uint32_t)esr & 0x1FFFFFF;
	unsigned rt = (iss >> 5) & 0x1F;
	bool read = iss & 1;
	uint32_t enc = iss & 0x3FFC1E; /* Op0, Op2, Op1, CRn, CRm */

	/* ICC_SGI1R_EL1 (op2 5), ICC_ASGI1R_EL1 (6), ICC_SGI0R_EL1 (7): S3_0_C12_C11_x. */
	if (!read && (enc & ~(7u << 17)) == ((3u << 20) | (12u << 10) | (11u << 1)) &&
	    ((enc >> 17) & 7) >= 5) {
		vgic_sgi_trap(v, rt == 31 ? 0 : v->regs.x[rt]);
		v->regs.elr += 4; /* EC 0x18 comes from AArch64 only */
		return;
	}
	/*
	 * Anything else trapped (the physical timer, IMPLEMENTATION DEFINED,
	 * auxiliary control, RAS error record and LORegion registers) is not part
	 * of the virtual platform.
	 */
	inject_undef(v);
}

void handle_sync_lower(struct vcpu *v)
{
	uint64_t esr = read_sysreg(esr_el2);
	unsigned ec = ESR_EC(esr);

	/* The hypercall first: it is the path guests take most and time most. */
	if (likely(ec == EC_HVC64)) {
		if (likely((esr & 0xFFFF) == 0))
			hvc_dispatch(v);
		else
			v->regs.x[0] = (uint64_t)(int64_t)HAVEN_ERR_NOT_SUPPORTED;
		return;
	}
	switch (ec) {
	case EC_DABT_LOW:
		handle_dabt(v, esr);
		break;
	case EC_SMC64:
		/* Trapped SMC (HCR_EL2.TSC, AArch64): the return address is the SMC itself. */
		v->regs.elr += 4;
		hvc_dispatch(v);
		break;
	case EC_IABT_LOW: {
		uint64_t ipa = fault_ipa(esr);

		if (ipa != IPA_NONE)
			violation(v, ipa, esr, read_sysreg(far_el2), "exec", 4);
		break;
	}
	case EC_SYSREG:
		handle_sysreg(v, esr);
		break;
	case EC_WFX:
		advance_pc(v, esr);
		if ((esr & 3) == 0) /* WFI: trapped on shared CPUs only (arch_sched_cpu_init) */
			sched_wfi(v);
		break;
	default:
		/* AArch32 EL0 coprocessor accesses that trap: not part of the platform, as for EC 0x18. */
		if (ec == EC_CP15_32 || ec == EC_CP15_64 || ec == EC_CP14_MR || ec == EC_CP14_LS ||
		    ec == EC_CP14_64) {
			inject_undef(v);
			break;
		}
		if (report_allowed(v->part))
			hv_log("partition %u '%s' vcpu %u: unhandled trap ESR=0x%llx at pc=0x%llx; injecting undef",
			       v->part->id, v->part->cfg->name, v->id, (unsigned long long)esr,
			       (unsigned long long)v->regs.elr);
		inject_undef(v);
		break;
	}
}

/* A physical interrupt that arrived while v ran (acknowledged, not yet EOIed). */
static inline __attribute__((always_inline)) void irq_dispatch(struct vcpu *v, uint32_t intid)
{
	/* Console lines the partition queued while the UART was busy go out on its own CPU. */
	if (unlikely(v->con_queued))
		partition_console_poll(v);
	if (intid >= 1020)
		return;
	gic_eoi(intid);
	if (intid == HAVEN_VTIMER_INTID || intid == HAVEN_PTIMER_INTID) {
		gic_inject(v, intid, v->vgicr.prio[intid], true);
		return;
	}
	if (intid >= 32) {
		struct vgicd *d = &v->part->vgicd;

		if (intid < HAVEN_MAX_INTID && (d->hw[intid / 32] & BIT(intid % 32))) {
			gic_inject(v, intid, d->prio[intid], true);
			return;
		}
		gic_deactivate(intid);
		if (intid == haven_platform.uart_irq) {
			console_input_irq();
			return;
		}
		if (dma_irq(intid))
			return;
		hv_log("unexpected IRQ %u on CPU %u", intid, this_pcpu()->id);
		return;
	}
	gic_deactivate(intid);
	if (intid == 25) /* maintenance: list registers ran low */
		gic_flush_pending(v);
	else
		pcpu_handle_events();
}

void handle_irq_lower(struct vcpu *v)
{
	irq_dispatch(v, gic_ack());
}

/*
 * An IRQ on a shared CPU (el2_vectors_sched, every register of v in its
 * frame): a window boundary (the EL2 timer), an SPI of a partition not in the
 * hardware, or one for v as on a dedicated CPU. Returns the vCPU to resume.
 */
struct vcpu *sched_irq_lower(struct vcpu *v)
{
	uint32_t intid = gic_ack();

	if (intid == HAVEN_HYP_TIMER_INTID) {
		gic_eoi(intid);
		gic_deactivate(intid);
		v = sched_tick();
		if (!v)
			pcpu_idle();
		return v;
	}
	v->ctx->wfi_idle = false;
	if (intid == HAVEN_SGI_IPI && (this_pcpu()->events & EV_VIRQ))
		sched_virq_posted();
	if (intid < 1020 && sched_queue_spi(intid)) {
		gic_eoi(intid);
		return v;
	}
	irq_dispatch(v, intid);
	return v;
}

/*
 * Haven makes every interrupt Group 1 and never enables Group 0, so no GIC
 * interrupt arrives as an FIQ; one can only come from the platform itself
 * (misconfigured firmware, a direct FIQ line). It concerns the CPU, not the
 * machine: reported, and the partition it interrupted is stopped.
 */
void handle_fiq_lower(struct vcpu *v);
void handle_fiq_lower(struct vcpu *v)
{
	hv_log("FIQ partition=%u name=%s vcpu=%u pc=0x%llx: FIQs are not used", v->part->id,
	       v->part->cfg->name, v->id, (unsigned long long)v->regs.elr);
	partition_stop(v->part, "fiq");
}

void handle_serror_lower(struct vcpu *v);
void handle_serror_lower(struct vcpu *v)
{
	hv_log("SERROR partition=%u name=%s vcpu=%u esr=0x%llx pc=0x%llx", v->part->id,
	       v->part->cfg->name, v->id, (unsigned long long)read_sysreg(esr_el2),
	       (unsigned long long)v->regs.elr);
	partition_stop(v->part, "serror");
}
