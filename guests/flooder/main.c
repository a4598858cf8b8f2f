/* SPDX-License-Identifier: MIT */
/*
 * flooder: the noisy neighbour of the console-flood scenario. Once the meter
 * says go (guests/lib/test/mailbox.h), vCPU 0 writes the longest lines its vUART
 * takes (254 characters and the newline) as fast as it can, and vCPU 1 writes
 * the longest line Haven takes (255 characters and the newline, one
 * console-write hypercall each), each followed by a read outside the
 * partition's map (policy inject: a violation storm that Haven's
 * per-partition rate limit must absorb). Both stop when the meter is done, or
 * after FLOOD_MAX_MS of their own, so a meter that cannot print at all still
 * gets to report.
 */
#include <haven/abi.h>
#include <haven/lib.h>

#include "console.h"
#include "exceptions.h"
#include "guest.h"
#include "hvc.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define OUTSIDE_IPA 0x4A000000ULL /* mapped by no partition */
#define FLOOD_MAX_MS 300

static uint64_t flood_end;

static volatile uint64_t hvc_lines, aborts, bad_writes;
static volatile bool hvc_done;
static char buf[HAVEN_CONSOLE_WRITE_MAX];

static bool flooding(void)
{
	return mailbox()->flood_phase != FLOOD_STOP && !expired(flood_end);
}

static void wait_go(void)
{
	while (mailbox()->flood_phase != FLOOD_GO)
		sleep_us(500);
	if (!flood_end)
		flood_end = deadline_ms(FLOOD_MAX_MS);
}

static void hvc_flood(void *unused)
{
	for (unsigned i = 0; i < sizeof(buf) - 1; i++)
		buf[i] = (char)('a' + i % 26);
	buf[sizeof(buf) - 1] = '\n';
	wait_go();
	while (flooding()) {
		struct probe_result r;

		if (hvc0(HAVEN_HVC_CONSOLE_WRITE, (uint64_t)(uintptr_t)buf, sizeof(buf), 0) !=
		    (int64_t)sizeof(buf))
			bad_writes++;
		hvc_lines++;
		probe_arm();
		probe_load64(OUTSIDE_IPA);
		r = probe_disarm();
		aborts += r.taken;
	}
	dsb(sy);
	hvc_done = true;
	dsb(sy);
	sev();
}

int main(void)
{
	char text[CONSOLE_LINE_MAX];
	uint64_t lines = 0;
	bool started = cpu_start(1, hvc_flood, NULL) == PSCI_SUCCESS;

	for (unsigned i = 0; i < sizeof(text) - 2; i++)
		text[i] = (char)('A' + i % 26);
	text[sizeof(text) - 2] = '\n';
	text[sizeof(text) - 1] = '\0';
	wait_go();
	while (flooding()) {
		cputs(text);
		lines++;
	}
	/* vCPU 1 writes into the same partition line: no report until it stopped. */
	if (started && !WAIT_EVENT(hvc_done, 5000))
		t_fail("flood", "flooder.hvc_stopped", "vCPU 1 still flooding");
	t_check("flood", "flooder.cpu_on", started, "vCPU 1 started");
	t_check("flood", "flooder.flooded", lines > 0 && hvc_lines > 0 && !bad_writes,
		"%llu vUART lines, %llu hypercall lines (%llu short writes)",
		(unsigned long long)lines, (unsigned long long)hvc_lines,
		(unsigned long long)bad_writes);
	t_check("flood", "flooder.aborts", aborts > 0, "%llu reads outside the map, each an abort",
		(unsigned long long)aborts);
	return 0;
}
