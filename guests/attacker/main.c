/* SPDX-License-Identifier: MIT */
/*
 * attacker: runs the probe plan haven-check derived from the config (haven_probes[],
 * include/haven/probe.h) while the victim runs. Each probe is one access; a
 * PROBE_FAULT probe is announced with "@EXPECT-VIOLATION" and must end in an
 * injected synchronous external abort whose FAR is the probed address (a data
 * abort for a read or write, an instruction abort for a branch); a PROBE_OK
 * probe must complete, and a write stores back the value just read.
 *
 * configs/test-spatial.c passes the PL031 RTC through (mmio[0] at RTC_IPA):
 * its identification registers must read as a PL031's.
 */
#include <haven/probe.h>

#include "console.h"
#include "exceptions.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define READY_WAIT_MS 10000
#define ALIVE_WAIT_MS 2000

/* The PL031 passed through by configs/test-spatial.c (IPA = PA on QEMU virt). */
#define RTC_IPA 0x09010000ULL
#define PL031_PERIPH_ID0 0xFE0 /* PeriphID0..3 at 0xFE0..0xFEC, PrimeCellID0..3 at 0xFF0..0xFFC */
#define PL031_PART 0x031
#define PL031_DESIGNER 0x41 /* Arm */
#define PRIMECELL_ID 0xB105F00Du

/*
 * A branch into memory that must not execute: announce it, BLR there with the
 * probe armed, and expect an instruction abort at the target (FAR and ELR).
 */
static void run_exec_probe(const struct haven_probe *p)
{
	struct probe_result r;

	if (p->expect != PROBE_FAULT || (p->addr & 3)) {
		t_fail("spatial", p->label, "exec probe at 0x%llx expecting %s: the plan only branches to "
		       "aligned addresses that must fault", (unsigned long long)p->addr,
		       p->expect == PROBE_OK ? "OK" : "FAULT");
		return;
	}
	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=exec\n", (unsigned long long)p->addr);
	probe_arm();
	probe_exec(p->addr);
	r = probe_disarm();
	if (!r.taken)
		t_fail("spatial", p->label, "branch to 0x%llx returned without a fault",
		       (unsigned long long)p->addr);
	else
		t_check("spatial", p->label,
			ESR_EC(r.esr) == ESR_EC_IABT_CUR && r.far == p->addr && r.elr == p->addr,
			"exec fault: esr=0x%llx far=0x%llx elr=0x%llx (expected instruction abort at 0x%llx)",
			(unsigned long long)r.esr, (unsigned long long)r.far, (unsigned long long)r.elr,
			(unsigned long long)p->addr);
}

static void run_probe(const struct haven_probe *p)
{
	bool write = p->access == PROBE_WRITE;
	const char *what = write ? "write" : "read";
	unsigned size = p->size;
	uint64_t v = 0, v2 = 0;
	struct probe_result r;

	if (p->access == PROBE_EXEC) {
		run_exec_probe(p);
		return;
	}
	if (size != 1 && size != 2 && size != 4 && size != 8) {
		t_fail("spatial", p->label, "probe size %u is not 1, 2, 4 or 8", size);
		return;
	}
	if (p->expect == PROBE_FAULT) {
		cprintf("@EXPECT-VIOLATION ipa=0x%llx access=%s\n", (unsigned long long)p->addr, what);
		probe_arm();
		if (write)
			probe_store(p->addr, size, 0);
		else
			v = probe_load(p->addr, size);
		r = probe_disarm();
		if (!r.taken)
			t_fail("spatial", p->label, "%s of %u at 0x%llx completed (read 0x%llx): expected a fault",
			       what, size, (unsigned long long)p->addr, (unsigned long long)v);
		else
			t_check("spatial", p->label,
				ESR_EC(r.esr) == ESR_EC_DABT_CUR && r.far == p->addr,
				"%s fault: esr=0x%llx far=0x%llx (expected data abort, far=0x%llx)", what,
				(unsigned long long)r.esr, (unsigned long long)r.far,
				(unsigned long long)p->addr);
		return;
	}

	probe_arm();
	v = probe_load(p->addr, size);
	if (write) {
		probe_store(p->addr, size, v);
		v2 = probe_load(p->addr, size);
	}
	r = probe_disarm();
	if (r.taken) {
		t_fail("spatial", p->label, "%s of %u at 0x%llx faulted: esr=0x%llx far=0x%llx", what, size,
		       (unsigned long long)p->addr, (unsigned long long)r.esr, (unsigned long long)r.far);
	} else if (write && size != 4 && v2 != v) {
		/* Memory keeps the stored value; size 4 is a device register, which need not. */
		t_fail("spatial", p->label, "wrote back 0x%llx at 0x%llx, read 0x%llx",
		       (unsigned long long)v, (unsigned long long)p->addr, (unsigned long long)v2);
	} else {
		t_pass("spatial", p->label, "%s 0x%llx at 0x%llx", what, (unsigned long long)v,
		       (unsigned long long)p->addr);
	}
}

/*
 * The passed-through PL031 answers with its own identification: part 0x031
 * from Arm, PrimeCell id 0xB105F00D. A read that faults fails the check.
 */
static void check_rtc_ids(void)
{
	uint32_t id[8];
	struct probe_result r;
	uint32_t part, designer, cell;

	probe_arm();
	for (unsigned k = 0; k < 8; k++)
		id[k] = (uint32_t)probe_load(RTC_IPA + PL031_PERIPH_ID0 + 4 * k, 4);
	r = probe_disarm();
	if (r.taken) {
		t_fail("spatial", "passthrough.rtc.ids", "reading the ID registers faulted: esr=0x%llx far=0x%llx",
		       (unsigned long long)r.esr, (unsigned long long)r.far);
		return;
	}
	part = (id[0] & 0xff) | (id[1] & 0xf) << 8;
	designer = (id[1] >> 4 & 0xf) | (id[2] & 0xf) << 4;
	cell = (id[4] & 0xff) | (id[5] & 0xff) << 8 | (id[6] & 0xff) << 16 | (id[7] & 0xff) << 24;
	t_check("spatial", "passthrough.rtc.ids",
		part == PL031_PART && designer == PL031_DESIGNER && (id[3] & 0xff) == 0 && cell == PRIMECELL_ID,
		"PeriphID %02x %02x %02x %02x PrimeCellID 0x%08x: part 0x%03x designer 0x%02x (want 0x%03x, "
		"0x%02x, 0xB105F00D)", id[0], id[1], id[2], id[3], cell, part, designer, PL031_PART,
		PL031_DESIGNER);
}

int main(void)
{
	struct test_mailbox *mb = mailbox();
	uint64_t hb0 = 0, hb1 = 0;
	bool ready, alive = false;
	unsigned i;

	ready = WAIT_UNTIL(mb->magic == MAILBOX_MAGIC && mb->victim_ready, READY_WAIT_MS, 1000);
	if (!ready)
		t_fail("spatial", "attacker.victim_ready", "victim not ready within %u ms", READY_WAIT_MS);
	else
		mb->attacker_phase = ATTACKER_PROBING;
	hb0 = mb->victim_heartbeat;
	mb->attacker_hb_start = hb0;
	dsb(sy);
	cprintf("attacker: %u probes, victim heartbeat %llu\n", haven_num_probes,
		(unsigned long long)hb0);

	for (i = 0; i < haven_num_probes; i++)
		run_probe(&haven_probes[i]);
	check_rtc_ids();

	if (ready) {
		alive = WAIT_UNTIL(mb->victim_heartbeat > hb0, ALIVE_WAIT_MS, 1000);
		hb1 = mb->victim_heartbeat;
		mb->attacker_hb_end = hb1;
	}
	t_check("spatial", "victim_alive_during_attack", ready && alive,
		"victim heartbeat %llu before the probes, %llu after", (unsigned long long)hb0,
		(unsigned long long)hb1);

	mb->attacker_failures = t_failures;
	mb->attacker_phase = ATTACKER_FINISHED;
	dsb(sy);
	mb->attacker_done = 1;
	dsb(sy);
	return 0;
}
