/* SPDX-License-Identifier: MIT */
/*
 * The shared test mailbox and the memory layout the spatial-isolation test
 * guests (victim, attacker, faulter) and hvctest assume.
 *
 * Every test partition has one memory region of TEST_PART_SIZE bytes that
 * starts at its image's load address. The mailbox is one 4 KiB page at IPA =
 * PA MAILBOX_IPA, mapped HV_MEM_SHARED into each partition that uses it. All
 * fields are 64-bit and written with single stores; the guests run with the
 * MMU off, so every access is a Device access and reaches memory in order.
 *
 *   offset  field              written by  meaning
 *   0x00    magic              victim      MAILBOX_MAGIC once the victim reset the page
 *   0x08    attacker_done      attacker    1: the attacker finished its probes
 *   0x10    attacker_phase     attacker    ATTACKER_* below
 *   0x18    victim_heartbeat   victim      incremented about every millisecond
 *   0x20    victim_ready       victim      1: pattern written, reference checksum taken
 *   0x28    faulter_started    faulter     1: the faulter is about to make its access
 *   0x30    victim_checksum    victim      the reference checksum (for the log)
 *   0x38    attacker_hb_start  attacker    victim_heartbeat when the probes started
 *   0x40    attacker_hb_end    attacker    victim_heartbeat after the probes
 *   0x48    attacker_failures  attacker    failed checks of the attacker
 *   0x50    flood_phase        meter       FLOOD_* below (scenario "console-flood")
 *   0x58    faulter_count      faulter     its vCPU 1 counts here until the partition stops
 *   0x60    stray_ready        stray       1: every vCPU of the stray neighbour is watching
 *   0x68    peer_done          gictest, hvctest, conin
 *                                          1: the partition the stray watches is done
 *   0x70..  reserved (0)
 *
 * The victim clears the attacker's and the faulter's fields before it sets
 * magic and victim_ready; the attacker and the faulter write nothing before
 * they see both. The stray's fields are zero at power-on (no scenario with
 * the stray resets a partition).
 */
#ifndef GUEST_MAILBOX_H
#define GUEST_MAILBOX_H

#include <haven/types.h>

#define MAILBOX_IPA 0x4F000000ULL
#define MAILBOX_SIZE 0x1000ULL
#define MAILBOX_MAGIC 0x584F424C49414D48ULL /* "HMAILBOX" */

#define TEST_PART_SIZE 0x1000000ULL /* 16 MiB per test partition */

/* The victim partition's memory (configs/test-spatial.c must agree). */
#define VICTIM_BASE 0x41000000ULL
/* Where the faulter writes: the middle of the victim's memory. */
#define FAULTER_TARGET (VICTIM_BASE + 0x800000ULL)

#define ATTACKER_IDLE 0
#define ATTACKER_WAITING 1 /* waiting for victim_ready */
#define ATTACKER_PROBING 2
#define ATTACKER_FINISHED 3

/* The console-flood scenario (meter, flooder, stormer): the meter sets the phase. */
#define FLOOD_WAIT 0     /* the meter measures alone */
#define FLOOD_GO 0x60    /* flood now (a value a zeroed page never holds) */
#define FLOOD_STOP 0x61  /* the meter is done: stop flooding */

struct test_mailbox {
	volatile uint64_t magic;
	volatile uint64_t attacker_done;
	volatile uint64_t attacker_phase;
	volatile uint64_t victim_heartbeat;
	volatile uint64_t victim_ready;
	volatile uint64_t faulter_started;
	volatile uint64_t victim_checksum;
	volatile uint64_t attacker_hb_start;
	volatile uint64_t attacker_hb_end;
	volatile uint64_t attacker_failures;
	volatile uint64_t flood_phase;
	volatile uint64_t faulter_count;
	volatile uint64_t stray_ready;
	volatile uint64_t peer_done;
	volatile uint64_t reserved[(MAILBOX_SIZE / 8) - 14];
};

_Static_assert(sizeof(struct test_mailbox) == MAILBOX_SIZE, "mailbox is one page");

static inline struct test_mailbox *mailbox(void)
{
	return (struct test_mailbox *)(uintptr_t)MAILBOX_IPA;
}

#endif
