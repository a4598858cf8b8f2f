/* SPDX-License-Identifier: MIT */
/*
 * resetter: proves PSCI SYSTEM_RESET restarts only the calling partition, from
 * a pristine image, with every vCPU reset. Each boot it starts vCPU 1 (which
 * only works if the reset turned vCPU 1 off), checks that its initialised data
 * is back to the image's value, dirties it, and resets itself; a boot counter
 * lives in a second memory region of its own, which Haven does not reload.
 * After RESETTER_BOOTS boots it reports and powers off.
 */
#include <haven/abi.h>
#include <haven/lib.h>

#include "guest.h"
#include "hvc.h"
#include "test.h"

#define PERSIST_IPA 0x43000000ULL /* configs/test-reset.c: the resetter's mem[1] */
#define PERSIST_MAGIC 0x5453524E56414855ULL
#define RESETTER_BOOTS 3

struct persist {
	volatile uint64_t magic;
	volatile uint64_t boots;
};

static volatile uint64_t image_data = 0x1234; /* .data: reloaded by every reset */
static volatile bool cpu1_ran;

static void cpu1(void *unused)
{
	cpu1_ran = true;
	__asm__ volatile("dsb sy\n sev" ::: "memory");
}

int main(void)
{
	struct persist *ps = (struct persist *)(uintptr_t)PERSIST_IPA;
	char name[32];
	int32_t rc;

	if (ps->magic != PERSIST_MAGIC) {
		ps->boots = 0;
		ps->magic = PERSIST_MAGIC;
	}
	ps->boots++;
	hv_snprintf(name, sizeof(name), "reset.boot%llu.pristine", (unsigned long long)ps->boots);
	t_check("psci", name, image_data == 0x1234, "initialised data 0x%llx after %llu reset(s)",
		(unsigned long long)image_data, (unsigned long long)(ps->boots - 1));
	rc = cpu_start(1, cpu1, NULL);
	while (rc == PSCI_SUCCESS && !cpu1_ran)
		__asm__ volatile("wfe" ::: "memory");
	hv_snprintf(name, sizeof(name), "reset.boot%llu.cpu1", (unsigned long long)ps->boots);
	t_check("psci", name, rc == PSCI_SUCCESS && cpu1_ran, "CPU_ON(1) = %d", rc);
	image_data = 0xDEAD;
	if (ps->boots < RESETTER_BOOTS) {
		struct smccc_res r = hvc_call(PSCI_SYSTEM_RESET, 0, 0, 0);

		t_fail("psci", "reset.returned", "SYSTEM_RESET returned %lld",
		       (long long)(int64_t)r.a0);
	}
	t_check("psci", "reset.count", ps->boots == RESETTER_BOOTS, "%llu boots",
		(unsigned long long)ps->boots);
	return 0;
}
