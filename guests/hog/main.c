/* SPDX-License-Identifier: MIT */
/*
 * hog: the busy bare-metal partition of the Linux latency benchmark
 * (configs/bench-linux-rt-busy.c, make bench: tools/bench_linux.py).
 *
 * It waits, asleep, while Linux boots; once Linux's init has finished its
 * checks it starts vCPU 1, and both vCPUs stream through their halves of the
 * partition's free memory (load, add, store, 8 bytes at a time), pass after
 * pass, never sleeping, until Linux is done (init sets attacker_done in the
 * shared mailbox, guests/lib/test/mailbox.h). Then it reports how much it streamed
 * and powers its partition off.
 *
 * The start signal is the heartbeat handshake of tools/linux/init
 * (haven.probe + haven.mailbox): the hog publishes victim_heartbeat = 1, and
 * init copies it to attacker_hb_end after its /dev/mem probes, right before
 * cyclictest. Why wait: under QEMU -icount all vCPUs share one thread, and
 * every broadcast TLB invalidation (TLBI ...IS) ends the issuing vCPU's turn,
 * so a booting kernel (thousands of them while it patches its own code) beside
 * two spinning vCPUs advances by one TLBI per round of their time slices: the
 * boot would take hours of wall time. cyclictest itself issues almost none.
 *
 * The streaming loop checks attacker_done every HOG_CHUNK bytes, so it stops
 * within a few thousand instructions of Linux's end. Under -icount every
 * instruction it executes is virtual time the Linux vCPUs do not get.
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
#define HOG_POLL_US 1000 /* while waiting for the start signal */

struct hog {
	uint64_t start, end;      /* this vCPU's half of the free memory */
	volatile uint64_t passes; /* complete passes over it */
	volatile uint64_t chunks; /* HOG_CHUNK blocks streamed in all */
	volatile uint64_t sum;    /* a value that depends on every load */
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
	uint64_t t0, t1;
	int32_t rc = PSCI_NOT_SUPPORTED;
	bool signalled, started = false;

	mb->attacker_done = 0;
	mb->attacker_hb_start = 0;
	mb->attacker_hb_end = 0;
	dsb(sy);
	mb->victim_heartbeat = 1;
	for (unsigned i = 0; i < HOG_CPUS; i++) {
		hogs[i].start = start + i * half;
		hogs[i].end = start + (i + 1) * half;
	}
	dsb(sy);
	cprintf("hog: waiting (asleep) for Linux's start signal, then %u vCPUs stream %llu KiB each "
		"without sleeping until Linux is done\n", HOG_CPUS, (unsigned long long)(half >> 10));
	while (!(signalled = mb->attacker_hb_end != 0) && !mb->attacker_done)
		sleep_us(HOG_POLL_US);
	t0 = timer_now();
	if (signalled) {
		cprintf("hog: start signal at counter %llu: streaming\n", (unsigned long long)t0);
		rc = cpu_start(1, stream, &hogs[1]);
		started = rc == PSCI_SUCCESS;
		if (!started)
			cprintf("hog: PSCI CPU_ON of vCPU 1 failed (%d)\n", rc);
		stream(&hogs[0]);
		if (started && !WAIT_EVENT(hogs[1].done, 1000))
			cprintf("hog: vCPU 1 did not stop within 1 s\n");
	}
	t1 = timer_now();
	for (unsigned i = 0; i < HOG_CPUS; i++)
		cprintf("hog: vCPU %u streamed %llu MiB (%llu passes), sum 0x%llx\n", i,
			(unsigned long long)(hogs[i].chunks * HOG_CHUNK >> 20),
			(unsigned long long)hogs[i].passes, (unsigned long long)hogs[i].sum);
	t_check("bench", "hog.signal", signalled, "%s",
		signalled ? "attacker_hb_end set by Linux's init"
			  : "Linux was done before it sent the start signal (bootargs need haven.probe)");
	t_check("bench", "hog.busy", signalled && started && hogs[0].chunks && hogs[1].chunks,
		"busy from counter %llu to %llu: %llu + %llu chunks of %u bytes",
		(unsigned long long)t0, (unsigned long long)t1, (unsigned long long)hogs[0].chunks,
		(unsigned long long)hogs[1].chunks, HOG_CHUNK);
	return 0;
}
