/* SPDX-License-Identifier: MIT */
/* From crt0 to main() and to secondary vCPUs' functions, and the end (see guest.h). */
#include <haven/lib.h>

#include "console.h"
#include "gic.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "timer.h"

#define CPU_ON_CONTEXT(cpu) (0xC0DE0000ULL | (cpu))

struct cpu_boot {
	void (*fn)(void *);
	void *arg;
};

static struct cpu_boot cpu_boot[GUEST_MAX_CPUS];
bool guest_attended;

void guest_start_primary(uint64_t boot_arg);
void guest_start_secondary(uint64_t ctx);

/*
 * CNTKCTL_EL1: the event stream (EVNTEN, bit 2) on counter bit 12 (EVNTI,
 * bits 7:4), so WFE wakes at least every 2^13 ticks (131 us at 62.5 MHz).
 */
#define CNTKCTL_EVNTEN BIT(2)
#define CNTKCTL_EVNTI(n) ((uint64_t)(n) << 4)

/* The test library's versions replace these (guest.h). */
void __attribute__((weak)) guest_report_error(const char *name, const char *detail)
{
	cprintf("guest error: %s: %s\n", name, detail);
}

void __attribute__((weak)) guest_at_exit(int status)
{
}

static void __attribute__((format(printf, 2, 3)))
report_error(const char *name, const char *fmt, ...)
{
	char detail[CONSOLE_LINE_MAX - 64];
	va_list ap;

	va_start(ap, fmt);
	hv_vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	guest_report_error(name, detail);
}

static void cpu_common_init(void)
{
	uint64_t k = read_sysreg(cntkctl_el1);

	k &= ~(0xfULL << 4);
	write_sysreg(cntkctl_el1, k | CNTKCTL_EVNTEN | CNTKCTL_EVNTI(12));
	isb();
	if (!gic_cpu_init())
		report_error("gicr_wake", "vCPU %u: GICR_WAKER.ChildrenAsleep stayed set",
			     cpu_id());
	timer_init_cpu();
}

void guest_start_primary(uint64_t boot_arg)
{
	struct smccc_res info;

	console_init();
	if (guest_bad_relocs)
		report_error("relocations", "%llu relocations of a type crt0 cannot apply",
			     (unsigned long long)guest_bad_relocs);
	/* Anything but HAVEN_OK (NOT_SUPPORTED from an older Haven, or no EL2) means unattended. */
	info = hvc_call(HAVEN_HVC_SYSTEM_INFO, 0, 0, 0);
	guest_attended = (int64_t)info.a0 == HAVEN_OK && (info.a1 & HAVEN_INFO_ATTENDED);
	gic_dist_init();
	cpu_common_init();
	guest_exit(main());
}

void guest_exit(int status)
{
	if (status) {
		console_end_line();
		cprintf("main() returned %d\n", status);
	}
	guest_at_exit(status);
	psci_system_off();
}

void guest_start_secondary(uint64_t ctx)
{
	unsigned cpu = cpu_id();

	cpu_common_init();
	if (ctx != CPU_ON_CONTEXT(cpu))
		report_error("cpu_on.context_id", "vCPU %u entered with x0=0x%llx, expected 0x%llx",
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
