/* SPDX-License-Identifier: MIT */
/* gictest's parts (see main.c). */
#ifndef GICTEST_H
#define GICTEST_H

#include <haven/types.h>

#define OWNED_SPI 40 /* passed through by configs/test-gic.c */
#define WAIT_MS 2000
#define STEP_US 200

/* state.c: the physical timer. */
void check_ptimer(void);
/* unaligned.c: misaligned accesses to the emulated devices are violations. */
void check_unaligned(void);

#endif
