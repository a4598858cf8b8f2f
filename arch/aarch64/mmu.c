/* SPDX-License-Identifier: MIT */
/*
 * EL2 translation (Haven's own identity map) and stage 2 (one table tree per
 * partition). Both come from one pool of 4 KiB tables inside the hypervisor
 * image (.pt_pool), so no table ever lives in partition memory.
 */
#include <haven/hv.h>
#include <haven/sched.h>
#include <haven/pgtable.h>

static struct pt_pool pool;

/*
 * MAIR_EL2, TCR_EL2, TTBR0_EL2: what mmu_enable() (boot.S) loads. CPU 0 fills
 * it; a secondary CPU reads it with its MMU still off (mmu_publish()).
 */
uint64_t el2_mmu_regs[3];

/* TCR_EL2: 39-bit VA, 4 KiB granule, inner-shareable write-back walks, 40-bit PA. */
#define TCR_EL2_VAL ((64 - PT_VA_BITS) | (1ULL << 8) | (1ULL << 10) | (3ULL << 12) | \
		     (2ULL << 16) | BIT(23) | BIT(31))
#define MDCR_HPMD BIT(17)
#define MDCR_HCCD BIT(23)
#define MDCR_TPMCR BIT(5)
#define MDCR_TPM BIT(6)
#define MDCR_TDA BIT(9)
#define MDCR_TDOSA BIT(10)
#define MDCR_TDRA BIT(11)
#define PMCR_P BIT(1)
#define PMCR_C BIT(2)

void el1_fp_reset(void);
void el1_debug_reset(unsigned brps, unsigned wrps);
/* MAIR_EL2: index 0 Device-nGnRE, index 1 Normal write-back read/write-allocate. */
#define MAIR_EL2_VAL (0x04ULL | (0xFFULL << 8))
/* VTCR_EL2: 39-bit IPA, walks start at level 1, 4 KiB granule, 40-bit PA, 8-bit VMID. */
#define VTCR_EL2_VAL ((64 - PT_VA_BITS) | (1ULL << 6) | (1ULL << 8) | (1ULL << 10) | \
		      (3ULL << 12) | (2ULL << 16) | BIT(31))

#define S1_NORMAL_RW (S1_ATTR_IDX(S1_MAIR_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_XN)
#define S1_NORMAL_RX (S1_ATTR_IDX(S1_MAIR_NORMAL) | PTE_SH_INNER | PTE_AF | S1_AP_RO)
#define S1_NORMAL_RO (S1_NORMAL_RX | PTE_XN)
#define S1_DEVICE (S1_ATTR_IDX(S1_MAIR_DEVICE) | PTE_AF | PTE_XN)

static void map_or_panic(uint64_t root, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs,
			 const char *what)
{
	int ret = pt_map(&pool, root, va, pa, size, attrs);

	if (ret)
		panic("cannot map %s 0x%llx+0x%llx (error %d, %u/%u tables used)", what,
		      (unsigned long long)va, (unsigned long long)size, ret, pool.used, pool.ntables);
}

/*
 * Builds the EL2 identity map and turns the MMU on: Haven's text read-only and
 * executable, its read-only data read-only, everything else in RAM read/write
 * and never executable (W^X), and Haven's own devices as Device-nGnRE.
 */
void mmu_init(void)
{
	const struct haven_platform *pl = &haven_platform;
	uint64_t el2_root, text = (uint64_t)_image_start, text_end = (uint64_t)_text_end;
	uint64_t ro_end = (uint64_t)_rodata_end;

	pool.mem = (uint64_t *)_pt_pool_start;
	pool.base_pa = (uint64_t)_pt_pool_start;
	pool.ntables = (unsigned)(((uint64_t)_pt_pool_end - (uint64_t)_pt_pool_start) / SZ_4K);
	pool.used = 0;
	el2_root = pt_alloc(&pool);
	el2_mmu_regs[0] = MAIR_EL2_VAL;
	el2_mmu_regs[1] = TCR_EL2_VAL;
	el2_mmu_regs[2] = el2_root;

	for (unsigned i = 0; i < pl->num_ram; i++) {
		uint64_t b = pl->ram[i].base, e = b + pl->ram[i].size;

		if (text >= b && ro_end <= e) {
			if (text > b)
				map_or_panic(el2_root, b, b, text - b, S1_NORMAL_RW, "RAM");
			map_or_panic(el2_root, text, text, text_end - text, S1_NORMAL_RX, "text");
			if (ro_end > text_end)
				map_or_panic(el2_root, text_end, text_end, ro_end - text_end, S1_NORMAL_RO,
					     "rodata");
			map_or_panic(el2_root, ro_end, ro_end, e - ro_end, S1_NORMAL_RW, "RAM");
		} else {
			map_or_panic(el2_root, b, b, e - b, S1_NORMAL_RW, "RAM");
		}
	}
	for (unsigned i = 0; i < pl->num_devices; i++) {
		const struct haven_device *d = &pl->devices[i];

		if (d->flags & HV_DEV_HYP)
			map_or_panic(el2_root, d->base & ~(SZ_4K - 1), d->base & ~(SZ_4K - 1),
				     ALIGN_UP(d->size, SZ_4K), S1_DEVICE, d->name);
	}
	mmu_enable(el2_mmu_regs);
	arch_cpu_init();
}

/*
 * Maps a device for Haven's own use after mmu_init(), on CPU 0 before the
 * others start (mmu_publish()): the ECAM, only when a partition needs it
 * emulated. New entries only, so no break-before-make; the barriers make
 * them visible to the table walks that follow.
 */
void mmu_map_device(uint64_t base, uint64_t size, const char *what)
{
	map_or_panic(el2_mmu_regs[2], base, base, size, S1_DEVICE, what);
	dsb(ishst);
	isb();
}

/* Cleans [start, start + size) from the data caches to the point of coherency. */
void dcache_clean_poc(uint64_t start, uint64_t size)
{
	for (uint64_t a = start & ~63ULL; a < start + size; a += 64)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb(sy);
}

/*
 * Before the secondary CPUs start: they read el2_mmu_regs with their MMU
 * off, so it must be in memory, not only in this CPU's cache; so must the
 * translation tables, written with the caches on, that their walks use.
 */
void mmu_publish(void)
{
	dcache_clean_poc((uint64_t)el2_mmu_regs, sizeof(el2_mmu_regs));
	dcache_clean_poc(pool.base_pa, (uint64_t)pool.used * SZ_4K);
}

/* Per-CPU EL2 set-up, with the MMU on: the traps every partition runs under. */
void arch_cpu_init(void)
{
	bool ras = (read_sysreg(id_aa64pfr0_el1) >> 28) & 0xF;
	bool lor = (read_sysreg(id_aa64mmfr1_el1) >> 16) & 0xF;
	uint64_t pmuver = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xF;

	write_sysreg(vtcr_el2, VTCR_EL2_VAL);
	write_sysreg(hcr_el2, HCR_GUEST | (ras ? HCR_TERR : 0) | (lor ? HCR_TLOR : 0));
	/* No EL1 write access to the CPU's IMPLEMENTATION DEFINED (e.g. cluster) control registers. */
	write_sysreg(actlr_el2, 0);
	/*
	 * FP/SIMD not trapped: EL2 never switches vCPUs and touches it only to
	 * reset it (el1_fp_reset; C at EL2 is -mgeneral-regs-only).
	 */
	write_sysreg(cptr_el2, 0x33FF);
	/*
	 * The guest owns the PMU counters of its dedicated CPU (HPMN = all), but
	 * the event counters do not count while Haven runs (HPMD), nor does the
	 * cycle counter from PMUv3p5 on (HCCD). Before that (the Cortex-A55's
	 * PMUv3p1) the cycle counter stops at EL2 only if the guest sets PMCR_EL0.DP
	 * or leaves PMCCFILTR_EL0.NSH clear (docs/isolation.md).
	 */
	write_sysreg(mdcr_el2, MDCR_HPMD | (pmuver >= 6 && pmuver != 0xF ? MDCR_HCCD : 0) |
				       ((read_sysreg(pmcr_el0) >> 11) & 0x1F));
	/*
	 * EL1 owns the physical counter and timer of its dedicated CPU (EL1PCTEN,
	 * EL1PCEN); Haven uses neither timer itself.
	 */
	write_sysreg(cnthctl_el2, 3);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	isb();
}

/* Builds the stage-2 tables of p from its config; returns the root table's PA. */
uint64_t stage2_build(struct partition *p)
{
	const struct haven_partition_config *c = p->cfg;
	uint64_t root = pt_alloc(&pool);

	if (!root)
		panic("partition '%s': page-table pool exhausted", c->name);
	for (unsigned i = 0; i < c->num_mem; i++) {
		const struct haven_mem_region *r = &c->mem[i];
		uint64_t attrs = S2_MEMATTR_NORMAL_WB | PTE_SH_INNER | PTE_AF;

		attrs |= (r->perm & HV_MEM_R) ? S2_AP_R : 0;
		attrs |= (r->perm & HV_MEM_W) ? S2_AP_W : 0;
		attrs |= (r->perm & HV_MEM_X) ? 0 : PTE_XN;
		map_or_panic(root, r->ipa, r->pa, r->size, attrs, "partition memory");
	}
	for (unsigned i = 0; i < c->num_mmio; i++) {
		const struct haven_mmio_region *m = &c->mmio[i];

		if (vpci_emulates(m))
			continue; /* unmapped: every access traps (core/vpci.c) */
		map_or_panic(root, m->ipa, m->pa, m->size,
			     S2_MEMATTR_DEVICE_nGnRE | S2_AP_R | S2_AP_W | PTE_AF | PTE_XN,
			     "partition MMIO");
	}
	return root;
}

unsigned pt_pool_used(void)
{
	return pool.used;
}

/* The PMU as after a reset: off, every counter 0, no enable, filter, overflow or EL0 access. */
static void pmu_reset(void)
{
	unsigned n = (read_sysreg(pmcr_el0) >> 11) & 0x1F;

	write_sysreg(pmcr_el0, PMCR_P | PMCR_C);
	write_sysreg(pmcntenclr_el0, 0xFFFFFFFF);
	write_sysreg(pmintenclr_el1, 0xFFFFFFFF);
	write_sysreg(pmovsclr_el0, 0xFFFFFFFF);
	write_sysreg(pmuserenr_el0, 0);
	write_sysreg(pmccfiltr_el0, 0);
	for (unsigned i = 0; i < n; i++) {
		write_sysreg(pmselr_el0, i);
		isb();
		write_sysreg(pmxevtyper_el0, 0);
	}
	write_sysreg(pmselr_el0, 0);
}

/* Self-hosted debug as after a cold reset: no breakpoint or watchpoint, the OS lock locked. */
static void debug_reset(void)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);

	write_sysreg(mdscr_el1, 0);
	el1_debug_reset(((dfr0 >> 12) & 0xF) + 1, ((dfr0 >> 20) & 0xF) + 1);
	write_sysreg(mdccint_el1, 0);
	write_sysreg(osdlr_el1, 0);
	write_sysreg(oslar_el1, 1);
}

/* Resets the EL1 state a guest sees at its first instruction. */
void arch_vcpu_reset_el1(void)
{
	write_sysreg(sctlr_el1, 0x30D00800); /* RES1 bits only: MMU and caches off */
	write_sysreg(tcr_el1, 0);
	write_sysreg(ttbr0_el1, 0);
	write_sysreg(ttbr1_el1, 0);
	write_sysreg(mair_el1, 0);
	write_sysreg(vbar_el1, 0);
	write_sysreg(cpacr_el1, 0);
	write_sysreg(contextidr_el1, 0);
	write_sysreg(tpidr_el1, 0);
	write_sysreg(tpidr_el0, 0);
	write_sysreg(tpidrro_el0, 0);
	write_sysreg(sp_el0, 0);
	write_sysreg(sp_el1, 0);
	write_sysreg(elr_el1, 0);
	write_sysreg(spsr_el1, 0);
	write_sysreg(esr_el1, 0);
	write_sysreg(far_el1, 0);
	write_sysreg(afsr0_el1, 0);
	write_sysreg(afsr1_el1, 0);
	write_sysreg(amair_el1, 0);
	write_sysreg(cntkctl_el1, 0);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntv_cval_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(cntp_cval_el0, 0);
	write_sysreg(par_el1, 0);
	el1_fp_reset();
	pmu_reset();
	debug_reset();
	isb();
	__asm__ volatile("tlbi vmalls12e1\n dsb nsh\n isb" ::: "memory");
}

/*
 * The EL1 state a vCPU switch on a shared CPU moves (core/sched.c), in one
 * order for save and load. The rest of EL1 needs no switch there: the PMU,
 * the debug registers and the EL1 physical timer trap on a shared CPU
 * (arch_sched_cpu_init), and the virtual timer and FP/SIMD go separately.
 */
#define EL1_REGS(X)                                                                              \
	X(sctlr_el1) X(tcr_el1) X(ttbr0_el1) X(ttbr1_el1) X(mair_el1) X(amair_el1) X(vbar_el1)   \
	X(contextidr_el1) X(tpidr_el1) X(tpidr_el0) X(tpidrro_el0) X(sp_el0) X(sp_el1)           \
	X(elr_el1) X(spsr_el1) X(esr_el1) X(far_el1) X(afsr0_el1) X(afsr1_el1) X(par_el1)        \
	X(cpacr_el1) X(cntkctl_el1) X(csselr_el1)

#define EL1_COUNT(r) +1
_Static_assert(0 EL1_REGS(EL1_COUNT) == EL1_CTX_REGS, "include/haven/sched.h: EL1_CTX_REGS");

void arch_el1_save(uint64_t *regs)
{
	unsigned i = 0;

#define EL1_SAVE(r) regs[i++] = read_sysreg(r);
	EL1_REGS(EL1_SAVE)
}

void arch_el1_load(const uint64_t *regs)
{
	unsigned i = 0;

#define EL1_LOAD(r) write_sysreg(r, regs[i++]);
	EL1_REGS(EL1_LOAD)
}

/*
 * A CPU that a schedule shares: the guest's WFI traps (the scheduler counts a
 * waiting vCPU as idle, not overrunning), and what would leak between the
 * partitions that take turns on it, or need switching, traps too and is
 * refused (an Undefined Instruction): the PMU (TPM, TPMCR), the debug
 * registers (TDA, TDOSA, TDRA) and the EL1 physical timer (EL1PCEN clear;
 * the physical counter stays readable).
 */
void arch_sched_cpu_init(void)
{
	write_sysreg(hcr_el2, read_sysreg(hcr_el2) | HCR_TWI);
	write_sysreg(mdcr_el2, read_sysreg(mdcr_el2) | MDCR_TPMCR | MDCR_TPM | MDCR_TDA | MDCR_TDOSA |
				       MDCR_TDRA);
	write_sysreg(cnthctl_el2, 1);
	isb();
}

int fw_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	return (int)smc_call(PSCI_CPU_ON_64, mpidr, entry, ctx);
}

void fw_system_off(void)
{
	smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

/* The whole machine: only after a PANIC (core/panic.c, HAVEN_PANIC_RESET). */
void fw_system_reset(void)
{
	smc_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		wfi();
}
