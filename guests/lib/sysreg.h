/* SPDX-License-Identifier: MIT */
/* System-register, barrier and MMIO helpers for the EL1 test guests. */
#ifndef GUEST_SYSREG_H
#define GUEST_SYSREG_H

#include <haven/types.h>

#define read_sysreg(r) \
	({ \
		uint64_t _v; \
		__asm__ volatile("mrs %0, " #r : "=r"(_v)); \
		_v; \
	})
#define write_sysreg(r, v) \
	do { \
		uint64_t _v = (uint64_t)(v); \
		__asm__ volatile("msr " #r ", %0" : : "r"(_v) : "memory"); \
	} while (0)

#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt : : : "memory")
#define wfi() __asm__ volatile("wfi" : : : "memory")
#define wfe() __asm__ volatile("wfe" : : : "memory")
#define sev() __asm__ volatile("sev" : : : "memory")
#define barrier() __asm__ volatile("" : : : "memory")

/* The most vCPUs a guest image supports: one 16 KiB stack each, indexed by MPIDR Aff0. */
#define GUEST_MAX_CPUS 4
#define GUEST_STACK_SIZE 0x4000

/* This vCPU's index: MPIDR_EL1.Aff0 (Haven gives vCPU n Aff0 = n, as QEMU virt does). */
static inline unsigned cpu_id(void)
{
	return (unsigned)(read_sysreg(mpidr_el1) & 0xff);
}

/* PSTATE.I helpers. irq_save() masks IRQs and returns the old DAIF for irq_restore(). */
static inline uint64_t irq_save(void)
{
	uint64_t daif = read_sysreg(daif);

	__asm__ volatile("msr daifset, #2" : : : "memory");
	return daif;
}

static inline void irq_restore(uint64_t daif)
{
	write_sysreg(daif, daif);
}

static inline void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

/* Lets pending IRQs be taken for a moment, then masks them again. */
static inline void irq_window(void)
{
	__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" : : : "memory");
}

/*
 * MMIO accessors: one single-copy-atomic access of the given width each (the
 * GIC and PL011 registers, and Haven's emulation of them, need exactly that).
 */
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

static inline uint64_t mmio_read64(uint64_t addr)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write64(uint64_t addr, uint64_t v)
{
	__asm__ volatile("str %x0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

#endif
