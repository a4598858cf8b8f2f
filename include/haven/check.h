/* SPDX-License-Identifier: MIT */
/*
 * The config validator, core/config_check.c: one piece of C compiled into the
 * hypervisor and into the host checker. It reports every problem it finds
 * through cfg_report(), which each side provides at link time (the hypervisor
 * prints to its console; the host tool prints to stderr; the unit tests record).
 */
#ifndef HAVEN_CHECK_H
#define HAVEN_CHECK_H

#include <haven/config.h>
#include <haven/platform.h>

/* Provided by the caller's program. One complete message per call, no newline. */
void cfg_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Validates cfg against plat. Every message names the partition (by name and
 * index) and the field, e.g.
 *   "partition 'attacker' (#1): mem[0].pa: 0x42000000..0x42ffffff overlaps partition
 *    'victim' (#0) mem[0]; declare both regions HV_MEM_SHARED to share memory"
 * Returns the number of problems found (0 = valid).
 */
unsigned haven_config_check(const struct haven_config *cfg, const struct haven_platform *plat);

#endif
