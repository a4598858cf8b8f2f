/* SPDX-License-Identifier: MIT */
/*
 * The guest runtime: what crt0 hands to C, the image layout, and starting
 * secondary vCPUs. Each guest defines main(), which runs on vCPU 0 once the
 * console, the GIC (distributor and this vCPU's interface) and the virtual
 * timer are set up, with IRQs masked. When main() returns, t_done() reports
 * "@DONE" and powers the partition off.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <haven/types.h>

#define HIDDEN __attribute__((visibility("hidden")))

/* Linker-script symbols (guest.ld); addresses are run-time addresses. */
extern char __image_start[] HIDDEN; /* the load address: the image's first byte */
extern char __ro_end[] HIDDEN;      /* end of code and read-only data */
extern char __load_end[] HIDDEN;    /* end of the loaded bytes */
extern char __bss_start[] HIDDEN, __bss_end[] HIDDEN;
extern char __image_end[] HIDDEN;   /* first byte after .bss (and the stacks) */
extern char _secondary_entry[] HIDDEN;

static inline uint64_t image_base(void)
{
	return (uint64_t)(uintptr_t)__image_start;
}

static inline uint64_t image_end(void)
{
	return (uint64_t)(uintptr_t)__image_end;
}

int main(void);

/*
 * Starts vCPU cpu (MPIDR Aff0 = cpu) with PSCI CPU_ON at _secondary_entry; it
 * sets itself up like vCPU 0 (GIC interface, timer) and calls fn(arg), then
 * turns itself off (PSCI CPU_OFF) when fn returns. Returns the PSCI result.
 */
int32_t cpu_start(unsigned cpu, void (*fn)(void *), void *arg);

/* Set by crt0: relocations it could not apply (anything but R_AARCH64_RELATIVE). */
extern uint64_t guest_bad_relocs HIDDEN;

#endif
