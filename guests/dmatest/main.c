/* SPDX-License-Identifier: MIT */
/*
 * dmatest: the PCI host partition (HV_PART_PCI_HOST: through Haven's emulated
 * ECAM it configures every function no partition's streams name), run beside
 * the victim and dmapeer (scenario "dma", tests/qemu/configs/test-dma.c, on
 * qemu-virt-smmu). Three QEMU `edu` devices: 00:03.0 (stream 0x18) is this
 * partition's, 00:04.0 (stream 0x20) dmapeer's (hidden from this one), 00:05.0
 * (stream 0x28) no one's: this partition configures it, its DMA is blocked.
 * No firmware assigned their BARs: the guests do (BAR0, memory space, bus
 * master). ecam.c holds the checks beside dmapeer.
 *
 * edu copies between memory and its 4 KiB buffer (device address 0x40000):
 * command 1 reads memory into the buffer, 3 writes the buffer to memory. The
 * buffer is not visible through BAR0, so a check reads it back by DMA into
 * this partition's own memory.
 *
 * DMA addresses are this partition's IPAs (its memory is at IPA 0x48000000,
 * PA 0x46000000): DMA inside its memory must work; DMA to the victim, to
 * Haven's image, to Haven's translation tables and to the image store must
 * be blocked (nothing arrives, nothing foreign comes back) and reported by
 * Haven, each announced by an @EXPECT-DMA-VIOLATION line. So must every DMA
 * of the device no one owns.
 */
#include "console.h"
#include "ecam.h"
#include "edu.h"
#include "guest.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define BAR_OWN 0x10000000ULL   /* BAR0 of 00:03.0 */
#define BAR_OTHER 0x10100000ULL /* BAR0 of 00:05.0 */
#define SID_OWN 0x18u
#define SID_OTHER 0x28u

#define LEN 64

/* This partition's own memory (IPAs): a source, a marker and a read-back area. */
#define OWN_SRC 0x48800000ULL
#define OWN_MARK 0x48801000ULL
#define OWN_BACK 0x48802000ULL
#define OWN_WATCH 0x48803000ULL /* what the unassigned device tries to overwrite */

/* Memory this partition must not reach (IPAs outside its map; as PAs: what they name). */
#define VICTIM_TARGET (VICTIM_BASE + 0x800000ULL)
#define HAVEN_IMAGE 0x40080000ULL  /* Haven's text */
#define HAVEN_TABLES 0x40100000ULL /* inside Haven's table pool (the scenario checks) */
#define IMAGE_STORE 0x70000000ULL

/* The victim's pattern (guests/victim) at a victim address. */
static uint64_t victim_word(uint64_t addr)
{
	return (addr * 0x9E3779B97F4A7C15ULL) ^ 0xA5A5A5A55A5A5A5AULL;
}

/*
 * After a blocked read of target into the buffer (which held the marker), the
 * buffer read back into OWN_BACK may hold the marker or zeros, nothing else:
 * in particular not the victim's pattern.
 */
static bool nothing_foreign(uint64_t target)
{
	for (unsigned i = 0; i < LEN / 8; i++) {
		uint64_t w = *edu_word(OWN_BACK, i);

		if (w != *edu_word(OWN_MARK, i) && w != 0)
			return false;
		if (target == VICTIM_TARGET && w == victim_word(target + 8 * i))
			return false;
	}
	return true;
}

/* A DMA read of target by this partition's device: announced, blocked, nothing comes back. */
static void blocked_read(const char *name, uint64_t target)
{
	bool ok;

	ok = edu_dma(BAR_OWN, OWN_MARK, EDU_BUF, LEN, EDU_TO_DEVICE);
	cprintf("@EXPECT-DMA-VIOLATION sid=0x%x iova=0x%llx access=read\n", SID_OWN,
		(unsigned long long)target);
	ok &= edu_dma(BAR_OWN, target, EDU_BUF, LEN, EDU_TO_DEVICE);
	edu_fill(OWN_BACK, 0x5555, LEN);
	ok &= edu_dma(BAR_OWN, EDU_BUF, OWN_BACK, LEN, EDU_FROM_DEVICE);
	t_check("dma", name, ok && nothing_foreign(target),
		"read of 0x%llx: the buffer came back as 0x%llx 0x%llx ... (marker 0x%llx)%s",
		(unsigned long long)target, (unsigned long long)*edu_word(OWN_BACK, 0),
		(unsigned long long)*edu_word(OWN_BACK, 1), (unsigned long long)*edu_word(OWN_MARK, 0),
		ok ? "" : "; a DMA did not finish");
}

/* A DMA write of the buffer to target by this partition's device: announced (blocked). */
static bool blocked_write(uint64_t target, uint64_t len)
{
	cprintf("@EXPECT-DMA-VIOLATION sid=0x%x iova=0x%llx access=write\n", SID_OWN,
		(unsigned long long)target);
	return edu_dma(BAR_OWN, EDU_BUF, target, len, EDU_FROM_DEVICE);
}

int main(void)
{
	struct test_mailbox *mb = mailbox();
	uint64_t hb0;
	bool ready, ok;

	ready = WAIT_UNTIL(mb->magic == MAILBOX_MAGIC && mb->victim_ready, 5000, 1000);
	t_check("dma", "victim_ready", ready, "victim_ready %s", ready ? "seen" : "never published");
	hb0 = mb->victim_heartbeat;
	mb->attacker_hb_start = hb0;

	t_check("dma", "edu.own.setup", edu_setup(3, BAR_OWN), "00:03.0: an edu whose BAR0 answers at 0x%llx",
		(unsigned long long)BAR_OWN);
	t_check("dma", "edu.other.setup", edu_setup(5, BAR_OTHER), "00:05.0: an edu whose BAR0 answers at 0x%llx",
		(unsigned long long)BAR_OTHER);
	ecam_host_view();

	/* Own memory, both ways, through the partition's stage 2 (IPA != PA). */
	edu_fill(OWN_SRC, 0x1234567890ABCDEFULL, LEN);
	edu_fill(OWN_MARK, 0x4D41524B4D41524BULL, LEN); /* "MARKMARK" */
	edu_fill(OWN_BACK, 0, LEN);
	ok = edu_dma(BAR_OWN, OWN_SRC, EDU_BUF, LEN, EDU_TO_DEVICE) &&
	     edu_dma(BAR_OWN, EDU_BUF, OWN_BACK, LEN, EDU_FROM_DEVICE);
	t_check("dma", "own.roundtrip", ok && edu_same(OWN_SRC, OWN_BACK, LEN),
		"0x%llx -> buffer -> 0x%llx: read back 0x%llx, wrote 0x%llx", (unsigned long long)OWN_SRC,
		(unsigned long long)OWN_BACK, (unsigned long long)*edu_word(OWN_BACK, 0),
		(unsigned long long)*edu_word(OWN_SRC, 0));

	/* Reads of memory that is not the partition's. */
	blocked_read("read.victim", VICTIM_TARGET);
	blocked_read("read.haven_image", HAVEN_IMAGE);
	blocked_read("read.haven_tables", HAVEN_TABLES);
	blocked_read("read.image_store", IMAGE_STORE);

	/* Writes (the buffer holds the marker); the victim checks its memory itself. */
	ok = edu_dma(BAR_OWN, OWN_MARK, EDU_BUF, LEN, EDU_TO_DEVICE);
	ok &= blocked_write(VICTIM_TARGET, LEN);
	ok &= blocked_write(HAVEN_IMAGE, LEN);
	ok &= blocked_write(HAVEN_TABLES, LEN);
	ok &= blocked_write(IMAGE_STORE, LEN);
	/* A whole buffer: more fault events than the SMMU's event queue holds. */
	ok &= blocked_write(VICTIM_TARGET, 4096);
	t_check("dma", "writes.finished", ok, "every blocked DMA write ended in time: %s", ok ? "yes" : "no");

	/* The device no one owns: every access faults, own memory stays as it was. */
	edu_fill(OWN_WATCH, 0x7777, LEN);
	cprintf("@EXPECT-DMA-VIOLATION sid=0x%x iova=0x%llx access=read owner=unassigned\n", SID_OTHER,
		(unsigned long long)OWN_SRC);
	ok = edu_dma(BAR_OTHER, OWN_SRC, EDU_BUF, LEN, EDU_TO_DEVICE);
	cprintf("@EXPECT-DMA-VIOLATION sid=0x%x iova=0x%llx access=write owner=unassigned\n", SID_OTHER,
		(unsigned long long)OWN_WATCH);
	ok &= edu_dma(BAR_OTHER, EDU_BUF, OWN_WATCH, LEN, EDU_FROM_DEVICE);
	edu_fill(OWN_BACK, 0x7777, LEN);
	t_check("dma", "unassigned.blocked", ok && edu_same(OWN_WATCH, OWN_BACK, LEN),
		"0x%llx holds 0x%llx after 00:05.0's write", (unsigned long long)OWN_WATCH,
		(unsigned long long)*edu_word(OWN_WATCH, 0));

	dma_into_peer(BAR_OWN, SID_OWN);
	ecam_own_intact(BAR_OWN);

	/* After all that, this partition's own DMA still works. */
	edu_fill(OWN_SRC, 0xFEDCBA0987654321ULL, LEN);
	ok = edu_dma(BAR_OWN, OWN_SRC, EDU_BUF, LEN, EDU_TO_DEVICE) &&
	     edu_dma(BAR_OWN, EDU_BUF, OWN_BACK, LEN, EDU_FROM_DEVICE);
	t_check("dma", "own.after", ok && edu_same(OWN_SRC, OWN_BACK, LEN), "read back 0x%llx, wrote 0x%llx",
		(unsigned long long)*edu_word(OWN_BACK, 0), (unsigned long long)*edu_word(OWN_SRC, 0));

	ready = WAIT_UNTIL(mb->victim_heartbeat > hb0, 1000, 1000);
	mb->attacker_hb_end = mb->victim_heartbeat;
	t_check("dma", "victim_alive", ready, "the victim's heartbeat went from %llu to %llu",
		(unsigned long long)hb0, (unsigned long long)mb->attacker_hb_end);
	dsb(sy);
	mb->attacker_done = 1;
	return 0;
}
