/* SPDX-License-Identifier: MIT */
/*
 * dmatest's side of the two-partition checks (scenario "dma"): the PCIe
 * configuration space it sees through Haven's emulated ECAM (core/vpci.c) as
 * the PCI host partition, and its device's DMA at dmapeer's memory. main.c
 * calls these in order.
 */
#include "console.h"
#include "ecam.h"
#include "edu.h"
#include "mailbox.h"
#include "sysreg.h"
#include "test.h"

#define PEER_PA 0x47800000ULL /* dmapeer's memory (its IPA 0x52800000) */
#define GPEX_ID 0x00081B36u   /* QEMU's PCIe host bridge: device 0x0008, vendor 0x1b36 */

/* What it sees: the host bridge (no partition's), not dmapeer's 00:04.0; then tells dmapeer it is set up. */
void ecam_host_view(void)
{
	uint32_t host = *ecam32(0, 0), peer = *ecam32(4, 0);

	t_check("dma", "ecam.host_bridge", host == GPEX_ID, "00:00.0: ID 0x%08x (the host bridge: 0x%08x)", host,
		GPEX_ID);
	t_check("dma", "ecam.peer_hidden", peer == 0xFFFFFFFFu && *ecam16(4, 0) == 0xFFFF,
		"00:04.0 (dmapeer's): ID 0x%08x (absent: all ones)", peer);
	dsb(sy);
	mailbox()->stray_ready = 1;
}

/* After dmapeer tried to turn off and move 00:03.0: it is as this partition set it up. */
void ecam_own_intact(uint64_t bar)
{
	bool done = WAIT_UNTIL(mailbox()->peer_done, 5000, 1000);
	uint32_t cmd = *ecam16(3, 0x04), bar0 = *ecam32(3, 0x10);

	t_check("dma", "ecam.own_intact", done && (cmd & 6) == 6 && bar0 == bar && edu_answers(bar),
		"after dmapeer's writes (%s): 00:03.0 command 0x%x, BAR0 0x%08x", done ? "done" : "never done",
		cmd, bar0);
}

/* Its device's DMA at dmapeer's memory: blocked, reported as this partition's. */
void dma_into_peer(uint64_t bar, uint32_t sid)
{
	bool ok;

	cprintf("@EXPECT-DMA-VIOLATION sid=0x%x iova=0x%llx access=write\n", sid, (unsigned long long)PEER_PA);
	ok = edu_dma(bar, EDU_BUF, PEER_PA, 64, EDU_FROM_DEVICE);
	cprintf("@EXPECT-DMA-VIOLATION sid=0x%x iova=0x%llx access=read\n", sid, (unsigned long long)PEER_PA);
	ok &= edu_dma(bar, PEER_PA, EDU_BUF, 64, EDU_TO_DEVICE);
	t_check("dma", "peer.blocked", ok, "DMA at dmapeer's 0x%llx both ways ended in time: %s",
		(unsigned long long)PEER_PA, ok ? "yes" : "no");
}
