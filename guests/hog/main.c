/* SPDX-License-Identifier: MIT */
/*
 * hog: the busy bare-metal partition of the Linux latency benchmark
 * (configs/bench-linux-rt-busy.c, make bench). vCPU 0 starts vCPU 1; each
 * then streams through its half of the partition's free memory (load, add,
 * store, 8 bytes at a time), pass after pass, never sleeping, until the Linux
 * partition beside it is done (it sets attacker_done in the shared mailbox,
 * guests/lib/mailbox.h). Then it reports how much it streamed and powers its
 * partition off.
 *
 * It checks attacker_done every HOG_CHUNK bytes, so it stops within a few
 * thousand instructions of Linux's end. Under QEMU -icount every instruction
 * it executes is virtual time that the Linux partition's vCPUs do not get.
 */
#include <haven/abi.h>
#include <haven/lib.h>

#include "console.h"
#include "guest.h"
#include "hvc.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define HOG_CPUS 2
#define HOG_CHUNK 4096 /* bytes streamed between two looks at the mailbox */

struct hog {
	uint64_t start, end;          /* this vCPU's half of the free memory */
	volatile uint64_t passes;     /* complete passes over it */
	volatile uint64_t chunks;     /* HOG_CHUNK blocks streamed in all */
	volatile uint64_t sum;        /* a value that depends on every load */
	volatile bool done;
};

static struct hog hogs[HOG_CPUS];

static void stream(void *arg)
{
	struct hog *h = arg;
	struct test_mailbox *mb = mailbox();
	uint64_t sum = 0, chunks = 0, passes = 0;

	while (!mb->attacker_done) {
		for (uint64_t c = h->start; c < h->end && !mb->attacker_done; c += HOG_CHUNK) {
			for (uint64_t a = c; a < c + HOG_CHUNK; a += 8) {
				uint64_t v = *(volatile uint64_t *)(uintptr_t)a;

				sum += v;
				*(volatile uint64_t *)(uintptr_t)a = v + 1;
			}
			chunks++;
		}
		passes++;
	}
	h->passes = passes;
	h->chunks = chunks;
	h->sum = sum;
	dsb(sy);
	h->done = true;
	dsb(sy);
	sev();
}

int main(void)
{
	struct test_mailbox *mb = mailbox();
	uint64_t start = ALIGN_UP(image_end(), HOG_CHUNK), end = image_base() + TEST_PART_SIZE;
	uint64_t half = ((end - start) / HOG_CPUS) & ~(uint64_t)(HOG_CHUNK - 1);
	int32_t rc;
	bool started;

	mb->attacker_done = 0;
	for (unsigned i = 0; i < HOG_CPUS; i++) {
		hogs[i].start = start + i * half;
		hogs[i].end = start + (i + 1) * half;
	}
	dsb(sy);
	cprintf("hog: %u vCPUs streaming %llu KiB each, without sleeping, until Linux is done\n",
		HOG_CPUS, (unsigned long long)(half >> 10));
	rc = cpu_start(1, stream, &hogs[1]);
	started = rc == PSCI_SUCCESS;
	if (!started)
		cprintf("hog: PSCI CPU_ON of vCPU 1 failed (%d)\n", rc);
	stream(&hogs[0]);
	if (started && !WAIT_EVENT(hogs[1].done, 1000))
		cprintf("hog: vCPU 1 did not stop within 1 s\n");
	for (unsigned i = 0; i < HOG_CPUS; i++)
		cprintf("hog: vCPU %u streamed %llu MiB (%llu passes), sum 0x%llx\n", i,
			(unsigned long long)(hogs[i].chunks * HOG_CHUNK >> 20),
			(unsigned long long)hogs[i].passes, (unsigned long long)hogs[i].sum);
	t_check("bench", "hog.vcpus", started && hogs[1].done && hogs[1].chunks > 0,
		"vCPU 1 %s, %llu chunks", started ? "started" : "did not start",
		(unsigned long long)hogs[1].chunks);
	t_check("bench", "hog.streamed", hogs[0].chunks > 0, "vCPU 0 %llu chunks",
		(unsigned long long)hogs[0].chunks);
	return 0;
}
