/* SPDX-License-Identifier: MIT */
/* gictest's parts (see main.c). */
#ifndef GICTEST_H
#define GICTEST_H

#include <haven/types.h>

#define OWNED_SPI 40 /* passed through by configs/test-gic.c */
#define WAIT_MS 2000
#define STEP_US 200

/* state.c: pending and active state of the timers' PPIs and SPI 40; the physical timer. */
void check_vtimer_state(void);
void check_spi_state(void);
void check_ptimer(void);
/* unaligned.c: misaligned accesses to the emulated devices are violations. */
void check_unaligned(void);
/* lifecycle.c: vCPU 1 switched off inside a handler or with interrupts queued, then on. */
void check_lifecycle(void);
/* foreign.c: writes to the neighbour's SPIs 41 and 42 stay in this partition's view. */
void check_foreign_spis(void);
/* routing.c: GICD_IROUTER of SPI 40: to vCPU 1, and values that name no vCPU. */
void check_routing(void);

/* Waits (IRQs masked, at most 10 ms) until a virtual IRQ is signalled to this vCPU. */
bool wait_irq_signalled(void);

#endif
