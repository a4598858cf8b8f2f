/* SPDX-License-Identifier: MIT */
/*
 * dmapeer: the second DMA partition of scenario "dma" (tests/qemu/configs/
 * test-dma.c, qemu-virt-smmu). It owns the edu 00:04.0 (stream 0x20) and the
 * PCIe MMIO sub-window 0x10200000 (1 MiB, that edu's BAR0); dmatest owns
 * 00:03.0 (stream 0x18) and is the PCI host partition (it configures the
 * unassigned 00:05.0). Both see the ECAM, which Haven emulates
 * (core/vpci.c): this partition must see its own function only, never
 * reprogram another's, and keep its own BAR inside its window.
 *
 * Its memory is at IPA 0x52000000, PA 0x47000000; dmatest's is at IPA
 * 0x48000000, PA 0x46000000. DMA into its own memory must work; DMA at
 * dmatest's memory (either address) must be blocked and reported as this
 * partition's (stream 0x20), and bring nothing back.
 */
#include "console.h"
#include "edu.h"
#include "guest.h"
#include "mailbox.h"
#include "test.h"
#include "timer.h"

#define DEV_OWN 4     /* 00:04.0 */
#define DEV_DMATEST 3 /* 00:03.0, dmatest's */
#define DEV_FREE 5    /* 00:05.0, no partition's streams name it */
#define DEV_HOST 0    /* 00:00.0, the host bridge */
#define BAR_OWN 0x10200000u
#define BAR_DMATEST 0x10000000u  /* dmatest's window */
#define BAR_UNASSIGNED 0x10300000u /* in the PCIe MMIO window, no partition's */
#define SID_OWN 0x20u
#define LEN 64

#define OWN_SRC 0x52800000ULL
#define OWN_MARK 0x52801000ULL
#define OWN_BACK 0x52802000ULL
#define DMATEST_PA 0x46800000ULL  /* dmatest's memory (its IPA 0x48800000) */
#define DMATEST_IPA 0x48803000ULL

/* After a blocked read into the buffer (which held the marker): the marker or zeros, nothing else. */
static bool nothing_foreign(void)
{
	for (unsigned i = 0; i < LEN / 8; i++)
		if (*edu_word(OWN_BACK, i) != *edu_word(OWN_MARK, i) && *edu_word(OWN_BACK, i) != 0)
			return false;
	return true;
}

/* Own memory -> buffer -> own memory. */
static bool roundtrip(uint64_t seed)
{
	edu_fill(OWN_SRC, seed, LEN);
	edu_fill(OWN_BACK, 0, LEN);
	return edu_dma(BAR_OWN, OWN_SRC, EDU_BUF, LEN, EDU_TO_DEVICE) &&
	       edu_dma(BAR_OWN, EDU_BUF, OWN_BACK, LEN, EDU_FROM_DEVICE) && edu_same(OWN_SRC, OWN_BACK, LEN);
}

/* Writes BAR0 of its own function; returns what BAR0 then holds. */
static uint32_t bar_write(uint32_t val)
{
	*ecam32(DEV_OWN, 0x10) = val;
	return *ecam32(DEV_OWN, 0x10);
}

/* Another function's configuration space reads as an absent function's. */
static void foreign_hidden(const char *name, unsigned dev)
{
	uint32_t id = *ecam32(dev, 0), bar = *ecam32(dev, 0x10);
	uint16_t vendor = *ecam16(dev, 0);

	t_check("dma", name, id == 0xFFFFFFFFu && bar == 0xFFFFFFFFu && vendor == 0xFFFF,
		"00:%02x.0: ID 0x%08x, Vendor ID 0x%04x, BAR0 0x%08x (absent: all ones)", dev, id, vendor, bar);
}

int main(void)
{
	struct test_mailbox *mb = mailbox();
	uint32_t v;
	bool ok;

	ok = *ecam32(DEV_OWN, 0) == EDU_ID;
	if (ok) {
		*ecam32(DEV_OWN, 0x10) = BAR_OWN;
		*ecam16(DEV_OWN, 0x04) = 0x6; /* memory space, bus master */
	}
	t_check("dma", "peer.edu.setup", ok && edu_answers(BAR_OWN), "00:04.0: ID 0x%08x, BAR0 answers at 0x%x: %s",
		*ecam32(DEV_OWN, 0), BAR_OWN, ok && edu_answers(BAR_OWN) ? "yes" : "no");

	/* Configuration space of functions that are not its own. */
	foreign_hidden("peer.ecam.dmatest_hidden", DEV_DMATEST);
	foreign_hidden("peer.ecam.unassigned_hidden", DEV_FREE);
	foreign_hidden("peer.ecam.host_bridge_hidden", DEV_HOST);

	/* Once dmatest's function is set up: turn it off and move its BAR (dropped, reported). */
	ok = WAIT_UNTIL(mb->magic == MAILBOX_MAGIC && mb->stray_ready, 5000, 1000);
	t_check("dma", "peer.dmatest_ready", ok, "dmatest %s its function", ok ? "set up" : "never set up");
	*ecam16(DEV_DMATEST, 0x04) = 0;
	*ecam32(DEV_DMATEST, 0x10) = BAR_OWN;
	*ecam16(DEV_FREE, 0x04) = 0x6;
	*ecam16(DEV_HOST, 0x04) = 0x6;
	dsb(sy);
	mb->peer_done = 1;

	/* Its own BAR: the sizing protocol works, a move out of its window does not. */
	v = bar_write(0xFFFFFFFFu);
	ok = v == (uint32_t)-EDU_BAR_SIZE;
	v = bar_write(BAR_OWN);
	t_check("dma", "peer.bar.sizing", ok && v == BAR_OWN && edu_answers(BAR_OWN),
		"all ones read back as the 1 MiB mask: %s; BAR0 back at 0x%08x", ok ? "yes" : "no", v);
	v = bar_write(BAR_DMATEST);
	t_check("dma", "peer.bar.into_other", v == BAR_OWN && edu_answers(BAR_OWN),
		"a move into dmatest's window 0x%x left BAR0 at 0x%08x", BAR_DMATEST, v);
	v = bar_write(BAR_UNASSIGNED);
	t_check("dma", "peer.bar.outside_window", v == BAR_OWN && edu_answers(BAR_OWN),
		"a move to 0x%x, outside its window, left BAR0 at 0x%08x", BAR_UNASSIGNED, v);
	ok = bar_write(0) == 0; /* parked: 0 is no window the host bridge forwards */
	v = bar_write(BAR_OWN);
	t_check("dma", "peer.bar.parked", ok && v == BAR_OWN && edu_answers(BAR_OWN),
		"BAR0 parked at 0: %s; back at 0x%08x", ok ? "yes" : "no", v);

	/* DMA: its own memory works, dmatest's is out of reach. */
	ok = roundtrip(0x0123456789ABCDEFULL);
	t_check("dma", "peer.own.roundtrip", ok, "0x%llx -> buffer -> 0x%llx: read back 0x%llx",
		(unsigned long long)OWN_SRC, (unsigned long long)OWN_BACK, (unsigned long long)*edu_word(OWN_BACK, 0));

	edu_fill(OWN_MARK, 0x4D41524B4D41524BULL, LEN);
	ok = edu_dma(BAR_OWN, OWN_MARK, EDU_BUF, LEN, EDU_TO_DEVICE);
	cprintf("@EXPECT-DMA-VIOLATION sid=0x%x iova=0x%llx access=read\n", SID_OWN,
		(unsigned long long)DMATEST_PA);
	ok &= edu_dma(BAR_OWN, DMATEST_PA, EDU_BUF, LEN, EDU_TO_DEVICE);
	edu_fill(OWN_BACK, 0x5555, LEN);
	ok &= edu_dma(BAR_OWN, EDU_BUF, OWN_BACK, LEN, EDU_FROM_DEVICE);
	t_check("dma", "peer.read.dmatest", ok && nothing_foreign(),
		"read of dmatest's 0x%llx: the buffer came back as 0x%llx (marker 0x%llx)",
		(unsigned long long)DMATEST_PA, (unsigned long long)*edu_word(OWN_BACK, 0),
		(unsigned long long)*edu_word(OWN_MARK, 0));
	cprintf("@EXPECT-DMA-VIOLATION sid=0x%x iova=0x%llx access=write\n", SID_OWN,
		(unsigned long long)DMATEST_IPA);
	ok = edu_dma(BAR_OWN, EDU_BUF, DMATEST_IPA, LEN, EDU_FROM_DEVICE);
	t_check("dma", "peer.write.dmatest", ok, "the blocked write to 0x%llx ended in time: %s",
		(unsigned long long)DMATEST_IPA, ok ? "yes" : "no");

	ok = roundtrip(0xFEDCBA9876543210ULL);
	t_check("dma", "peer.own.after", ok, "read back 0x%llx", (unsigned long long)*edu_word(OWN_BACK, 0));
	return 0;
}
