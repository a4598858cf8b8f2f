/* SPDX-License-Identifier: MIT */
/*
 * The guest runtime: what crt0 hands to C, the image layout, starting
 * secondary vCPUs, and the end. Each guest defines main(), which runs on
 * vCPU 0 once the console, the GIC (distributor and this vCPU's interface)
 * and the virtual timer are set up, with IRQs masked. When main() returns,
 * guest_exit() ends the partition. The runtime prints nothing of its own
 * unless something went wrong; the test library (guests/lib/test) adds the
 * protocol of docs/test-protocol.md.
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

/*
 * Ends the partition: PSCI SYSTEM_OFF, which stops every vCPU of this
 * partition (Haven prints "partition <id> '<name>' stopped (system-off)"; the
 * machine powers off when the last partition has stopped). A status other
 * than 0 is printed first ("main() returned <status>"). main() returning
 * calls it with main's result.
 */
void guest_exit(int status) __attribute__((noreturn));

/*
 * True if a person is at Haven's console (HAVEN_HVC_SYSTEM_INFO's
 * HAVEN_INFO_ATTENDED, asked once at start-up): `make demo` or `make run` at a
 * terminal, never a test run. False where the call is not supported.
 */
extern bool guest_attended HIDDEN;

/*
 * Hooks the test library (guests/lib/test/test.c) replaces; the runtime's
 * own are weak. guest_report_error(): a problem the runtime found (an
 * unexpected exception, a redistributor that would not wake, ...), name
 * without spaces; the runtime prints "guest error: <name>: <detail>".
 * guest_at_exit(): called by guest_exit() before the power-off; the
 * runtime's does nothing.
 */
void guest_report_error(const char *name, const char *detail);
void guest_at_exit(int status);

/* Set by crt0: relocations it could not apply (anything but R_AARCH64_RELATIVE). */
extern uint64_t guest_bad_relocs HIDDEN;

#endif
