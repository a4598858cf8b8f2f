/* SPDX-License-Identifier: MIT */
/*
 * stormer: in the console-flood scenario, beside the meter and the flooder.
 * First it reads and writes the meter's memory with LDP and STP, whose
 * syndrome carries no access size (ISV = 0): Haven must print size=? (and
 * size=8 for a plain LDR). Then it points VBAR_EL1 at memory it does not have
 * and reads outside its map: Haven injects the abort at VBAR_EL1 + 0x200,
 * whose fetch faults at that very vector. Haven must report that once and
 * stop the partition (fault storm) instead of injecting it forever.
 */
#include <haven/lib.h>

#include "console.h"
#include "exceptions.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define NEIGHBOUR_IPA 0x41000100ULL /* the meter's memory (configs/test-flood.c) */
#define OUTSIDE_IPA 0x4A000000ULL   /* mapped by no partition */
#define VECTORS_IPA 0x4B000000ULL   /* mapped by no partition either */

/* One LDP or STP each, so an armed probe skips exactly the faulting access. */
__asm__(".text\n"
	".global probe_ldp\n"
	".type probe_ldp, %function\n"
	"probe_ldp:\n"
	"	ldp	x2, x3, [x0]\n"
	"	ret\n"
	".global probe_stp\n"
	".type probe_stp, %function\n"
	"probe_stp:\n"
	"	stp	x1, x1, [x0]\n"
	"	ret\n");

void probe_ldp(uint64_t addr);
void probe_stp(uint64_t addr, uint64_t v);

static void probe(const char *name, const char *access, void (*access_fn)(void))
{
	struct probe_result r;

	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=%s\n", (unsigned long long)NEIGHBOUR_IPA, access);
	probe_arm();
	access_fn();
	r = probe_disarm();
	t_check("flood", name, r.taken && r.far == NEIGHBOUR_IPA, "abort %s, FAR_EL1=0x%llx",
		r.taken ? "taken" : "not taken", (unsigned long long)r.far);
}

static void ldp(void)
{
	probe_ldp(NEIGHBOUR_IPA);
}

static void stp(void)
{
	probe_stp(NEIGHBOUR_IPA, 0xBAD);
}

static void ldr(void)
{
	probe_load64(NEIGHBOUR_IPA);
}

int main(void)
{
	while (mailbox()->flood_phase != FLOOD_GO)
		sleep_us(500);
	probe("stormer.ldp_neighbour", "read", ldp);
	probe("stormer.stp_neighbour", "write", stp);
	probe("stormer.ldr_neighbour", "read", ldr);

	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=read\n", (unsigned long long)OUTSIDE_IPA);
	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=exec\n", (unsigned long long)VECTORS_IPA + 0x200);
	t_pass("flood", "stormer.storm_next", "VBAR_EL1=0x%llx", (unsigned long long)VECTORS_IPA);
	write_sysreg(vbar_el1, VECTORS_IPA);
	isb();
	*(volatile uint64_t *)(uintptr_t)OUTSIDE_IPA;
	t_fail("flood", "stormer.stopped", "still running after the fault at its vector");
	return 0;
}
