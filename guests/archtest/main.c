/* SPDX-License-Identifier: MIT */
/*
 * archtest: what a vCPU's architectural state looks like through Haven
 * (tests/qemu scenario "arch", configs/test-arch.c, one vCPU, -icount).
 *
 * Boot 1:
 *   inject.*   the PSTATE an exception that Haven injects enters EL1 with:
 *              EL1h, D A I F set, NZCV kept, PAN set when SCTLR_EL1.SPAN is 0
 *              (kept otherwise), SSBS = SCTLR_EL1.DSSBS; the syndrome's IL
 *   a32.*      AArch32 EL0 (Thumb): a 16-bit store to the vUART advances the
 *              PC by 2, a 32-bit one by 4, one in an IT block advances ITSTATE;
 *              CP15 physical-timer accesses are undefined (and Haven logs
 *              nothing: the scenario forbids it); an abort Haven injects
 *   pmu.*      the PMU does not count Haven's instructions: cycles and
 *              instructions around an HVC as around a NOP, although the guest
 *              asks for EL2 to be counted (PMCCFILTR_EL0.NSH, PMEVTYPER.NSH)
 *   sysreg.*   IMPDEF, auxiliary control, RAS error record and LORegion
 *              registers are undefined at EL1
 *   abort.*    a stage-2 permission fault with the guest's MMU on, through a
 *              stage-1 alias: Haven reports the IPA, not the VA (the runner
 *              checks the VIOLATION line), and leaves PAR_EL1 alone
 *   then it dirties FP/SIMD, PMU and debug registers and resets itself.
 * Boot 2:
 *   reset.*    those registers are back at their reset values.
 * A page Haven does not reload (0x43000000) holds the boot counter.
 */
#include <haven/abi.h>
#include <haven/lib.h>

#include "console.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"

#define PERSIST_IPA 0x43000000ULL /* configs/test-arch.c: mem[1], read/write */
#define RO_IPA 0x43001000ULL      /* mem[2], read-only */
#define UNMAPPED_IPA 0x44000000ULL
#define ALIAS_VA 0x80000000ULL    /* stage-1 alias of IPA 0x40000000 (abort test) */
#define PERSIST_MAGIC 0x5453455448435241ULL

/* Filled by the vectors (vectors.c); offsets are fixed there. */
struct arch_rec {
	uint64_t esr, elr, spsr, far;
	uint64_t nzcv;   /* NZCV at the vector */
	uint64_t pstate; /* the handler's PSTATE */
	uint64_t count;
	uint64_t r[4];   /* AArch32 r0..r3 at the exception */
};
volatile struct arch_rec arch_rec HIDDEN;

extern char arch_vectors[] HIDDEN;
extern char guest_vectors[] HIDDEN;
uint64_t run_a32(uint64_t pc, uint64_t spsr, uint64_t r0, uint64_t r1);

#define VEC_CLOBBERS "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory", "cc"

#define EC_UNKNOWN 0x00
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define ESR_IL BIT(25)
#define ESR_ISV BIT(24)
#define ESR_EC(e) (((e) >> 26) & 0x3f)

#define PSR_M_EL1H 0x5
#define PSR_DAIF (0xfULL << 6)
#define PSR_SSBS BIT(12)
#define PSR_PAN BIT(22)
#define PSR_NZCV (0xfULL << 28)
#define SCTLR_SPAN BIT(23)
#define SCTLR_DSSBS BIT(44)

struct persist {
	volatile uint64_t magic;
	volatile uint64_t boots;
	volatile uint64_t oslsr; /* OSLSR_EL1 at the first boot */
};

static struct persist *persist(void)
{
	return (struct persist *)(uintptr_t)PERSIST_IPA;
}

/* ---- item: the PSTATE of an injected exception --------------------------- */

/* A load outside the partition: Haven reports it and injects a synchronous external abort. */
static void injected_abort(uint64_t nzcv)
{
	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=read\n", (unsigned long long)UNMAPPED_IPA);
	__asm__ volatile("msr nzcv, %0\n\tldr x17, [%1]" : : "r"(nzcv), "r"(UNMAPPED_IPA) : VEC_CLOBBERS);
}

static void set_pan(bool on)
{
	if (on)
		__asm__ volatile("msr pan, #1" ::: "memory");
	else
		__asm__ volatile("msr pan, #0" ::: "memory");
}

static void sctlr_set(uint64_t bits, bool on)
{
	uint64_t v = read_sysreg(sctlr_el1);

	write_sysreg(sctlr_el1, on ? v | bits : v & ~bits);
	isb();
}

/* One injected abort with SPAN, PAN, DSSBS as given; checks the handler's PSTATE. */
static void pstate_case(const char *name, bool span, bool pan, bool dssbs, bool check_ssbs)
{
	uint64_t count = arch_rec.count, nzcv = 0x90000000ULL, ps, want_pan;
	char n[48];

	sctlr_set(SCTLR_SPAN, span);
	sctlr_set(SCTLR_DSSBS, dssbs);
	set_pan(pan);
	injected_abort(nzcv);
	set_pan(false);
	sctlr_set(SCTLR_SPAN, true);
	sctlr_set(SCTLR_DSSBS, false);
	ps = arch_rec.pstate;
	want_pan = (!span || pan) ? PSR_PAN : 0;
	hv_snprintf(n, sizeof(n), "inject.%s", name);
	t_check("arch", n,
		arch_rec.count == count + 1 && (ps & 0xf) == PSR_M_EL1H && (ps & PSR_DAIF) == PSR_DAIF &&
			(ps & PSR_PAN) == want_pan &&
			(!check_ssbs || (ps & PSR_SSBS) == (dssbs ? PSR_SSBS : 0)) &&
			(arch_rec.nzcv & PSR_NZCV) == nzcv && ESR_EC(arch_rec.esr) == EC_DABT_CUR &&
			(arch_rec.esr & ESR_IL),
		"SPAN=%d PAN=%d DSSBS=%d: handler PSTATE 0x%llx (PAN %s), NZCV 0x%llx, ESR 0x%llx",
		span, pan, dssbs, (unsigned long long)ps, want_pan ? "expected" : "not expected",
		(unsigned long long)arch_rec.nzcv, (unsigned long long)arch_rec.esr);
}

static void test_inject_pstate(void)
{
	bool ssbs = ((read_sysreg(id_aa64pfr1_el1) >> 4) & 0xf) != 0;

	pstate_case("pan.kept_clear", true, false, false, ssbs);
	pstate_case("pan.kept_set", true, true, false, ssbs);
	pstate_case("pan.set_by_span0", false, false, false, ssbs);
	if (ssbs)
		pstate_case("ssbs.from_dssbs", true, false, true, true);
	else
		t_pass("arch", "inject.ssbs.from_dssbs", "FEAT_SSBS not implemented");
}

/* ---- item: AArch32 EL0 -------------------------------------------------- */

/* Thumb code, hand-assembled (halfwords in execution order). */
static const uint16_t thumb[] __attribute__((aligned(16))) = {
	/* 0: A, a 16-bit store then UDF */
	0x6001,         /* str   r1, [r0] */
	0xde01,         /* udf   #1 */
	0xde09, 0xde09, /* (reached only after a wrong PC advance) */
	/* 8: B, the store in an IT block */
	0x2200,         /* movs  r2, #0      (Z = 1) */
	0xbf0c,         /* ite   eq */
	0x6001,         /* streq r1, [r0]    (executes) */
	0x2201,         /* movne r2, #1      (must not: ITSTATE says NE) */
	0xde02,         /* udf   #2 */
	0xde09,
	/* 20: C, a 32-bit store */
	0xf8c0, 0x1000, /* str.w r1, [r0] */
	0xde03,         /* udf   #3 */
	0xde09,
	/* 28: D, CNTP_CTL from EL0 */
	0xee1e, 0x2f32, /* mrc   p15, 0, r2, c14, c2, 1 */
	0xde04, 0xde09,
	/* 36: E, CNTP_CVAL from EL0 */
	0xec53, 0x2f2e, /* mrrc  p15, 2, r2, r3, c14 */
	0xde05, 0xde09,
	/* 44: F, a 16-bit load outside the partition */
	0x6802,         /* ldr   r2, [r0] */
	0xde06, 0xde09, 0xde09,
};

#define A32_USR_THUMB 0x1f0 /* M = usr (0x10), T, A I F masked */

static uint64_t thumb_at(unsigned off)
{
	return (uint64_t)(uintptr_t)thumb + off;
}

/* Runs the Thumb program at off; returns how many exceptions the vectors recorded. */
static uint64_t a32(unsigned off, uint64_t r0, uint64_t r1)
{
	uint64_t count = arch_rec.count;

	run_a32(thumb_at(off), A32_USR_THUMB, r0, r1);
	set_pan(false); /* the handler's PSTATE (see vectors.c) stays in effect */
	return arch_rec.count - count;
}

static void uart_newline(void)
{
	mmio_write32(HAVEN_VUART_IPA, '\n'); /* ends the line the EL0 store started */
}

static void test_a32(void)
{
	uint64_t n, kctl = read_sysreg(cntkctl_el1);

	if (((read_sysreg(id_aa64pfr0_el1) >> 0) & 0xf) < 2) {
		t_pass("arch", "a32.skipped", "no AArch32 at EL0");
		return;
	}
	n = a32(0, HAVEN_VUART_IPA, 'A');
	uart_newline();
	t_check("arch", "a32.str16.pc_plus_2",
		n == 1 && ESR_EC(arch_rec.esr) == EC_UNKNOWN && arch_rec.elr == thumb_at(2),
		"UDF at +0x%llx (expected +0x2), ESR 0x%llx, %llu exceptions",
		(unsigned long long)(arch_rec.elr - thumb_at(0)), (unsigned long long)arch_rec.esr,
		(unsigned long long)n);

	n = a32(8, HAVEN_VUART_IPA, 'B');
	uart_newline();
	t_check("arch", "a32.str16_in_it_block.itstate",
		n == 1 && arch_rec.elr == thumb_at(16) && arch_rec.r[2] == 0 &&
			(arch_rec.spsr & ((3ULL << 25) | (0x3fULL << 10))) == 0,
		"UDF at +0x%llx (expected +0x10), r2=%llu (1: MOVNE ran as the IT block's EQ), "
		"SPSR 0x%llx",
		(unsigned long long)(arch_rec.elr - thumb_at(0)), (unsigned long long)arch_rec.r[2],
		(unsigned long long)arch_rec.spsr);

	n = a32(20, HAVEN_VUART_IPA, 'C');
	uart_newline();
	t_check("arch", "a32.str32.pc_plus_4", n == 1 && arch_rec.elr == thumb_at(24),
		"UDF at +0x%llx (expected +0x18)", (unsigned long long)(arch_rec.elr - thumb_at(0)));

	/*
	 * EL0 may use the physical timer as far as EL1 is concerned. Where Haven
	 * traps it (EC 0x03, 0x04), the access is undefined at the MRC; where the
	 * partition owns it, the UDF after it ends the program. Either way Haven
	 * logs nothing (the scenario forbids "unhandled trap").
	 */
	write_sysreg(cntkctl_el1, kctl | BIT(9)); /* EL0PTEN */
	isb();
	n = a32(28, 0, 0);
	t_check("arch", "a32.cp15_cntp_ctl",
		n == 1 && ESR_EC(arch_rec.esr) == EC_UNKNOWN &&
			(arch_rec.elr == thumb_at(28) || arch_rec.elr == thumb_at(32)),
		"%s: ESR 0x%llx at +0x%llx",
		arch_rec.elr == thumb_at(28) ? "undefined" : "read",
		(unsigned long long)arch_rec.esr, (unsigned long long)(arch_rec.elr - thumb_at(0)));
	n = a32(36, 0, 0);
	t_check("arch", "a32.cp15_cntp_cval",
		n == 1 && ESR_EC(arch_rec.esr) == EC_UNKNOWN &&
			(arch_rec.elr == thumb_at(36) || arch_rec.elr == thumb_at(40)),
		"%s: ESR 0x%llx at +0x%llx",
		arch_rec.elr == thumb_at(36) ? "undefined" : "read",
		(unsigned long long)arch_rec.esr, (unsigned long long)(arch_rec.elr - thumb_at(0)));
	write_sysreg(cntkctl_el1, kctl);
	isb();

	/* An abort Haven injects: ISV is 0 in ESR_EL1, so IL is 1 even for a 16-bit instruction. */
	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=read\n", (unsigned long long)UNMAPPED_IPA);
	n = a32(44, UNMAPPED_IPA, 0);
	t_check("arch", "a32.ldr16_abort.syndrome",
		n == 1 && ESR_EC(arch_rec.esr) == EC_DABT_LOW && (arch_rec.esr & ESR_IL) &&
			!(arch_rec.esr & ESR_ISV) && (arch_rec.esr & 0x3f) == 0x10 &&
			arch_rec.elr == thumb_at(44) && arch_rec.far == UNMAPPED_IPA,
		"ESR 0x%llx at +0x%llx, FAR 0x%llx", (unsigned long long)arch_rec.esr,
		(unsigned long long)(arch_rec.elr - thumb_at(0)), (unsigned long long)arch_rec.far);
	t_check("arch", "a32.inject.pstate",
		(arch_rec.pstate & 0xf) == PSR_M_EL1H && (arch_rec.pstate & PSR_DAIF) == PSR_DAIF,
		"handler PSTATE 0x%llx", (unsigned long long)arch_rec.pstate);
}

/* ---- item: the PMU does not see EL2 --------------------------------------- */

#define PMCR_E BIT(0)
#define PMCR_P BIT(1)
#define PMCR_C BIT(2)
#define PMU_NSH BIT(27)          /* PMCCFILTR/PMEVTYPER: count at EL2 too, if allowed */
#define PMU_EV_INST_RETIRED 0x08

/* Cycles and instructions (event counter 0) over one HVC (PSCI_VERSION) or one NOP. */
static void pmu_span(bool hvc, uint64_t *cycles, uint64_t *insns)
{
	register uint64_t x0 __asm__("x0") = PSCI_VERSION;
	uint64_t c0, c1, i0, i1;

	if (hvc)
		__asm__ volatile("mrs %0, pmccntr_el0\n\tmrs %1, pmevcntr0_el0\n\thvc #0\n\t"
				 "mrs %2, pmevcntr0_el0\n\tmrs %3, pmccntr_el0"
				 : "=&r"(c0), "=&r"(i0), "=&r"(i1), "=&r"(c1), "+r"(x0)
				 :
				 : "x1", "x2", "x3", "memory");
	else
		__asm__ volatile("mrs %0, pmccntr_el0\n\tmrs %1, pmevcntr0_el0\n\tnop\n\t"
				 "mrs %2, pmevcntr0_el0\n\tmrs %3, pmccntr_el0"
				 : "=&r"(c0), "=&r"(i0), "=&r"(i1), "=&r"(c1), "+r"(x0)
				 :
				 : "x1", "x2", "x3", "memory");
	*cycles = c1 - c0;
	*insns = i1 - i0;
}

#define PMCR_DP BIT(5)

/*
 * The guest asks for EL2 to be counted (NSH); on the A55's PMUv3p1 the cycle
 * counter still stops where counting is prohibited only with PMCR_EL0.DP,
 * which this guest sets (see arch_cpu_init()).
 */
static void test_pmu(void)
{
	uint64_t hc = ~0ULL, hi = ~0ULL, nc = ~0ULL, ni = ~0ULL;

	write_sysreg(pmccfiltr_el0, PMU_NSH);
	write_sysreg(pmselr_el0, 0);
	isb();
	write_sysreg(pmxevtyper_el0, PMU_NSH | PMU_EV_INST_RETIRED);
	write_sysreg(pmcntenset_el0, BIT(31) | BIT(0));
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | PMCR_E | PMCR_P | PMCR_C | PMCR_DP);
	isb();
	for (int i = 0; i < 8; i++) {
		uint64_t c, n;

		pmu_span(true, &c, &n);
		hc = c < hc ? c : hc;
		hi = n < hi ? n : hi;
		pmu_span(false, &c, &n);
		nc = c < nc ? c : nc;
		ni = n < ni ? n : ni;
	}
	write_sysreg(pmcntenclr_el0, BIT(31) | BIT(0));
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) & ~(PMCR_E | PMCR_DP));
	isb();
	/* The HVC itself counts at EL1 like the NOP; Haven's ~100 instructions must not. */
	t_check("arch", "pmu.cycles_skip_el2", hc <= nc + 4,
		"PMCCNTR over an HVC %llu, over a NOP %llu", (unsigned long long)hc,
		(unsigned long long)nc);
	t_check("arch", "pmu.events_skip_el2", hi <= ni + 4,
		"INST_RETIRED over an HVC %llu, over a NOP %llu", (unsigned long long)hi,
		(unsigned long long)ni);
}

/* ---- hardening: trapped register groups are undefined --------------------- */

#define SYSREG_READ(enc) __asm__ volatile("mrs x17, " enc ::: VEC_CLOBBERS)
#define SYSREG_WRITE(enc) __asm__ volatile("msr " enc ", xzr" ::: VEC_CLOBBERS)

static void undef_check(const char *name, uint64_t before)
{
	t_check("arch", name,
		arch_rec.count == before + 1 && ESR_EC(arch_rec.esr) == EC_UNKNOWN,
		"%llu exceptions, ESR 0x%llx", (unsigned long long)(arch_rec.count - before),
		(unsigned long long)arch_rec.esr);
}

#define EXPECT_UNDEF(name, access) \
	do { \
		uint64_t _c = arch_rec.count; \
		access; \
		undef_check("sysreg." name ".undef", _c); \
	} while (0)

static void test_sysregs(void)
{
	bool ras = ((read_sysreg(id_aa64pfr0_el1) >> 28) & 0xf) != 0;
	bool lor = ((read_sysreg(id_aa64mmfr1_el1) >> 16) & 0xf) != 0;

	EXPECT_UNDEF("actlr_el1.read", SYSREG_READ("s3_0_c1_c0_1"));
	EXPECT_UNDEF("actlr_el1.write", SYSREG_WRITE("s3_0_c1_c0_1"));
	EXPECT_UNDEF("impdef.s3_1_c15_c2_0", SYSREG_READ("s3_1_c15_c2_0"));
	EXPECT_UNDEF("impdef.s3_0_c15_c1_0", SYSREG_READ("s3_0_c15_c1_0"));
	EXPECT_UNDEF("impdef.s3_0_c11_c0_0", SYSREG_READ("s3_0_c11_c0_0"));
	if (ras) {
		EXPECT_UNDEF("erridr_el1", SYSREG_READ("s3_0_c5_c3_0"));
		EXPECT_UNDEF("errselr_el1", SYSREG_WRITE("s3_0_c5_c3_1"));
		EXPECT_UNDEF("erxstatus_el1", SYSREG_READ("s3_0_c5_c4_2"));
	} else {
		t_pass("arch", "sysreg.ras.skipped", "FEAT_RAS not implemented");
	}
	if (lor) {
		EXPECT_UNDEF("lorc_el1", SYSREG_READ("s3_0_c10_c4_3"));
		EXPECT_UNDEF("lorid_el1", SYSREG_READ("s3_0_c10_c4_7"));
		EXPECT_UNDEF("lorsa_el1.write", SYSREG_WRITE("s3_0_c10_c4_0"));
	} else {
		t_pass("arch", "sysreg.lor.skipped", "FEAT_LOR not implemented");
	}
}

/* ---- hardening: a stage-2 permission fault with the guest's MMU on -------- */

static uint64_t s1_table[512] __attribute__((aligned(4096)));

#define S1_BLOCK (BIT(0) | BIT(10))     /* block descriptor, AF */
#define S1_NORMAL_NC (1ULL << 2)        /* AttrIndx 1 */
#define S1_DEVICE (0ULL << 2)           /* AttrIndx 0 */
#define S1_XN (BIT(53) | BIT(54))

static void test_s2_permission(void)
{
	uint64_t base = image_base() & ~0x3fffffffULL; /* the GiB of RAM the image is in */
	uint64_t sctlr = read_sysreg(sctlr_el1), count = arch_rec.count, par;
	uint64_t va = ALIAS_VA + (RO_IPA - base);

	/* VA 0..3 GiB: devices, RAM identity, RAM again at ALIAS_VA; MMU on, caches off. */
	s1_table[0] = 0x00000000ULL | S1_BLOCK | S1_DEVICE | S1_XN;
	s1_table[base >> 30] = base | S1_BLOCK | S1_NORMAL_NC;
	s1_table[ALIAS_VA >> 30] = base | S1_BLOCK | S1_NORMAL_NC | S1_XN;
	dsb(sy);
	write_sysreg(mair_el1, 0x4400);   /* 0: Device-nGnRnE, 1: Normal non-cacheable */
	write_sysreg(tcr_el1, 25 | (2ULL << 32) | BIT(23)); /* T0SZ 25, 40-bit PA, no TTBR1 walks */
	write_sysreg(ttbr0_el1, (uint64_t)(uintptr_t)s1_table);
	write_sysreg(par_el1, 0x5a5a000);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
	write_sysreg(sctlr_el1, sctlr | BIT(0));
	isb();
	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=write\n", (unsigned long long)RO_IPA);
	__asm__ volatile("str xzr, [%0]" : : "r"(va) : VEC_CLOBBERS);
	par = read_sysreg(par_el1);
	write_sysreg(sctlr_el1, sctlr);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
	t_check("arch", "abort.s2_permission.far_is_va",
		arch_rec.count == count + 1 && ESR_EC(arch_rec.esr) == EC_DABT_CUR &&
			arch_rec.far == va,
		"ESR 0x%llx FAR 0x%llx (the VA 0x%llx; Haven reports IPA 0x%llx)",
		(unsigned long long)arch_rec.esr, (unsigned long long)arch_rec.far,
		(unsigned long long)va, (unsigned long long)RO_IPA);
	t_check("arch", "abort.s2_permission.par_el1_kept", par == 0x5a5a000, "PAR_EL1 0x%llx",
		(unsigned long long)par);
}

/* ---- item: FP/SIMD, PMU and debug state do not survive SYSTEM_RESET ------- */

static unsigned pmu_counters(void)
{
	return (unsigned)((read_sysreg(pmcr_el0) >> 11) & 0x1f);
}

static unsigned breakpoints(void)
{
	return (unsigned)((read_sysreg(id_aa64dfr0_el1) >> 12) & 0xf) + 1;
}

static unsigned watchpoints(void)
{
	return (unsigned)((read_sysreg(id_aa64dfr0_el1) >> 20) & 0xf) + 1;
}

#define V_ALL "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31"

static void dirty_state(void)
{
	uint64_t v = 0x0123456789abcdefULL;

	/* FP/SIMD: every V register, FPCR (RMode, FZ, DN), FPSR (QC, IOC). */
	write_sysreg(cpacr_el1, 3ULL << 20);
	isb();
	__asm__ volatile(".irp i," V_ALL "\n\tdup v\\i\\().2d, %0\n\t.endr\n\t"
			 "msr fpcr, %1\n\tmsr fpsr, %2"
			 : : "r"(v), "r"(0x3c00000ULL), "r"(0x8000001ULL) : "memory");
	/* PMU: enabled counters, interrupt and overflow bits, EL0 access, filters, counts. */
	for (unsigned n = 0; n < pmu_counters(); n++) {
		write_sysreg(pmselr_el0, n);
		isb();
		write_sysreg(pmxevtyper_el0, 0x11);
		write_sysreg(pmxevcntr_el0, 0x1000 + n);
	}
	write_sysreg(pmccntr_el0, 0x5678);
	write_sysreg(pmccfiltr_el0, BIT(31));
	write_sysreg(pmintenset_el1, BIT(2));
	write_sysreg(pmovsset_el0, BIT(1));
	write_sysreg(pmuserenr_el0, 0xf);
	write_sysreg(pmcntenset_el0, BIT(31) | ((1ULL << pmu_counters()) - 1));
	write_sysreg(pmselr_el0, 3);
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | PMCR_E);
	/* Debug: a breakpoint and a watchpoint enabled (MDE off: they never fire), TDCC, OS lock open. */
	write_sysreg(dbgbvr0_el1, 0x4);
	write_sysreg(dbgbcr0_el1, 0x1e7);
	write_sysreg(dbgbvr5_el1, 0x4);
	write_sysreg(dbgbcr5_el1, 0x1e7);
	write_sysreg(dbgwvr0_el1, 0x8);
	write_sysreg(dbgwcr0_el1, 0x1fff);
	write_sysreg(dbgwvr3_el1, 0x8);
	write_sysreg(dbgwcr3_el1, 0x1fff);
	write_sysreg(mdscr_el1, BIT(12));
	write_sysreg(oslar_el1, 0);
	isb();
}

static uint64_t fp_or_all(uint64_t *fpcr, uint64_t *fpsr)
{
	uint64_t acc = 0, t;

	write_sysreg(cpacr_el1, 3ULL << 20);
	isb();
	__asm__ volatile("mov %0, xzr\n\t"
			 ".irp i," V_ALL "\n\tumov %1, v\\i\\().d[0]\n\torr %0, %0, %1\n\t"
			 "umov %1, v\\i\\().d[1]\n\torr %0, %0, %1\n\t.endr\n\t"
			 "mrs %2, fpcr\n\tmrs %3, fpsr"
			 : "=&r"(acc), "=&r"(t), "=r"(*fpcr), "=r"(*fpsr));
	write_sysreg(cpacr_el1, 0);
	isb();
	return acc;
}

static uint64_t dbg_or_all(void)
{
	uint64_t acc = read_sysreg(dbgbvr0_el1) | read_sysreg(dbgbcr0_el1) |
		       read_sysreg(dbgwvr0_el1) | read_sysreg(dbgwcr0_el1);

	if (breakpoints() > 5)
		acc |= read_sysreg(dbgbvr5_el1) | read_sysreg(dbgbcr5_el1);
	if (watchpoints() > 3)
		acc |= read_sysreg(dbgwvr3_el1) | read_sysreg(dbgwcr3_el1);
	return acc;
}

static void check_reset_state(uint64_t oslsr_at_boot)
{
	uint64_t cpacr = read_sysreg(cpacr_el1), pmselr = read_sysreg(pmselr_el0);
	uint64_t fpcr, fpsr, v, types = 0, counts = 0;

	v = fp_or_all(&fpcr, &fpsr);
	t_check("arch", "reset.cpacr_el1", cpacr == 0, "CPACR_EL1 0x%llx", (unsigned long long)cpacr);
	t_check("arch", "reset.fp_simd", v == 0 && fpcr == 0 && fpsr == 0,
		"V registers OR 0x%llx, FPCR 0x%llx, FPSR 0x%llx", (unsigned long long)v,
		(unsigned long long)fpcr, (unsigned long long)fpsr);
	for (unsigned n = 0; n < pmu_counters(); n++) {
		write_sysreg(pmselr_el0, n);
		isb();
		types |= read_sysreg(pmxevtyper_el0);
		counts |= read_sysreg(pmxevcntr_el0);
	}
	write_sysreg(pmselr_el0, 0);
	t_check("arch", "reset.pmu",
		!(read_sysreg(pmcr_el0) & PMCR_E) && read_sysreg(pmcntenset_el0) == 0 &&
			read_sysreg(pmintenset_el1) == 0 && read_sysreg(pmovsset_el0) == 0 &&
			read_sysreg(pmuserenr_el0) == 0 && read_sysreg(pmccfiltr_el0) == 0 &&
			read_sysreg(pmccntr_el0) == 0 && types == 0 && counts == 0,
		"PMCR 0x%llx CNTEN 0x%llx INTEN 0x%llx OVS 0x%llx USERENR 0x%llx CCFILTR 0x%llx "
		"CCNTR 0x%llx EVTYPER|=0x%llx EVCNTR|=0x%llx",
		(unsigned long long)read_sysreg(pmcr_el0), (unsigned long long)read_sysreg(pmcntenset_el0),
		(unsigned long long)read_sysreg(pmintenset_el1), (unsigned long long)read_sysreg(pmovsset_el0),
		(unsigned long long)read_sysreg(pmuserenr_el0), (unsigned long long)read_sysreg(pmccfiltr_el0),
		(unsigned long long)read_sysreg(pmccntr_el0), (unsigned long long)types,
		(unsigned long long)counts);
	t_check("arch", "reset.pmselr", pmselr == 0, "PMSELR_EL0 0x%llx", (unsigned long long)pmselr);
	t_check("arch", "reset.debug",
		read_sysreg(mdscr_el1) == 0 && dbg_or_all() == 0 &&
			(read_sysreg(oslsr_el1) & BIT(1)) == (oslsr_at_boot & BIT(1)),
		"MDSCR 0x%llx, DBGB/W{C,V}R OR 0x%llx, OSLSR 0x%llx (power-on 0x%llx)",
		(unsigned long long)read_sysreg(mdscr_el1), (unsigned long long)dbg_or_all(),
		(unsigned long long)read_sysreg(oslsr_el1), (unsigned long long)oslsr_at_boot);
}

int main(void)
{
	struct persist *ps = persist();

	if (ps->magic != PERSIST_MAGIC) {
		ps->magic = PERSIST_MAGIC;
		ps->boots = 0;
	}
	ps->boots++;
	if (ps->boots > 1) {
		check_reset_state(ps->oslsr);
		return 0;
	}
	ps->oslsr = read_sysreg(oslsr_el1);
	write_sysreg(vbar_el1, (uint64_t)(uintptr_t)arch_vectors);
	isb();
	test_inject_pstate();
	test_a32();
	test_pmu();
	test_sysregs();
	test_s2_permission();
	write_sysreg(vbar_el1, (uint64_t)(uintptr_t)guest_vectors);
	isb();
	dirty_state();
	hvc0(PSCI_SYSTEM_RESET, 0, 0, 0);
	t_fail("arch", "reset.returned", "SYSTEM_RESET returned");
	return 0;
}
