/* SPDX-License-Identifier: MIT */
/*
 * racer: races the vCPU state machine (tests/qemu scenario "race",
 * configs/test-race.c, four vCPUs). For RACE_RESETS boots, vCPUs 1..3 keep
 * switching each other on (PSCI CPU_ON) and themselves off (CPU_OFF) while
 * vCPU 0, at a moment that differs from boot to boot, calls SYSTEM_RESET:
 * CPU_ON meets a reset in every state of the reset. Each boot checks that
 * the reset left vCPUs 1..3 off. The boot counter and every failure live in
 * a page Haven does not reload. Every CO_RESET_EVERY-th boot, instead, vCPUs
 * 0 and 1 call SYSTEM_RESET at the same moment: one reset, the other caller
 * parked (the scenario counts exactly one reset line per boot). The last boot
 * reports, then hands over: vCPU 0 switches vCPU 1 on and at once itself off,
 * while vCPU 1 is still starting, which must not stop the partition (vCPU 1
 * reports "handoff"). Then vCPUs 1 and 0, the last two on, call CPU_OFF at
 * the same moment: the partition must stop ("all vCPUs off") and, being the
 * only one, power the machine off.
 *
 * Under -icount QEMU runs the vCPUs in turns, each a quarter of the time to
 * the next timer deadline. Waiting for the common moment, vCPUs 0 and 1 keep
 * their virtual timers a few ticks ahead (deadlines without an interrupt), so
 * both reach their CPU_OFF within a few instructions of each other; the last
 * deadline, OFF_SLICE ticks after that moment, keeps the turns short while
 * both are inside Haven, so their two calls interleave there.
 */
#include <haven/abi.h>
#include <haven/lib.h>

#include "console.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define PERSIST_IPA 0x43000000ULL /* configs/test-race.c: the racer's mem[1] */
#define PERSIST_MAGIC 0x5243415245524143ULL
#define RACE_RESETS 300
#define HOPPERS 3        /* vCPUs 1..3 */
#define HOP_ROUNDS 2     /* CPU_ON of both siblings, then CPU_OFF */
#define OFF_AHEAD 200000 /* counter ticks from vCPU 0's set-up to the common CPU_OFF */
#define TICK_AHEAD 32    /* deadlines while waiting for it */
#define OFF_SLICE 600    /* the last deadline, after it */
#define CO_RESET_EVERY 5 /* boots in which vCPU 1 resets the partition together with vCPU 0 */

struct persist {
	volatile uint64_t magic;
	volatile uint64_t boots;
	volatile uint64_t bad_rc;        /* CPU_ON results but SUCCESS, ALREADY_ON, ON_PENDING */
	volatile int64_t first_bad_rc;
	volatile uint64_t not_off;       /* boots that found a vCPU other than 0 on at entry */
	volatile uint64_t first_not_off; /* the first of those boots */
	volatile uint64_t reset_returned;
	volatile uint64_t hops[HOPPERS + 1]; /* CPU_ONs that succeeded, by calling vCPU */
};

static volatile uint32_t boot_hops; /* CPU_ONs that succeeded in this boot */
static volatile uint64_t off_at;    /* the common CPU_OFF moment (counter value) */

static struct persist *ps(void)
{
	return (struct persist *)(uintptr_t)PERSIST_IPA;
}

static void record_rc(int32_t rc)
{
	struct persist *p = ps();

	if (rc == PSCI_SUCCESS || rc == PSCI_ALREADY_ON || rc == PSCI_ON_PENDING)
		return;
	if (!p->bad_rc)
		p->first_bad_rc = rc;
	p->bad_rc++;
}

static void hopper(void *unused);

static void hop(unsigned t)
{
	int32_t rc = cpu_start(t, hopper, NULL);

	record_rc(rc);
	if (rc == PSCI_SUCCESS) {
		ps()->hops[cpu_id()]++;
		boot_hops++;
	}
}

/* vCPUs 1..3: switch both siblings on a few times, then go off (the runtime's CPU_OFF). */
static void hopper(void *unused)
{
	for (unsigned round = 0; round < HOP_ROUNDS; round++)
		for (unsigned t = 1; t <= HOPPERS; t++)
			if (t != cpu_id())
				hop(t);
}

/* Waits for the common moment off_at in short turns, then leaves the last turn short too. */
static void at_common_moment(void)
{
	uint64_t now;

	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
	while ((now = timer_now()) < off_at)
		write_sysreg(cntv_cval_el0, now + TICK_AHEAD);
	write_sysreg(cntv_cval_el0, off_at + OFF_SLICE);
}

static void off_together(void)
{
	at_common_moment();
	psci_cpu_off();
}

static void partner(void *unused)
{
	off_together();
}

static volatile int32_t handoff_rc; /* vCPU 0's CPU_ON(1) before its CPU_OFF */

/* vCPU 1 of the last boot, switched on while vCPU 0 went off: the partition still runs. */
static void handoff(void *unused)
{
	int32_t rc;

	t_check("race", "handoff.cpu_on", handoff_rc == PSCI_SUCCESS, "CPU_ON(1) = %d", handoff_rc);
	t_pass("race", "handoff", "vCPU 1 started after vCPU 0's CPU_OFF");
	/* The last two vCPUs on call CPU_OFF together; Haven must stop the partition. */
	off_at = timer_now() + OFF_AHEAD;
	dsb(sy);
	rc = cpu_start(0, partner, NULL);
	if (!t_check("race", "last_off.cpu_on", rc == PSCI_SUCCESS, "CPU_ON(0) = %d", rc))
		return;
	cprintf("%u checks, %u failed\n", t_count, t_failures);
	cprintf("@DONE\n");
	off_together();
}

/* vCPU 1 in a co-reset boot: SYSTEM_RESET at the moment vCPU 0 calls it. It never returns. */
static void co_reset(void *unused)
{
	at_common_moment();
	hvc0(PSCI_SYSTEM_RESET, 0, 0, 0);
	ps()->reset_returned++;
}

static void last_boot(struct persist *p)
{
	uint64_t hops = 0;
	int32_t rc;

	for (unsigned i = 0; i <= HOPPERS; i++)
		hops += p->hops[i];
	t_check("race", "reset.count", p->boots == RACE_RESETS + 1, "%llu boots",
		(unsigned long long)p->boots);
	t_check("race", "reset.others_off", p->not_off == 0,
		"%llu boots found a vCPU other than 0 on (the first: boot %llu)",
		(unsigned long long)p->not_off, (unsigned long long)p->first_not_off);
	t_check("race", "reset.never_returned", p->reset_returned == 0, "%llu",
		(unsigned long long)p->reset_returned);
	t_check("race", "cpu_on.results", p->bad_rc == 0, "%llu unexpected (the first: %lld)",
		(unsigned long long)p->bad_rc, (long long)p->first_bad_rc);
	t_check("race", "cpu_on.hops", hops >= RACE_RESETS * 2,
		"%llu vCPUs switched on during %u resets", (unsigned long long)hops, RACE_RESETS);

	/* Hand over to vCPU 1: it is still starting when vCPU 0 goes off (nothing in between). */
	rc = cpu_start(1, handoff, NULL);
	handoff_rc = rc;
	dsb(sy);
	if (rc == PSCI_SUCCESS)
		psci_cpu_off();
	t_check("race", "handoff.cpu_on", false, "CPU_ON(1) = %d", rc);
}

int main(void)
{
	struct persist *p = ps();
	uint64_t want;

	if (p->magic != PERSIST_MAGIC) {
		memset((void *)p, 0, sizeof(*p));
		p->magic = PERSIST_MAGIC;
	}
	p->boots++;
	for (unsigned i = 1; i <= HOPPERS; i++)
		if (psci_affinity_info(i, 0) != 1 && !p->not_off++)
			p->first_not_off = p->boots;
	if (p->boots > RACE_RESETS) {
		last_boot(p);
		return 0;
	}
	/*
	 * vCPU 0 switches the hoppers on too, until this boot has seen 1..24
	 * vCPUs switched on: a different moment in their traffic every boot.
	 */
	if (p->boots % CO_RESET_EVERY == 0) {
		/* vCPUs 0 and 1 reset together (vCPU 1 is off: the boot checked). */
		off_at = timer_now() + OFF_AHEAD;
		dsb(sy);
		record_rc(cpu_start(1, co_reset, NULL));
		at_common_moment();
		hvc0(PSCI_SYSTEM_RESET, 0, 0, 0);
		p->reset_returned++;
		return 0;
	}
	want = 1 + p->boots % 24;
	for (unsigned n = 0; boot_hops < want && n < 100000; n++)
		hop(1 + n % HOPPERS);
	hvc0(PSCI_SYSTEM_RESET, 0, 0, 0);
	p->reset_returned++;
	return 0;
}
