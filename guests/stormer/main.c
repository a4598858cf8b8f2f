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

/*
 * The syndromes (ESR_EL2): EC 0x24 (data abort from a lower EL), IL, DFSC 0x06
 * (translation fault, level 2: the meter's 2 MiB block is missing from this
 * partition's tables, whose level-1 entry for the GiB exists); WnR for STP.
 * LDP and STP leave ISV clear (no size); LDR X0 sets ISV, SAS = 3, SRT = 0, SF.
 */
#define ESR_PAIR ((0x24ULL << 26) | BIT(25) | 0x06)
#define ESR_LDR64 (ESR_PAIR | BIT(24) | (3ULL << 22) | BIT(15))

/* size: "?" where the syndrome has none (ISV = 0); pc: the faulting instruction. */
static void probe(const char *name, const char *access, const char *size, uint64_t pc,
		  uint64_t esr, void (*access_fn)(void))
{
	struct probe_result r;

	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=%s vcpu=0 size=%s pc=0x%llx esr=0x%llx\n",
		(unsigned long long)NEIGHBOUR_IPA, access, size, (unsigned long long)pc,
		(unsigned long long)esr);
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
	probe("stormer.ldp_neighbour", "read", "?", (uint64_t)(uintptr_t)probe_ldp, ESR_PAIR, ldp);
	probe("stormer.stp_neighbour", "write", "?", (uint64_t)(uintptr_t)probe_stp,
	      ESR_PAIR | BIT(6), stp);
	/* probe_load64 loads with its third instruction (guests/lib/vectors.S) */
	probe("stormer.ldr_neighbour", "read", "8", (uint64_t)(uintptr_t)probe_load64 + 8, ESR_LDR64,
	      ldr);

	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=read\n", (unsigned long long)OUTSIDE_IPA);
	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=exec\n", (unsigned long long)VECTORS_IPA + 0x200);
	t_pass("flood", "stormer.storm_next", "VBAR_EL1=0x%llx", (unsigned long long)VECTORS_IPA);
	write_sysreg(vbar_el1, VECTORS_IPA);
	isb();
	*(volatile uint64_t *)(uintptr_t)OUTSIDE_IPA;
	t_fail("flood", "stormer.stopped", "still running after the fault at its vector");
	return 0;
}
