/* SPDX-License-Identifier: MIT */
/*
 * AArch64 helpers for EL2: system-register access, barriers, spinlocks and the
 * architectural constants Haven programs. Only arch/aarch64, drivers/ and the
 * EL2 core include this. The host build (HAVEN_HOST) has it only for the unit
 * tests that compile an EL2 driver for the host (tests/host/test_vgic.c): there
 * the system registers and locks the driver uses are plain C (see below).
 */
#ifndef HAVEN_ARCH_H
#define HAVEN_ARCH_H

#include <haven/types.h>

#ifdef HAVEN_HOST
/* A host unit test defines the register as a variable: uint64_t host_sysreg_<name>. */
#define read_sysreg(r) ({ extern uint64_t host_sysreg_##r; host_sysreg_##r; })
#else
#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#endif
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %x0" : : "rZ"((uint64_t)(v)))
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")
#define wfi() __asm__ volatile("wfi" ::: "memory")
#define wfe() __asm__ volatile("wfe" ::: "memory")
#define sev() __asm__ volatile("sev" ::: "memory")

static inline uint32_t mmio_read32(uint64_t addr)
{
	uint32_t v;
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline void mmio_write64(uint64_t addr, uint64_t v)
{
	__asm__ volatile("str %x0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline uint64_t mmio_read64(uint64_t addr)
{
	uint64_t v;
	__asm__ volatile("ldr %x0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

/*
 * HCR_EL2 for every partition: stage 2 on, physical IRQ/FIQ/SError to EL2, SMC
 * trapped, and EL1 kept away from IMPLEMENTATION DEFINED registers (TIDCP),
 * the auxiliary control registers (TACR), RAS error records (TERR) and
 * LORegions (TLOR): their accesses become Undefined Instruction exceptions.
 * TERR and TLOR are set only where the feature exists (arch_cpu_init).
 */
#define HCR_VM BIT(0)
#define HCR_SWIO BIT(1)
#define HCR_FMO BIT(3)
#define HCR_IMO BIT(4)
#define HCR_AMO BIT(5)
#define HCR_FB BIT(9)
#define HCR_TWI BIT(13) /* shared CPUs only (arch_sched_cpu_init) */
#define HCR_BSU_IS (1ULL << 10)
#define HCR_TSC BIT(19)
#define HCR_TIDCP BIT(20)
#define HCR_TACR BIT(21)
#define HCR_RW BIT(31)
#define HCR_TLOR BIT(35)
#define HCR_TERR BIT(36)
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | \
		   HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_RW)

/* Exception syndrome. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3F)
#define ESR_IL BIT(25)
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_CP15_32 0x03 /* AArch32 MCR/MRC, coprocessor 15 */
#define EC_CP15_64 0x04 /* MCRR/MRRC, coprocessor 15 */
#define EC_CP14_MR 0x05 /* MCR/MRC, coprocessor 14 */
#define EC_CP14_LS 0x06 /* LDC/STC, coprocessor 14 */
#define EC_CP14_64 0x0C /* MRRC, coprocessor 14 */
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define ISS_DABT_ISV BIT(24)
#define ISS_DABT_SAS(esr) (((esr) >> 22) & 3)
#define ISS_DABT_SSE BIT(21)
#define ISS_DABT_SRT(esr) (((esr) >> 16) & 0x1F)
#define ISS_DABT_SF BIT(15)
#define ISS_DABT_WNR BIT(6)
#define ISS_S1PTW BIT(7)
#define ISS_FSC(esr) ((esr) & 0x3F)
#define FSC_PERM 0x0C /* permission fault, level 0; below it: address size, translation, access flag */

/* PSTATE values for guest entry: EL1h with D, A, I, F masked. */
#define SPSR_EL1H_MASKED 0x3C5ULL
#define SPSR_MODE_MASK 0xFULL
#define SPSR_AARCH32 BIT(4)
#define SPSR_SSBS BIT(12)
#define SPSR32_DIT BIT(21)
#define SPSR_PAN BIT(22)
#define SPSR_DIT BIT(24)
#define SPSR_NZCV (0xFULL << 28)
#define SPSR_IT_MASK ((3ULL << 25) | (0x3FULL << 10)) /* AArch32 ITSTATE */
#define SCTLR_SPAN BIT(23)
#define SCTLR_DSSBS BIT(44)

/* Spinlock: test-and-set with acquire/release semantics and WFE while waiting. */
typedef struct {
	volatile uint32_t v;
} spinlock_t;

#ifdef HAVEN_HOST
/*
 * Host unit tests run on one thread: a lock found taken would never be
 * released, and one released while free was never taken. Both trap (SIGILL).
 */
static inline void spin_lock(spinlock_t *l)
{
	if (__atomic_exchange_n(&l->v, 1, __ATOMIC_ACQUIRE))
		__builtin_trap();
}

static inline void spin_unlock(spinlock_t *l)
{
	if (!__atomic_exchange_n(&l->v, 0, __ATOMIC_RELEASE))
		__builtin_trap();
}
#else
static inline void spin_lock(spinlock_t *l)
{
	uint32_t tmp, one = 1;

	__asm__ volatile("	sevl\n"
			 "1:	wfe\n"
			 "2:	ldaxr	%w0, [%1]\n"
			 "	cbnz	%w0, 1b\n"
			 "	stxr	%w0, %w2, [%1]\n"
			 "	cbnz	%w0, 2b\n"
			 : "=&r"(tmp)
			 : "r"(&l->v), "r"(one)
			 : "memory");
}

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ volatile("stlr wzr, [%0]" : : "r"(&l->v) : "memory");
}
#endif

/*
 * Ticket lock: waiters are served in the order they arrived (fair), so one
 * waiter can be passed by each other CPU at most once. Low half: the ticket
 * being served; high half: the next ticket to hand out.
 */
typedef struct {
	volatile uint32_t v;
} ticketlock_t;

static inline void ticket_lock(ticketlock_t *l)
{
	uint32_t old, tmp, fail;

	__asm__ volatile("1:	ldaxr	%w0, [%3]\n"
			 "	add	%w1, %w0, #0x10000\n"
			 "	stxr	%w2, %w1, [%3]\n"
			 "	cbnz	%w2, 1b\n"
			 "	eor	%w1, %w0, %w0, ror #16\n" /* low half: ticket ^ serving */
			 "	ubfx	%w1, %w1, #0, #16\n"
			 "	cbz	%w1, 3f\n"
			 "	lsr	%w0, %w0, #16\n"
			 "	sevl\n"
			 "2:	wfe\n"
			 "	ldaxrh	%w1, [%3]\n" /* the releaser's store wakes the WFE */
			 "	cmp	%w1, %w0\n"
			 "	b.ne	2b\n"
			 "3:\n"
			 : "=&r"(old), "=&r"(tmp), "=&r"(fail)
			 : "r"(&l->v)
			 : "memory", "cc");
}

static inline void ticket_unlock(ticketlock_t *l)
{
	uint32_t tmp;

	__asm__ volatile("	ldrh	%w0, [%1]\n"
			 "	add	%w0, %w0, #1\n"
			 "	stlrh	%w0, [%1]\n"
			 : "=&r"(tmp)
			 : "r"(&l->v)
			 : "memory");
}

/* Atomic helpers (LL/SC: no LSE assumptions; the compiler's builtins on the host). */
#ifdef HAVEN_HOST
static inline uint32_t atomic_or32(volatile uint32_t *p, uint32_t bits)
{
	return __atomic_fetch_or(p, bits, __ATOMIC_ACQ_REL);
}

static inline uint32_t atomic_xchg32(volatile uint32_t *p, uint32_t val)
{
	return __atomic_exchange_n(p, val, __ATOMIC_ACQ_REL);
}
#else
static inline uint32_t atomic_or32(volatile uint32_t *p, uint32_t bits)
{
	uint32_t old, tmp, fail;

	__asm__ volatile("1:	ldaxr	%w0, [%3]\n"
			 "	orr	%w1, %w0, %w4\n"
			 "	stlxr	%w2, %w1, [%3]\n"
			 "	cbnz	%w2, 1b\n"
			 : "=&r"(old), "=&r"(tmp), "=&r"(fail)
			 : "r"(p), "r"(bits)
			 : "memory");
	return old;
}

static inline uint32_t atomic_xchg32(volatile uint32_t *p, uint32_t val)
{
	uint32_t old, fail;

	__asm__ volatile("1:	ldaxr	%w0, [%2]\n"
			 "	stlxr	%w1, %w3, [%2]\n"
			 "	cbnz	%w1, 1b\n"
			 : "=&r"(old), "=&r"(fail)
			 : "r"(p), "r"(val)
			 : "memory");
	return old;
}
#endif

/* Returns true if *p was old and is now new. */
static inline bool atomic_cas32(volatile uint32_t *p, uint32_t old, uint32_t new)
{
	uint32_t cur, fail;

	__asm__ volatile("1:	ldaxr	%w0, [%2]\n"
			 "	cmp	%w0, %w3\n"
			 "	b.ne	2f\n"
			 "	stlxr	%w1, %w4, [%2]\n"
			 "	cbnz	%w1, 1b\n"
			 "2:\n"
			 : "=&r"(cur), "=&r"(fail)
			 : "r"(p), "r"(old), "r"(new)
			 : "memory", "cc");
	return cur == old;
}

/* Takes a spinlock only if it is free; never waits. */
static inline bool spin_trylock(spinlock_t *l)
{
	return atomic_cas32(&l->v, 0, 1);
}

/* Takes a ticket lock only if nobody holds it or waits for it; never waits. */
static inline bool ticket_trylock(ticketlock_t *l)
{
	uint32_t v = l->v;

	return (v >> 16) == (v & 0xFFFF) && atomic_cas32(&l->v, v, v + 0x10000);
}

/* Arch entry points (assembly in arch/aarch64). */
void vcpu_enter(void *vcpu) __attribute__((noreturn));
uint64_t smc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
void mmu_enable(const uint64_t regs[3]); /* MAIR_EL2, TCR_EL2, TTBR0_EL2 */
extern char _image_start[], _text_end[], _rodata_end[], _image_end[], __bss_start[], __bss_end[];
extern char _pt_pool_start[], _pt_pool_end[], _stacks_end[];

#endif
