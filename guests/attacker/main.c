/* SPDX-License-Identifier: MIT */
/*
 * attacker: runs the probe plan haven-check derived from the config (haven_probes[],
 * include/haven/probe.h) while the victim runs. Each probe is one access; a
 * PROBE_FAULT probe is announced with "@EXPECT-VIOLATION" and must end in an
 * injected synchronous external abort whose FAR is the probed address; a
 * PROBE_OK probe must complete, and a write stores back the value just read.
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

static void run_probe(const struct haven_probe *p)
{
	bool write = p->access == PROBE_WRITE;
	const char *what = write ? "write" : "read";
	unsigned size = p->size;
	uint64_t v = 0, v2 = 0;
	struct probe_result r;

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
