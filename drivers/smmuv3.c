/* SPDX-License-Identifier: MIT */
/*
 * The SMMUv3 (Arm IHI 0070), Haven's physical driver: stage 2 only.
 *
 * A stream a partition owns gets a stage-2-only STE (Config 0b110) with the
 * partition's VMID and the root of its stage-2 tables: the very tables its
 * CPUs walk, in the format VTCR_EL2 gives them (copied field by field), so a
 * device's DMA addresses are the partition's IPAs and it reaches exactly what
 * the partition's CPUs reach. Every other stream ID in the table translates
 * through an empty stage 2, so each of its accesses faults and, as every STE
 * has S2R set, is recorded with its address. A stream ID past the table is
 * refused by the SMMU (C_BAD_STREAMID). GBPA aborts all DMA while the SMMU is
 * off, i.e. before smmu_enable() and if it is ever switched off.
 *
 * CPU 0 sets it up at boot, before any partition runs, and afterwards drains
 * the event queue from the event queue and global error interrupts, which are
 * routed to it. Any CPU may switch a partition's streams between translation
 * and abort when that partition stops, resets or restarts (smmu_stream_abort()):
 * cmd_lock serialises those STE writes and the command queue. The stream table
 * is linear, the command queue is used synchronously (CMD_SYNC, then CONS
 * polled), and the tables and queues live in Haven's image, Normal write-back
 * memory the SMMU reads coherently (IDR0.COHACC is required).
 */
#include <haven/hv.h>
#include <haven/lib.h>

/* Registers: page 0, but for the event queue's PROD and CONS in page 1. */
#define IDR0 0x00
#define IDR1 0x04
#define IDR5 0x14
#define CR0 0x20
#define CR0ACK 0x24
#define CR1 0x28
#define CR2 0x2C
#define GBPA 0x44
#define IRQ_CTRL 0x50
#define IRQ_CTRLACK 0x54
#define GERROR 0x60
#define GERRORN 0x64
#define STRTAB_BASE 0x80
#define STRTAB_BASE_CFG 0x88
#define CMDQ_BASE 0x90
#define CMDQ_PROD 0x98
#define CMDQ_CONS 0x9C
#define EVENTQ_BASE 0xA0
#define EVENTQ_PROD 0x100A8
#define EVENTQ_CONS 0x100AC

#define IDR0_S2P BIT(0)
#define IDR0_TTF_AA64 BIT(3) /* TTF, bits 3:2, is 2 or 3 */
#define IDR0_COHACC BIT(4)
#define IDR5_GRAN4K BIT(4)
#define CR0_SMMUEN BIT(0)
#define CR0_EVENTQEN BIT(2)
#define CR0_CMDQEN BIT(3)
/* CR1: queues and tables are inner-shareable, inner and outer write-back. */
#define CR1_WB_ISH ((3u << 10) | (1u << 8) | (1u << 6) | (3u << 4) | (1u << 2) | 1u)
#define CR2_RECINVSID BIT(1) /* record C_BAD_STREAMID for a stream ID past the table */
#define GBPA_ABORT BIT(20)
#define GBPA_UPDATE BIT(31)
#define IRQ_GERROR BIT(0)
#define IRQ_EVENTQ BIT(2)
#define GERROR_CMDQ_ERR BIT(0)
#define GERROR_EVENTQ_ABT BIT(2) /* QEMU: an event found the queue full */
#define BASE_ALLOC BIT(62)       /* RA (stream table, command queue), WA (event queue) */
#define QUEUE_OVF BIT(31)        /* EVENTQ_PROD.OVFLG, EVENTQ_CONS.OVACKFLG */

/* Commands (16 bytes; the opcode in bits 7:0). */
#define CMD_CFGI_STE 0x03
#define CMD_CFGI_ALL 0x04
#define CMD_TLBI_NSNH_ALL 0x30
#define CMD_SYNC 0x46

/* STE (64 bytes): stage 2 only, with fault recording; or abort (Config 0: silent, nothing recorded). */
#define STE_V BIT(0)
#define STE_CFG_S2 (6ULL << 1)
#define STE_SHCFG_INCOMING (1ULL << 44)
#define STE_S2AA64 BIT(51)
#define STE_S2R BIT(58)

/* Sizes (log2 of entries). The stream table is sized by the platform, up to STRTAB_MAX_BITS. */
#define STRTAB_MAX_BITS 8
#define CMDQ_BITS 4
#define EVENTQ_BITS 6

/* In .noinit (haven.ld): smmu_init() zeroes them, so a machine without an SMMU pays nothing. */
#define NOINIT(align) __attribute__((section(".noinit.smmu"), aligned(align)))
static uint64_t strtab[(1u << STRTAB_MAX_BITS) * 8] NOINIT(64u << STRTAB_MAX_BITS);
static uint64_t cmdq[(1u << CMDQ_BITS) * 2] NOINIT(16u << CMDQ_BITS);
static uint64_t eventq[(1u << EVENTQ_BITS) * 4] NOINIT(32u << EVENTQ_BITS);
/* The stage 2 of every stream no partition owns: a level-1 table with nothing in it. */
static uint64_t empty_s2[512] NOINIT(4096);

static uint64_t base;
static uint32_t cmdq_prod, eventq_cons;
static spinlock_t cmd_lock; /* the command queue and the STEs, once the SMMU is on */
static unsigned cmdq_bits, eventq_bits;

static uint32_t rd(unsigned off)
{
	return mmio_read32(base + off);
}

static void wr(unsigned off, uint32_t v)
{
	mmio_write32(base + off, v);
}

/* Polls a register until (value & mask) == want; a stuck SMMU is a platform fault. */
static void wait_for(unsigned off, uint32_t mask, uint32_t want, const char *what)
{
	for (unsigned n = 0; n < 1000000; n++)
		if ((rd(off) & mask) == want)
			return;
	panic("SMMU: %s timed out (register 0x%x = 0x%x)", what, off, rd(off));
}

/* Index and wrap bit of a queue pointer advanced by one. */
static uint32_t q_next(uint32_t ptr, unsigned bits)
{
	return (ptr & QUEUE_OVF) | ((ptr + 1) & ((2u << bits) - 1));
}

/* Issues one command and waits until the SMMU has consumed it. */
static void cmd(uint64_t dw0, uint64_t dw1)
{
	uint64_t *slot = &cmdq[2 * (cmdq_prod & ((1u << cmdq_bits) - 1))];

	slot[0] = dw0;
	slot[1] = dw1;
	dsb(ishst); /* the entry before the doorbell */
	cmdq_prod = q_next(cmdq_prod, cmdq_bits);
	wr(CMDQ_PROD, cmdq_prod);
	for (unsigned n = 0; n < 1000000; n++) {
		if ((rd(GERROR) ^ rd(GERRORN)) & GERROR_CMDQ_ERR)
			panic("SMMU: command 0x%llx refused (CMDQ_CONS 0x%x)", (unsigned long long)dw0,
			      rd(CMDQ_CONS));
		if ((rd(CMDQ_CONS) & ((2u << cmdq_bits) - 1)) == cmdq_prod)
			return;
	}
	panic("SMMU: command 0x%llx not consumed", (unsigned long long)dw0);
}

/* Writes the STE of sid: stage 2 through the tables at s2ttb, tagged vmid, faults recorded. */
static void ste_s2(uint32_t sid, uint16_t vmid, uint64_t s2ttb)
{
	uint64_t vtcr = read_sysreg(vtcr_el2), *ste = &strtab[8 * sid];

	/* VTCR_EL2 T0SZ, SL0, IRGN0, ORGN0, SH0, TG0 are STE S2T0SZ..S2TG (bits 47:32); PS is S2PS. */
	ste[1] = STE_SHCFG_INCOMING;
	ste[2] = vmid | ((vtcr & 0xFFFF) << 32) | (((vtcr >> 16) & 7) << 48) | STE_S2AA64 | STE_S2R;
	ste[3] = s2ttb & 0x000FFFFFFFFFFFF0ULL;
	for (unsigned w = 4; w < 8; w++)
		ste[w] = 0;
	ste[0] = STE_V | STE_CFG_S2;
}

/*
 * Probes the SMMU of the platform description and sets it up, switched off:
 * DMA aborts (GBPA), every stream ID faults through the empty stage 2, the
 * queues run. The streams are then given to partitions (smmu_attach()) and
 * the SMMU switched on (smmu_enable()).
 */
void smmu_init(const struct haven_smmu *s)
{
	static const unsigned oas_bits[] = { 32, 36, 40, 42, 44, 48, 52, 52 };
	uint32_t idr0, idr1, idr5;

	base = s->base;
	idr0 = rd(IDR0);
	idr1 = rd(IDR1);
	idr5 = rd(IDR5);
	if (!(idr0 & IDR0_S2P) || !(idr0 & IDR0_TTF_AA64) || !(idr5 & IDR5_GRAN4K))
		panic("SMMU at 0x%llx: no stage 2 with AArch64 4 KiB tables (IDR0 0x%x, IDR5 0x%x)",
		      (unsigned long long)base, idr0, idr5);
	if (!(idr0 & IDR0_COHACC))
		panic("SMMU at 0x%llx: not coherent (IDR0.COHACC 0); Haven does not clean for it",
		      (unsigned long long)base);
	if (oas_bits[idr5 & 7] < haven_platform.pa_bits)
		panic("SMMU: output addresses of %u bits, the platform has %llu", oas_bits[idr5 & 7],
		      (unsigned long long)haven_platform.pa_bits);
	if (s->sid_bits > STRTAB_MAX_BITS || s->sid_bits > (idr1 & 0x3F))
		panic("SMMU: %u-bit stream IDs: this SMMU has %u, Haven's linear stream table %u",
		      s->sid_bits, idr1 & 0x3F, STRTAB_MAX_BITS);
	/* The queues as large as IDR1.CMDQS and EVENTQS allow, up to Haven's. */
	cmdq_bits = ((idr1 >> 26) & 0x1F) < CMDQ_BITS ? (idr1 >> 26) & 0x1F : CMDQ_BITS;
	eventq_bits = ((idr1 >> 21) & 0x1F) < EVENTQ_BITS ? (idr1 >> 21) & 0x1F : EVENTQ_BITS;

	memset(strtab, 0, sizeof(strtab));
	memset(cmdq, 0, sizeof(cmdq));
	memset(eventq, 0, sizeof(eventq));
	memset(empty_s2, 0, sizeof(empty_s2));
	wr(CR0, 0);
	wait_for(CR0ACK, ~0u, 0, "switching off");
	wr(GBPA, GBPA_ABORT | GBPA_UPDATE);
	wait_for(GBPA, GBPA_UPDATE, 0, "GBPA update");

	for (uint32_t sid = 0; sid < (1u << s->sid_bits); sid++)
		ste_s2(sid, 0, (uint64_t)empty_s2);
	mmio_write64(base + STRTAB_BASE, (uint64_t)strtab | BASE_ALLOC);
	wr(STRTAB_BASE_CFG, s->sid_bits); /* FMT 0: linear; LOG2SIZE */
	mmio_write64(base + CMDQ_BASE, (uint64_t)cmdq | BASE_ALLOC | cmdq_bits);
	wr(CMDQ_PROD, 0);
	wr(CMDQ_CONS, 0);
	mmio_write64(base + EVENTQ_BASE, (uint64_t)eventq | BASE_ALLOC | eventq_bits);
	wr(EVENTQ_PROD, 0);
	wr(EVENTQ_CONS, 0);
	cmdq_prod = eventq_cons = 0;
	wr(CR1, CR1_WB_ISH);
	wr(CR2, CR2_RECINVSID);
	dsb(ish); /* the tables before the SMMU may read them */
	wr(CR0, CR0_CMDQEN | CR0_EVENTQEN);
	wait_for(CR0ACK, ~0u, CR0_CMDQEN | CR0_EVENTQEN, "enabling the queues");
}

/* Gives stream sid to the partition whose stage 2 is vttbr (VMID in bits 63:48); before smmu_enable(). */
void smmu_attach(uint32_t sid, uint64_t vttbr)
{
	ste_s2(sid, (uint16_t)(vttbr >> 48), vttbr);
}

/* Switches translation on: what the SMMU may have cached goes, interrupts come, GBPA no longer applies. */
void smmu_enable(void)
{
	dsb(ish);
	cmd(CMD_CFGI_ALL, 31); /* Range 31: every stream ID */
	cmd(CMD_TLBI_NSNH_ALL, 0);
	cmd(CMD_SYNC, 0);
	wr(IRQ_CTRL, IRQ_GERROR | IRQ_EVENTQ);
	wait_for(IRQ_CTRLACK, ~0u, IRQ_GERROR | IRQ_EVENTQ, "enabling interrupts");
	wr(CR0, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
	wait_for(CR0ACK, ~0u, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN, "switching on");
}

/*
 * Makes stream sid abort every transaction (abort), or translate again through
 * the stage 2 smmu_attach() gave it (!abort), from the moment this returns:
 * CFGI_STE drops the SMMU's cached copy and CMD_SYNC waits until the SMMU uses
 * the new one. Only STE word 0 (V and Config) changes, one single-copy-atomic
 * write, so the SMMU never sees half an STE; the stage 2 it names is static,
 * so what the SMMU cached of it stays valid. An aborted transaction is not
 * recorded (Config 0): a stopped partition's device cannot fill the event queue.
 */
void smmu_stream_abort(uint32_t sid, bool abort)
{
	spin_lock(&cmd_lock);
	strtab[8 * sid] = abort ? STE_V : STE_V | STE_CFG_S2;
	dsb(ishst); /* the STE before the command that makes the SMMU read it */
	cmd(CMD_CFGI_STE | ((uint64_t)sid << 32), 1); /* Leaf: the STE only */
	cmd(CMD_SYNC, 0);
	spin_unlock(&cmd_lock);
}

/*
 * Reads the event queue dry. Consecutive events of one stream, type and
 * direction in one 4 KiB page (a DMA burst: QEMU records one per 4 bytes)
 * are passed to dma_fault() as one, with their count.
 */
static void drain(void)
{
	struct dma_event run = { 0 };
	uint32_t mask = (2u << eventq_bits) - 1, prod;

	while (((prod = rd(EVENTQ_PROD)) & mask) != (eventq_cons & mask)) {
		dsb(ld); /* the entries after the PROD that covers them */
		do {
			const volatile uint64_t *e = &eventq[4 * (eventq_cons & ((1u << eventq_bits) - 1))];
			struct dma_event ev = {
				.sid = (uint32_t)(e[0] >> 32), .type = (unsigned)(e[0] & 0xFF),
				.write = !(e[1] & BIT(35)), .iova = e[2], .count = 1,
			};

			if (run.count && ev.sid == run.sid && ev.type == run.type && ev.write == run.write &&
			    (ev.iova >> 12) == (run.iova >> 12)) {
				run.count++;
			} else {
				if (run.count)
					dma_fault(&run);
				run = ev;
			}
			eventq_cons = q_next(eventq_cons, eventq_bits);
		} while ((prod & mask) != (eventq_cons & mask));
		/* An overflow (OVFLG toggled) is acknowledged with the new CONS. */
		if ((prod ^ eventq_cons) & QUEUE_OVF) {
			eventq_cons ^= QUEUE_OVF;
			dma_events_lost();
		}
		dsb(sy); /* the entries read before CONS gives them back */
		wr(EVENTQ_CONS, eventq_cons);
	}
	if (run.count)
		dma_fault(&run);
}

/* Handles intid if it is one of the SMMU's; returns whether it was. */
bool smmu_irq(uint32_t intid)
{
	const struct haven_smmu *s = haven_platform.smmu;
	uint32_t active;

	if (!s || !base || (intid != s->irq_eventq && intid != s->irq_gerror))
		return false;
	active = rd(GERROR) ^ rd(GERRORN);
	if (active) {
		if (active & GERROR_EVENTQ_ABT)
			dma_events_lost();
		if (active & ~GERROR_EVENTQ_ABT)
			hv_log("SMMU global error 0x%x", (unsigned)(active & ~GERROR_EVENTQ_ABT));
		wr(GERRORN, rd(GERRORN) ^ active);
	}
	drain();
	return true;
}
