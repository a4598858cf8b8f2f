/* SPDX-License-Identifier: MIT */
/*
 * A misaligned access to an emulated device (vGICR, vGICD, vUART) must be
 * refused as a violation, with an abort at the access, and change nothing.
 * With its MMU off a vCPU's data accesses are Device memory, where the CPU
 * faults a misaligned access itself before Haven sees it; so the accesses
 * run with a stage-1 identity map in which the low 2 GiB, devices included,
 * are Normal Non-cacheable memory, and reach stage 2 as they are.
 */
#include <haven/abi.h>

#include "console.h"
#include "exceptions.h"
#include "gic.h"
#include "gictest.h"
#include "sysreg.h"
#include "test.h"

#define SCTLR_M BIT(0)
#define SCTLR_A BIT(1)
#define SCTLR_C BIT(2)
/* TCR_EL1: 39-bit VA (walks from level 1), 4 KiB granule, non-cacheable walks, no TTBR1, 40-bit PA. */
#define TCR_VAL (25ULL | BIT(23) | (2ULL << 32))
#define MAIR_NORMAL_NC 0x44ULL /* attribute index 0 */
#define L1_BLOCK (1ULL | BIT(10)) /* valid block, AF; AttrIndx 0, EL1 read/write */
#define GIB (1ULL << 30)

#define GICR0_PRIO_UNALIGNED (gic_sgi_base(0) + GICR_IPRIORITYR(7) + 1) /* INTIDs 29..32 */
#define GICD_ISENABLER1_UNALIGNED (GICD_BASE + GICD_ISENABLER(1) + 1)
#define UARTFR_UNALIGNED (HAVEN_VUART_IPA + 0x18 + 1)

static uint64_t l1_table[512] __attribute__((aligned(4096)));

static void mmu_on(void)
{
	l1_table[0] = 0 | L1_BLOCK;   /* devices */
	l1_table[1] = GIB | L1_BLOCK; /* RAM, this image included */
	dsb(sy);
	write_sysreg(mair_el1, MAIR_NORMAL_NC);
	write_sysreg(tcr_el1, TCR_VAL);
	write_sysreg(ttbr0_el1, (uint64_t)(uintptr_t)l1_table);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
	write_sysreg(sctlr_el1, (read_sysreg(sctlr_el1) | SCTLR_M) & ~(SCTLR_A | SCTLR_C));
	isb();
}

static void mmu_off(void)
{
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_M);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
}

/*
 * The syndromes Haven reports (ESR_EL2): EC 0x24 (data abort from a lower EL),
 * IL, ISV, SAS = 2 (4 bytes), SF = 0 (a W register), DFSC 0x05: a translation
 * fault at level 1 (nothing in the partition's first GiB is mapped at stage
 * 2). probe_store32 is STR W1, [X0] (SRT 1, WnR); probe_load32 loads W0 with
 * its third instruction, LDR W0, [X1] (guests/lib/vectors.S).
 */
#define ESR_DABT_4 ((0x24ULL << 26) | BIT(25) | BIT(24) | (2ULL << 22) | 0x05)
#define ESR_STORE32 (ESR_DABT_4 | (1ULL << 16) | BIT(6))
#define ESR_LOAD32 ESR_DABT_4
#define PC_STORE32 ((uint64_t)(uintptr_t)probe_store32)
#define PC_LOAD32 ((uint64_t)(uintptr_t)probe_load32 + 8)

static void announce(uint64_t ipa, const char *access, uint64_t pc, uint64_t esr)
{
	cprintf("@EXPECT-VIOLATION ipa=0x%llx access=%s vcpu=0 size=4 pc=0x%llx esr=0x%llx\n",
		(unsigned long long)ipa, access, (unsigned long long)pc, (unsigned long long)esr);
}

static bool refused(struct probe_result r, uint64_t addr)
{
	return r.taken && ESR_DFSC(r.esr) == ESR_DFSC_SEA && r.far == addr;
}

void check_unaligned(void)
{
	uint32_t waker_before, waker_after, en_before, en_after;
	struct probe_result prio, dist, uart;

	waker_before = mmio_read32(gic_rd_base(0) + GICR_WAKER);
	en_before = mmio_read32(GICD_BASE + GICD_ISENABLER(1));
	announce(GICR0_PRIO_UNALIGNED, "write", PC_STORE32, ESR_STORE32);
	announce(GICD_ISENABLER1_UNALIGNED, "write", PC_STORE32, ESR_STORE32);
	announce(UARTFR_UNALIGNED, "read", PC_LOAD32, ESR_LOAD32);

	mmu_on();
	probe_arm();
	probe_store32(GICR0_PRIO_UNALIGNED, 0xffffffffu);
	prio = probe_disarm();
	probe_arm();
	probe_store32(GICD_ISENABLER1_UNALIGNED, 0xffffffffu);
	dist = probe_disarm();
	probe_arm();
	probe_load32(UARTFR_UNALIGNED);
	uart = probe_disarm();
	mmu_off();

	waker_after = mmio_read32(gic_rd_base(0) + GICR_WAKER);
	en_after = mmio_read32(GICD_BASE + GICD_ISENABLER(1));
	t_check("gic", "unaligned.gicr_ipriorityr", refused(prio, GICR0_PRIO_UNALIGNED) &&
		waker_after == waker_before,
		"4-byte write at 0x%llx: abort %d (ESR=0x%llx FAR=0x%llx); "
		"GICR_WAKER 0x%x before, 0x%x after",
		(unsigned long long)GICR0_PRIO_UNALIGNED, prio.taken, (unsigned long long)prio.esr,
		(unsigned long long)prio.far, waker_before, waker_after);
	t_check("gic", "unaligned.gicd_isenabler", refused(dist, GICD_ISENABLER1_UNALIGNED) &&
		en_after == en_before,
		"4-byte write at 0x%llx: abort %d (ESR=0x%llx); GICD_ISENABLER1 0x%x before, 0x%x after",
		(unsigned long long)GICD_ISENABLER1_UNALIGNED, dist.taken, (unsigned long long)dist.esr,
		en_before, en_after);
	t_check("gic", "unaligned.vuart", refused(uart, UARTFR_UNALIGNED),
		"4-byte read at 0x%llx: abort %d (ESR=0x%llx)", (unsigned long long)UARTFR_UNALIGNED,
		uart.taken, (unsigned long long)uart.esr);
}
