/* SPDX-License-Identifier: MIT */
/*
 * faulter: writes into the victim's memory once, under the "stop" fault
 * policy: Haven must report the violation and stop this partition, every
 * vCPU of it. It waits (bounded) for the victim to be ready first, so a write
 * that got through would show in the victim's checksum. Its vCPU 1 meanwhile
 * counts in the mailbox (faulter_count) and prints a line now and then: after
 * the stop neither may go on (the victim watches the count, the runner the
 * lines). The announcement names every field of Haven's VIOLATION line.
 */
#include <haven/abi.h>

#include "console.h"
#include "guest.h"
#include "hvc.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define COUNT_MS 10000  /* vCPU 1's hang guard: the stop ends it long before */
#define PRINT_EVERY_MS 2
#define COUNT_BEFORE 1000 /* vCPU 1 is seen counting before the fault */

/*
 * The faulting store: one STR of x1 to [x0], at a known address. Its data
 * abort from EL1 to EL2 has the syndrome ESR_EL2 = FAULT_ESR below.
 */
__asm__(".text\n"
	".global faulter_store\n"
	".type faulter_store, %function\n"
	"faulter_store:\n"
	"	str	x1, [x0]\n"
	"	ret\n");
void faulter_store(uint64_t addr, uint64_t v);

/*
 * EC 0x24 (data abort from a lower EL), IL, ISV, SAS = 3 (8 bytes), SRT = 1
 * (x1), SF (64-bit register), WnR (a write), DFSC 0x06: a translation fault at
 * level 2. The victim's 2 MiB block has no entry in this partition's stage-2
 * tables, whose level-1 entry for the GiB exists (its own memory is in it).
 */
#define FAULT_ESR ((0x24ULL << 26) | BIT(25) | BIT(24) | (3ULL << 22) | (1ULL << 16) | BIT(15) | \
		   BIT(6) | 0x06)

static void count_and_print(void *unused)
{
	struct test_mailbox *mb = mailbox();
	uint64_t end = deadline_ms(COUNT_MS), next = 0;

	while (!expired(end)) {
		mb->faulter_count++;
		if (expired(next)) {
			cprintf("faulter: vCPU 1 count %llu\n", (unsigned long long)mb->faulter_count);
			next = deadline_ms(PRINT_EVERY_MS);
		}
	}
}

int main(void)
{
	struct test_mailbox *mb = mailbox();
	int32_t rc;

	if (!WAIT_UNTIL(mb->magic == MAILBOX_MAGIC && mb->victim_ready, 5000, 1000))
		cprintf("faulter: victim not ready after 5 s, going ahead\n");

	rc = cpu_start(1, count_and_print, NULL);
	if (rc != PSCI_SUCCESS || !WAIT_UNTIL(mb->faulter_count >= COUNT_BEFORE, 1000, 100))
		t_fail("spatial", "faulter.cpu1", "CPU_ON(1) -> %d, vCPU 1 counted to %llu", rc,
		       (unsigned long long)mb->faulter_count);

	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=write vcpu=0 size=8 pc=0x%llx esr=0x%llx\n",
		(unsigned long long)FAULTER_TARGET, (unsigned long long)(uintptr_t)faulter_store,
		(unsigned long long)FAULT_ESR);
	cprintf("@EXPECT-STOP\n");
	mb->faulter_started = 1;
	dsb(sy);
	faulter_store(FAULTER_TARGET, 0xBAD0BAD0BAD0BAD0ULL);
	dsb(sy);

	t_fail("spatial", "faulter.stopped", "continued after violation");
	return 0;
}
