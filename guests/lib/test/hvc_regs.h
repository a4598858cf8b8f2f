/* SPDX-License-Identifier: MIT */
/* Register-preservation checks of hypercalls and trapped loads (hvc_regs.S), for hvctest. */
#ifndef GUEST_TEST_HVC_REGS_H
#define GUEST_TEST_HVC_REGS_H

#include <haven/types.h>

/*
 * Loads x4..x17 with known values, makes the call, and returns a bitmask of the
 * registers (bit n = xn) that changed; *x0 gets the result. (hvc_regs.S)
 */
uint64_t hvc_check_preserved(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t *x0);

/*
 * Load x1..x28 (but the destination) with known values, do one 32-bit load
 * from addr into w0 (or w20), and return a bitmask of the registers (bit n =
 * xn, 1..28) that changed; *val gets the loaded value. (hvc_regs.S)
 */
uint64_t load_check_preserved(uint64_t addr, uint64_t *val);
uint64_t load_check_preserved_w20(uint64_t addr, uint64_t *val);

#endif
