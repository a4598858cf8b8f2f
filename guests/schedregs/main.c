/* SPDX-License-Identifier: MIT */
/*
 * schedregs: three partitions take turns on CPU 0, 0.5 ms each in a 1.5 ms
 * frame (configs/test-temporal-regs.c, scenario "temporal-regs", under
 * -icount shift=0); the role comes from the partition id.
 *
 * Partitions 0 and 1 each fill every register class that a vCPU switch
 * moves with values of their own (the seed is the id): x2..x30, V0..V31,
 * FPCR and FPSR (FP enabled in CPACR_EL1), the virtual timer (CNTV_CVAL and
 * CNTV_CTL, masked), the GIC's priority mask (PMR), an active virtual SGI
 * (acknowledged, not EOIed: the list register and the active priority) and a
 * pending one. Then each spins with IRQs masked across HOLD_MS, through dozens
 * of preemptions by the other two, and checks that all of it is still its
 * own. Last, it sleeps (WFI until its timer's IRQ) across windows.
 *
 * Partition 2 only sleeps: a vCPU waiting in WFI when its window ends is not
 * overrunning (the scenario checks Haven's count: none).
 */
#include <haven/abi.h>

#include "gic.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define HOLD_MS 50
#define SLEEPS 20
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_HPPIR1_EL1 S3_0_C12_C12_2
#define CPACR_FPEN (3ULL << 20)

struct regfile {
	uint64_t x[32]; /* x2..x30 used */
	uint64_t v[64]; /* V0..V31, two halves each */
	uint64_t fpcr, fpsr;
};

/*
 * void regs_hold(uint64_t until, const struct regfile *in, struct regfile *out):
 * loads x2..x30, V0..V31, FPCR and FPSR from in, spins on the virtual counter
 * (x0, x1 only) until it reaches until, then stores them all to out.
 */
void regs_hold(uint64_t until, const struct regfile *in, struct regfile *out);
__asm__(
	".arch_extension fp\n"
	".arch_extension simd\n"
	".text\n"
	".global regs_hold\n"
	".type regs_hold, %function\n"
	"regs_hold:\n"
	"	stp x29, x30, [sp, #-112]!\n"
	"	stp x19, x20, [sp, #16]\n"
	"	stp x21, x22, [sp, #32]\n"
	"	stp x23, x24, [sp, #48]\n"
	"	stp x25, x26, [sp, #64]\n"
	"	stp x27, x28, [sp, #80]\n"
	"	str x2, [sp, #96]\n"
	"	add x3, x1, #256\n"
	"	ldp q0, q1, [x3, #0]\n	ldp q2, q3, [x3, #32]\n	ldp q4, q5, [x3, #64]\n"
	"	ldp q6, q7, [x3, #96]\n	ldp q8, q9, [x3, #128]\n	ldp q10, q11, [x3, #160]\n"
	"	ldp q12, q13, [x3, #192]\n	ldp q14, q15, [x3, #224]\n	ldp q16, q17, [x3, #256]\n"
	"	ldp q18, q19, [x3, #288]\n	ldp q20, q21, [x3, #320]\n	ldp q22, q23, [x3, #352]\n"
	"	ldp q24, q25, [x3, #384]\n	ldp q26, q27, [x3, #416]\n	ldp q28, q29, [x3, #448]\n"
	"	ldp q30, q31, [x3, #480]\n"
	"	add x2, x1, #768\n"
	"	ldp x2, x3, [x2]\n"
	"	msr fpcr, x2\n"
	"	msr fpsr, x3\n"
	"	ldp x2, x3, [x1, #16]\n	ldp x4, x5, [x1, #32]\n	ldp x6, x7, [x1, #48]\n"
	"	ldp x8, x9, [x1, #64]\n	ldp x10, x11, [x1, #80]\n	ldp x12, x13, [x1, #96]\n"
	"	ldp x14, x15, [x1, #112]\n	ldp x16, x17, [x1, #128]\n	ldp x18, x19, [x1, #144]\n"
	"	ldp x20, x21, [x1, #160]\n	ldp x22, x23, [x1, #176]\n	ldp x24, x25, [x1, #192]\n"
	"	ldp x26, x27, [x1, #208]\n	ldp x28, x29, [x1, #224]\n	ldr x30, [x1, #240]\n"
	"1:	mrs x1, cntvct_el0\n"
	"	cmp x1, x0\n"
	"	b.lo 1b\n"
	"	ldr x0, [sp, #96]\n"
	"	stp x2, x3, [x0, #16]\n	stp x4, x5, [x0, #32]\n	stp x6, x7, [x0, #48]\n"
	"	stp x8, x9, [x0, #64]\n	stp x10, x11, [x0, #80]\n	stp x12, x13, [x0, #96]\n"
	"	stp x14, x15, [x0, #112]\n	stp x16, x17, [x0, #128]\n	stp x18, x19, [x0, #144]\n"
	"	stp x20, x21, [x0, #160]\n	stp x22, x23, [x0, #176]\n	stp x24, x25, [x0, #192]\n"
	"	stp x26, x27, [x0, #208]\n	stp x28, x29, [x0, #224]\n	str x30, [x0, #240]\n"
	"	mrs x2, fpcr\n"
	"	mrs x3, fpsr\n"
	"	add x4, x0, #768\n"
	"	stp x2, x3, [x4]\n"
	"	add x3, x0, #256\n"
	"	stp q0, q1, [x3, #0]\n	stp q2, q3, [x3, #32]\n	stp q4, q5, [x3, #64]\n"
	"	stp q6, q7, [x3, #96]\n	stp q8, q9, [x3, #128]\n	stp q10, q11, [x3, #160]\n"
	"	stp q12, q13, [x3, #192]\n	stp q14, q15, [x3, #224]\n	stp q16, q17, [x3, #256]\n"
	"	stp q18, q19, [x3, #288]\n	stp q20, q21, [x3, #320]\n	stp q22, q23, [x3, #352]\n"
	"	stp q24, q25, [x3, #384]\n	stp q26, q27, [x3, #416]\n	stp q28, q29, [x3, #448]\n"
	"	stp q30, q31, [x3, #480]\n"
	"	ldp x19, x20, [sp, #16]\n"
	"	ldp x21, x22, [sp, #32]\n"
	"	ldp x23, x24, [sp, #48]\n"
	"	ldp x25, x26, [sp, #64]\n"
	"	ldp x27, x28, [sp, #80]\n"
	"	ldp x29, x30, [sp], #112\n"
	"	ret\n");

static struct regfile in, out;

/* Waits (IRQs masked) until the highest pending virtual interrupt is intid; false after 10 ms. */
static bool pending_is(uint32_t intid)
{
	uint64_t deadline = deadline_ms(10);

	while ((read_sysreg(ICC_HPPIR1_EL1) & 0xFFFFFF) != intid)
		if (expired(deadline))
			return false;
	return true;
}

static void hold(uint64_t seed)
{
	uint64_t pmr = 0xF0 - 0x10 * seed, cval = timer_now() + timer_ms_to_ticks(10000) + seed, prio;
	unsigned bad_x = 0, bad_v = 0;
	uint32_t got;

	for (unsigned n = 0; n < 32; n++)
		in.x[n] = (seed << 56) | (0x1111111111ULL * (n + 1));
	for (unsigned n = 0; n < 64; n++)
		in.v[n] = (seed << 60) ^ (0x0123456789ABCDEFULL * (n + 3));
	in.fpcr = (seed << 22) | (1ULL << 24); /* RMode, FZ */
	in.fpsr = (seed << 28) | (seed == 1 ? 0x9 : 0x12); /* NZCV, cumulative flags */
	write_sysreg(cpacr_el1, read_sysreg(cpacr_el1) | CPACR_FPEN);
	isb();

	/* SGI 1 active (acknowledged), SGI 2 pending, a mask of our own. */
	write_sysreg(ICC_PMR_EL1, pmr);
	gic_enable_private(1);
	gic_enable_private(2);
	gic_send_sgi(1, 1);
	t_check("temporal", "sgi_pending", pending_is(1), "SGI 1 to itself, highest pending: %llu",
		(unsigned long long)(read_sysreg(ICC_HPPIR1_EL1) & 0xFFFFFF));
	got = (uint32_t)read_sysreg(ICC_IAR1_EL1) & 0xFFFFFF;
	prio = gic_running_priority();
	gic_send_sgi(2, 1);
	t_check("temporal", "sgi_active", got == 1 && prio != GIC_PRIO_IDLE && pending_is(2),
		"acknowledged %u, running priority 0x%llx", got, (unsigned long long)prio);

	write_sysreg(cntv_cval_el0, cval);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
	isb();

	regs_hold(timer_now() + timer_ms_to_ticks(HOLD_MS), &in, &out);

	for (unsigned n = 2; n <= 30; n++)
		bad_x += out.x[n] != in.x[n];
	for (unsigned n = 0; n < 64; n++)
		bad_v += out.v[n] != in.v[n];
	t_check("temporal", "regs_general", bad_x == 0, "%u of x2..x30 changed", bad_x);
	t_check("temporal", "regs_fpsimd", bad_v == 0 && out.fpcr == in.fpcr && out.fpsr == in.fpsr,
		"%u V halves changed; FPCR 0x%llx (was 0x%llx), FPSR 0x%llx (was 0x%llx)", bad_v,
		(unsigned long long)out.fpcr, (unsigned long long)in.fpcr, (unsigned long long)out.fpsr,
		(unsigned long long)in.fpsr);
	t_check("temporal", "regs_timer",
		read_sysreg(cntv_cval_el0) == cval &&
			(read_sysreg(cntv_ctl_el0) & 3) == (CNTV_CTL_ENABLE | CNTV_CTL_IMASK),
		"CNTV_CVAL 0x%llx (was 0x%llx), CNTV_CTL 0x%llx",
		(unsigned long long)read_sysreg(cntv_cval_el0), (unsigned long long)cval,
		(unsigned long long)read_sysreg(cntv_ctl_el0));
	t_check("temporal", "regs_gic",
		read_sysreg(ICC_PMR_EL1) == pmr && gic_running_priority() == prio &&
			(read_sysreg(ICC_HPPIR1_EL1) & 0xFFFFFF) == 2,
		"PMR 0x%llx (was 0x%llx), running priority 0x%x (was 0x%llx), highest pending %llu (was 2)",
		(unsigned long long)read_sysreg(ICC_PMR_EL1), (unsigned long long)pmr,
		gic_running_priority(), (unsigned long long)prio,
		(unsigned long long)(read_sysreg(ICC_HPPIR1_EL1) & 0xFFFFFF));
	write_sysreg(ICC_EOIR1_EL1, 1);
	isb();
	got = (uint32_t)read_sysreg(ICC_IAR1_EL1) & 0xFFFFFF;
	write_sysreg(ICC_EOIR1_EL1, got);
	isb();
	t_check("temporal", "regs_gic_eoi", got == 2 && gic_running_priority() == GIC_PRIO_IDLE,
		"after EOI of SGI 1: acknowledged %u, running priority 0x%x", got, gic_running_priority());
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(ICC_PMR_EL1, 0xFF);
	isb();
}

/* Sleeps of 1 ms each (WFI until the virtual timer's IRQ): each ends, in a later window if need be. */
static void sleeps(void)
{
	uint64_t before = timer_irq_count[0], t0 = timer_now();

	for (unsigned i = 0; i < SLEEPS; i++)
		sleep_ms(1);
	t_check("temporal", "sleeps", timer_irq_count[0] - before == SLEEPS,
		"%llu timer IRQs for %u sleeps of 1 ms in %llu us",
		(unsigned long long)(timer_irq_count[0] - before), SLEEPS,
		(unsigned long long)timer_ticks_to_us(timer_now() - t0));
}

int main(void)
{
	uint64_t id = hvc_call(HAVEN_HVC_PARTITION_ID, 0, 0, 0).a0;

	if (id < 2)
		hold(id + 1);
	sleeps();
	return 0;
}
