/* SPDX-License-Identifier: MIT */
/*
 * bench: measures the paths a guest crosses all the time (issue #10,
 * docs/performance.md). Freestanding EL1 code that uses only standard
 * interfaces (SMCCC/PSCI over HVC, the GICv3 distributor and system
 * registers, the virtual timer, PSCI CPU_ON), so the same image runs under
 * Haven (configs/bench.c) and natively on QEMU virt (-kernel bench.bin).
 *
 * Timing: under QEMU -icount shift=0,sleep=off every instruction is one
 * virtual nanosecond. PMCCNTR_EL0, with PMCCFILTR_EL0.NSH set so that EL2
 * cycles count too, then counts instructions on this CPU; CNTVCT_EL0 with
 * -cpu cortex-a55,cntfrq=1000000000 ticks once per virtual ns on every CPU.
 * Paths that stay on one vCPU are timed with PMCCNTR; paths that end in an
 * interrupt (timer deadline, an SGI to the other vCPU) with CNTVCT.
 *
 * Every figure is the number of instructions from the instruction that
 * starts the path (the HVC, the load or store, the ICC_SGI1R_EL1 write; for
 * the timer: the moment the counter reached the deadline) up to, not
 * including, the next guest instruction (the one after the trapping
 * instruction, or the first instruction of the guest's vector). The cost of
 * reading the counter itself (the difference of two back-to-back reads) is
 * subtracted, so a path with no trap at all measures 1.
 *
 * Output, one line per metric (n samples after a warm-up):
 *   @BENCH <key> min=<n> median=<n> p99=<n> max=<n> n=<n> unit=<instructions|virtual-ns>
 *   @T bench <key> PASS|FAIL ...    (produced and plausible; never a timing target)
 * median = the lower middle sample, p99 = nearest rank (ceil(0.99 n)-th sample).
 *
 * Under Haven, a second partition ("idle", configs/bench.c) runs this image
 * too; it sees partition id 1 and powers itself off at once.
 */
#include <haven/abi.h>

#include "console.h"
#include "exceptions.h"
#include "gic.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define SAMPLES 1000
#define WARMUP 32
#define GHZ 1000000000ULL

#define UNKNOWN_FN 0xC600FFFEu      /* vendor-hypervisor range, not a Haven call */
#define VIOLATION_IPA 0x80000000ULL /* outside the partition's map (and outside RAM) */
#define BITMAP_WORD 1               /* GICD_ISENABLER1 / ICENABLER1: INTIDs 32..63 */
#define BENCH_SGI 5
#define TIMER_AHEAD 2000 /* counter ticks from arming the timer to its deadline */
#define SETTLE_TICKS 20000 /* pause between IPI samples: the other vCPU is back in WFI */

#define ICC_SGI1R(intid, targets) (((uint64_t)(intid) << 24) | (targets))

extern char bench_vectors[] HIDDEN;
extern char guest_vectors[] HIDDEN;

static uint64_t samples[SAMPLES], samples2[SAMPLES];
static uint64_t pmc_cost, cnt_cost; /* a back-to-back pair of counter reads */
static bool haven;                  /* a Haven hypervisor answers its version call */

static struct {
	volatile uint64_t t1; /* vCPU 1's CNTVCT at its vector (stored by the vector) */
	volatile uint32_t ready, stop, done;
	volatile uint64_t bad_iar;
} ipi;

/* ---- counters ----------------------------------------------------------- */

static void pmu_init(void)
{
	write_sysreg(pmccfiltr_el0, BIT(27)); /* NSH: count at EL2 as well; EL0/EL1 counted */
	write_sysreg(pmcntenset_el0, BIT(31)); /* the cycle counter */
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | BIT(0) | BIT(2) | BIT(6)); /* E, C, LC */
	isb();
}

static inline uint64_t pmc(void)
{
	return read_sysreg(pmccntr_el0);
}

static inline uint64_t cnt(void)
{
	return read_sysreg(cntvct_el0);
}

static void calibrate(void)
{
	uint64_t a, b, c, d;

	pmc_cost = cnt_cost = ~0ULL;
	for (int i = 0; i < 16; i++) {
		__asm__ volatile("mrs %0, pmccntr_el0\n\tmrs %1, pmccntr_el0\n\t"
				 "mrs %2, cntvct_el0\n\tmrs %3, cntvct_el0"
				 : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d));
		if (b - a < pmc_cost)
			pmc_cost = b - a;
		if (d - c < cnt_cost)
			cnt_cost = d - c;
	}
}

/* ---- statistics and reporting --------------------------------------------- */

static void sort(uint64_t *a, unsigned n)
{
	static const unsigned gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };

	for (unsigned g = 0; g < ARRAY_SIZE(gaps); g++) {
		unsigned gap = gaps[g];

		for (unsigned i = gap; i < n; i++) {
			uint64_t v = a[i];
			unsigned j = i;

			for (; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
	}
}

/* Prints the @BENCH line and the plausibility check of one metric; returns the median. */
static uint64_t report(const char *key, uint64_t *s, unsigned n, const char *unit)
{
	uint64_t min, med, p99, max;
	bool ok;

	sort(s, n);
	min = s[0];
	med = s[(n - 1) / 2];
	p99 = s[(99 * n + 99) / 100 - 1];
	max = s[n - 1];
	cprintf("@BENCH %s min=%llu median=%llu p99=%llu max=%llu n=%u unit=%s\n", key,
		(unsigned long long)min, (unsigned long long)med, (unsigned long long)p99,
		(unsigned long long)max, n, unit);
	/* Under a hypervisor every path costs something; natively some take no instruction. */
	ok = n > 0 && min <= med && med <= p99 && p99 <= max && max < (1ULL << 40) &&
	     (!haven || min > 0);
	t_check("bench", key, ok, "median %llu %s (min %llu, p99 %llu, max %llu, %u samples)",
		(unsigned long long)med, unit, (unsigned long long)min, (unsigned long long)p99,
		(unsigned long long)max, n);
	return med;
}

/* ---- timed primitives ------------------------------------------------------ */

static uint64_t time_hvc(uint32_t fn, int64_t *ret)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = 0;
	register uint64_t x2 __asm__("x2") = 0;
	register uint64_t x3 __asm__("x3") = 0;
	uint64_t t0, t1;

	__asm__ volatile("mrs %[t0], pmccntr_el0\n\t"
			 "hvc #0\n\t"
			 "mrs %[t1], pmccntr_el0"
			 : [t0] "=&r"(t0), [t1] "=&r"(t1), "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	*ret = (int64_t)x0;
	return t1 - t0 - pmc_cost;
}

static uint64_t time_read32(uint64_t addr, uint32_t *v)
{
	/* A fixed caller-saved destination: the compiler's choice of a register would pick
	 * Haven's path (x19..x28 take the full frame: mmio_trap_x20). */
	register uint32_t r __asm__("w9");
	uint64_t t0, t1;

	__asm__ volatile("mrs %[t0], pmccntr_el0\n\t"
			 "ldr %w[r], [%[a]]\n\t"
			 "mrs %[t1], pmccntr_el0"
			 : [t0] "=&r"(t0), [t1] "=&r"(t1), [r] "=&r"(r)
			 : [a] "r"(addr)
			 : "memory");
	*v = r;
	return t1 - t0 - pmc_cost;
}

/*
 * time_read32 with the destination forced to w20: Haven saves and reloads
 * x19..x28 only when the trapping instruction names one of them, and Linux's
 * compiled code uses them all the time (mmio_trap_x20). x20 holds a poison
 * value before the load, so a value that never reaches it cannot pass.
 */
#define X20_POISON 0x5A5A
static uint64_t time_read32_x20(uint64_t addr, uint32_t *v)
{
	register uint64_t x20 __asm__("x20");
	uint64_t t0, t1;

	__asm__ volatile("mov x20, #0x5A5A\n\t" /* X20_POISON */
			 "mrs %[t0], pmccntr_el0\n\t"
			 "ldr w20, [%[a]]\n\t"
			 "mrs %[t1], pmccntr_el0"
			 : [t0] "=&r"(t0), [t1] "=&r"(t1), "=&r"(x20)
			 : [a] "r"(addr)
			 : "memory");
	*v = (uint32_t)x20;
	return t1 - t0 - pmc_cost;
}

static uint64_t time_write32(uint64_t addr, uint32_t v)
{
	uint64_t t0, t1;

	__asm__ volatile("mrs %[t0], pmccntr_el0\n\t"
			 "str %w[v], [%[a]]\n\t"
			 "mrs %[t1], pmccntr_el0"
			 : [t0] "=&r"(t0), [t1] "=&r"(t1)
			 : [a] "r"(addr), [v] "r"(v)
			 : "memory");
	return t1 - t0 - pmc_cost;
}

/*
 * Waits in WFI with IRQs unmasked until bench_vectors' IRQ entry has run once
 * (see vectors.c for the register contract). Returns the counter value read at
 * the vector; *iar gets the acknowledged INTID.
 */
static uint64_t wait_irq(volatile uint64_t *store, uint64_t reply, uint64_t *iar)
{
	register uint64_t x9 __asm__("x9") = 0;
	register uint64_t x10 __asm__("x10") = (uint64_t)(uintptr_t)store;
	register uint64_t x11 __asm__("x11") = reply;
	register uint64_t x12 __asm__("x12") = 1023;

	__asm__ volatile("msr daifclr, #2\n\t"
			 "wfi\n\t"
			 "msr daifset, #2"
			 : "+r"(x9), "+r"(x10), "+r"(x11), "+r"(x12)
			 :
			 : "x13", "x14", "x15", "cc", "memory");
	*iar = x12 & 0xffffff;
	return x9;
}

/* Arms the virtual timer TIMER_AHEAD ticks ahead and waits for its interrupt. */
static uint64_t vtimer_sample(uint64_t *iar)
{
	uint64_t d = cnt() + TIMER_AHEAD, t;

	write_sysreg(cntv_cval_el0, d);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	t = wait_irq(NULL, 0, iar);
	return t - d;
}

/* One SGI ping-pong with vCPU 1 (waiting in wait_irq with a reply armed). */
static void ipi_sample(uint64_t *lat, uint64_t *rtt, uint64_t *iar)
{
	register uint64_t x9 __asm__("x9") = 0;
	register uint64_t x10 __asm__("x10") = 0;
	register uint64_t x11 __asm__("x11") = 0;
	register uint64_t x12 __asm__("x12") = 1023;
	uint64_t t0, sgi = ICC_SGI1R(BENCH_SGI, 1u << 1);

	ipi.t1 = 0;
	__asm__ volatile("msr daifclr, #2\n\t"
			 "mrs %[t0], cntvct_el0\n\t"
			 "msr S3_0_C12_C11_5, %[sgi]\n\t" /* ICC_SGI1R_EL1 */
			 "wfi\n\t"
			 "msr daifset, #2"
			 : [t0] "=&r"(t0), "+r"(x9), "+r"(x10), "+r"(x11), "+r"(x12)
			 : [sgi] "r"(sgi)
			 : "x13", "x14", "x15", "cc", "memory");
	*lat = ipi.t1 - t0 - cnt_cost;
	*rtt = x9 - t0 - cnt_cost;
	*iar = x12 & 0xffffff;
}

/* A store to VIOLATION_IPA until bench_vectors' synchronous entry. */
static uint64_t violation_sample(uint64_t *esr)
{
	register uint64_t x9 __asm__("x9") = 0;
	register uint64_t x12 __asm__("x12") = 0;
	uint64_t t0;

	__asm__ volatile("mrs %[t0], pmccntr_el0\n\t"
			 "str wzr, [%[a]]"
			 : [t0] "=&r"(t0), "+r"(x9), "+r"(x12)
			 : [a] "r"(VIOLATION_IPA)
			 : "x13", "x14", "x15", "cc", "memory");
	*esr = x12;
	return x9 - t0 - pmc_cost;
}

static void vectors_bench(void)
{
	write_sysreg(vbar_el1, (uint64_t)(uintptr_t)bench_vectors);
	isb();
}

static void vectors_runtime(void)
{
	write_sysreg(vbar_el1, (uint64_t)(uintptr_t)guest_vectors);
	isb();
}

/* ---- the metrics ------------------------------------------------------------ */

static void bench_hvc(const char *key, uint32_t fn, bool want_ok)
{
	unsigned bad = 0;
	int64_t ret = 0, first = 0;

	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t t = time_hvc(fn, &ret);

		if (i == 0)
			first = ret;
		if (want_ok ? ret < 0 : ret != HAVEN_ERR_NOT_SUPPORTED)
			bad++;
		if (i >= WARMUP)
			samples[i - WARMUP] = t;
	}
	if (bad)
		t_fail("bench", key, "%u of %u calls of 0x%x returned an unexpected x0 (first 0x%llx)",
		       bad, WARMUP + SAMPLES, fn, (unsigned long long)first);
	else
		report(key, samples, SAMPLES, "instructions");
}

static void bench_mmio(void)
{
	uint64_t isen = GICD_BASE + GICD_ISENABLER(BITMAP_WORD);
	uint64_t icen = GICD_BASE + GICD_ICENABLER(BITMAP_WORD);
	uint32_t v = 0, after = 0, ctlr = 0;

	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t t = time_read32(GICD_BASE + GICD_CTLR, &ctlr);

		if (i >= WARMUP)
			samples[i - WARMUP] = t;
	}
	if (t_check("bench", "mmio_trap.value", (ctlr & GICD_CTLR_ARE) != 0, "GICD_CTLR=0x%x", ctlr))
		report("mmio_trap", samples, SAMPLES, "instructions");

	uint32_t ctlr_w20 = 0, wrong = 0;

	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t t = time_read32_x20(GICD_BASE + GICD_CTLR, &ctlr_w20);

		wrong += ctlr_w20 != ctlr; /* the same register read as above, through w20 */
		if (i >= WARMUP)
			samples[i - WARMUP] = t;
	}
	if (t_check("bench", "mmio_trap_x20.value", wrong == 0,
		    "GICD_CTLR=0x%x through w20 (0x%x otherwise), %u of %u wrong (poison 0x%x)", ctlr_w20,
		    ctlr, wrong, WARMUP + SAMPLES, X20_POISON))
		report("mmio_trap_x20", samples, SAMPLES, "instructions");

	mmio_write32(icen, 0xffffffffu);
	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t t = time_read32(isen, &v);

		if (i >= WARMUP)
			samples[i - WARMUP] = t;
	}
	if (t_check("bench", "mmio_trap_bitmap_read.value", v == 0,
		    "GICD_ISENABLER%u=0x%x with every interrupt disabled", BITMAP_WORD, v))
		report("mmio_trap_bitmap_read", samples, SAMPLES, "instructions");

	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t t = time_write32(isen, 0xffffffffu);

		if (i == 0)
			after = mmio_read32(isen);
		mmio_write32(icen, 0xffffffffu); /* outside the window: disable all 32 again */
		if (i >= WARMUP)
			samples[i - WARMUP] = t;
	}
	v = mmio_read32(isen);
	if (t_check("bench", "mmio_trap_bitmap.value", after == 0xffffffffu && v == 0,
		    "GICD_ISENABLER%u=0x%x after enabling 32 interrupts, 0x%x after disabling them",
		    BITMAP_WORD, after, v))
		report("mmio_trap_bitmap", samples, SAMPLES, "instructions");
}

static void bench_vtimer(void)
{
	unsigned bad = 0;
	uint64_t iar = 0;

	vectors_bench();
	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t t = vtimer_sample(&iar);

		if (iar != HAVEN_VTIMER_INTID)
			bad++;
		if (i >= WARMUP)
			samples[i - WARMUP] = t;
	}
	vectors_runtime();
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	if (bad)
		t_fail("bench", "vtimer_irq_latency", "%u of %u waits ended with INTID %llu, not the timer",
		       bad, WARMUP + SAMPLES, (unsigned long long)iar);
	else
		report("vtimer_irq_latency", samples, SAMPLES, "instructions");
}

/* vCPU 1: answers every BENCH_SGI with one to vCPU 0 until told to stop. */
static void ipi_responder(void *unused)
{
	uint64_t iar = 0, reply = ICC_SGI1R(BENCH_SGI, 1u << 0);

	gic_enable_private(BENCH_SGI);
	vectors_bench();
	ipi.ready = 1;
	dsb(sy);
	sev();
	while (!ipi.stop) {
		wait_irq(&ipi.t1, reply, &iar);
		if (iar != BENCH_SGI)
			ipi.bad_iar = iar;
	}
	vectors_runtime();
	gic_disable_private(BENCH_SGI);
	ipi.done = 1;
	dsb(sy);
	sev();
}

/* Lets vCPU 1 get back into WFI: a short timer wait, during which only it runs. */
static void settle(void)
{
	uint64_t iar;
	uint64_t d = cnt() + SETTLE_TICKS;

	write_sysreg(cntv_cval_el0, d);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	wait_irq(NULL, 0, &iar);
}

static void bench_ipi(void)
{
	uint64_t lat, rtt, iar = 0;
	unsigned bad = 0;
	int32_t rc;

	gic_enable_private(BENCH_SGI);
	rc = cpu_start(1, ipi_responder, NULL);
	if (!t_check("bench", "ipi.cpu_on", rc == PSCI_SUCCESS, "PSCI CPU_ON(1) -> %d", rc))
		return;
	if (!t_check("bench", "ipi.ready", WAIT_EVENT(ipi.ready, 1000), "vCPU 1 ready"))
		return;
	vectors_bench();
	settle();
	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		ipi_sample(&lat, &rtt, &iar);
		if (iar != BENCH_SGI)
			bad++;
		if (i >= WARMUP) {
			samples[i - WARMUP] = lat;
			samples2[i - WARMUP] = rtt;
		}
		settle();
	}
	/* Stop vCPU 1: one more ping, whose reply it still sends. */
	ipi.stop = 1;
	dsb(sy);
	ipi_sample(&lat, &rtt, &iar);
	vectors_runtime();
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	gic_disable_private(BENCH_SGI);
	t_check("bench", "ipi.cpu1_done", WAIT_EVENT(ipi.done, 1000), "vCPU 1 finished");
	if (bad || ipi.bad_iar) {
		t_fail("bench", "ipi_latency", "%u pings not answered by SGI %u (vCPU 1 saw INTID %llu)",
		       bad, BENCH_SGI, (unsigned long long)ipi.bad_iar);
		return;
	}
	report("ipi_latency", samples, SAMPLES, "instructions");
	report("ipi_roundtrip", samples2, SAMPLES, "instructions");
}

/*
 * Haven reports the first REPORT_BURST (64) violations of a partition back to
 * back, then rate-limits them (core/violation.c). So stage2_violation takes
 * VIOLATION_SAMPLES reported ones (after VIOLATION_WARMUP), well inside the
 * burst, and stage2_violation_suppressed the next SAMPLES, which find the
 * bucket empty: the cost of a violation that is counted, not printed.
 */
#define VIOLATION_WARMUP 8
#define VIOLATION_SAMPLES 40

static unsigned violation_run(uint64_t *out, unsigned warmup, unsigned n, uint64_t *esr)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < warmup + n; i++) {
		uint64_t t = violation_sample(esr);

		/* A synchronous external abort (DFSC 0x10) on a write, at EL1. */
		if (ESR_EC(*esr) != ESR_EC_DABT_CUR || ESR_DFSC(*esr) != ESR_DFSC_SEA || !(*esr & ESR_WNR))
			bad++;
		if (i >= warmup)
			out[i - warmup] = t;
	}
	return bad;
}

static void bench_violation(void)
{
	uint64_t esr = 0;
	unsigned bad, bad2;

	/* The first violation is announced; the scenario allows the rest (allow_violations_from). */
	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=write\n", (unsigned long long)VIOLATION_IPA);
	vectors_bench();
	bad = violation_run(samples, VIOLATION_WARMUP, VIOLATION_SAMPLES, &esr);
	bad2 = violation_run(samples2, 64 - VIOLATION_WARMUP - VIOLATION_SAMPLES, SAMPLES, &esr);
	vectors_runtime();
	if (bad || bad2) {
		t_fail("bench", "stage2_violation", "%u of %u stores did not end in a data abort (ESR 0x%llx)",
		       bad + bad2, 64 + SAMPLES, (unsigned long long)esr);
		return;
	}
	report("stage2_violation", samples, VIOLATION_SAMPLES, "instructions");
	report("stage2_violation_suppressed", samples2, SAMPLES, "instructions");
}

/* PMCCNTR must count EL2 too: across an HVC it advances exactly as the 1 GHz counter. */
static void check_counters(void)
{
	register uint64_t x0 __asm__("x0") = PSCI_VERSION;
	uint64_t c0, c1, p0, p1;

	__asm__ volatile("mrs %[c0], cntvct_el0\n\t"
			 "mrs %[p0], pmccntr_el0\n\t"
			 "hvc #0\n\t"
			 "mrs %[p1], pmccntr_el0\n\t"
			 "mrs %[c1], cntvct_el0"
			 : [c0] "=&r"(c0), [c1] "=&r"(c1), [p0] "=&r"(p0), [p1] "=&r"(p1), "+r"(x0)
			 :
			 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
			   "x13", "x14", "x15", "x16", "x17", "memory");
	t_check("bench", "counters.agree", c1 - c0 == p1 - p0 + 2,
		"across an HVC: CNTVCT +%llu, PMCCNTR +%llu (expected CNTVCT = PMCCNTR + 2; "
		"needs -icount shift=0 and cntfrq=1000000000)",
		(unsigned long long)(c1 - c0), (unsigned long long)(p1 - p0));
}

int main(void)
{
	uint64_t boot = cnt(); /* first thing: reset to here, in counter ticks */
	uint64_t freq = timer_freq();
	int64_t pid = hvc0(HAVEN_HVC_PARTITION_ID, 0, 0, 0);
	uint64_t ns;

	haven = hvc0(HAVEN_HVC_VERSION, 0, 0, 0) >= 0;
	if (haven && pid != 0) {
		cprintf("partition %lld: idle, powering off\n", (long long)pid);
		return 0;
	}
	cprintf("bench: %s, CNTFRQ %llu Hz, %u samples per metric after %u warm-up\n",
		haven ? "under Haven" : "no Haven (native or another hypervisor)",
		(unsigned long long)freq, SAMPLES, WARMUP);

	/* boot_to_guest: one sample (deterministic under icount), in virtual ns. */
	ns = freq == GHZ ? boot : boot * (GHZ / 1000) / (freq / 1000);
	samples[0] = ns;
	report("boot_to_guest", samples, 1, "virtual-ns");

	pmu_init();
	calibrate();
	cprintf("bench: counter read cost: PMCCNTR %llu, CNTVCT %llu\n", (unsigned long long)pmc_cost,
		(unsigned long long)cnt_cost);
	/* Let the other partition finish and power off: from here on only this vCPU runs. */
	sleep_ms(5);

	check_counters();
	bench_hvc("hvc_roundtrip", PSCI_VERSION, true);
	bench_hvc("hvc_unknown", UNKNOWN_FN, false);
	bench_mmio();
	if (t_check("bench", "cntfrq", freq == GHZ,
		    "CNTFRQ %llu Hz (the IRQ metrics need -cpu cortex-a55,cntfrq=1000000000)",
		    (unsigned long long)freq)) {
		bench_vtimer();
		bench_ipi();
	}
	bench_violation();
	t_check("bench", "irq.unhandled", irq_unhandled == 0, "%llu interrupts without a handler",
		(unsigned long long)irq_unhandled);
	return 0;
}
