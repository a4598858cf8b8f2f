/* SPDX-License-Identifier: MIT */
/*
 * The panic path: print what happened (CPU, syndrome, registers) and stop this
 * CPU for good. It never returns to a guest. With HAVEN_PANIC_RESET (QEMU virt)
 * the whole machine is then reset through the firmware (PSCI SYSTEM_RESET):
 * tools/run-qemu.sh runs QEMU with -no-reboot, so QEMU exits, and the script
 * turns "ended by a reset" into status 3. Haven never resets the machine
 * otherwise, so a panic cannot look like the clean power-off (SYSTEM_OFF).
 */
#include <haven/hv.h>
#include <haven/lib.h>

static void stop_here(void) __attribute__((noreturn));

static void stop_here(void)
{
#ifdef HAVEN_PANIC_RESET
	fw_system_reset();
#else
	for (;;)
		wfi();
#endif
}

static unsigned cpu_index(void)
{
	struct pcpu *c = this_pcpu();

	return c ? c->id : 0;
}

void panic(const char *fmt, ...)
{
	struct pcpu *c = this_pcpu();
	char msg[200];
	va_list ap;

	__asm__ volatile("msr daifset, #0xf");
	if (c && c->panicking)
		stop_here();
	if (c)
		c->panicking = true;
	va_start(ap, fmt);
	hv_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	hv_log("PANIC cpu=%u: %s", cpu_index(), msg);
	stop_here();
}

void panic_frame(const char *what, const struct vcpu_regs *r, uint64_t esr, uint64_t far)
{
	struct pcpu *c = this_pcpu();

	__asm__ volatile("msr daifset, #0xf");
	if (c && c->panicking)
		stop_here();
	if (c)
		c->panicking = true;
	hv_log("PANIC cpu=%u: %s: ESR_EL2=0x%llx ELR_EL2=0x%llx FAR_EL2=0x%llx SPSR_EL2=0x%llx",
	       cpu_index(), what, (unsigned long long)esr, (unsigned long long)r->elr,
	       (unsigned long long)far, (unsigned long long)r->spsr);
	for (unsigned i = 0; i < 31; i += 4) {
		hv_printf("haven:   x%-2u %016llx", i, (unsigned long long)r->x[i]);
		for (unsigned j = i + 1; j < i + 4 && j < 31; j++)
			hv_printf("  x%-2u %016llx", j, (unsigned long long)r->x[j]);
		hv_printf("\n");
	}
	stop_here();
}

static const char *const vector_names[16] = {
	"sync (EL2t)", "irq (EL2t)", "fiq (EL2t)", "serror (EL2t)",
	"sync at EL2", "irq at EL2", "fiq at EL2", "serror at EL2",
	"", "", "", "",
	"sync from AArch32", "irq from AArch32", "fiq from AArch32", "serror from AArch32",
};

/* Called from arch/aarch64/entry.S for any exception taken from EL2 itself. */
void hyp_exception(uint64_t vector, struct vcpu_regs *frame);
void hyp_exception(uint64_t vector, struct vcpu_regs *frame)
{
	panic_frame(vector_names[vector & 15], frame, read_sysreg(esr_el2), read_sysreg(far_el2));
}
