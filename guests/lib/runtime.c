/* SPDX-License-Identifier: MIT */
/* From crt0 to main() and to secondary vCPUs' functions (see guest.h). */
#include "console.h"
#include "gic.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define CPU_ON_CONTEXT(cpu) (0xC0DE0000ULL | (cpu))

struct cpu_boot {
	void (*fn)(void *);
	void *arg;
};

static struct cpu_boot cpu_boot[GUEST_MAX_CPUS];

void guest_start_primary(uint64_t boot_arg);
void guest_start_secondary(uint64_t ctx);

/*
 * CNTKCTL_EL1: the event stream (EVNTEN, bit 2) on counter bit 12 (EVNTI,
 * bits 7:4), so WFE wakes at least every 2^13 ticks (131 us at 62.5 MHz).
 */
#define CNTKCTL_EVNTEN BIT(2)
#define CNTKCTL_EVNTI(n) ((uint64_t)(n) << 4)

static void cpu_common_init(void)
{
	uint64_t k = read_sysreg(cntkctl_el1);

	k &= ~(0xfULL << 4);
	write_sysreg(cntkctl_el1, k | CNTKCTL_EVNTEN | CNTKCTL_EVNTI(12));
	isb();
	if (!gic_cpu_init())
		t_fail("guest", "gicr_wake", "vCPU %u: GICR_WAKER.ChildrenAsleep stayed set", cpu_id());
	timer_init_cpu();
}

void guest_start_primary(uint64_t boot_arg)
{
	console_init();
	if (guest_bad_relocs)
		t_fail("guest", "relocations", "%llu relocations of a type crt0 cannot apply",
		       (unsigned long long)guest_bad_relocs);
	gic_dist_init();
	cpu_common_init();
	main();
	t_done();
}

void guest_start_secondary(uint64_t ctx)
{
	unsigned cpu = cpu_id();

	cpu_common_init();
	if (ctx != CPU_ON_CONTEXT(cpu))
		t_fail("guest", "cpu_on.context_id", "vCPU %u entered with x0=0x%llx, expected 0x%llx",
		       cpu, (unsigned long long)ctx, (unsigned long long)CPU_ON_CONTEXT(cpu));
	if (cpu_boot[cpu].fn)
		cpu_boot[cpu].fn(cpu_boot[cpu].arg);
	psci_cpu_off();
}

int32_t cpu_start(unsigned cpu, void (*fn)(void *), void *arg)
{
	if (cpu >= GUEST_MAX_CPUS)
		return PSCI_INVALID_PARAMETERS;
	cpu_boot[cpu].fn = fn;
	cpu_boot[cpu].arg = arg;
	dsb(sy);
	return psci_cpu_on(cpu, (uint64_t)(uintptr_t)_secondary_entry, CPU_ON_CONTEXT(cpu));
}
